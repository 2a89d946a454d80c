"""The check stage: the second reader's P(是), combined by the verification model, decides the
outcome (refused, warned, nothing found, verified where dev earned it); a check that fails leaves
the answer as it was, marked unchecked."""

from qa.answer.answerability import VerificationModel
from qa.answer.checker import CheckUnavailableError, Reading
from qa.answer.stages.assemble import CAVEAT
from qa.answer.stages.check import REFUSAL, Check
from qa.records import Answer, Citation
from tests.qa.answer.stages.conftest import BOARDING, hit

# confidence = P(是): only the reader's logit counts, so the outcomes are easy to read
BY_READER = VerificationModel((0.0, 1.0, 0.0, 0.0), 0.0, refuse_below=0.5, verified_above=0.8)


class Reader:
    model = "fake"

    def __init__(self, p_yes: float | None):
        self.p_yes, self.prompts = p_yes, []

    def read(self, messages):
        self.prompts.append(messages[-1]["content"])
        if self.p_yes is None:
            raise CheckUnavailableError("the local model is busy: waited 60 s for earlier requests")
        return Reading(self.p_yes, self.model, "logprobs", 4200.0)


def answer(text: str = "2022年新建、改扩建农村寄宿制学校41所[1]。", confidence: float = 0.4) -> Answer:
    found = hit("ly/c29", BOARDING)
    cited = Citation(1, found.ref, BOARDING, "2022年新建、改扩建农村寄宿制学校41所")
    return Answer(
        "洛阳新建多少所农村寄宿制学校？",
        text,
        False,
        "extractive",
        [cited],
        [found, hit("hy/c6", "6.双减。")],
        confidence=confidence,
    )


def test_an_answer_the_reader_confirms_is_verified_and_loses_the_judges_caveat():
    reader = Reader(0.9)
    checked = Check(lambda: reader, BY_READER).run(answer("41所[1]。\n" + CAVEAT))
    assert checked.verification.verdict == "verified" and checked.verification.p_yes == 0.9
    assert checked.answer == "41所[1]。" and checked.confidence == 0.9 and not checked.refused
    assert "五、29." in reader.prompts[0]  # the cited clause, with its locator


def test_an_answer_in_the_uncertain_band_keeps_its_caveat():
    checked = Check(lambda: Reader(0.6), BY_READER).run(answer(confidence=0.9))
    assert checked.verification.verdict == "uncertain" and not checked.refused
    assert (
        checked.answer.startswith("2022年") and CAVEAT not in checked.answer
    )  # 0.6 is above the caution line
    low = Check(lambda: Reader(0.55), VerificationModel((0.0, 1.0, 0.0, 0.0), -0.5, 0.3, 0.8)).run(answer())
    assert low.verification.verdict == "uncertain" and low.answer.endswith(CAVEAT)


def test_an_answer_the_reader_refutes_becomes_an_honest_refusal_with_its_clauses_as_related():
    checked = Check(lambda: Reader(0.2), BY_READER).run(answer())
    assert checked.refused and checked.answer == REFUSAL and checked.citations == []
    assert [h.clause_id for h in checked.related] == ["ly/c29"]  # shown, never cited
    assert checked.verification.verdict == "refuted"


def test_a_failed_or_impossible_check_leaves_the_answer_as_it_was_marked_unchecked():
    before = answer()
    checked = Check(lambda: Reader(None), BY_READER).run(before)
    assert checked.answer == before.answer and checked.citations == before.citations
    assert checked.verification.verdict == "unchecked" and "busy" in checked.verification.note
    nobody = Check(lambda: None, BY_READER).run(before)
    assert nobody.verification.verdict == "unchecked" and "make llm" in nobody.verification.note


def test_a_refusal_has_nothing_to_check():
    refused = Answer("石家庄招多少人？", "现有文件中没有石家庄的文件。", True, "extractive", [], [])
    reader = Reader(0.9)
    assert Check(lambda: reader, BY_READER).run(refused) is refused and reader.prompts == []


def test_without_a_fitted_model_the_reading_is_kept_but_decides_nothing():
    checked = Check(lambda: Reader(0.1), None).run(answer())
    assert checked.verification.verdict == "uncertain" and not checked.refused and checked.confidence == 0.4


def test_the_verification_is_part_of_the_answers_json():
    data = Check(lambda: Reader(0.9), BY_READER).run(answer()).to_dict()["verification"]
    assert data == {
        "model": "fake",
        "verdict": "verified",
        "p_yes": 0.9,
        "ms": 4200.0,
        "method": "logprobs",
        "note": "",
    }


# as fitted for the shipped model: no threshold earned the green badge on dev
NO_PROMISE = VerificationModel(
    (0.0, 1.0, 0.0, 0.0), 0.0, refuse_below=0.3, verified_above=None, clear_above=0.5
)


def test_without_an_earned_promise_no_answer_is_verified_only_found_without_fault():
    sure = Check(lambda: Reader(0.999), NO_PROMISE).run(answer("41所[1]。\n" + CAVEAT))
    assert sure.verification.verdict == "no_issue" and sure.verification.label() == "未发现问题"
    assert sure.answer == "41所[1]。"  # the reader's confidence still takes back the judge's doubt
    doubtful = Check(lambda: Reader(0.4), NO_PROMISE).run(answer())
    assert doubtful.verification.verdict == "uncertain" and doubtful.verification.label() == "可能未回答所问"
    assert doubtful.answer.endswith(CAVEAT)


def test_the_shipped_model_verifies_nothing_its_dev_figures_did_not_earn():
    """A green 已核对 badge is shown only where dev's verified answers were right at least 0.97 of
    the time as a 95% lower bound (eval/fit_answerability.py): the fitted file says whether any was."""
    import json

    from qa.answer.answerability import MODEL_FILE

    shipped = VerificationModel.load()
    figures = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["verification"]["figures"]
    if shipped.verified_above is None:
        assert figures["dev_best_lower_bound"]["lower_bound"] < figures["verified_precision_promised"]
    else:
        assert figures["dev_verified_right"] >= figures["verified_precision_promised"]
    assert shipped.refuse_below <= shipped.clear_above
