"""Run the answer service over golden questions and write metrics.json and report.md."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from qa.answer.service import AnswerService
from qa.config import REPO_ROOT
from qa.evaluation import baselines, golden, plots
from qa.evaluation.metrics import aggregate, item_metrics
from qa.evaluation.ragas_judge import METRICS as JUDGE_METRICS
from qa.evaluation.ragas_judge import RagasJudge
from qa.records import Answer, Document

DESIGN_COLUMNS = (
    "retrieval.hit@1",
    "retrieval.hit@3",
    "retrieval.hit@5",
    "retrieval.mrr",
    "retrieval.top5_chars",
)
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
    "ragas.faithfulness",
    "ragas.answer_relevancy",
    "ragas.context_precision",
    "ragas.context_recall",
)


def answer_all(
    service: AnswerService,
    items: list[golden.GoldenItem],
    generator: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Answer]:
    answers = []
    for item in items:
        answers.append(service.answer(item.question, generator=generator))
        if progress:
            progress(1)
    return answers


def measure(
    service: AnswerService,
    items: list[golden.GoldenItem],
    answers: list[Answer],
    extra: list[dict[str, float]] | None = None,
) -> dict[str, float]:
    """All metrics of answered items; `extra` holds per-item scores from `judge`."""
    catalog = service.searcher.catalog
    return aggregate(items, answers, lambda clause_id: catalog.get(clause_id).clause.text, extra)


def run(
    service: AnswerService,
    items: list[golden.GoldenItem],
    generator: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Answer], dict[str, float]]:
    started = time.perf_counter()
    answers = answer_all(service, items, generator, progress)
    metrics = measure(service, items, answers)
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    return answers, metrics


def judge(
    items: list[golden.GoldenItem],
    answers: list[Answer],
    ragas_judge: RagasJudge,
    chosen: set[str],
    progress: Callable[[int], None] | None = None,
) -> tuple[list[dict[str, float]], dict[str, float]]:
    """ragas' LLM-judged scores for the items in `chosen` (`judged_sample`): per-item scores for
    `measure`, and the judge's own figures (items judged, seconds)."""
    started = time.perf_counter()
    extra = []
    for item, answer in zip(items, answers, strict=True):
        extra.append(ragas_judge.item_scores(item, answer) if item.id in chosen else {})
        if progress and item.id in chosen:
            progress(1)
    return extra, {
        "ragas_judge.items": len(chosen),
        "ragas_judge.seconds": round(time.perf_counter() - started, 1),
    }


def run_baselines(
    service: AnswerService,
    items: list[golden.GoldenItem],
    answers: list[Answer],
    documents: list[Document],
    progress: Callable[[int], None] | None = None,
) -> dict[str, dict[str, float]]:
    """The same answerable questions through the baseline designs (baselines.py), pipeline last."""
    searcher = service.searcher
    designs = [baselines.NaiveChunks(documents, searcher.embedder), *baselines.clause_designs(searcher)]
    return baselines.compare(items, answers, designs, service.settings.top_k, progress)


def flatten_designs(table: dict[str, dict[str, float]]) -> dict[str, float]:
    """`baselines.<design>.<metric>` keys for metrics.json."""
    return {
        f"baselines.{name}.{key}": value for name, values in table.items() for key, value in values.items()
    }


def designs_table(metrics: dict) -> str:
    names = list(dict.fromkeys(key.split(".")[1] for key in metrics if key.startswith("baselines.")))
    if not names:
        return ""
    columns = DESIGN_COLUMNS
    lines = ["| design | " + " | ".join(columns) + " |", "| --- " * (len(columns) + 1) + "|"]
    for name in names:
        cells = [metrics.get(f"baselines.{name}.{c}") for c in columns]
        lines.append(
            f"| {name} | "
            + " | ".join(
                "–" if v is None else f"{v:.0f}" if c.endswith("chars") else f"{v:.3f}"
                for c, v in zip(columns, cells, strict=True)
            )
            + " |"
        )
    return "\n".join(lines)


def report(items: list[golden.GoldenItem], answers: list[Answer], metrics: dict, title: str) -> str:
    lines = [f"# {title}", "", "| metric | value |", "| --- | --- |"]
    lines += [f"| {key} | {metrics[key]:.3f} |" for key in HEADLINE if key in metrics]
    if table := designs_table(metrics):
        lines += [
            "",
            "## Pipeline vs baselines",
            "",
            "Answerable questions; a passage counts when it is an evidence clause or contains the",
            "evidence quote (baselines.py). `top5_chars`: mean characters in the top 5 passages.",
            "",
            table,
        ]
    if "ragas_judge.items" in metrics:
        lines += [
            "",
            "## ragas judge",
            "",
            f"{metrics['ragas_judge.items']} answered items judged; share that got a score:",
            "",
        ]
        lines += [f"- {name}: {metrics.get(f'ragas_judge.scored.{name}', 0.0):.2f}" for name in JUDGE_METRICS]
    types = sorted({item.type for item in items})
    columns = [k for k in HEADLINE if any(f"by_type.{kind}.{k}" in metrics for kind in types)]
    lines += ["", "## By question type", "", "| type | n | " + " | ".join(columns) + " |"]
    lines.append("| --- " * (len(columns) + 2) + "|")
    for kind in types:
        cells = [
            f"{metrics[f'by_type.{kind}.{k}']:.2f}" if f"by_type.{kind}.{k}" in metrics else "–"
            for k in columns
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


def write(
    out: Path | None,
    items,
    answers,
    metrics,
    title: str,
    designs: dict[str, dict[str, float]] | None = None,
    judge_errors: list[str] | None = None,
) -> Path:
    """report.md, metrics.json, answers.jsonl and the PNG charts; `designs` is run_baselines'
    table; `judge_errors` (when a judge ran) goes to judge_errors.txt."""
    folder = out or REPO_ROOT / "eval" / "reports" / datetime.now().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "report.md").write_text(report(items, answers, metrics, title), encoding="utf-8")
    plots.by_type(metrics, folder / "by_type.png")
    if designs:
        plots.designs(designs, folder / "baselines.png")
    if judge_errors is not None:
        (folder / "judge_errors.txt").write_text("".join(f"{e}\n" for e in judge_errors), encoding="utf-8")
    with (folder / "answers.jsonl").open("w", encoding="utf-8") as handle:
        for item, answer in zip(items, answers, strict=True):
            handle.write(json.dumps({"id": item.id, **answer.to_dict()}, ensure_ascii=False) + "\n")
    return folder
