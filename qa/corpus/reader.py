"""Read a document file into text: .txt and .md in UTF-8 or GBK/GB18030, .docx, text .pdf."""

from __future__ import annotations

import re
from pathlib import Path

from qa.errors import DocumentError

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def read_text(path: Path) -> str:
    """The document's text; a DocumentError says plainly why a file cannot be used."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"{path}: unsupported file type '{suffix or '(none)'}'; use {', '.join(SUPPORTED_SUFFIXES)}"
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DocumentError(f"{path}: is a directory, not a document") from None
    except OSError as error:
        raise DocumentError(f"{path}: cannot be read ({error.strerror})") from None
    if not data.strip():
        raise DocumentError(f"{path}: the file is empty")
    if suffix == ".docx":
        text = _docx_text(path)
    elif suffix == ".pdf":
        text = _pdf_text(path)
    else:
        text = decode(data, path)
    if not text.strip():
        raise DocumentError(f"{path}: no text found in the document")
    return text


def decode(data: bytes, path: Path | str = "<bytes>") -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK/GB2312) when that yields
    Chinese text; anything else is refused rather than turned into mojibake."""
    if b"\x00" in data[:8192]:
        raise DocumentError(f"{path}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise DocumentError(f"{path}: unknown text encoding (neither UTF-8 nor GBK/GB18030)") from None
    visible = [c for c in text if not c.isspace()]
    if visible and len(_CJK.findall(text)) / len(visible) >= 0.3:
        return text
    raise DocumentError(f"{path}: unknown text encoding (neither UTF-8 nor GBK/GB18030)")


def _docx_text(path: Path) -> str:
    import docx  # python-docx; only .docx needs it

    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several unrelated types for a bad file
        raise DocumentError(f"{path}: not a readable .docx file ({type(error).__name__})") from None
    return "\n\n".join(paragraph.text for paragraph in document.paragraphs)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        pages = [page.extract_text() or "" for page in PdfReader(str(path)).pages]
    except (PdfReadError, ValueError, OSError) as error:
        raise DocumentError(f"{path}: not a readable PDF ({error})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentError(
            f"{path}: the PDF has no text layer (a scanned document?); run OCR first and ingest the text"
        )
    return text
