"""`policyqa ingest [PATH ...]`: index documents (the built-in corpus unless paths are given);
unchanged ones cost nothing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from qa.application.library import METADATA_FIELDS
from qa.cli.common import EmbeddingBar, add_command, application, parsing, print_json
from qa.records import Document

if TYPE_CHECKING:
    from qa.application import PolicyQA

TEXT_FIELDS = tuple(name for name in METADATA_FIELDS if name != "year")  # --year is a number


def register(commands: argparse._SubParsersAction) -> None:
    ingest = add_command(
        commands,
        "ingest",
        run,
        "Index documents (default: the built-in corpus); unchanged ones cost nothing.",
    )
    ingest.add_argument("paths", nargs="*", metavar="PATH", help=".txt/.md/.docx/.pdf files or folders")
    ingest.add_argument("--sync", action="store_true", help="also remove indexed documents not given here")
    ingest.add_argument(
        "--replace",
        action="store_true",
        help="let a document take the doc_id of another file's indexed document",
    )
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")
    for name in TEXT_FIELDS:
        flag = name.replace("_", "-")
        ingest.add_argument(
            f"--{flag}", help=f"the document's {flag.replace('-', ' ')} (else manifest, else the text)"
        )
    ingest.add_argument("--year", type=int, help="the document's year")


def run(args: argparse.Namespace) -> None:
    app = application(args)
    with EmbeddingBar() as embedding:
        summary = app.ingest(
            documents(app, args), sync=args.sync, replace=args.replace, hooks=embedding.hooks()
        )
    if args.json:
        print_json(summary.to_dict())
    else:
        print(summary.text())


def documents(app: PolicyQA, args: argparse.Namespace) -> list[Document]:
    """The given files and folders with the given metadata, else the corpus folder."""
    if not args.paths:
        return app.library.corpus(parsing)
    metadata = {name: getattr(args, name) for name in METADATA_FIELDS if getattr(args, name) is not None}
    return app.library.files([Path(p) for p in args.paths], metadata, parsing)
