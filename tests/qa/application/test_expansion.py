"""Everyday questions for an upload are written in the background after it is indexed (a canned
writer stands in for the local model); real embedding model, real embedded Chroma."""

from __future__ import annotations

import threading

import pytest

from qa.application import PolicyQA, SearchRequest, Upload
from qa.application.expansion import Expansions
from qa.config import Settings
from qa.index.expansion import ExpansionSet, QuestionWriter

pytestmark = pytest.mark.slow

PLAN = (
    "青山区教育局2023年校园安全工作方案\n"
    "一、总体要求\n"
    "1.全区中小学每学期开展消防疏散演练不少于2次。\n"
    "2.学校食堂实行校长陪餐制度，每天至少一名校领导陪餐。\n"
)
OTHER = (
    "绿水县教育局2023年课后服务方案\n"
    "一、服务安排\n"
    "1.课后服务每天不少于2小时。\n"
    "2.课后服务费用每生每学期不超过300元。\n"
)
QUESTIONS = {
    "消防": "1. 学校多久搞一次着火逃生练习？\n2. 孩子在学校练不练火灾逃跑？\n3. 着火了学校教孩子怎么跑吗？",
    "陪餐": "1. 校长会和孩子一起在食堂吃饭吗？\n2. 学校饭菜有领导先尝吗？\n3. 食堂的饭校领导吃不吃？",
    "2小时": "1. 放学后学校管孩子多久？",
    "300元": "1. 课后托管一学期交多少钱？",
}


def canned(messages: list[dict]) -> str:
    user = messages[-1]["content"]
    return next(reply for word, reply in QUESTIONS.items() if word in user)


def application(tmp_path, writer=canned, gate: threading.Event | None = None) -> PolicyQA:
    settings = Settings.from_env(data_dir=tmp_path / "data", default_corpus=False, expand_uploads=True)
    app = PolicyQA(settings)

    def chat(messages):
        if gate is not None:
            gate.wait(30)
        return writer(messages)

    app.expansions = Expansions(settings, lambda s: QuestionWriter(chat, "canned-model"))
    return app


def top(app: PolicyQA, question: str):
    return app.search(SearchRequest(question, top_k=3, scoped=False)).hits[0]


def test_an_upload_is_searchable_at_once_and_gets_its_questions_in_the_background(tmp_path):
    gate = threading.Event()
    app = application(tmp_path, gate=gate)
    app.upload([Upload("plan.txt", PLAN.encode(), {"doc_id": "qingshan"})])
    # searchable before any question is written
    assert top(app, "消防疏散演练").clause_id == "qingshan/s1-c1"
    (progress,) = app.expansion_progress()
    assert progress.doc_id == "qingshan" and progress.state in ("queued", "writing") and progress.total == 2
    gate.set()
    assert app.expansions.wait(60)
    (progress,) = app.expansion_progress()
    assert (progress.state, progress.done, progress.total) == ("done", 2, 2)
    assert progress.line() == "qingshan：扩展问题 2/2 已完成"
    assert (tmp_path / "data" / "expansions" / "qingshan.jsonl").is_file()
    hit = top(app, "校长跟娃一起吃饭吗")
    assert hit.clause_id == "qingshan/s1-c2" and hit.ranks["questions"] == 1
    assert "吃饭" not in hit.text  # found by its question, shown in its own words

    app.remove(["qingshan"])
    assert not (tmp_path / "data" / "expansions" / "qingshan.jsonl").exists()
    assert app.expansion_progress() == []


def test_a_document_removed_while_its_questions_are_written_stays_removed(tmp_path):
    gate = threading.Event()
    app = application(tmp_path, gate=gate)
    app.upload([Upload("plan.txt", PLAN.encode(), {"doc_id": "qingshan"})])
    app.remove(["qingshan"])
    gate.set()
    assert app.expansions.wait(60)
    assert app.documents() == []


def test_a_failing_writer_leaves_the_document_searchable_and_says_why(tmp_path):
    def broken(messages):
        raise RuntimeError("model crashed")

    app = application(tmp_path, writer=broken)
    app.upload([Upload("plan.txt", PLAN.encode(), {"doc_id": "qingshan"})])
    assert app.expansions.wait(60)
    (progress,) = app.expansion_progress()
    assert progress.state == "failed" and "model crashed" in progress.message
    assert top(app, "消防疏散演练").clause_id == "qingshan/s1-c1"


def test_without_the_local_model_an_upload_gets_no_questions_and_the_page_says_so(tmp_path):
    settings = Settings.from_env(data_dir=tmp_path / "data", default_corpus=False, expand_uploads=True)
    app = PolicyQA(settings)
    app.expansions = Expansions(settings, lambda s: None)
    app.upload([Upload("plan.txt", PLAN.encode(), {"doc_id": "qingshan"})])
    assert app.expansions.wait(60)
    (progress,) = app.expansion_progress()
    assert progress.state == "skipped" and "未安装" in progress.line()


def test_uploads_get_no_questions_when_expansion_is_off(tmp_path):
    settings = Settings.from_env(data_dir=tmp_path / "data", default_corpus=False, expand_uploads=False)
    app = PolicyQA(settings)
    app.upload([Upload("plan.txt", PLAN.encode(), {"doc_id": "qingshan"})])
    assert app.expansion_progress() == []


class Gated:
    """A canned writer that notes each clause it is asked for, then waits for `gate` to answer."""

    def __init__(self):
        self.asked: list[str] = []  # the prompt of each call
        self.asking = threading.Event()  # set from the first call on
        self.gate = threading.Event()

    def __call__(self, messages: list[dict]) -> str:
        self.asked.append(messages[-1]["content"])
        self.asking.set()
        assert self.gate.wait(30)
        return canned(messages)

    def asked_for(self, *words: str) -> int:
        return sum(any(word in prompt for word in words) for prompt in self.asked)


def refreshes(app: PolicyQA) -> list[str]:
    """The doc_ids the background writer indexes again, from now on."""
    refreshed: list[str] = []
    index_again = app._refresh

    def recorded(documents):
        refreshed.extend(d.doc_id for d in documents)
        index_again(documents)

    app._refresh = recorded
    return refreshed


def written(tmp_path, doc_id: str):
    return tmp_path / "data" / "expansions" / f"{doc_id}.jsonl"


def test_removing_a_document_stops_its_writing_at_the_next_clause_and_the_queue_moves_on(tmp_path):
    writer = Gated()
    app = application(tmp_path, writer=writer)
    refreshed = refreshes(app)
    app.upload([Upload("plan.txt", PLAN.encode(), {"doc_id": "qingshan"})])
    app.upload([Upload("other.txt", OTHER.encode(), {"doc_id": "lvshui"})])
    assert writer.asking.wait(30)  # qingshan's first clause is being written
    app.remove(["qingshan"])
    assert [p.doc_id for p in app.expansion_progress()] == ["lvshui"]
    writer.gate.set()
    assert app.expansions.wait(60)
    assert writer.asked_for("消防", "陪餐") == 1  # the clause in hand at the removal, no further
    assert not written(tmp_path, "qingshan").exists()
    assert refreshed == ["lvshui"]
    assert [(p.doc_id, p.state, p.done) for p in app.expansion_progress()] == [("lvshui", "done", 2)]


def test_a_queued_document_that_is_removed_is_never_written(tmp_path):
    writer = Gated()
    app = application(tmp_path, writer=writer)
    refreshed = refreshes(app)
    app.upload([Upload("plan.txt", PLAN.encode(), {"doc_id": "qingshan"})])
    app.upload([Upload("other.txt", OTHER.encode(), {"doc_id": "lvshui"})])
    assert writer.asking.wait(30)  # qingshan is being written; lvshui waits in the queue
    app.remove(["lvshui"])
    writer.gate.set()
    assert app.expansions.wait(60)
    assert writer.asked_for("2小时", "300元") == 0
    assert not written(tmp_path, "lvshui").exists()
    assert refreshed == ["qingshan"]
    assert [(p.doc_id, p.state) for p in app.expansion_progress()] == [("qingshan", "done")]


def test_replacing_a_document_stops_the_writing_for_its_old_text(tmp_path):
    writer = Gated()
    app = application(tmp_path, writer=writer)
    app.upload([Upload("plan.txt", PLAN.encode(), {"doc_id": "qingshan"})])
    assert writer.asking.wait(30)  # the old text's first clause is being written
    newer = PLAN.replace("不少于2次", "不少于3次").replace("至少一名", "至少两名")
    replacement = Upload("plan.txt", newer.encode(), {"doc_id": "qingshan"})
    app.upload([replacement], replace=True)
    writer.gate.set()
    assert app.expansions.wait(60)
    assert not any("至少一名" in prompt for prompt in writer.asked)  # the old text's second clause
    (document,) = app.preview([replacement])
    assert ExpansionSet.load(written(tmp_path, "qingshan")).for_document(document).keys() == {
        "qingshan/s1-c1",
        "qingshan/s1-c2",
    }
    assert [(p.doc_id, p.state, p.done, p.total) for p in app.expansion_progress()] == [
        ("qingshan", "done", 2, 2)
    ]
