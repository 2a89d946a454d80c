"""`policyqa ask`: a cited answer, --file, filters, and the first question building the index."""

import json

import pytest

pytestmark = pytest.mark.slow


def test_ask_prints_a_cited_answer_and_json(real_settings, policyqa):
    code, out, _ = policyqa(
        "ask", "洛阳今年要新建多少所农村寄宿制学校？", "--data-dir", real_settings.data_dir
    )
    assert code == 0 and "41所[1]" in out and "引用：" in out and "五、29." in out and "把握：" in out
    code, out, _ = policyqa(
        "ask", "惠济区新学期几月几号开学？", "--json", "--data-dir", real_settings.data_dir
    )
    printed = json.loads(out)
    assert code == 0 and printed["refused"] is True and 0.0 <= printed["confidence"] < 0.5


def test_a_refusal_prints_the_related_clauses_after_its_text(real_settings, policyqa):
    argv = ["ask", "惠济区新学期几月几号开学？", "--data-dir", real_settings.data_dir]
    code, out, _ = policyqa(*argv)
    _, printed, _ = policyqa(*argv, "--json")
    answer = json.loads(printed)
    assert code == 0 and answer["refused"] and answer["related"]
    # the note is not part of the answer's text: the command prints it on the line after
    assert "可能相关的条款" not in answer["answer"]
    lines = out.splitlines()
    said = lines.index(answer["answer"])
    assert lines[said + 1].startswith("可能相关的条款（不构成答案）：")


def test_ask_file_prints_one_json_object_per_line_in_order(real_settings, tmp_path, policyqa):
    questions = tmp_path / "questions.txt"
    questions.write_text(
        "洛阳今年要新建多少所农村寄宿制学校？\n\n衡阳怎么推进双减工作？\n石家庄今年普高计划招多少人？\n",
        encoding="utf-8",
    )
    code, out, _ = policyqa("ask", "--file", questions, "--json", "--data-dir", real_settings.data_dir)
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [a["question"] for a in answers] == [
        "洛阳今年要新建多少所农村寄宿制学校？",
        "衡阳怎么推进双减工作？",
        "石家庄今年普高计划招多少人？",
    ]
    assert [a["refused"] for a in answers] == [False, False, True]


def test_ask_needs_one_question(real_settings, tmp_path, policyqa):
    code, _, err = policyqa("ask", "--data-dir", real_settings.data_dir)
    assert code == 1 and "give a question" in err
    code, _, err = policyqa("ask", "双减", "--file", tmp_path / "q.txt", "--data-dir", real_settings.data_dir)
    assert code == 1 and "not both" in err
    code, _, err = policyqa("ask", "--file", tmp_path / "missing.txt", "--data-dir", real_settings.data_dir)
    assert code == 1 and "cannot be read" in err


def test_ask_takes_place_and_year_filters_and_refuses_an_unknown_document(real_settings, policyqa):
    code, out, _ = policyqa(
        "ask", "双减怎么推进？", "--city", "衡阳", "--json", "--data-dir", real_settings.data_dir
    )
    assert code == 0 and {r["doc_id"] for r in json.loads(out)["retrieved"]} == {"hengyang-2022-work-points"}
    code, _, err = policyqa("ask", "双减", "--doc", "nope", "--data-dir", real_settings.data_dir)
    assert code == 1 and "unknown doc_id nope; known:" in err


def test_a_followup_is_asked_after_its_earlier_question(real_settings, policyqa):
    code, out, _ = policyqa(
        "ask", "那衡阳呢？", "--after", "洛阳怎么推进双减？", "--json", "--data-dir", real_settings.data_dir
    )
    assert code == 0 and "衡阳" in (json.loads(out)["resolved_question"] or "")


def test_the_first_question_on_an_empty_data_dir_builds_the_corpus_index_itself(
    tmp_path, user_files, policyqa
):
    argv = ["ask", "县管校聘怎么推进？", "--corpus", user_files, "--data-dir", tmp_path / "first"]
    code, out, err = policyqa(*argv, "--json")
    assert code == 0 and "no index yet" in err and "building it from the built-in corpus" in err
    assert "indexed " in err and json.loads(out)["retrieved"]  # answered from the index it just built
    code, _, err = policyqa(*argv)
    assert code == 0 and "no index yet" not in err  # once


def test_no_default_corpus_keeps_an_empty_library_empty(tmp_path, user_files, policyqa):
    argv = ["ask", "县管校聘怎么推进？", "--corpus", user_files, "--data-dir", tmp_path / "kept-empty"]
    code, _, err = policyqa(*argv, "--no-default-corpus")
    assert code == 1 and "no index yet" in err and "building" not in err


def test_the_check_is_printed_as_a_line_of_its_own():
    from qa.cli.ask import verification_line
    from qa.records import Verification

    assert verification_line(Verification("local:qwen.gguf", "verified", 0.912, 4230.0, "logprobs")) == (
        "已核对（P(是) 0.91，local:qwen.gguf，4.2 秒）"
    )
    assert verification_line(Verification("m", "refuted", 0.0, 800.0, "constrained")).endswith(
        "，一字作答，无概率）"
    )
    assert verification_line(Verification("", "unchecked", note="the local model is busy")) == (
        "未核对（the local model is busy）"
    )
