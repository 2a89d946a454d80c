"""Document expansion: questions written for clauses, kept with what made them, indexed as rows
that point to their clause, and dropped when the clause's text changes."""

from dataclasses import replace
from pathlib import Path

import pytest

from qa.corpus.loader import load_document
from qa.index.expansion import (
    QUESTIONS_PER_CLAUSE,
    ExpansionSet,
    QuestionWriter,
    build_messages,
    expandable,
    parse_questions,
    prompt_text,
)
from qa.index.ingest import document_hash
from qa.index.store import QUESTION_ROW, SENTENCE_ROW, ClauseStore
from tests.conftest import make_ingestor
from tests.fakes import FakeEmbedder

DOC = (
    "甲区教育局2024年工作要点\n\n一、守护学生安全\n\n1.开展防溺水专项教育，暑假前完成全覆盖。\n\n"
    "2.严格落实学生欺凌防治制度。\n"
)


def load(tmp_path: Path, text: str = DOC):
    path = tmp_path / "jia.txt"
    path.write_text(text, encoding="utf-8")
    return load_document(path)


class CannedChat:
    """A chat function that answers every prompt with the same reply, counting its calls."""

    def __init__(
        self,
        reply: str = "1. 孩子去河里游泳学校管吗？\n2. 暑假前学校会讲游泳安全吗？\n3. 防溺水教育什么时候做完？",
    ):
        self.reply, self.calls = reply, []

    def __call__(self, messages: list[dict]) -> str:
        self.calls.append(messages)
        return self.reply


def test_a_reply_gives_its_questions_without_numbering_or_explanations():
    reply = "好的，以下是问题：\n1. 孩子在学校被欺负了怎么办?\n2、学校管不管打架的事？\n- 学校管不管打架的事？\n（3）欺负人的学生会被处理吗？\n4. 第四个问题呢？"
    assert parse_questions(reply) == [
        "孩子在学校被欺负了怎么办？",
        "学校管不管打架的事？",
        "欺负人的学生会被处理吗？",
    ]


def test_the_prompt_carries_the_clause_and_its_headings_but_not_the_document_title(tmp_path):
    document = load(tmp_path)
    clause = expandable(document)[0]
    messages = build_messages(clause, document.meta.title)
    user = messages[-1]["content"]
    assert clause.text in user and "守护学生安全" in user
    assert document.meta.title not in user
    # the instructions are a fixed prefix (kept in the model's prompt cache)
    assert messages[0]["content"] == build_messages(expandable(document)[1], "x")[0]["content"]


def test_the_writer_writes_three_questions_per_clause_and_keeps_what_made_them(tmp_path):
    document = load(tmp_path)
    chat = CannedChat()
    written = QuestionWriter(chat, "sha-of-model").run(document)
    assert len(chat.calls) == len(expandable(document)) == 2
    assert all(len(q) == QUESTIONS_PER_CLAUSE for q in written.questions.values())
    assert (written.model_sha256, written.prompt) == ("sha-of-model", prompt_text())


def test_questions_are_kept_in_a_file_and_read_back_the_same(tmp_path):
    document = load(tmp_path)
    written = QuestionWriter(CannedChat(), "sha").run(document)
    path = tmp_path / "expansions" / "jia.jsonl"
    written.save(path)
    again = ExpansionSet.load(path)
    assert again.for_document(document) == written.for_document(document)
    assert (again.model_sha256, again.prompt, again.version) == ("sha", written.prompt, written.version)


def test_a_clause_whose_text_changed_loses_its_questions_and_only_it_is_written_again(tmp_path):
    document = load(tmp_path)
    written = QuestionWriter(CannedChat(), "sha").run(document)
    changed = load(tmp_path, DOC.replace("暑假前", "五一前"))
    stale = [c.clause_id for c in expandable(changed) if "五一前" in c.text]
    assert set(written.for_document(changed)) == {c.clause_id for c in expandable(changed)} - set(stale)
    chat = CannedChat()
    again = QuestionWriter(chat, "sha").run(changed, written)
    assert len(chat.calls) == 1 and set(again.for_document(changed)) == {
        c.clause_id for c in expandable(changed)
    }


def test_another_model_or_prompt_writes_every_question_again(tmp_path):
    document = load(tmp_path)
    written = QuestionWriter(CannedChat(), "old-model").run(document)
    chat = CannedChat()
    QuestionWriter(chat, "new-model").run(document, written)
    assert len(chat.calls) == 2


def test_questions_are_indexed_as_rows_of_their_own_that_point_to_their_clause(store, tmp_path):
    document = load(tmp_path)
    questions = QuestionWriter(CannedChat(), "sha").run(document).for_document(document)
    embedder = FakeEmbedder()
    ingestor = make_ingestor(store, embedder)
    ingestor.questions = lambda d: questions
    ingestor.ingest([document])
    active = store.require_active()
    rows = list(ClauseStore.rows(store.questions()))
    assert len(rows) == 6 and {r.metadata["window"] for r in rows} == {QUESTION_ROW}
    # beside the clause index, not in it: the clause and sentence queries never wade through them
    assert not list(ClauseStore.rows(active, where={"window": QUESTION_ROW}))
    for row in rows:
        assert row.document in questions[row.metadata["clause_id"]]
        assert "clause_json" not in row.metadata  # not a clause: never listed, quoted or cited
    sentences = [r.document for r in ClauseStore.rows(store.require_active(), where={"window": SENTENCE_ROW})]
    assert not set(sentences) & {q for qs in questions.values() for q in qs}


def test_new_questions_index_the_document_again_and_the_same_ones_cost_nothing(store, tmp_path):
    document = load(tmp_path)
    embedder = FakeEmbedder()
    ingestor = make_ingestor(store, embedder)
    ingestor.ingest([document])
    questions = QuestionWriter(CannedChat(), "sha").run(document).for_document(document)
    assert document_hash(document, questions) != document_hash(document)
    ingestor.questions = lambda d: questions
    assert ingestor.ingest([document]).changed == ["jia"]
    assert ingestor.ingest([document]).unchanged == ["jia"]


def test_a_refresh_leaves_a_document_removed_or_replaced_meanwhile_as_it_is(store, tmp_path):
    document = load(tmp_path)
    ingestor = make_ingestor(store, FakeEmbedder())
    assert ingestor.ingest([document], refresh=True).added == []  # not indexed: not added
    ingestor.ingest([document])
    newer = replace(document, sha256="another-text")
    ingestor.questions = lambda d: {expandable(d)[0].clause_id: ("问题一？",)}
    assert ingestor.ingest([newer], refresh=True).changed == []
    assert ingestor.ingest([document], refresh=True).changed == ["jia"]


def question_hashes(store) -> list[str]:
    return sorted(row.metadata["doc_hash"] for row in ClauseStore.rows(store.questions()))


def test_questions_are_kept_once_for_every_generation_and_go_with_the_last_that_holds_them(store, tmp_path):
    document = load(tmp_path)
    questions = {expandable(document)[0].clause_id: ("孩子去河里游泳学校管吗？",)}
    ingestor = make_ingestor(store)
    ingestor.questions = lambda d: questions
    ingestor.ingest([document])
    first = question_hashes(store)
    other = load_document(write_other(tmp_path))
    ingestor.ingest([other])  # a new generation: the first document's questions are not copied
    assert question_hashes(store) == first

    ingestor.questions = lambda d: {**questions, expandable(d)[1].clause_id: ("学校管打架吗？",)}
    ingestor.ingest([document])  # new questions, a new content hash; the old ones wait for pruning
    assert len(set(question_hashes(store))) == 2
    store.prune(now=10**12)
    assert len(set(question_hashes(store))) == 1 and len(question_hashes(store)) == 2

    ingestor.remove(["jia"])
    store.prune(now=10**12)
    assert question_hashes(store) == []


def test_questions_of_a_build_that_failed_are_dropped(store, tmp_path):
    ingestor = make_ingestor(store)
    ingestor.ingest([load(tmp_path)])
    failing = make_ingestor(store, FakeEmbedder(fail_after=4))
    failing.questions = lambda d: {c.clause_id: ("问题一？", "问题二？") for c in expandable(d)}
    with pytest.raises(RuntimeError):
        failing.ingest([load(tmp_path, DOC.replace("暑假前", "五一前"))])
    store.prune_questions()
    assert question_hashes(store) == []


def write_other(tmp_path: Path) -> Path:
    path = tmp_path / "b" / "yi.txt"
    path.parent.mkdir()
    path.write_text("乙县教育局2024年工作要点\n\n一、课后服务\n\n1.课后服务实现全覆盖。\n", encoding="utf-8")
    return path


THREE = DOC + "\n3.每学期开展一次消防疏散演练。\n"


def test_the_questions_so_far_are_handed_over_after_each_clause_the_model_writes(tmp_path):
    """So a caller can keep them as they come: a crash then loses one clause's questions at most."""
    document = load(tmp_path, THREE)
    ids = [c.clause_id for c in expandable(document)]
    seen: list[list[str]] = []
    QuestionWriter(CannedChat(), "sha").run(
        document, on_written=lambda so_far: seen.append(list(so_far.questions))
    )
    assert seen == [ids[:1], ids[:2], ids[:3]]


def test_what_is_handed_over_keeps_the_questions_still_to_be_reused(tmp_path):
    """Kept after the first changed clause, the file must not lose the later ones that still match."""
    written = QuestionWriter(CannedChat(), "sha").run(load(tmp_path, THREE))
    changed = load(tmp_path, THREE.replace("暑假前", "五一前"))  # the first clause
    seen: list[dict] = []
    again = QuestionWriter(CannedChat(), "sha").run(
        changed, written, on_written=lambda so_far: seen.append(so_far.for_document(changed))
    )
    ids = [c.clause_id for c in expandable(changed)]
    assert len(seen) == 1 and list(seen[0]) == ids
    assert list(again.questions) == ids  # in reading order, like a file written at once


def test_a_writer_told_to_stop_asks_for_no_further_clause(tmp_path):
    document = load(tmp_path, THREE)
    chat = CannedChat()
    stopped = QuestionWriter(chat, "sha").run(document, should_stop=lambda: len(chat.calls) >= 1)
    assert len(chat.calls) == 1 and list(stopped.questions) == [expandable(document)[0].clause_id]
