"""`policyqa repair DOC`: what repair changed in a document."""

from __future__ import annotations

import argparse

from qa.cli.common import add_command, named_document, print_json


def register(commands: argparse._SubParsersAction) -> None:
    repair = add_command(commands, "repair", run, "Show what repair changed in a document.")
    repair.add_argument("doc", metavar="DOC", help="a doc_id of the corpus, or the path of a document file")
    repair.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> None:
    document = named_document(args)
    if args.json:
        print_json({"doc_id": document.doc_id, "report": document.repair.to_dict()})
        return
    print(f"{document.doc_id}: {document.repair.summary()}")
    for first, last in document.repair.removed_blocks:
        print(f"  removed junk, lines {first}-{last}")
