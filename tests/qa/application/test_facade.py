"""The application facade: one front door that asks, searches, lists and changes the library.
Real embedding model, real embedded Chroma."""

from __future__ import annotations

import pytest

from qa.application import AskRequest, PolicyQA, SearchRequest, Upload
from qa.config import Settings
from qa.errors import DocumentError, DuplicateDocumentError, EmptyLibraryError, NotFoundError, TooLargeError

pytestmark = pytest.mark.slow

SCHOOL_PLAN = (
    "青山区教育局2023年校园安全工作方案\n"
    "一、总体要求\n"
    "1.全区中小学每学期开展消防疏散演练不少于2次。\n"
    "2.学校食堂实行校长陪餐制度，每天至少一名校领导陪餐。\n"
    "二、保障措施\n"
    "3.区财政安排校园安全专项经费300万元。\n"
)


def test_ask_answers_with_citations_and_honours_the_place_filter(application):
    answer = application.ask(AskRequest("新建多少所农村寄宿制学校？", cities=("洛阳",)))
    assert not answer.refused and "41" in answer.answer
    assert answer.citations and all(c.doc_id.startswith("luoyang-") for c in answer.citations)
    assert answer.claims and all(claim.citations for claim in answer.claims)


def test_stream_ends_with_the_same_answer_as_ask(application):
    pieces = list(application.stream(AskRequest("洛阳今年要新建多少所农村寄宿制学校？")))
    assert isinstance(pieces[-1], type(application.ask(AskRequest("洛阳今年要新建多少所农村寄宿制学校？"))))
    assert "".join(p for p in pieces[:-1]).strip() == pieces[-1].answer


def test_stream_says_when_retrieval_is_done_before_any_text(application):
    events = []
    stream = application.stream(
        AskRequest("县管校聘改革怎么推进？"), on_retrieved=lambda: events.append("retrieved")
    )
    for piece in stream:
        events.append("text" if isinstance(piece, str) else "answer")
    assert events[0] == "retrieved" and events.count("retrieved") == 1 and events[-1] == "answer"


def test_warming_an_empty_library_is_no_error(tmp_path):
    app = PolicyQA(Settings.from_env(data_dir=tmp_path / "data", default_corpus=False))
    app.warm()  # the chat starts on an empty library, so staff can upload the first document
    assert app.ready and app.documents() == []
    with pytest.raises(EmptyLibraryError):  # its own kind: "add documents", not "try later"
        app.ask(AskRequest("双减怎么落实？"))


def test_an_unknown_doc_id_is_not_found_and_lists_the_known_ones(application):
    with pytest.raises(NotFoundError, match="luoyang-2022-work-points"):
        application.ask(AskRequest("双减怎么落实？", doc_ids=("no-such-doc",)))
    with pytest.raises(NotFoundError):
        application.search(SearchRequest("双减怎么落实？", doc_ids=("no-such-doc",)))


def test_search_reports_its_scope(application):
    found = application.search(SearchRequest("衡阳双减", top_k=3))
    assert len(found.hits) == 3 and found.scope_doc_ids == ["hengyang-2022-work-points"]
    assert found.to_dict()["hits"][0]["doc_title"]


def test_documents_document_tree_and_clause_in_its_section(application):
    listed = {d.meta.doc_id: d.clauses for d in application.documents()}
    assert len(listed) == 5 and all(count > 0 for count in listed.values())
    detail = application.document("luoyang-2022-work-points")
    said = [c for c in detail.clauses if c.kind != "heading"]  # headings are structure, not counted
    assert len(said) == listed["luoyang-2022-work-points"]
    headings = [node for node in detail.tree() if "heading" in node]
    fifth = next(node for node in headings if node["heading"].startswith("五"))
    assert fifth["clause_id"] == "luoyang-2022-work-points/s5" and fifth["locator"] == "五、"
    assert "luoyang-2022-work-points/s5-c29" in [child["clause_id"] for child in fifth["children"]]
    view = application.clause("luoyang-2022-work-points/s5-c29")
    assert view.clause.locator == "五、29." and view.clause in view.section and len(view.section) > 1
    assert view.label() == "《洛阳市教育局2022年教育工作要点》（洛教〔2022〕1号）五、29."
    with pytest.raises(NotFoundError):
        application.document("nope")
    with pytest.raises(NotFoundError):
        application.clause("nope/c1")


def test_an_upload_is_previewed_indexed_answered_and_removed(tmp_path):
    app = PolicyQA(Settings.from_env(data_dir=tmp_path / "data", default_corpus=False))
    upload = Upload("青山区校园安全方案.txt", SCHOOL_PLAN.encode())
    (preview,) = app.preview([upload])
    assert preview.meta.title.startswith("青山区教育局2023年校园安全工作方案") and preview.meta.year == 2023
    assert not (tmp_path / "data" / "uploads").exists()  # a preview keeps nothing

    corrected = Upload(upload.name, upload.data, {"doc_id": "qingshan-safety", "city": "青山区"})
    summary = app.upload([corrected])
    assert summary.added == ["qingshan-safety"]
    assert (tmp_path / "data" / "uploads" / "青山区校园安全方案.txt").read_bytes() == upload.data
    answer = app.ask(AskRequest("学校每学期要搞几次消防疏散演练？"))
    assert not answer.refused and "2次" in answer.answer
    assert answer.citations[0].source_file == "uploads/青山区校园安全方案.txt"

    with pytest.raises(DuplicateDocumentError, match="qingshan-safety"):  # the same doc_id again
        app.upload([corrected])
    with pytest.raises(DuplicateDocumentError, match="same text"):  # the same text, another id
        app.upload([Upload("copy.txt", upload.data)])
    assert [d.meta.doc_id for d in app.documents()] == ["qingshan-safety"]

    assert app.remove(["qingshan-safety"]).removed == ["qingshan-safety"]
    assert not (tmp_path / "data" / "uploads" / "青山区校园安全方案.txt").exists()
    assert app.documents() == []


@pytest.mark.parametrize(
    ("upload", "error", "message"),
    [
        (Upload("a.exe", b"MZ"), DocumentError, "unsupported type"),
        (Upload("empty.txt", b""), DocumentError, "empty"),
        (Upload("../../etc/x.txt", "一、总则\n1.测试条款内容足够长。".encode()), None, None),
        (Upload("big.txt", b"x" * 2001), TooLargeError, "the limit is 2,000"),
        (Upload("binary.pdf", b"%PDF-1.4 garbage"), DocumentError, "^binary.pdf: not a readable PDF"),
        (Upload("a.txt", "一、总则".encode(), {"colour": "red"}), Exception, "unknown metadata colour"),
    ],
)
def test_bad_uploads_are_refused_before_anything_is_kept(tmp_path, upload, error, message):
    settings = Settings.from_env(data_dir=tmp_path / "data", default_corpus=False, max_upload_bytes=2000)
    app = PolicyQA(settings)
    if error is None:  # a path in the name is only a name: the file stays in uploads/
        (document,) = app.preview([upload])
        assert document.meta.source_file == "uploads/x.txt"
        return
    with pytest.raises(error, match=message):
        app.upload([upload])
    assert not (tmp_path / "data" / "uploads").exists() and app.status().active is None
