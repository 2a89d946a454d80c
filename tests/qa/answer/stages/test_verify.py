"""Verify: the draft checked sentence by sentence as it streams, the result last."""

from qa.answer.stages.verify import Verified, Verify
from tests.qa.answer.stages.conftest import BOARDING, hit


def test_supported_sentences_stream_through_and_unsupported_ones_are_dropped():
    pieces = list(
        Verify().run(
            ["2022年新建、改扩建农村寄宿制学校41所[1]。", "月球上也要建学校[1]。"], [hit("ly/c29", BOARDING)]
        )
    )
    verified = pieces[-1]
    assert isinstance(verified, Verified) and all(isinstance(p, str) for p in pieces[:-1])
    assert "".join(pieces[:-1]) == verified.checked.text == "2022年新建、改扩建农村寄宿制学校41所[1]。"
    assert verified.checked.report.dropped == ["月球上也要建学校。"] and verified.check_ms >= 0
    assert [c.clause_id for c in verified.checked.citations] == ["ly/c29"]
