"""`policyqa eval`: the golden questions through the evaluation runner (qa/evaluation/runner.py),
on the evaluation's own index. This module only reads the options, shows bars and prints."""

from __future__ import annotations

import argparse
from pathlib import Path

from qa.cli.common import add_command, application, counting, settings
from qa.config import GENERATORS
from qa.errors import PolicyQAError
from qa.evaluation import golden
from qa.evaluation.corpus import evaluation_settings


def register(commands: argparse._SubParsersAction) -> None:
    evaluate = add_command(
        commands,
        "eval",
        run,
        "Answer the golden questions and report retrieval, citation and answer metrics.",
    )
    evaluate.add_argument("--split", choices=["dev", "test", "all"], default="all")
    evaluate.add_argument(
        "--origin",
        choices=["original", "staff"],
        help="only the original set or only the staff-style set (default: both)",
    )
    evaluate.add_argument(
        "--conversations",
        action="store_true",
        help="only the follow-up items, each asked after its previous turn",
    )
    evaluate.add_argument(
        "--regulations",
        action="store_true",
        help="only the items about the regulation corpus (eval/data/regulations), on the full library",
    )
    evaluate.add_argument(
        "--library",
        choices=["standard", "full"],
        help="the documents indexed: standard (built-in and eval/data/docs, the default) or full (and the "
        "49 regulations; the default with --regulations)",
    )
    evaluate.add_argument("--generator", choices=list(GENERATORS))
    evaluate.add_argument(
        "--baselines",
        action="store_true",
        help="also run naive llama-index chunks, BM25 alone and dense alone on the same questions",
    )
    evaluate.add_argument(
        "--verify",
        action="store_true",
        help="check every answer with the second reader (the local model: ~45 min for the test split)",
    )
    add_judge_options(evaluate)
    evaluate.add_argument("--out", metavar="DIR", help="default eval/reports/<timestamp>/")


def add_judge_options(evaluate: argparse.ArgumentParser) -> None:
    evaluate.add_argument(
        "--judge-url", help="an OpenAI-compatible server as ragas judge (POLICYQA_JUDGE_BASE_URL)"
    )
    evaluate.add_argument("--judge-model", help="the judge's model name (POLICYQA_JUDGE_MODEL)")
    evaluate.add_argument(
        "--judge-sample", type=int, metavar="N", help="judge at most N answered items, spread over the types"
    )
    evaluate.add_argument(
        "--judge-check",
        action="store_true",
        help="only check the judge: its agreement on cases with a known verdict (runs before any judged run)",
    )


def run(args: argparse.Namespace) -> None:
    from qa.evaluation import runner  # the pipeline, ragas and matplotlib: only for this command

    out = Path(args.out) if args.out else None
    if args.judge_check:
        checked = runner.check_judge(settings(args), out, counting)
        print(checked.report)
        print(f"\nwritten to {checked.folder}")
        return
    library = args.library or ("full" if args.regulations else "standard")
    items = chosen_items(args, library)
    # its own index: the product's is never touched
    app = application(args, lambda settings: evaluation_settings(settings, library))
    options = runner.EvaluationOptions(
        args.generator,
        args.baselines,
        args.judge_sample,
        title(args, app.settings.generator) + (", verified" if args.verify else ""),
        out,
        args.verify,
    )
    evaluation = runner.evaluate(app, items, options, counting)
    print(evaluation.report.strip())
    print(f"\nwritten to {evaluation.folder}")


def chosen_items(args: argparse.Namespace, library: str = "standard") -> list[golden.GoldenItem]:
    """The golden items of the split, origin, corpus and kind asked for (on the standard library,
    none about the regulation corpus: its documents are not there)."""
    items = [
        item
        for item in golden.load(split=args.split, regulations=library == "full")
        if args.origin in (None, item.origin)
    ]
    if getattr(args, "regulations", False):
        items = [item for item in items if item.corpus == "regulations"]
    if library == "standard":
        items = [item for item in items if item.corpus != "regulations"]
    if args.conversations:
        items = [item for item in items if item.previous]
    if not items:
        raise PolicyQAError(f"no golden questions in split '{args.split}'")
    return items


def title(args: argparse.Namespace, default_generator: str) -> str:
    split = f"{args.split} split{f', {args.origin} items' if args.origin else ''}"
    split += " (conversations)" if args.conversations else ""
    return f"policyqa evaluation: {split}, {args.generator or default_generator} generator"
