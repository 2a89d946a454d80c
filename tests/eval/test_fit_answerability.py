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


class Item:
    def __init__(self, id: str, answerable: bool):
        self.id, self.answerable = id, answerable


def check_row(id: str, label: int, p_yes: float, judge: float = 0.6) -> dict:
    return {
        "id": id,
        "label": label,
        "judge": judge,
        "p_yes": p_yes,
        "value_slot": True,
        "yesno": False,
        "ms": 5000,
    }


def test_the_verification_model_refuses_what_the_reader_doubts_within_the_false_refusal_target():
    # 40 answerable questions answered right (the reader fairly sure), 20 unanswerable ones
    # answered by the fast path (the reader less sure), and 2 answerable ones the fast path refused
    items = [Item(f"a{i}", True) for i in range(42)] + [Item(f"u{i}", False) for i in range(20)]
    checks = [check_row(f"a{i}", 1, 0.85 + 0.002 * i) for i in range(40)]
    checks += [check_row(f"u{i}", 0, 0.6 + 0.01 * i) for i in range(20)]
    fitted = fit.fit_verification(checks, items, 0.05, 0.9)
    figures, model = fitted["figures"], fitted["model"]
    assert figures["dev_without_check"] == {"false_refusals": round(2 / 42, 3), "refusal_accuracy": 0.0}
    assert figures["dev_false_refusals"] <= 0.05  # the fast path's 2 of 42 included
    assert figures["dev_refusal_accuracy"] == 1.0  # the reader separates these perfectly
    assert figures["auc_p_yes"] == 1.0
    assert model["refuse_below"] <= model["clear_above"] and figures["dev_clear_right"] >= 0.9
    # 40 right answers are too few to promise 0.97: their precision's 95% lower bound is 0.928
    assert model["verified_above"] is None and figures["dev_verified_share"] == 0.0
    assert (
        figures["dev_best_lower_bound"]["right"] == 40
        and figures["dev_best_lower_bound"]["lower_bound"] < 0.97
    )


def test_the_green_badge_is_earned_by_enough_right_answers_above_its_threshold():
    # 150 answerable questions answered right (the reader sure) and 20 unanswerable ones (doubtful)
    items = [Item(f"a{i}", True) for i in range(150)] + [Item(f"u{i}", False) for i in range(20)]
    checks = [check_row(f"a{i}", 1, 0.9 + 0.0005 * i) for i in range(150)]
    checks += [check_row(f"u{i}", 0, 0.6 + 0.01 * i) for i in range(20)]
    fitted = fit.fit_verification(checks, items, 0.05, 0.9)
    figures, model = fitted["figures"], fitted["model"]
    assert model["verified_above"] is not None and figures["dev_verified_right"] == 1.0
    assert (
        fit.precision_lower_bound(
            figures["dev_best_lower_bound"]["right"], figures["dev_best_lower_bound"]["answers"]
        )
        >= 0.97
    )


def test_the_lower_bound_of_a_precision_is_exact_and_strict():
    assert fit.precision_lower_bound(0, 0) == 0.0
    assert round(fit.precision_lower_bound(49, 49), 3) == 0.941  # 49 of 49 right promises only 0.94
    assert fit.precision_lower_bound(99, 99) >= 0.97 > fit.precision_lower_bound(97, 98)


def test_items_without_a_check_row_count_as_refused_by_the_fast_path():
    items = [Item("a", True), Item("b", True), Item("u", False)]
    checks = [check_row("a", 1, 0.9), check_row("u", 0, 0.7)]
    assert fit.verification_outcomes(checks, [0.9, 0.2], items, 0.5) == (0.5, 1.0)
    assert fit.verification_outcomes(checks, [0.9, 0.2], items, 0.0) == (0.5, 0.0)
