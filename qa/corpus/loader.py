"""Load documents: read, repair and parse a file; load every document of a folder."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qa.config import Settings
from qa.corpus.manifest import document_meta
from qa.corpus.parser import parse_clauses
from qa.corpus.reader import SUPPORTED_SUFFIXES, read_text
from qa.corpus.repair import repair
from qa.errors import DocumentError, DuplicateDocumentError, NotFoundError
from qa.records import Document


@dataclass(frozen=True)
class DocumentLimits:
    """How big a document may be (settings max_document_chars / max_document_clauses): a 30 MB
    text file used to be embedded for an hour."""

    max_chars: int = Settings.max_document_chars
    max_clauses: int = Settings.max_document_clauses

    @classmethod
    def of(cls, settings: Settings) -> DocumentLimits:
        return cls(settings.max_document_chars, settings.max_document_clauses)


def load_document(
    path: Path,
    source_file: str | None = None,
    overrides: dict | None = None,
    limits: DocumentLimits = DocumentLimits(),
) -> Document:
    """One file as a Document: metadata, repair report and clause tree."""
    text = read_text(path)
    if len(text) > limits.max_chars:
        raise DocumentError(
            f"{path}: {len(text):,} characters of text; the limit is {limits.max_chars:,} "
            "(POLICYQA_MAX_DOCUMENT_CHARS)"
        )
    source_file = source_file or str(path)
    meta = document_meta(path, text, source_file, overrides)
    repaired = repair(text)
    clauses = parse_clauses(repaired, meta.doc_id, source_file, text)
    if not clauses:
        raise DocumentError(f"{path}: no text left after repair")
    if len(clauses) > limits.max_clauses:
        raise DocumentError(
            f"{path}: {len(clauses):,} clauses; the limit is {limits.max_clauses:,} "
            "(POLICYQA_MAX_DOCUMENT_CLAUSES)"
        )
    # of the text, not the bytes: a .docx saved again (new timestamps) or a text file re-encoded
    # is the same document, for incremental ingest and for duplicate refusal alike
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(meta, tuple(clauses), repaired.report, digest, text)


def document_files(paths: Iterable[Path]) -> list[Path]:
    """The document files named, folders expanded (sorted, so the order is stable)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES))
        elif path.exists():
            files.append(path)
        else:
            raise DocumentError(f"{path}: no such file or folder")
    return files


def load_documents(
    files: Iterable[Path], root: Path | None = None, limits: DocumentLimits = DocumentLimits()
) -> Iterator[Document]:
    """Load each file; refuse two files with the same content or the same doc_id.

    With `root`, source_file is the path relative to root's parent (corpus/xxx.txt), so the
    built-in corpus reads the same wherever the repo is checked out.
    """
    seen_ids: dict[str, Path] = {}
    seen_content: dict[str, Path] = {}
    for path in files:
        source_file = str(path.relative_to(root.parent)) if root else None
        document = load_document(path, source_file, limits=limits)
        if document.sha256 in seen_content:
            raise DuplicateDocumentError(
                f"{path}: same content as {seen_content[document.sha256]} (duplicate document)"
            )
        if document.doc_id in seen_ids:
            raise DuplicateDocumentError(
                f"{path}: doc_id '{document.doc_id}' is already used by {seen_ids[document.doc_id]}"
            )
        seen_content[document.sha256] = path
        seen_ids[document.doc_id] = path
        yield document


def find_document(documents: Iterable[Document], doc_id: str) -> Document:
    for document in documents:
        if document.doc_id == doc_id:
            return document
    raise NotFoundError(f"no document '{doc_id}' (see `policyqa docs` for the ids)")
