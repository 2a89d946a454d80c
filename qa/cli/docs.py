"""`policyqa docs`: the indexed documents, or the corpus folder's when there is no index (or when
--corpus names a folder)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from qa.cli.common import add_command, application, parsing, print_json, table
from qa.errors import IndexUnavailableError

if TYPE_CHECKING:
    from qa.application import DocumentSummary, PolicyQA

COLUMNS = ["doc_id", "title", "文号", "date", "city", "year", "kind", "clauses"]


def register(commands: argparse._SubParsersAction) -> None:
    docs = add_command(commands, "docs", run, "List the documents with their metadata and clause counts.")
    docs.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args: argparse.Namespace) -> None:
    from qa.application import DocumentSummary

    app = application(args)
    documents = None if args.corpus else indexed(app)
    if documents is not None:
        where = "in the index"
    else:
        parsed = app.library.corpus(parsing)
        documents = [DocumentSummary(d.meta, len(d.clauses)) for d in parsed]
        where = (
            "in the folder" if args.corpus else "in the corpus folder (not indexed: run `policyqa ingest`)"
        )
    if args.json:
        print_json([d.to_dict() for d in documents])
        return
    print(table([COLUMNS, *(row(d) for d in documents)]))
    print(f"\n{len(documents)} documents, {sum(d.clauses for d in documents)} clauses {where}")


def indexed(app: PolicyQA) -> list[DocumentSummary] | None:
    """The index's documents; None when there is no index yet. A store that does not answer is
    still an error (status() fails too): listing the folder then would hide it."""
    try:
        documents = app.documents()
    except IndexUnavailableError:
        documents = []
    if documents or app.status().active is not None:
        return documents
    return None


def row(document: DocumentSummary) -> list[str]:
    meta = document.meta
    place = "".join(meta.places())
    return [
        meta.doc_id,
        meta.title,
        meta.doc_number or "-",
        meta.date or "-",
        place or "-",
        str(meta.year or "-"),
        meta.kind or "-",
        str(document.clauses),
    ]
