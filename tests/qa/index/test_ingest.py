"""Ingestion is incremental and crash-safe (real embedded Chroma, fake embedder)."""

import time
from dataclasses import replace
from pathlib import Path

import pytest

from qa.corpus.loader import load_document
from qa.errors import DocumentError, NotFoundError
from qa.index.ingest import IndexWriteError
from qa.index.lock import IndexBusyError
from qa.index.store import SENTENCE_ROW, ClauseStore
from tests.conftest import make_ingestor
from tests.fakes import FakeEmbedder

DOC_A = "甲区教育局2024年工作要点\n\n一、加强党的领导\n\n1.学习贯彻党的创新理论。\n\n2.加强基层党组织建设。\n"
DOC_B = (
    "乙县教育局2024年工作要点\n\n一、办好人民满意的教育\n\n1.推进课后服务全覆盖。\n\n2.新建公办幼儿园5所。\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def indexed(store: ClauseStore) -> dict[str, set[str]]:
    docs: dict[str, set[str]] = {}
    for metadata in ClauseStore.first_windows(store.require_active()):
        docs.setdefault(metadata["doc_id"], set()).add(metadata["locator"])
    return docs


def test_first_ingest_embeds_every_window_and_publishes_one_generation(store, tmp_path):
    embedder = FakeEmbedder()
    docs = [load_document(write(tmp_path, "a.txt", DOC_A)), load_document(write(tmp_path, "b.txt", DOC_B))]
    summary = make_ingestor(store, embedder).ingest(docs)
    assert (summary.added, summary.changed, summary.unchanged) == (["a", "b"], [], [])
    # header + 2 clauses each, every one a single window and a single sentence
    # 6 clauses, and each document's heading 一、 as a unit of structure (one window, no sentences)
    assert summary.clauses == 6 and summary.embedded == embedder.embedded == 14
    rows = list(ClauseStore.rows(store.require_active()))
    sentences = [r for r in rows if r.metadata["window"] == SENTENCE_ROW]
    assert len(sentences) == 6 and {r.document for r in sentences} >= {"2.新建公办幼儿园5所。"}
    assert all(r.id == f"{r.metadata['clause_id']}#s{r.metadata['sentence']}" for r in sentences)
    assert indexed(store) == {
        "a": {"文件头", "一、", "一、1.", "一、2."},
        "b": {"文件头", "一、", "一、1.", "一、2."},
    }
    assert [name for _, name in store._generations()] == [summary.collection]


def test_reingesting_unchanged_documents_does_no_embedding_work(store, tmp_path):
    docs = [load_document(write(tmp_path, "a.txt", DOC_A)), load_document(write(tmp_path, "b.txt", DOC_B))]
    make_ingestor(store).ingest(docs)
    before = store.require_active().name
    embedder = FakeEmbedder(fail_after=0)  # any embedding call would raise
    summary = make_ingestor(store, embedder).ingest(docs)
    assert summary.unchanged == ["a", "b"] and summary.embedded == 0 and summary.collection is None
    assert store.require_active().name == before


def test_a_changed_document_replaces_its_old_clauses_only(store, tmp_path):
    path_a = write(tmp_path, "a.txt", DOC_A)
    make_ingestor(store).ingest([load_document(path_a), load_document(write(tmp_path, "b.txt", DOC_B))])
    path_a.write_text(DOC_A.replace("2.加强基层党组织建设。\n", "3.推进清廉学校建设。\n"), encoding="utf-8")
    embedder = FakeEmbedder()
    summary = make_ingestor(store, embedder).ingest([load_document(path_a)])
    assert (summary.changed, summary.unchanged, summary.removed) == (["a"], [], [])
    assert embedder.embedded == 7  # only document a (4 windows, 3 sentences); b is copied with its vectors
    assert indexed(store) == {
        "a": {"文件头", "一、", "一、1.", "一、3."},
        "b": {"文件头", "一、", "一、1.", "一、2."},
    }


def test_a_metadata_change_alone_reindexes_the_document(store, tmp_path):
    path = write(tmp_path, "a.txt", DOC_A)
    make_ingestor(store).ingest([load_document(path)])
    retitled = load_document(path, overrides={"city": "甲市"})
    assert make_ingestor(store).ingest([retitled]).changed == ["a"]


def test_remove_deletes_one_document(store, tmp_path):
    docs = [load_document(write(tmp_path, "a.txt", DOC_A)), load_document(write(tmp_path, "b.txt", DOC_B))]
    make_ingestor(store).ingest(docs)
    summary = make_ingestor(store).remove(["a"])
    assert summary.removed == ["a"] and summary.clauses == 3
    assert set(indexed(store)) == {"b"}
    with pytest.raises(NotFoundError, match="not in the index: zzz"):
        make_ingestor(store).remove(["zzz"])


def test_sync_removes_documents_not_given(store, tmp_path):
    doc_a, doc_b = (
        load_document(write(tmp_path, "a.txt", DOC_A)),
        load_document(write(tmp_path, "b.txt", DOC_B)),
    )
    make_ingestor(store).ingest([doc_a, doc_b])
    summary = make_ingestor(store).ingest([doc_b], sync=True)
    assert summary.removed == ["a"] and set(indexed(store)) == {"b"}


@pytest.mark.parametrize("exception", [RuntimeError, KeyboardInterrupt])
def test_a_crash_mid_ingest_leaves_the_previous_index_whole_and_serving(store, tmp_path, exception):
    docs = [load_document(write(tmp_path, "a.txt", DOC_A)), load_document(write(tmp_path, "b.txt", DOC_B))]
    make_ingestor(store).ingest(docs)
    before_name, before = store.require_active().name, indexed(store)
    changed = [replace(d, sha256="changed-" + d.sha256) for d in docs]  # force re-embedding of both
    with pytest.raises(exception):
        make_ingestor(store, FakeEmbedder(fail_after=4, exception=exception)).ingest(changed)
    assert store.require_active().name == before_name
    assert indexed(store) == before
    assert [name for _, name in store._generations()] == [before_name]  # the partial one is gone


def test_a_generation_left_by_a_killed_ingest_is_ignored_then_cleaned_up(store, tmp_path):
    make_ingestor(store).ingest([load_document(write(tmp_path, "a.txt", DOC_A))])
    active = store.require_active().name
    store.new_generation({})  # what a SIGKILL between create and publish leaves behind
    assert store.require_active().name == active
    make_ingestor(store).ingest([load_document(write(tmp_path, "b.txt", DOC_B))])
    assert set(indexed(store)) == {"a", "b"}
    # the killed one is gone; the one it superseded waits out its grace period
    assert [name for _, name in store._generations()] == [active, store.require_active().name]


def test_a_command_needing_an_index_says_how_to_build_one(store):
    from qa.index.store import IndexUnavailableError

    with pytest.raises(IndexUnavailableError, match="policyqa ingest"):
        store.require_active()


def test_long_clauses_become_several_windows_of_one_clause(store, tmp_path):
    long_clause = "1.推进教育数字化。" + "建设智慧校园，完善数字资源，提升教师信息素养。" * 40
    path = write(tmp_path, "long.txt", "丙市教育工作要点\n\n一、数字化\n\n" + long_clause + "\n")
    embedder = FakeEmbedder()
    summary = make_ingestor(store, embedder).ingest([load_document(path)])
    assert summary.clauses == 2 and embedder.embedded > 2
    rows = list(ClauseStore.rows(store.require_active(), where={"clause_id": "long/s1-c1"}))
    windows = [r for r in rows if r.metadata["window"] >= 0]
    sentences = [r for r in rows if r.metadata["window"] == SENTENCE_ROW]
    assert len(windows) > 1 and {r.metadata["windows"] for r in windows} == {len(windows)}
    # the rest embedded: the header (a window and a sentence) and the heading 一、 (one window)
    assert len(sentences) == 41 and len(windows) + len(sentences) == embedder.embedded - 3


def test_a_superseded_generation_stays_readable_for_its_grace_period(store, tmp_path):
    make_ingestor(store).ingest([load_document(write(tmp_path, "a.txt", DOC_A))])
    held = store.require_active()  # what a server is reading mid-request
    make_ingestor(store).ingest([load_document(write(tmp_path, "b.txt", DOC_B))])
    assert store.require_active().name != held.name
    assert held.count() > 0 and held.get(limit=1)["ids"]  # still there: not deleted at once
    assert store.prune() == []  # within its grace period
    assert store.prune(now=time.time() + store.grace_seconds) == [held.name]
    assert [name for _, name in store._generations()] == [store.require_active().name]


def test_a_second_ingest_on_the_same_data_dir_waits_then_fails_in_one_line(settings, tmp_path):
    store = ClauseStore.open(replace(settings, ingest_lock_timeout=0.5))
    messages = []
    busy = pytest.raises(IndexBusyError, match="another ingest is still running on .* after 0.5 s")
    with store.writer(), busy:  # the first ingest, still running
        make_ingestor(store).ingest([load_document(write(tmp_path, "a.txt", DOC_A))], on_wait=messages.append)
    assert messages == [f"another ingest is running on {settings.data_dir}; waiting up to 0.5 s…"]
    assert store.active() is None  # the second one touched nothing
    make_ingestor(store).ingest([load_document(write(tmp_path, "a.txt", DOC_A))])  # free again
    assert set(indexed(store)) == {"a"}


def test_a_full_disk_is_one_line_and_the_index_stays_whole(store, tmp_path, monkeypatch):
    import errno

    make_ingestor(store).ingest([load_document(write(tmp_path, "a.txt", DOC_A))])
    before_name, before = store.require_active().name, indexed(store)

    def full(collection, rows):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ClauseStore, "add", staticmethod(full))
    with pytest.raises(IndexWriteError, match="the disk is full.*previous one is unchanged"):
        make_ingestor(store).ingest([load_document(write(tmp_path, "b.txt", DOC_B))])
    monkeypatch.undo()
    assert store.require_active().name == before_name and indexed(store) == before


def test_another_file_with_the_same_doc_id_is_refused_unless_replacing(store, tmp_path):
    make_ingestor(store).ingest([load_document(write(tmp_path, "政策 A.txt", DOC_A))])
    clash = load_document(write(tmp_path, "政策-A.txt", DOC_B))
    assert clash.doc_id == "政策-a"
    with pytest.raises(DocumentError, match="doc_id '政策-a' is already used by .*政策 A.txt.*--replace"):
        make_ingestor(store).ingest([clash])
    assert indexed(store) == {"政策-a": {"文件头", "一、", "一、1.", "一、2."}}  # untouched
    assert make_ingestor(store).ingest([clash], replace=True).changed == ["政策-a"]


def test_the_same_text_under_another_doc_id_is_refused_naming_the_indexed_one(store, tmp_path):
    make_ingestor(store).ingest([load_document(write(tmp_path, "a.txt", DOC_A))])
    copy = load_document(write(tmp_path, "copy.txt", DOC_A))
    with pytest.raises(DocumentError, match="the same text is already indexed as 'a'"):
        make_ingestor(store).ingest([copy])
    # a renamed file, synced: the old id leaves as the new one comes
    assert make_ingestor(store).ingest([copy], sync=True).removed == ["a"]


def test_an_unchanged_document_from_another_folder_is_the_same_document(store, tmp_path):
    make_ingestor(store).ingest([load_document(write(tmp_path, "a.txt", DOC_A))])
    (tmp_path / "elsewhere").mkdir()
    moved = load_document(write(tmp_path / "elsewhere", "a.txt", DOC_A))
    assert make_ingestor(store).ingest([moved]).changed == ["a"]  # its source_file changed


def test_re_indexing_leaves_no_orphan_vector_folders_on_disk(store, tmp_path):
    store.grace_seconds = 0.0
    for n in range(5):  # five re-indexes of a changing document
        path = write(tmp_path, "a.txt", DOC_A.replace("党的领导", f"党的领导{n}"))
        make_ingestor(store).ingest([load_document(path)])
    folder = store.folder()
    vector_folders = [p for p in folder.iterdir() if p.is_dir()]
    assert len(store._generations()) == 1 and len(vector_folders) == 1
    assert store.size_bytes() > 0
