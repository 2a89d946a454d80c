import pytest

from qa.corpus.reader import read_text
from qa.errors import DocumentError

TEXT = "关于做好秋季开学工作的通知\n\n各校要做好开学准备工作。\n"


def test_reads_utf8_with_or_without_bom(tmp_path):
    plain, bom = tmp_path / "a.txt", tmp_path / "b.txt"
    plain.write_text(TEXT, encoding="utf-8")
    bom.write_bytes("\ufeff".encode() + TEXT.encode())
    assert read_text(plain) == TEXT
    assert read_text(bom) == TEXT


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312"])
def test_decodes_chinese_legacy_encodings(tmp_path, encoding):
    path = tmp_path / "legacy.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read_text(path) == TEXT


def test_reads_markdown(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    assert read_text(path) == "# 标题\n\n正文。\n"


def test_reads_docx_paragraphs(tmp_path):
    import docx

    path = tmp_path / "policy.docx"
    document = docx.Document()
    for paragraph in ["某区教育局工作要点", "一、加强党的领导", "1.学习贯彻党的创新理论。"]:
        document.add_paragraph(paragraph)
    document.save(str(path))
    assert read_text(path).split("\n\n") == [
        "某区教育局工作要点",
        "一、加强党的领导",
        "1.学习贯彻党的创新理论。",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\n ", "the file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin.txt", "Ça coûte très cher à Noël".encode("latin-1"), "unknown text encoding"),
        ("table.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
        ("broken.docx", b"not a zip file", "not a readable .docx"),
        ("broken.pdf", b"%PDF-1.4 garbage", "not a readable PDF"),
    ],
)
def test_refuses_unusable_files_with_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message) as raised:
        read_text(path)
    assert str(path) in str(raised.value)


def test_says_a_scanned_pdf_has_no_text(tmp_path):
    from pypdf import PdfWriter

    path = tmp_path / "scan.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(DocumentError, match="no text layer"):
        read_text(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_text(tmp_path / "missing.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(DocumentError, match="is a directory"):
        read_text(folder)
