"""The document library's files: the built-in corpus, files named on the command line, and files
people upload. Everything here reads and checks; indexing is the facade's (one writer path)."""

from __future__ import annotations

import hashlib
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from qa.application.requests import Upload
from qa.config import Settings
from qa.corpus.loader import DocumentLimits, document_files, load_document, load_documents
from qa.corpus.reader import SUPPORTED_SUFFIXES
from qa.errors import (
    DocumentError,
    DuplicateDocumentError,
    FileTooLargeError,
    ManifestError,
    PolicyQAError,
    excerpt,
)
from qa.records import Document

# The metadata a person may give or correct for one document; the rest is read from the text.
METADATA_FIELDS = (
    "doc_id",
    "title",
    "issuer",
    "doc_number",
    "date",
    "province",
    "city",
    "district",
    "year",
    "kind",
)
UPLOADS = "uploads"  # the folder of the data dir that keeps uploaded files
# The longest kept file name and doc_id (which names files too: expansions/<doc_id>.jsonl), in
# UTF-8 bytes: file systems take 255, less what is added while a file is written (".partial").
MAX_NAME_BYTES = 200


def metadata_overrides(values: dict) -> dict:
    """Given metadata, checked: known fields only, blanks dropped, the year a whole number."""
    unknown = sorted(set(values) - set(METADATA_FIELDS))
    if unknown:
        raise ManifestError(
            f"unknown metadata {excerpt(', '.join(unknown))}; allowed: {', '.join(METADATA_FIELDS)}"
        )
    given = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    given = {k: v for k, v in given.items() if v not in (None, "")}
    if "year" in given:
        try:
            given["year"] = int(given["year"])
        except (TypeError, ValueError):
            raise ManifestError(f"year must be a whole number, got {excerpt(str(given['year']))!r}") from None
    size = len(str(given.get("doc_id", "")).encode("utf-8", "surrogatepass"))
    if size > MAX_NAME_BYTES:
        raise ManifestError(f"doc_id has {size} bytes (UTF-8); the limit is {MAX_NAME_BYTES} bytes")
    return given


def _usable(name: str) -> bool:
    """Whether a file may be called this: no control characters, and a UTF-8 form (no lone
    surrogate), which every file system, log line and reply needs."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not any(unicodedata.category(c) == "Cc" for c in name)


def kept_name(name: str) -> str:
    """The name an upload is kept under: its own if the file system takes it, else its beginning
    and a digest of the whole (the same name always gets the same one, so a re-upload is seen as
    one; the doc_id is read from it)."""
    if len(name.encode()) <= MAX_NAME_BYTES:
        return name
    tail = f"-{hashlib.sha256(name.encode()).hexdigest()[:8]}{Path(name).suffix}"
    stem = Path(name).stem.encode()[: MAX_NAME_BYTES - len(tail.encode())]
    return stem.decode("utf-8", "ignore").rstrip() + tail  # cut at a character, not in one


def refuse_duplicates(documents: Iterable[Document]) -> list[Document]:
    """Two of the given documents with the same text or the same doc_id: refused, naming both."""
    seen: dict[str, str] = {}
    documents = list(documents)
    for document in documents:
        for key in (document.sha256, "id:" + document.doc_id):
            if key in seen:
                raise DuplicateDocumentError(
                    f"{document.meta.source_file}: duplicate of {seen[key]} (same content or doc_id)"
                )
            seen[key] = document.meta.source_file
    return documents


class Library:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.limits = DocumentLimits.of(settings)

    @property
    def uploads(self) -> Path:
        return self.settings.data_dir / UPLOADS

    def corpus(self, progress: Callable[[list], Iterable] = iter) -> list[Document]:
        """The documents of the corpus folder (the built-in corpus/ unless configured)."""
        root = self.settings.corpus_dir
        files = document_files([root])
        if not files:
            raise DocumentError(f"no documents in {root}")
        return list(load_documents(progress(files), root=root, limits=self.limits))

    def files(
        self, paths: Iterable[Path], metadata: dict | None = None, progress: Callable[[list], Iterable] = iter
    ) -> list[Document]:
        """The documents of these files and folders; `metadata` applies to each (so a doc_id
        only to one file)."""
        files = document_files(list(paths))
        if not files:
            raise DocumentError("no .txt, .md, .docx or .pdf files in the given paths")
        overrides = metadata_overrides(metadata or {})
        if overrides.get("doc_id") and len(files) > 1:
            raise ManifestError("a doc_id names one document; give one file")
        documents = [load_document(p, overrides=overrides, limits=self.limits) for p in progress(files)]
        return refuse_duplicates(documents)

    def _checked_name(self, upload: Upload) -> str:
        name = Path(upload.name.replace("\\", "/")).name.strip()
        if not name or name.startswith(".") or not _usable(name):
            raise DocumentError(f"{excerpt(upload.name)!r}: not a usable file name")
        shown = excerpt(name)
        if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            raise DocumentError(f"{shown}: unsupported type; upload .txt, .md, .docx or .pdf")
        if len(upload.data) > self.settings.max_upload_bytes:
            raise FileTooLargeError(
                f"{shown}: {len(upload.data):,} bytes; the limit is {self.settings.max_upload_bytes:,} "
                "(POLICYQA_MAX_UPLOAD_BYTES)"
            )
        if not upload.data:
            raise DocumentError(f"{shown}: the file is empty")
        return kept_name(name)

    def read_uploads(self, uploads: Iterable[Upload]) -> list[Document]:
        """Uploaded files as documents, read from a scratch folder: nothing is kept until they
        are indexed (keep_uploads)."""
        documents = []
        with tempfile.TemporaryDirectory(prefix="policyqa-upload-") as scratch:
            for upload in uploads:
                name = self._checked_name(upload)
                path = Path(scratch) / hashlib.sha256(upload.data).hexdigest()[:12] / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(upload.data)
                overrides = metadata_overrides(upload.metadata)
                try:
                    document = load_document(
                        path, f"{UPLOADS}/{name}", overrides=overrides, limits=self.limits
                    )
                except PolicyQAError as error:  # name the file as sent, not the scratch path
                    raise type(error)(str(error).replace(str(path), name)) from None
                documents.append(document)
        return refuse_duplicates(documents)

    def keep_uploads(self, uploads: Iterable[Upload]) -> None:
        """Keep the indexed uploads' files in the data dir (what `source_file` names)."""
        self.uploads.mkdir(parents=True, exist_ok=True)
        for upload in uploads:
            target = self.uploads / self._checked_name(upload)
            partial = target.with_name(target.name + ".partial")
            partial.write_bytes(upload.data)
            partial.replace(target)

    def forget_uploads(self, source_files: Iterable[str]) -> None:
        """Delete the kept files of removed uploaded documents (corpus files are never touched)."""
        for source in source_files:
            if source.startswith(f"{UPLOADS}/"):
                (self.uploads / Path(source).name).unlink(missing_ok=True)
