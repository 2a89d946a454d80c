"""Charts are real PNG files with one bar per (metric, type or style) or (metric, design)."""

from qa.evaluation import plots

PNG = b"\x89PNG\r\n\x1a\n"


def test_by_type_and_by_style_charts_are_pngs(tmp_path):
    metrics = {
        "by_type.fact.count": 3,
        "by_type.fact.retrieval.hit@5": 1.0,
        "by_type.unanswerable.count": 2,
        "by_type.unanswerable.refusal.accuracy": 0.5,
        "by_style.everyday.count": 5,
        "by_style.everyday.answer.key_fact_recall": 0.4,
    }
    for field in ("type", "style"):
        path = plots.by_group(metrics, tmp_path / f"by_{field}.png", field)
        assert path.read_bytes()[:8] == PNG and path.stat().st_size > 5000


def test_designs_chart_is_a_png(tmp_path):
    table = {"bm25": {"retrieval.hit@1": 0.6}, "pipeline": {"retrieval.hit@1": 0.8, "retrieval.mrr": 0.9}}
    path = plots.designs(table, tmp_path / "baselines.png")
    assert path.read_bytes()[:8] == PNG and path.stat().st_size > 5000
