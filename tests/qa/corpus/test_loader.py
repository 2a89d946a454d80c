import pytest

from qa.corpus.loader import document_files, find_document, load_document, load_documents
from qa.errors import DocumentError, NotFoundError

DOC = "某区教育局2024年工作要点\n\n一、加强党的领导\n\n1.学习贯彻党的创新理论。\n\n2.加强基层党组织建设。\n"


def write(folder, name, text=DOC):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_a_user_document_without_manifest(tmp_path):
    document = load_document(write(tmp_path, "district.txt"))
    assert document.doc_id == "district"
    assert document.meta.title == "某区教育局2024年工作要点"
    assert document.meta.year == 2024
    assert [c.locator for c in document.clauses if c.kind == "clause"] == ["一、1.", "一、2."]
    assert len(document.sha256) == 64


def test_the_same_text_in_other_bytes_is_the_same_document(tmp_path):
    """A .docx saved again (new timestamps) or a text re-encoded must count as a duplicate."""
    utf8 = load_document(write(tmp_path, "a.txt"))
    (tmp_path / "b.txt").write_bytes(DOC.encode("gb18030"))
    assert load_document(tmp_path / "b.txt").sha256 == utf8.sha256
    assert load_document(write(tmp_path, "c.txt", DOC + "3.新增。\n")).sha256 != utf8.sha256


def test_folders_expand_to_supported_files_in_a_stable_order(tmp_path):
    write(tmp_path, "b.txt")
    write(tmp_path, "a.md", DOC + "\n3.新增。\n")
    write(tmp_path, "a.toml", 'doc_id = "a"\n')
    write(tmp_path, "notes.csv", "x,y\n")
    assert [p.name for p in document_files([tmp_path])] == ["a.md", "b.txt"]


def test_duplicate_content_is_refused(tmp_path):
    files = [write(tmp_path, "one.txt"), write(tmp_path, "two.txt")]
    with pytest.raises(DocumentError, match="duplicate document"):
        list(load_documents(files))


def test_duplicate_doc_id_is_refused(tmp_path):
    (tmp_path / "x").mkdir()
    files = [write(tmp_path, "same.txt"), write(tmp_path / "x", "same.md", DOC + "\n3.不同。\n")]
    with pytest.raises(DocumentError, match="doc_id 'same' is already used"):
        list(load_documents(files))


def test_missing_paths_and_unknown_ids_are_clear_errors(tmp_path):
    with pytest.raises(DocumentError, match="no such file or folder"):
        document_files([tmp_path / "nope"])
    with pytest.raises(NotFoundError, match="no document 'nope'"):
        find_document([load_document(write(tmp_path, "d.txt"))], "nope")


def test_documents_over_the_size_limits_are_refused_naming_the_limit(tmp_path):
    from qa.corpus.loader import DocumentLimits

    path = tmp_path / "big.txt"
    path.write_text("某区教育局工作要点\n\n一、总体要求\n\n1.推进改革。\n\n2.加强建设。\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="characters of text; the limit is 10 .*MAX_DOCUMENT_CHARS"):
        load_document(path, limits=DocumentLimits(max_chars=10))
    with pytest.raises(DocumentError, match="clauses; the limit is 2 .*MAX_DOCUMENT_CLAUSES"):
        load_document(path, limits=DocumentLimits(max_clauses=2))
    assert load_document(path).doc_id == "big"
