"""The evaluation's own index: the built-in corpus plus the real documents in eval/data/docs/ and
the regulation corpus in eval/data/regulations/.

The extra documents are not part of the default knowledge base; they are indexed the way a user's
upload is (no manifest: metadata is read off the text), in a data dir and collection of their own,
so an evaluation never changes the index the product serves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from qa.config import REPO_ROOT, Settings
from qa.corpus.loader import document_files, load_document, load_documents
from qa.errors import DocumentError
from qa.evaluation.golden import EXTRA_DOCS_DIR, REGULATIONS_DIR
from qa.records import Document

if TYPE_CHECKING:  # the facade loads the whole pipeline: imported only when an index is wanted
    from qa.application import PolicyQA
    from qa.index.ingest import IngestSummary

COLLECTION = "evaluation"
FULL_COLLECTION = "evaluation-full"
SOURCES = "SOURCES.md"
# The libraries an evaluation can run on: `standard` (the built-in corpus and eval/data/docs/, on
# which every figure before issue 27 was measured) and `full` (those and the regulation corpus:
# 110 documents in one library, as staff keep theirs).
LIBRARIES = {"standard": ("eval", COLLECTION), "full": ("eval-full", FULL_COLLECTION)}


def evaluation_settings(settings: Settings, library: str = "standard") -> Settings:
    """Where an evaluation index lives: `<data dir>/eval`, collection `evaluation` (which also
    keeps it apart on a Chroma server shared with the product), or `<data dir>/eval-full`,
    collection `evaluation-full`, for the full library."""
    folder, collection = LIBRARIES[library]
    return replace(settings, data_dir=settings.data_dir / folder, corpus_name=collection)


def library_of(settings: Settings) -> str:
    """The library an evaluation index of these settings holds (the full one only by its name)."""
    return "full" if settings.corpus_name == FULL_COLLECTION else "standard"


def extra_document_files() -> list[Path]:
    """The documents of eval/data/docs/; SOURCES.md there describes them and is not one."""
    if not EXTRA_DOCS_DIR.is_dir():
        return []
    return [path for path in document_files([EXTRA_DOCS_DIR]) if path.name != SOURCES]


def regulation_document_files() -> list[Path]:
    """The regulation corpus (eval/data/regulations/); its SOURCES.md is not a document."""
    if not REGULATIONS_DIR.is_dir():
        return []
    return [path for path in document_files([REGULATIONS_DIR]) if path.name != SOURCES]


def evaluation_documents(
    settings: Settings, skip_unreadable: bool = False, library: str | None = None
) -> list[Document]:
    """The built-in corpus and the extra documents, and in the full library the regulation corpus
    (default: the library of these settings). `skip_unreadable` (for checking golden items while a
    document is being added) leaves out an extra document that cannot be read."""
    documents = list(load_documents(document_files([settings.corpus_dir]), root=settings.corpus_dir))
    regulations = regulation_document_files() if (library or library_of(settings)) == "full" else []
    for path in [*extra_document_files(), *regulations]:
        try:
            documents.append(load_document(path, str(path.relative_to(REPO_ROOT))))
        except DocumentError:
            if not skip_unreadable:
                raise
    seen: dict[str, str] = {}
    for document in documents:
        for key in (document.doc_id, document.sha256):
            if key in seen:
                raise DocumentError(f"{document.meta.source_file}: duplicate of {seen[key]}")
            seen[key] = document.meta.source_file
    return documents


def evaluation_application(settings: Settings) -> PolicyQA:
    """The facade over the evaluation index of these (the product's) settings."""
    from qa.application import PolicyQA

    return PolicyQA(evaluation_settings(settings))


def refresh_index(
    application: PolicyQA,
    progress: Callable[[int], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Index the evaluation corpus through `application` (unchanged documents cost nothing); any
    other document in that index is removed."""
    from qa.application import IngestHooks

    if application.settings.corpus_name not in (COLLECTION, FULL_COLLECTION):
        # a sync ingest would leave only the evaluation documents: never on the product's index
        raise ValueError(f"not the evaluation index: {application.settings.corpus_name}")
    return application.ingest(
        evaluation_documents(application.settings), sync=True, hooks=IngestHooks(on_plan, progress)
    )


def build_index(
    settings: Settings,
    progress: Callable[[int], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> Settings:
    """Index (or refresh) the evaluation corpus of these settings; returns the settings that read it."""
    application = evaluation_application(settings)
    refresh_index(application, progress, on_plan)
    return application.settings
