"""The real app, started on a free port with the real index, driven through its `/chat` API with
gradio_client (what a script or another service would use)."""

from dataclasses import replace

import pytest

from ui.app import ChatApp, auth_for, check_question

pytestmark = pytest.mark.slow

QUESTION = "洛阳今年要新建多少所农村寄宿制学校？"


def client(app, **kwargs):
    from gradio_client import Client

    return Client(app.url, verbose=False, **kwargs)


def chat(c, message: str):
    """(answer message, sources panel or None, selector update, context HTML)"""
    messages, selector, context = c.predict(message=message, api_name="/chat")
    panel = messages[1] if len(messages) > 1 else None
    return messages[0], panel, selector, context


def test_chat_answers_with_cited_clauses(ui_app):
    answer, panel, selector, context = chat(client(ui_app), QUESTION)
    assert "41所[1]" in answer["content"]
    assert panel["metadata"]["title"].startswith("引用来源")
    body = panel["content"]
    assert "《洛阳市教育局2022年教育工作要点》" in body and "洛教〔2022〕1号" in body and "五、29." in body
    assert "<mark>积极稳妥推进农村基础教育学校布局调整" in body  # the quoted span, highlighted
    assert selector["value"] == "luoyang-2022-work-points/s5-c29"
    # the context reader: the clause among its neighbours of section 五、
    assert "五、28." in context and "五、30." in context and context.count("pq-focus") == 1


def test_follow_ups_are_resolved_against_the_conversation(ui_app):
    c = client(ui_app)  # one client, one session: the conversation carries over
    chat(c, "洛阳怎么推进双减工作？")
    answer, panel, _, _ = chat(c, "那衡阳呢？")
    assert "理解为：衡阳怎么推进双减工作？" in answer["content"]
    assert "2022年衡阳市教育局工作要点" in panel["content"] and "洛阳市" not in panel["content"]


def test_the_nth_point_of_an_answer_can_be_asked_about(ui_app):
    c = client(ui_app)
    answer, panel, _, _ = chat(c, "衡阳和洛阳的双减措施有什么不同？")
    assert answer["content"].startswith("衡阳：") and "[2]" in answer["content"]
    answer, panel, selector, _ = chat(c, "第二点具体是什么？")
    assert "理解为：《洛阳市教育局2022年教育工作要点》三、13." in answer["content"]
    assert answer["content"].startswith("持续打好“双减”攻坚落实战[1]。")
    assert selector["value"] == "luoyang-2022-work-points/s3-c13" and "三、13." in panel["content"]


def test_unanswerable_questions_show_related_clauses(ui_app):
    answer, panel, selector, _ = chat(client(ui_app), "惠济区新学期几月几号开学？")
    assert answer["content"].startswith("现有文件中没有找到关于")
    assert (
        panel["metadata"]["title"].startswith("相关条款") and "惠济区教育局2023年工作要点" in panel["content"]
    )
    assert selector["choices"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [("", "请输入一个问题"), ("   ", "请输入一个问题"), ("问" * 2001, "问题太长（2001 字）")],
)
def test_bad_input_gets_a_clear_message_in_the_chat(ui_app, message, expected):
    answer, panel, _, _ = chat(client(ui_app), message)
    assert expected in answer["content"] and panel is None


def test_filters_restrict_retrieval(answer_service, real_settings):
    app = ChatApp(real_settings, answer_service)
    assert set(app.city_choices()) == {"惠济区", "洛阳", "衡阳", "邯郸", "郑州"}
    assert app.year_choices() == ["2022", "2023"]

    def last(**filters):
        *_, final = app.respond(
            "双减工作怎么做？", [], filters.get("docs"), filters.get("cities"), filters.get("years"), None, []
        )
        return final

    messages, turns, _, _ = last(cities=["衡阳"])
    assert {c.doc_id for c in turns[-1].answer.citations} == {"hengyang-2022-work-points"}
    assert "按所选范围检索（城市：衡阳）" in messages[0]["content"]
    messages, turns, _, _ = last(years=["2023"])
    # 2023: the 惠济 work points, and the plan whose period (2021-2025) covers 2023
    assert {h.doc_id for h in turns[-1].answer.retrieved} <= {
        "huiji-2023-work-points",
        "luoyang-14th-five-year-plan",
    }
    assert "hengyang-2022-work-points" not in {c.doc_id for c in turns[-1].answer.citations}
    messages, turns, _, _ = last(docs=["handan-2022-work-points"], cities=["衡阳"])  # nothing is both
    assert turns[-1].answer.refused and turns[-1].answer.retrieved == []


def test_generator_choice_lists_every_available_generator(answer_service, real_settings, tmp_path):
    from qa.answer.service import AnswerService

    bare = replace(real_settings, local_model_path=tmp_path / "missing.gguf")  # whether or not make llm ran
    names = [
        name for _, name in ChatApp(bare, AnswerService(bare, answer_service.searcher)).generator_choices()
    ]
    assert names == ["extractive"]
    configured = replace(bare, openai_base_url="http://127.0.0.1:9/v1", openai_model="qwen")
    service = AnswerService(configured, answer_service.searcher)
    assert [name for _, name in ChatApp(configured, service).generator_choices()] == ["extractive", "openai"]


def test_an_unreachable_llm_is_a_message_not_a_crash(answer_service, real_settings):
    from qa.answer.service import AnswerService

    configured = replace(
        real_settings, openai_base_url="http://127.0.0.1:9/v1", openai_model="qwen", llm_timeout=2.0
    )
    app = ChatApp(configured, AnswerService(configured, answer_service.searcher))
    *_, (messages, turns, _, _) = app.respond(QUESTION, [], None, None, None, "openai", [])
    assert messages[0]["content"].startswith("⚠️") and turns == []


def test_question_checks_are_in_chinese():
    assert check_question("双减", 10) is None
    assert "请输入" in check_question("", 10) and "10 字以内" in check_question("问" * 11, 10)


def test_login_is_asked_when_user_and_password_are_set(real_settings, answer_service):
    from tests.ui.conftest import start

    assert auth_for(real_settings) is None
    with pytest.raises(Exception, match="POLICYQA_UI_PASSWORD"):
        auth_for(replace(real_settings, ui_user="staff"))
    guarded = start(replace(real_settings, ui_user="staff", ui_password="s3cret"), answer_service)
    try:
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises a bare ValueError/HTTP error
            client(guarded)
        answer, *_ = chat(client(guarded, auth=("staff", "s3cret")), QUESTION)
        assert "41所" in answer["content"]
        # gradio's heartbeat, cancel and reset routes answer no one who has not signed in
        import httpx

        for path in ("gradio_api/reset", "gradio_api/cancel"):
            assert httpx.post(guarded.url + path, json={"event_id": "x"}).status_code == 401
        assert httpx.get(guarded.url + "gradio_api/heartbeat/abc", timeout=5).status_code == 401
        signed_in = httpx.Client()
        signed_in.post(guarded.url + "login", data={"username": "staff", "password": "s3cret"})
        assert signed_in.post(guarded.url + "gradio_api/reset", json={"event_id": "x"}).status_code == 200
    finally:
        guarded.demo.close()


def test_guessing_the_chat_password_is_slowed_then_locked_out():
    from ui.app import LoginGuard

    now, waited = [0.0], []
    guard = LoginGuard(
        "staff", "s3cret", lockout_after=3, lockout_seconds=60, sleep=waited.append, clock=lambda: now[0]
    )
    assert guard("staff", "s3cret") is True and waited == []
    assert [guard("staff", "guess") for _ in range(3)] == [False, False, False]
    assert waited == [0.25, 0.5, 0.75]  # each wrong one in a row waits longer
    assert guard("staff", "s3cret") is False  # locked out, even with the right password
    now[0] = 61.0
    assert guard("staff", "s3cret") is True
