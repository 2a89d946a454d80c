"""Run the answer service over golden questions and write metrics.json and report.md."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from qa.answer.service import AnswerService
from qa.config import REPO_ROOT
from qa.evaluation import golden
from qa.evaluation.metrics import aggregate, item_metrics
from qa.records import Answer

HEADLINE = (
    "retrieval.hit@1",
    "retrieval.hit@5",
    "retrieval.mrr",
    "citation.precision",
    "citation.recall",
    "answer.key_fact_recall",
    "refusal.accuracy",
    "refusal.false_refusal_rate",
    "ragas.non_llm_context_precision",
    "ragas.non_llm_context_recall",
    "ragas.string_similarity",
    "ragas.bleu_zh",
    "answer.rouge_l_jieba",
)


def run(
    service: AnswerService,
    items: list[golden.GoldenItem],
    generator: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Answer], dict[str, float]]:
    answers = []
    started = time.perf_counter()
    for item in items:
        answers.append(service.answer(item.question, generator=generator))
        if progress:
            progress(1)
    catalog = service.searcher.catalog
    metrics = aggregate(items, answers, clause_text=lambda clause_id: catalog.get(clause_id).clause.text)
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    return answers, metrics


def report(items: list[golden.GoldenItem], answers: list[Answer], metrics: dict, title: str) -> str:
    lines = [f"# {title}", "", "| metric | value |", "| --- | --- |"]
    lines += [f"| {key} | {metrics[key]:.3f} |" for key in HEADLINE if key in metrics]
    types = sorted({item.type for item in items})
    lines += ["", "## By question type", "", "| type | n | " + " | ".join(HEADLINE) + " |"]
    lines.append("| --- " * (len(HEADLINE) + 2) + "|")
    for kind in types:
        cells = [
            f"{metrics[f'by_type.{kind}.{k}']:.2f}" if f"by_type.{kind}.{k}" in metrics else "–"
            for k in HEADLINE
        ]
        lines.append(f"| {kind} | {metrics[f'by_type.{kind}.count']} | " + " | ".join(cells) + " |")
    lines += ["", "## Questions that missed", ""]
    for item, answer in zip(items, answers, strict=True):
        values = item_metrics(item, answer)
        if (
            values.get("retrieval.hit@5", 1) < 1
            or values.get("answer.key_fact_recall", 1) < 1
            or (values.get("refusal.accuracy", 1) < 1 or values.get("answer.false_refusal", 0) > 0)
        ):
            lines.append(f"- {item.id} ({item.type}) {item.question} → {answer.answer.splitlines()[0][:80]}")
    return "\n".join(lines) + "\n"


def write(out: Path | None, items, answers, metrics, title: str) -> Path:
    folder = out or REPO_ROOT / "eval" / "reports" / datetime.now().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "report.md").write_text(report(items, answers, metrics, title), encoding="utf-8")
    with (folder / "answers.jsonl").open("w", encoding="utf-8") as handle:
        for item, answer in zip(items, answers, strict=True):
            handle.write(json.dumps({"id": item.id, **answer.to_dict()}, ensure_ascii=False) + "\n")
    return folder
