"""The vocabulary staff teach, over REST against a real server on its own data dir: a pair added
by PUT is searched with at once (no restart), is kept for the next process, and a bad one is 422."""

from __future__ import annotations

import httpx
import pytest

from qa.api.app import create_app
from qa.application import PolicyQA
from qa.application.feedback import FeedbackLog
from qa.config import Settings
from qa.retrieval import tokenizer
from qa.retrieval.tokenizer import expand
from tests.qa.api.server import authorized, serving
from tests.ui.test_render import answer

pytestmark = [pytest.mark.slow, pytest.mark.integration]

TOKEN = "vocabulary-token"
SAFETY = (
    "青山区教育局2024年校园安全工作要点\n一、安全教育\n1.学校应健全学生欺凌防治工作机制，及时处置欺凌事件。\n"
    "2.每学期组织不少于2次消防疏散演练。\n3.暑期开展防溺水专题教育，提醒家长看护。\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    settings = Settings.from_env(
        data_dir=tmp_path_factory.mktemp("vocabulary") / "data", api_token=TOKEN, default_corpus=False
    )
    FeedbackLog(settings.data_dir / "feedback.jsonl").record(answer(), useful=False, comment="文件里叫欺凌")
    with serving(create_app(settings)) as url:
        yield url, settings
    tokenizer.set_custom_synonyms({})  # the taught table is the process's: leave none behind


@pytest.fixture(scope="module")
def http(server):
    with authorized(server[0], TOKEN) as client:
        yield client


def bm25_rank(http: httpx.Client, question: str) -> int | None:
    hits = http.post("/v1/search", json={"question": question, "top_k": 5}).json()["hits"]
    return next(h["ranks"].get("bm25") for h in hits if "欺凌防治" in h["text"])


def test_the_vocabulary_routes_want_the_bearer_token(server):
    with httpx.Client(base_url=server[0]) as anonymous:
        assert anonymous.get("/v1/synonyms").status_code == 401
        assert anonymous.put("/v1/synonyms", json={"custom": []}).status_code == 401


def test_the_view_lists_builtin_pairs_none_taught_and_the_comments_to_review(http):
    view = http.get("/v1/synonyms").json()
    assert {"word": "老师", "policy": ["教师", "师资"]} in view["builtin"] and view["custom"] == []
    assert [(c["question"], c["comment"]) for c in view["candidates"]] == [
        (answer().question, "文件里叫欺凌")
    ]


def test_a_pair_put_is_searched_with_at_once_and_kept_for_the_next_process(http, server):
    upload = http.post("/v1/documents", files={"files": ("青山区安全要点.txt", SAFETY.encode())})
    assert upload.status_code == 201, upload.text
    assert bm25_rank(http, "被欺负了怎么办") is None  # the everyday word is in no clause

    response = http.put(
        "/v1/synonyms",
        json={"custom": [{"word": "欺负", "policy": ["欺凌"]}, {"word": "下河游泳", "policy": ["防溺水"]}]},
    )
    assert response.status_code == 200, response.text
    assert response.json()["custom"] == [
        {"word": "欺负", "policy": ["欺凌"]},
        {"word": "下河游泳", "policy": ["防溺水"]},
    ]
    assert bm25_rank(http, "被欺负了怎么办") == 1  # no restart
    assert "欺凌" in expand(["欺负"])
    assert (server[1].data_dir / "synonyms.json").is_file()

    tokenizer.set_custom_synonyms({})  # as a restarted process: read again from the data dir
    assert [p.word for p in PolicyQA(server[1]).synonyms().custom] == ["欺负", "下河游泳"]
    assert "欺凌" in expand(["欺负"])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"custom": [{"word": "欺负", "policy": ["欺负"]}]}, "mapped to itself"),
        ({"custom": [{"word": "欺 负", "policy": ["欺凌"]}]}, "letters or digits"),
        ({"custom": [{"word": "欺负", "policy": [f"词{i}" for i in range(11)]}]}, "more than 10"),
        ({"custom": [{"word": "欺负"}]}, "policy"),
        ({"pairs": []}, "custom"),
    ],
)
def test_a_bad_pair_is_a_422_with_one_line_and_changes_nothing(http, body, message):
    before = http.get("/v1/synonyms").json()["custom"]
    response = http.put("/v1/synonyms", json=body)
    assert response.status_code == 422, response.text
    text = response.json()["error"]["message"]
    assert message in text and "\n" not in text
    assert http.get("/v1/synonyms").json()["custom"] == before


@pytest.fixture(scope="module")
def corpus_server(real_settings, tmp_path_factory):
    """A server over a copy of the built-in corpus's index (a taught pair is kept in its data dir)."""
    import shutil

    data_dir = tmp_path_factory.mktemp("taught-corpus") / "data"
    shutil.copytree(real_settings.data_dir, data_dir)
    settings = Settings.from_env(data_dir=data_dir, api_token=TOKEN, chat_verify=False)
    with serving(create_app(settings)) as url, authorized(url, TOKEN) as client:
        yield client
    tokenizer.set_custom_synonyms({})


def test_a_taught_pair_reaches_the_answer(corpus_server):
    """The README's example: after teaching 下河游泳 → 防溺水 the answer cites the clause that says
    防溺水 (before: the 近视防控 sentence, the 防溺水 clause fourth after fusion)."""
    question = {"question": "孩子下河游泳的事学校要管吗？"}
    before = corpus_server.post("/v1/answer", json=question).json()
    assert "防溺水" not in before["answer"]
    taught = {"custom": [{"word": "下河游泳", "policy": ["防溺水"]}]}
    assert corpus_server.put("/v1/synonyms", json=taught).status_code == 200
    after = corpus_server.post("/v1/answer", json=question).json()
    assert [c["locator"] for c in after["citations"]] == ["一、4."]
    assert after["citations"][0]["doc_id"] == "hengyang-2022-work-points"
    assert "防溺水" in after["citations"][0]["quote"] and "防溺水" in after["answer"]
