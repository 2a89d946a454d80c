"""Question writing survives a crash: when a server starts, the uploads whose questions were not all
written and indexed are queued again, keeping what was written (fake embedder, embedded Chroma).
The same with a real server killed by SIGKILL: tests/qa/cli/test_serve.py."""

from __future__ import annotations

import threading
from pathlib import Path

from qa.application import PolicyQA
from qa.application.expansion import RESUMED, Expansions, indexed_uploads
from qa.config import Settings
from qa.corpus.loader import load_document
from qa.index.expansion import ExpansionSet, QuestionWriter, expandable, expansion_path
from qa.records import Document
from tests.conftest import make_ingestor

TWO_CLAUSES = (
    "{place}教育局2024年工作要点\n\n一、学生安全\n\n1.开展防溺水专项教育。\n\n2.落实学生欺凌防治制度。\n"
)


def document(tmp_path: Path, doc_id: str, source_folder: str = "uploads") -> Document:
    path = tmp_path / "incoming" / f"{doc_id}.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(TWO_CLAUSES.format(place=doc_id), encoding="utf-8")
    return load_document(path, f"{source_folder}/{doc_id}.txt")


class Chat:
    """Canned questions, each call noted; answers once `gate` is set."""

    def __init__(self):
        self.asked: list[str] = []
        self.gate = threading.Event()

    def __call__(self, messages: list[dict]) -> str:
        self.asked.append(messages[-1]["content"])
        assert self.gate.wait(30)
        return "1. 学校管孩子下河游泳吗？"


def first_clause_only(written: ExpansionSet, document: Document) -> ExpansionSet:
    partial = ExpansionSet(written.doc_id, written.model_sha256)
    clause = expandable(document)[0]
    partial.add(clause, document.meta.title, written.questions[clause.clause_id])
    return partial


def test_at_start_the_uploads_left_unfinished_are_queued_again_keeping_what_was_written(
    store, settings, tmp_path
):
    chat = Chat()
    expansions = Expansions(settings, lambda s: QuestionWriter(chat, "canned-model"))
    complete = QuestionWriter(lambda messages: "1. 学校管孩子下河游泳吗？", "canned-model").run
    finished, partial, unindexed, removed = (document(tmp_path, d) for d in ("a", "b", "c", "d"))
    builtin = document(tmp_path, "e", source_folder="corpus")  # not an upload: written by `policyqa expand`
    ingestor = make_ingestor(store)
    # indexed at upload, before any question was written
    ingestor.ingest([finished, partial, unindexed, removed, builtin])
    # a: written and indexed again; b: killed after its first clause; c: killed while indexing
    # it again; d: removed since (its file left behind by the crash)
    for doc in (finished, unindexed, removed):
        complete(doc).save(expansion_path(expansions.written, doc.doc_id))
    first_clause_only(complete(partial), partial).save(expansion_path(expansions.written, "b"))
    ingestor.questions = expansions.questions
    ingestor.ingest([finished])
    ingestor.remove(["d"])

    refreshed: list[str] = []
    resumed = expansions.resume(
        indexed_uploads(store.require_active()), lambda docs: refreshed.extend(d.doc_id for d in docs)
    )

    assert resumed == ["b", "c"]
    progress = {p.doc_id: p for p in expansions.progress()}
    assert progress.keys() == {"b", "c"}
    assert (progress["b"].done, progress["b"].total, progress["b"].message) == (1, 2, RESUMED)
    assert (progress["c"].state, progress["c"].done, progress["c"].message) == ("queued", 2, RESUMED)
    chat.gate.set()
    assert expansions.wait(30)
    assert len(chat.asked) == 1 and "欺凌" in chat.asked[0]  # b's second clause, nothing else
    assert refreshed == ["b", "c"]
    assert {p.doc_id: (p.state, p.done) for p in expansions.progress()} == {
        "b": ("done", 2),
        "c": ("done", 2),
    }
    assert expansions.missing(partial) == 0


def test_an_upload_replaced_since_is_resumed_for_its_present_text(store, settings, tmp_path):
    expansions = Expansions(settings, lambda s: None)
    old = document(tmp_path, "a")
    QuestionWriter(lambda messages: "1. 学校管孩子下河游泳吗？", "m").run(old).save(
        expansion_path(expansions.written, "a")
    )
    path = tmp_path / "incoming" / "a.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("防溺水", "防火"), encoding="utf-8")
    newer = load_document(path, "uploads/a.txt")
    make_ingestor(store).ingest([newer])
    ((indexed, _),) = indexed_uploads(store.require_active())
    assert indexed.sha256 == newer.sha256 and expansions.missing(indexed) == 1
    assert expansions.resume(indexed_uploads(store.require_active()), lambda docs: None) == ["a"]
    assert expansions.wait(30)


def test_nothing_is_resumed_when_uploads_get_no_questions(tmp_path):
    settings = Settings.from_env(data_dir=tmp_path / "data", default_corpus=False, expand_uploads=False)
    app = PolicyQA(settings)
    assert app.resume_expansions() == []
    assert app.expansion_progress() == []
