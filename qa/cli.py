"""The `policyqa` command line. User errors end in one line on stderr and a non-zero exit code."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from qa.config import Settings
from qa.corpus.loader import document_files, find_document, load_document, load_documents
from qa.errors import PolicyQAError
from qa.records import Document


def _progress(items: list, description: str):
    from tqdm import tqdm

    # disable=None: a bar on a terminal, silence in pipes and CI logs.
    return tqdm(items, desc=description, unit="doc", disable=None, file=sys.stderr)


def _corpus(args: argparse.Namespace) -> list[Document]:
    root = Path(args.corpus) if args.corpus else Settings().corpus_dir
    files = document_files([root])
    if not files:
        raise PolicyQAError(f"no documents in {root}")
    return list(load_documents(_progress(files, "parsing"), root=root))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(rows: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in rows
    )


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_docs(args: argparse.Namespace) -> None:
    documents = _corpus(args)
    if args.json:
        _print_json([{**d.meta.to_dict(), "clauses": len(d.clauses)} for d in documents])
        return
    rows = [["doc_id", "title", "文号", "date", "city", "year", "kind", "clauses"]]
    for d in documents:
        m = d.meta
        place = "".join(filter(None, [m.city, m.district]))
        rows.append(
            [
                m.doc_id,
                m.title,
                m.doc_number or "-",
                m.date or "-",
                place or "-",
                str(m.year or "-"),
                m.kind or "-",
                str(len(d.clauses)),
            ]
        )
    print(_table(rows))
    print(f"\n{len(documents)} documents, {sum(len(d.clauses) for d in documents)} clauses")


def _document(args: argparse.Namespace) -> Document:
    path = Path(args.doc)
    if path.suffix and path.exists():
        return load_document(path)
    return find_document(_corpus(args), args.doc)


def cmd_clauses(args: argparse.Namespace) -> None:
    document = _document(args)
    clauses = [c for c in document.clauses if not args.kind or c.kind in args.kind]
    if args.json:
        _print_json([c.to_dict() for c in clauses])
        return
    print(f"《{document.meta.title}》 {document.meta.doc_number or ''}".rstrip())
    for clause in clauses:
        first, last = clause.lines
        text = clause.text.replace("\n", " ")
        print(
            f"\n[{clause.locator}] {clause.title}  ({clause.kind}, {clause.clause_id}, lines {first}-{last})"
        )
        print(f"  {text if args.full else text[:120] + ('…' if len(text) > 120 else '')}")


def cmd_repair(args: argparse.Namespace) -> None:
    document = _document(args)
    if args.json:
        _print_json({"doc_id": document.doc_id, "report": document.repair.to_dict()})
        return
    print(f"{document.doc_id}: {document.repair.summary()}")
    for first, last in document.repair.removed_blocks:
        print(f"  removed junk, lines {first}-{last}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policyqa",
        description="Answers Chinese questions about education-policy documents, citing the exact clause.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, handler: Callable, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--corpus", metavar="DIR", help="folder of documents (default: the built-in corpus/)"
        )
        sub.set_defaults(handler=handler)
        return sub

    docs = command("docs", cmd_docs, "List the documents with their metadata and clause counts.")
    docs.add_argument("--json", action="store_true", help="print JSON instead of a table")

    clauses = command("clauses", cmd_clauses, "List a document's clauses (id, locator, title, text).")
    clauses.add_argument("doc", metavar="DOC", help="a doc_id of the corpus, or the path of a document file")
    clauses.add_argument("--json", action="store_true", help="print JSON")
    clauses.add_argument(
        "--kind", action="append", help="only clauses of this kind (repeatable): clause, paragraph, box, …"
    )
    clauses.add_argument(
        "--full", action="store_true", help="print whole texts, not the first 120 characters"
    )

    repair_cmd = command("repair", cmd_repair, "Show what repair changed in a document.")
    repair_cmd.add_argument(
        "doc", metavar="DOC", help="a doc_id of the corpus, or the path of a document file"
    )
    repair_cmd.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except PolicyQAError as error:
        print(f"policyqa: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("policyqa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `policyqa clauses X | head`
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
