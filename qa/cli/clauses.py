"""`policyqa clauses DOC`: a document's clauses (id, locator, title, text), read from its file."""

from __future__ import annotations

import argparse

from qa.cli.common import add_command, named_document, print_json
from qa.records import Clause

PREVIEW_CHARS = 120


def register(commands: argparse._SubParsersAction) -> None:
    clauses = add_command(commands, "clauses", run, "List a document's clauses (id, locator, title, text).")
    clauses.add_argument("doc", metavar="DOC", help="a doc_id of the corpus, or the path of a document file")
    clauses.add_argument("--json", action="store_true", help="print JSON")
    clauses.add_argument(
        "--kind", action="append", help="only clauses of this kind (repeatable): clause, paragraph, box, …"
    )
    clauses.add_argument(
        "--full", action="store_true", help="print whole texts, not the first 120 characters"
    )


def run(args: argparse.Namespace) -> None:
    document = named_document(args)
    clauses = [c for c in document.clauses if not args.kind or c.kind in args.kind]
    if args.json:
        print_json([c.to_dict() for c in clauses])
        return
    print(f"《{document.meta.title}》 {document.meta.doc_number or ''}".rstrip())
    for clause in clauses:
        print(describe(clause, args.full))


def describe(clause: Clause, full: bool) -> str:
    first, last = clause.lines
    text = clause.text.replace("\n", " ")
    if not full and len(text) > PREVIEW_CHARS:
        text = text[:PREVIEW_CHARS] + "…"
    heading = f"[{clause.locator}] {clause.title}  ({clause.kind}, {clause.clause_id}, lines {first}-{last})"
    return f"\n{heading}\n  {text}"
