import json
import threading

from qa.application.feedback import FeedbackLog
from tests.ui.test_render import answer


def test_feedback_lines_are_appended_with_question_answer_and_citations(tmp_path):
    log = FeedbackLog(tmp_path / "data" / "feedback.jsonl")
    log.record(answer(), useful=True)
    log.record(answer(), useful=False, comment="  少了衡阳的情况 ", asked="洛阳…")
    first, second = log.read()
    assert first["useful"] is True and first["comment"] == "" and first["question"] == answer().question
    assert first["answer"] == answer().answer and first["citations"][0]["locator"] == "五、29."
    assert second["useful"] is False and second["comment"] == "少了衡阳的情况" and second["asked"] == "洛阳…"


def test_a_later_comment_amends_its_verdict(tmp_path):
    log = FeedbackLog(tmp_path / "feedback.jsonl")
    verdict = log.record(answer(), useful=False)
    log.record(answer(), useful=True)
    log.record(answer(), useful=False, comment="少了衡阳的情况", amends=verdict["id"])
    assert len(log.read()) == 3  # the log is only appended to
    merged = log.verdicts()
    assert [(v["useful"], v["comment"]) for v in merged] == [(False, "少了衡阳的情况"), (True, "")]


def test_concurrent_feedback_never_interleaves_lines(tmp_path):
    log = FeedbackLog(tmp_path / "feedback.jsonl")
    threads = [threading.Thread(target=log.record, args=(answer(), True, "好" * 2000)) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = log.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 20 and all(json.loads(line)["comment"] == "好" * 2000 for line in lines)


def test_a_line_cut_short_by_a_crash_or_edited_by_hand_is_skipped_and_the_rest_is_read(tmp_path):
    log = FeedbackLog(tmp_path / "feedback.jsonl")
    verdict = log.record(answer(), useful=False, comment="文件里叫欺凌")
    with log.path.open("ab") as file:  # lines edited by hand, then one cut short by kill -9 mid-append
        file.write(b'[]\n{"id": "x", "comment": 5}\n"text"\n\xff\xfe\n{"id": "y", "comment": "\xe6\xac')
    assert [entry["id"] for entry in log.read()] == [verdict["id"], "x"]
    assert [(v["id"], v["comment"]) for v in log.verdicts()] == [(verdict["id"], "文件里叫欺凌"), ("x", "")]
    later = log.record(answer(), useful=True)  # starts a line of its own, after the broken one
    assert [entry["id"] for entry in log.read()] == [verdict["id"], "x", later["id"]]
