"""The regression gate: the quick evaluation must not fall below the floors in eval/thresholds.toml."""

import tomllib
from pathlib import Path

import pytest

from qa.evaluation import golden, runner

pytestmark = pytest.mark.slow

THRESHOLDS = tomllib.loads(
    (Path(__file__).resolve().parents[2] / "eval" / "thresholds.toml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def metrics(evaluation_application):
    _, measured = runner.run(evaluation_application, golden.load(split=THRESHOLDS["split"]))
    return measured


@pytest.mark.parametrize("name", sorted(THRESHOLDS["floors"]))
def test_metric_stays_above_its_floor(metrics, name):
    assert metrics[name] >= THRESHOLDS["floors"][name], f"{name} fell to {metrics[name]}"


@pytest.mark.parametrize("name", sorted(THRESHOLDS["ceilings"]))
def test_metric_stays_below_its_ceiling(metrics, name):
    assert metrics[name] <= THRESHOLDS["ceilings"][name], f"{name} rose to {metrics[name]}"
