"""PNG charts of an evaluation: headline metrics per question type and per style, and the pipeline against the
baselines. Labels are metric keys, type and style names (ASCII), so no CJK font is needed."""

from __future__ import annotations

from pathlib import Path

TYPE_METRICS = (
    "retrieval.hit@5",
    "retrieval.mrr",
    "citation.precision",
    "answer.key_fact_recall",
    "answer.key_fact_recall_all",
    "refusal.accuracy",
    "refusal.false_refusal_rate",
)
DESIGN_METRICS = ("retrieval.hit@1", "retrieval.hit@3", "retrieval.hit@5", "retrieval.mrr")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only: no display on servers and in CI
    import matplotlib.pyplot as plt

    return plt


def _bars(ax, groups: list[str], series: dict[str, list[float]]) -> None:
    width = 0.8 / max(len(series), 1)
    for n, (label, values) in enumerate(series.items()):
        positions = [i + (n - (len(series) - 1) / 2) * width for i in range(len(groups))]
        ax.bar(positions, values, width, label=label)
    ax.set_xticks(range(len(groups)), groups, rotation=20, ha="right")
    ax.set_ylim(0, 1.05)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, ncols=2)


def by_group(metrics: dict[str, float], path: Path, field: str = "type") -> Path:
    """One group of bars per metric, one bar per question type (or style, `field`) that has it."""
    plt = _pyplot()
    prefix = f"by_{field}."
    kinds = sorted({key.split(".")[1] for key in metrics if key.startswith(prefix)})
    groups = [m for m in TYPE_METRICS if any(f"{prefix}{k}.{m}" in metrics for k in kinds)]
    series = {
        f"{kind} (n={metrics.get(f'{prefix}{kind}.count', 0)})": [
            metrics.get(f"{prefix}{kind}.{m}", 0.0) for m in groups
        ]
        for kind in kinds
    }
    fig, ax = plt.subplots(figsize=(10, 4.5))
    _bars(ax, groups, series)
    ax.set_title(f"policyqa: metrics per question {field}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def designs(table: dict[str, dict[str, float]], path: Path) -> Path:
    """Retrieval metrics of each design side by side (evidence found in the top k)."""
    plt = _pyplot()
    series = {name: [values.get(m, 0.0) for m in DESIGN_METRICS] for name, values in table.items()}
    fig, ax = plt.subplots(figsize=(8, 4.5))
    _bars(ax, list(DESIGN_METRICS), series)
    ax.set_title("policyqa: pipeline vs baselines (answerable questions)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
