"""The chat's handlers (ChatApp) on a stand-in facade, then the real page on a free port with the
real index, driven through its API with gradio_client (what a script would use)."""

from __future__ import annotations

import time
from dataclasses import replace

import gradio as gr
import pytest
from gradio_client.exceptions import ValidationError

from qa.errors import EmptyLibraryError, IndexUnavailableError, NotFoundError
from qa.records import Answer, Verification
from tests.ui.fakes import FakeApplication
from tests.ui.test_render import answer, citation
from ui import messages, render
from ui.app import ChatApp, auth_for
from ui.conversation import Turn

QUESTION = "洛阳今年要新建多少所农村寄宿制学校？"
# what the page offers scripts (gradio_client), and nothing else
ENDPOINTS = ("/ask", "/chat", "/clause", "/documents", "/document_tree", "/preview_upload", "/upload")
ENDPOINTS += ("/remove", "/add_synonym", "/remove_synonym")
CHAT, QUESTION_BOX, STATUS, CITATIONS, SOURCES, READER, TURNS = range(7)


@pytest.fixture
def fake(settings) -> FakeApplication:
    return FakeApplication(settings)


def skipped(value) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "update" and len(value) == 1


def respond(app: ChatApp, question: str, turns=None, generator=None, **filters) -> list[tuple]:
    return list(
        app.respond(
            question, filters.get("docs"), filters.get("cities"), filters.get("years"), generator, turns or []
        )
    )


def like_data(index: int, liked: bool) -> gr.LikeData:
    return gr.LikeData(None, {"index": index, "value": "", "liked": liked})


# -- asking, on the stand-in ----------------------------------------------------------------------
def test_an_empty_question_changes_nothing(fake):
    app = ChatApp(fake)
    for blank in ("", "   ", None):
        (only,) = respond(app, blank)
        assert all(skipped(value) for value in only)
        assert all(skipped(value) for value in app.begin(blank))
    assert fake.asked == []


def test_an_over_long_question_gets_a_short_message_that_does_not_repeat_it(fake):
    app = ChatApp(fake)
    long = "县管校聘" * 600
    (only,) = respond(app, long)
    status = only[STATUS]
    assert status == messages.error_message(messages.ASK, _too_large(), fake.settings)
    assert "2000 字以内" in status and "县管校聘" not in status and len(status) < 60
    assert skipped(only[CHAT]) and skipped(only[TURNS])  # no message, no turn
    assert fake.asked == []


def _too_large():
    from qa.errors import TooLargeError

    return TooLargeError("x")


def test_an_answer_streams_then_becomes_a_turn_with_its_sources(fake):
    app = ChatApp(fake)
    steps = respond(app, QUESTION)
    first, *_, last = steps
    assert first[CHAT][-2] == {"role": "user", "content": QUESTION}
    assert first[CHAT][-1]["content"].startswith("正在检索相关条款…")
    assert first[QUESTION_BOX] == ""  # the box is emptied as the question goes up
    retrieved, *streamed = [s[CHAT][-1]["content"] for s in steps[1:-1]]
    assert retrieved == "检索完成，正在生成回答…"  # the facade said the clauses are found
    assert streamed == ["2022年新建农村寄宿制学校41所[1]。"]
    (turn,) = last[TURNS]
    assert turn.question == QUESTION and turn.answer is fake.answer
    assert '<a class="pq-ref" href="#pq-cite-0-1"' in last[CHAT][1]["content"]
    assert last[CITATIONS]["citations"][0]["clause_id"] == citation().clause_id
    assert last[SOURCES]["value"] == citation().clause_id
    assert "pq-focus" in last[READER] and "pq-opened" not in last[READER]  # shown, not opened
    request = fake.asked[0]
    assert request.question == QUESTION and request.history == () and request.cited is None


def test_the_answer_is_shown_at_once_then_its_check_badge_follows(fake):
    fake.check = Verification("local:qwen.gguf", "verified", 0.93, 4200.0, "logprobs")
    *_, shown, checked = respond(ChatApp(fake), QUESTION)
    assert "41所" in shown[CHAT][1]["content"] and "核对中…" in shown[CHAT][1]["content"]
    assert shown[TURNS][0].checking and shown[CITATIONS]["verification"] is None
    assert "已核对" in checked[CHAT][1]["content"] and "核对中" not in checked[CHAT][1]["content"]
    assert checked[CITATIONS]["verification"]["verdict"] == "verified"
    assert not checked[TURNS][0].checking and fake.checked == [fake.answer]


def test_an_answer_the_check_refutes_becomes_the_refusal_and_says_so(fake):
    fake.check = Verification("local:qwen.gguf", "refuted", 0.41, 5100.0, "logprobs")
    *_, checked = respond(ChatApp(fake), QUESTION)
    content = checked[CHAT][1]["content"]
    assert "核对后：没有找到" in content and "可能未回答所问，已改为拒答" in content
    assert checked[TURNS][0].answer.refused


def test_a_check_that_fails_leaves_the_answer_marked_unchecked(fake):
    fake.check = Verification("local:qwen.gguf", "verified", 0.9)
    fake.check_fails = RuntimeError("model crashed")
    *_, checked = respond(ChatApp(fake), QUESTION)
    assert "41所" in checked[CHAT][1]["content"] and "未核对" in checked[CHAT][1]["content"]


def test_without_a_model_to_check_with_no_check_is_shown(fake):
    *_, last = respond(ChatApp(fake), QUESTION)
    assert "核对" not in last[CHAT][1]["content"] and fake.checked == []


def test_a_follow_up_carries_the_conversation_and_the_filters(fake):
    app = ChatApp(fake)
    *_, last = respond(app, QUESTION)
    *_, again = respond(app, "那衡阳呢？", last[TURNS], docs=["luoyang-2022-work-points"], years=["2022"])
    request = fake.asked[-1]
    assert request.history == (QUESTION,) and request.cited == (citation().clause_id,)
    assert request.doc_ids == ("luoyang-2022-work-points",) and request.years == (2022,)
    assert len(again[TURNS]) == 2
    assert again[TURNS][1].filtered == "文件：洛阳市教育局2022年教育工作要点；年份：2022"
    assert "按所选范围检索（文件：洛阳市教育局2022年教育工作要点；年份：2022）" in again[CHAT][-2]["content"]


def test_a_slow_generator_shows_how_long_it_has_been_working(fake):
    fake.wait = 2.3
    steps = respond(ChatApp(fake), QUESTION, generator="local")
    waiting = [s[CHAT][-1]["content"] for s in steps if "正在" in str(s[CHAT][-1]["content"])]
    assert waiting[0].startswith("正在检索相关条款…")  # before the facade says retrieval is done
    # the fake's retrieval is instant, then its model hesitates: the wait is the generation's
    assert any(w.startswith("检索完成，正在生成回答…（已用 1 秒）") for w in waiting)
    assert any("已用 2 秒" in w for w in waiting)
    assert all("不想等可以点“停止”" in w for w in waiting)  # the local model: stopping is offered
    assert isinstance(steps[-1][TURNS][0].answer, Answer)


def test_stopping_closes_the_answer_stream(fake):
    """Gradio stops a handler by closing its generator: the facade's stream is closed too, as
    soon as it hands over its next piece (a local model stops writing), and no turn is made."""
    fake.wait, fake.pieces = 1.5, tuple(f"第{i}句。" for i in range(50))
    steps = ChatApp(fake).respond(QUESTION, None, None, None, "local", [])
    next(steps), next(steps)  # the question shown, one progress redraw: the model is "thinking"
    steps.close()
    assert fake.closed.wait(5), "the facade's stream was left running"
    assert len(fake.drawn) <= 2  # not written to the end
    chat, question, status, send, stop, turns = ChatApp(fake).stop([], QUESTION)
    assert chat == [] and question == QUESTION and status == "已停止回答。" and turns == []
    assert send["visible"] is True and stop["visible"] is False


def test_stopping_a_check_keeps_the_answer_marked_unchecked(fake):
    fake.check = Verification("local:qwen.gguf", "verified", 0.93)
    *_, shown, _checked = respond(ChatApp(fake), QUESTION)
    chat, question, status, _send, _stop, turns = ChatApp(fake).stop(shown[TURNS], QUESTION)
    assert (
        "41所" in chat[1]["content"] and "未核对" in chat[1]["content"] and "核对中" not in chat[1]["content"]
    )
    assert skipped(question) and status == "已停止核对，回答保留。"  # a question typed meanwhile stays
    assert not turns[0].checking and turns[0].answer.verification.note == "已停止核对"


class Session:
    """What gradio passes a handler as `request`: which browser tab it came from."""

    def __init__(self, session_hash: str):
        self.session_hash = session_hash


def test_stop_ends_the_running_check_at_once_and_it_says_nothing_more(fake):
    """停止 is not gradio's cancel (a question sent while a cancel is under way is lost by the
    page): the answer's handler sees it within a poll and ends without another output."""
    fake.check, fake.check_wait = Verification("local:qwen.gguf", "verified", 0.93), 30.0
    app, tab = ChatApp(fake), Session("tab-1")
    app.begin(QUESTION, tab)
    steps = app.respond(QUESTION, None, None, None, None, [], tab)
    shown = next(step for step in steps if "核对中" in str(step[CHAT]))  # the answer, 核对中…
    app.stop(shown[TURNS], QUESTION, tab)
    started = time.monotonic()
    assert list(steps) == [] and time.monotonic() - started < 2  # no verdict drawn over the stop


def test_a_question_asked_during_a_check_ends_it_marked_unchecked(fake):
    fake.check, fake.check_wait = Verification("local:qwen.gguf", "verified", 0.93), 30.0
    app, tab = ChatApp(fake), Session("tab-1")
    app.begin(QUESTION, tab)
    steps = app.respond(QUESTION, None, None, None, None, [], tab)
    next(step for step in steps if "核对中" in str(step[CHAT]))
    app.begin("那衡阳呢？", tab)  # the next question, sent while the check runs
    started = time.monotonic()
    (last,) = list(steps)
    assert time.monotonic() - started < 2
    turn = last[TURNS][-1]
    assert not turn.checking and turn.answer.verification.note == "已提出下一个问题，未等核对完成"
    assert "未核对" in last[CHAT][1]["content"]


def test_another_tab_stopping_does_not_stop_this_one(fake):
    fake.check = Verification("local:qwen.gguf", "verified", 0.93)
    app = ChatApp(fake)
    app.begin(QUESTION, Session("tab-1"))
    steps = app.respond(QUESTION, None, None, None, None, [], Session("tab-1"))
    app.stop([], QUESTION, Session("tab-2"))
    assert list(steps)[-1][TURNS][-1].answer.verification.verdict == "verified"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (IndexUnavailableError("store down at /x"), messages.MESSAGES[messages.ASK]["unavailable"]),
        (EmptyLibraryError("no index yet in /x"), "文件库里还没有文件：请先在“文件库”上传政策文件"),
        (NotFoundError("no document 'x'"), messages.MESSAGES[messages.ASK]["not_found"]),
    ],
)
def test_a_refusal_of_the_facade_is_a_chinese_line_by_its_kind(fake, error, expected):
    fake.fail = error
    *_, last = respond(ChatApp(fake), QUESTION, generator="local")
    assert last[STATUS].startswith(expected) and "/x" not in last[STATUS] and "'x'" not in last[STATUS]
    assert last[CHAT] == [] and last[QUESTION_BOX] == QUESTION  # the question back in the box
    assert skipped(last[TURNS])


def test_an_unexpected_failure_is_one_line_not_a_trace(fake):
    fake.fail = RuntimeError("boom")
    *_, last = respond(ChatApp(fake), QUESTION)
    assert last[STATUS] == messages.UNEXPECTED and "boom" not in last[STATUS]


def test_a_link_in_the_chat_opens_that_source_in_the_reader(fake):
    app = ChatApp(fake)
    *_, last = respond(app, QUESTION)
    sources, reader = app.open_source("#pq-cite-0-1@1716000000", last[TURNS])
    assert sources["value"] == citation().clause_id
    assert "pq-opened" in reader and "<mark>2022年新建农村寄宿制学校41所</mark>" in reader
    assert all(skipped(v) for v in app.open_source("#pq-cite-5-1@1", last[TURNS]))  # no such turn
    assert all(skipped(v) for v in app.open_source("#pq-cite-0-9@1", last[TURNS]))  # no such [n]


def test_a_related_clause_of_a_refusal_opens_too(fake):
    refusal = answer(answer="现有文件中没有找到关于“x”的规定。", refused=True, citations=[], related=[])
    turns = [Turn("x？", "x？", refusal)]
    app = ChatApp(fake)
    # the related hit is 衡阳's; the stand-in only knows 洛阳's clauses: the reader says so
    _, reader = app.open_source("#pq-rel-0-1@1", turns)
    assert "找不到这份文件或条款" in reader


def test_feedback_is_recorded_at_once_and_a_comment_adds_to_it(fake):
    app = ChatApp(fake)
    *_, last = respond(app, QUESTION)
    turns = last[TURNS]
    box, prompt, comment, pending, status = app.like(turns, like_data(1, False))
    assert box["visible"] is True and "已记录“踩”" in prompt and comment == "" and status == ""
    assert fake.feedbacks == [{"question": QUESTION, "useful": False, "comment": "", "asked": QUESTION}]
    box, comment, pending, status = app.comment("少了2023年的安排", pending, turns)
    assert box["visible"] is False and status == "已收到您的意见，谢谢！"
    assert fake.feedbacks[-1] == {
        "question": QUESTION,
        "useful": False,
        "comment": "少了2023年的安排",
        "asked": QUESTION,
        "amends": "fb1",  # the comment points at the verdict it adds to
    }
    app.comment("", {"turn": 0, "useful": True}, turns)  # an empty comment records nothing
    assert len(fake.feedbacks) == 2


def test_feedback_on_an_answer_still_being_written_is_declined(fake):
    *_, status = ChatApp(fake).like([], like_data(1, True))
    assert "还没写完" in status and fake.feedbacks == []


def test_the_page_lists_what_is_loaded_and_offers_it_as_filters(fake):
    loaded, docs, cities, years = ChatApp(fake).refresh()
    assert "已载入 1 份文件" in loaded and "《洛阳市教育局2022年教育工作要点》" in loaded
    assert docs["choices"] == [("洛阳市教育局2022年教育工作要点", "luoyang-2022-work-points")]
    assert cities["choices"] == ["洛阳"] and years["choices"] == ["2022"]


def test_an_empty_library_still_opens_the_page(settings):
    class Empty(FakeApplication):
        def documents(self):
            raise IndexUnavailableError("no index yet")

    loaded, docs, *_ = ChatApp(Empty(settings)).refresh()
    assert "文件库还是空的" in loaded and docs["choices"] == []


# -- the real page through gradio_client ---------------------------------------------------------
def client(app, **kwargs):
    from gradio_client import Client

    return Client(app.url, verbose=False, **kwargs)


def text(message: dict) -> str:
    """A chat message's text (gradio 6 sends content as a list of typed parts)."""
    content = message["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


def ask(c, question: str, **filters) -> dict:
    chat, _, status, citations, sources, reader = c.predict(question=question, api_name="/ask", **filters)
    return {"chat": chat, "status": status, "citations": citations, "sources": sources, "reader": reader}


@pytest.mark.slow
def test_the_api_is_named_and_answers_with_structured_citations(ui_app):
    c = client(ui_app)
    endpoints = c.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert set(ENDPOINTS) <= set(endpoints)
    ask_api = endpoints["/ask"]
    assert [p["parameter_name"] for p in ask_api["parameters"]] == [
        "question",
        "doc_ids",
        "cities",
        "years",
        "generator",
    ]
    assert [r["label"] for r in ask_api["returns"]] == [
        "对话",
        "问题",
        "状态",
        "引用（结构化）",
        "本次回答的来源",
        "条款原文",
    ]

    out = ask(c, QUESTION)
    answer_text = text(out["chat"][1])
    assert "41所" in answer_text and 'href="#pq-cite-0-1"' in answer_text
    first = out["citations"]["citations"][0]
    assert set(first) >= {"n", "clause_id", "doc_title", "doc_number", "locator", "quote"}
    assert first["n"] == 1 and first["clause_id"] == "luoyang-2022-work-points/s5-c29"
    assert first["doc_number"] == "洛教〔2022〕1号" and first["locator"] == "五、29."
    assert "2022年新建、改扩建农村寄宿制学校41所" in first["quote"]
    panel = out["chat"][2]
    assert panel["metadata"]["title"].startswith("引用来源") and "<mark>" in text(panel)
    assert out["sources"]["value"] == "luoyang-2022-work-points/s5-c29"
    assert "五、28." in out["reader"] and "五、30." in out["reader"] and out["reader"].count("pq-focus") == 1
    assert len(out["citations"]["citations"]) == 1  # the clause that states it, nothing padded
    compared = ask(c, "衡阳和洛阳的双减措施有什么不同？")
    second = compared["sources"]["choices"][1][1]  # the reader, for another source of the answer
    reader = c.predict(clause_id=second, api_name="/clause")
    assert second == compared["citations"]["citations"][1]["clause_id"]
    assert "pq-opened" in reader and "《洛阳市教育局2022年教育工作要点》" in reader and "pq-focus" in reader


@pytest.mark.slow
def test_the_api_lists_only_what_scripts_call_no_internal_handlers(ui_app):
    api = client(ui_app).view_api(print_info=False, return_format="dict")
    # no /lambda_1 … (a component's value function), no /begin, /stop, /like
    assert set(api["named_endpoints"]) == set(ENDPOINTS)
    assert api["unnamed_endpoints"] == {}


@pytest.mark.slow
def test_chat_is_kept_as_an_alias_of_ask(ui_app):
    c = client(ui_app)
    endpoints = c.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert endpoints["/chat"]["parameters"] == endpoints["/ask"]["parameters"]
    assert endpoints["/chat"]["returns"] == endpoints["/ask"]["returns"]
    chat, _, status, citations, sources, reader = c.predict(question=QUESTION, api_name="/chat")
    assert "41所" in text(chat[1])
    assert citations["citations"][0]["clause_id"] == "luoyang-2022-work-points/s5-c29"
    assert sources["value"] == "luoyang-2022-work-points/s5-c29" and "五、29." in reader
    out = ask(c, "那衡阳呢？")  # the same conversation, whichever name asked
    assert "理解为：衡阳今年要新建多少所农村寄宿制学校？" in "".join(text(m) for m in out["chat"])


@pytest.mark.slow
def test_follow_ups_are_resolved_against_the_conversation(ui_app):
    c = client(ui_app)  # one client, one session: the conversation carries over
    ask(c, "洛阳怎么推进双减工作？")
    out = ask(c, "那衡阳呢？")
    assert "理解为：衡阳怎么推进双减工作？" in text(out["chat"][-2])
    assert "2022年衡阳市教育局工作要点" in text(out["chat"][-1]) and "洛阳市" not in text(out["chat"][-1])
    assert len([m for m in out["chat"] if m["role"] == "user"]) == 2


@pytest.mark.slow
def test_the_nth_point_of_an_answer_can_be_asked_about(ui_app):
    c = client(ui_app)
    out = ask(c, "衡阳和洛阳的双减措施有什么不同？")
    assert text(out["chat"][1]).startswith("衡阳：") and "[2]" in text(out["chat"][1])
    out = ask(c, "第二点具体是什么？")
    assert "理解为：《洛阳市教育局2022年教育工作要点》三、13." in text(out["chat"][-2])
    assert text(out["chat"][-2]).startswith("持续打好“双减”攻坚落实战")
    assert out["sources"]["value"] == "luoyang-2022-work-points/s3-c13"


@pytest.mark.slow
def test_unanswerable_questions_show_related_clauses(ui_app):
    out = ask(client(ui_app), "惠济区新学期几月几号开学？")
    assert text(out["chat"][1]).startswith("文件提到了") and "但没有给出具体日期。" in text(out["chat"][1])
    assert out["citations"]["refused"] is True and out["citations"]["citations"] == []
    assert out["citations"]["related"] and "惠济区教育局2023年工作要点" in text(out["chat"][2])
    assert out["chat"][2]["metadata"]["title"].startswith("相关条款")
    assert 'href="#pq-rel-0-1"' in text(out["chat"][2])


@pytest.mark.slow
def test_bad_input_through_the_api(ui_app):
    c = client(ui_app)
    with pytest.raises(ValidationError, match="请输入问题"):  # not a row of empty updates
        c.predict(question="   ", api_name="/ask")
    chat, box, status, *_ = c.predict(question="问" * 2001, api_name="/ask")
    assert skipped(chat) and "2000 字以内" in status and "问问问" not in status


@pytest.mark.slow
def test_filters_restrict_retrieval(application):
    app = ChatApp(application)
    documents = app.documents()
    assert set(app.city_choices(documents)) == {"惠济区", "洛阳", "衡阳", "邯郸", "郑州"}
    assert app.year_choices(documents) == ["2022", "2023"]

    def last(**filters):
        *_, final = respond(app, "双减工作怎么做？", **filters)
        return final

    final = last(cities=["衡阳"])
    assert {c.doc_id for c in final[TURNS][-1].answer.citations} == {"hengyang-2022-work-points"}
    assert "按所选范围检索（城市：衡阳）" in final[CHAT][-2]["content"]
    final = last(years=["2023"])
    # 2023: the 惠济 work points, and the plan whose period (2021-2025) covers 2023
    assert {h.doc_id for h in final[TURNS][-1].answer.retrieved} <= {
        "huiji-2023-work-points",
        "luoyang-14th-five-year-plan",
    }
    final = last(docs=["handan-2022-work-points"], cities=["衡阳"])  # nothing is both
    assert final[TURNS][-1].answer.refused and final[TURNS][-1].answer.retrieved == []


@pytest.mark.slow
def test_generator_choice_lists_every_available_generator(answer_service, real_settings, tmp_path):
    bare = replace(real_settings, local_model_path=tmp_path / "missing.gguf")  # whether or not make llm ran
    assert [n for _, n in ChatApp(facade(bare, answer_service)).generator_choices()] == ["extractive"]
    configured = replace(bare, openai_base_url="http://127.0.0.1:9/v1", openai_model="qwen")
    names = [n for _, n in ChatApp(facade(configured, answer_service)).generator_choices()]
    assert names == ["extractive", "openai"]


def facade(settings, answer_service):
    """A PolicyQA with these settings, sharing the session's loaded searcher."""
    from qa.answer.service import AnswerService
    from qa.application import PolicyQA

    return PolicyQA(settings, AnswerService(settings, answer_service.searcher))


@pytest.mark.slow
def test_an_unreachable_llm_is_a_message_not_a_crash(real_settings, answer_service):
    configured = replace(
        real_settings, openai_base_url="http://127.0.0.1:9/v1", openai_model="qwen", llm_timeout=2.0
    )
    *_, last = respond(ChatApp(facade(configured, answer_service)), QUESTION, generator="openai")
    assert last[STATUS].startswith(messages.MESSAGES[messages.ASK]["unavailable"])
    assert messages.SLOW_GENERATOR_HINT in last[STATUS] and last[CHAT] == []


@pytest.mark.slow
def test_login_is_asked_when_user_and_password_are_set(real_settings, answer_service):
    from qa.application import PolicyQA
    from tests.ui.conftest import start

    assert auth_for(real_settings) is None
    with pytest.raises(Exception, match="POLICYQA_UI_PASSWORD"):
        auth_for(replace(real_settings, ui_user="staff"))
    guarded = start(PolicyQA(replace(real_settings, ui_user="staff", ui_password="s3cret"), answer_service))
    try:
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises a bare ValueError/HTTP error
            client(guarded)
        out = ask(client(guarded, auth=("staff", "s3cret")), QUESTION)
        assert "41所" in text(out["chat"][1])
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


def test_the_reader_placeholder_is_what_a_new_conversation_shows(fake):
    chat, turns, status, citations, sources, reader, comment_box = ChatApp(fake).clear()
    assert chat == [] and turns == [] and citations is None and reader == render.reader_placeholder()
    assert sources["choices"] == [] and comment_box["visible"] is False
