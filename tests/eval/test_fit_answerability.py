"""The operating point of the answerability judge (eval/fit_answerability.py)."""

import importlib.util

from qa.config import REPO_ROOT

spec = importlib.util.spec_from_file_location(
    "fit_answerability", REPO_ROOT / "eval" / "fit_answerability.py"
)
fit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fit)

# (threshold, false refusals, refusal accuracy), as the fit script's curve
CURVE = [(0.0, 0.02, 0.90), (0.15, 0.03, 0.90), (0.20, 0.05, 0.90), (0.30, 0.12, 0.95)]


def test_refusing_answerable_questions_for_no_refusal_accuracy_is_not_chosen():
    assert fit.choose_threshold(CURVE, 0.05) == (0.0, 0.02, 0.90)


def test_the_best_refusal_accuracy_within_the_false_refusal_target_is_chosen():
    assert fit.choose_threshold(CURVE, 0.15) == (0.30, 0.12, 0.95)
    curve = [(0.0, 0.0, 0.5), (0.1, 0.04, 0.7), (0.2, 0.08, 0.8)]
    assert fit.choose_threshold(curve, 0.05) == (0.1, 0.04, 0.7)


def test_an_unreachable_target_falls_back_to_the_fewest_false_refusals():
    assert fit.choose_threshold(CURVE, 0.01) == (0.0, 0.02, 0.90)
