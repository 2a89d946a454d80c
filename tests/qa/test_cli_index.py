"""`policyqa ingest / search / remove / docs` with the real embedding model on small documents."""

import json

import pytest

from qa.cli import main

pytestmark = pytest.mark.slow

TXT = "甲区教育局2024年工作要点\n\n一、办学条件\n\n1.新建公办幼儿园5所，新增学位1200个。\n\n2.推进县管校聘改革。\n"
MD = "# 乙县课后服务管理办法\n\n## 总体要求\n\n课后服务实现义务教育学校全覆盖。\n\n## 收费\n\n课后服务费用按每生每学期300元收取。\n"
LINES = ["丙市教育局关于校园安全的通知", "一、安全检查", "1.每月开展一次校园安全隐患排查。"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def user_files(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "jia.txt").write_text(TXT, encoding="utf-8")
    (folder / "yi.md").write_text(MD, encoding="utf-8")
    import docx

    document = docx.Document()
    for line in LINES:
        document.add_paragraph(line)
    document.save(str(folder / "bing.docx"))
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(folder / "ding.pdf"))
    pdf.setFont("STSong-Light", 12)
    for i, line in enumerate(["丁县教育局2024年工作要点", "一、教师队伍", "1.招聘特岗教师80名。"]):
        pdf.drawString(50, 800 - 20 * i, line)
    pdf.save()
    return folder


def test_ingest_every_file_type_then_search_them(tmp_path, user_files, capsys):
    data = tmp_path / "data"
    code, out, _ = run(capsys, "ingest", "--data-dir", data, user_files, "--json")
    summary = json.loads(out)
    assert code == 0 and sorted(summary["added"]) == ["bing", "ding", "jia", "yi"]
    assert summary["embedded"] >= summary["clauses"] > 8

    for question, expected in [
        ("县管校聘", "jia/s1-c2"),
        ("课后服务怎么收费", "yi/h1-h3-p1"),
        ("校园安全隐患排查多久一次", "bing/s1-c1"),
        ("特岗教师招多少", "ding/s1-c1"),
    ]:
        code, out, _ = run(capsys, "search", question, "--data-dir", data, "--json", "--top-k", "3")
        hits = json.loads(out)["hits"]
        assert code == 0 and hits[0]["clause_id"] == expected, (question, hits[:2])
        assert {"clause_id", "doc_id", "source_file", "locator", "title", "score", "text", "ranks"} <= set(
            hits[0]
        )


def test_reingest_is_free_remove_deletes_and_docs_lists_the_index(tmp_path, user_files, capsys):
    data = tmp_path / "data"
    run(capsys, "ingest", "--data-dir", data, user_files / "jia.txt", user_files / "yi.md")
    code, out, _ = run(capsys, "ingest", "--data-dir", data, user_files / "jia.txt", "--json")
    assert json.loads(out)["unchanged"] == ["jia"] and json.loads(out)["embedded"] == 0

    code, out, _ = run(capsys, "remove", "jia", "--data-dir", data)
    assert code == 0 and "1 removed" in out
    code, out, _ = run(capsys, "docs", "--data-dir", data, "--json")
    assert [d["doc_id"] for d in json.loads(out)] == ["yi"]


def test_metadata_options_describe_a_user_document(tmp_path, user_files, capsys):
    data = tmp_path / "data"
    argv = [
        "ingest",
        "--data-dir",
        data,
        user_files / "jia.txt",
        "--city",
        "甲市",
        "--district",
        "甲区",
        "--doc-number",
        "甲教〔2024〕1号",
    ]
    assert run(capsys, *argv)[0] == 0
    code, out, _ = run(capsys, "docs", "--data-dir", data, "--json")
    (doc,) = json.loads(out)
    assert (doc["city"], doc["district"], doc["doc_number"], doc["year"]) == (
        "甲市",
        "甲区",
        "甲教〔2024〕1号",
        2024,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("sheet.xlsx", b"PK", "unsupported file type '.xlsx'"),
    ],
)
def test_bad_files_are_refused_and_the_index_is_untouched(
    tmp_path, user_files, capsys, name, content, message
):
    data = tmp_path / "data"
    run(capsys, "ingest", "--data-dir", data, user_files / "jia.txt")
    bad = tmp_path / name
    bad.write_bytes(content)
    code, out, err = run(capsys, "ingest", "--data-dir", data, bad)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "docs", "--data-dir", data, "--json")
    assert [d["doc_id"] for d in json.loads(out)] == ["jia"]


def test_the_same_document_twice_in_one_ingest_is_refused(tmp_path, user_files, capsys):
    copy = tmp_path / "copy.txt"
    copy.write_text(TXT, encoding="utf-8")
    code, _, err = run(capsys, "ingest", "--data-dir", tmp_path / "data", user_files / "jia.txt", copy)
    assert code == 1 and "duplicate" in err


def test_an_explicitly_empty_library_says_how_to_build_an_index(tmp_path, capsys):
    code, _, err = run(capsys, "search", "双减", "--no-default-corpus", "--data-dir", tmp_path / "empty")
    assert code == 1 and "no index yet" in err and "policyqa ingest" in err
    code, _, err = run(capsys, "search", "   ", "--data-dir", tmp_path / "empty")
    assert code == 1 and "the question is empty" in err


def test_ask_prints_a_cited_answer_and_json(real_settings, capsys):
    code, out, _ = run(
        capsys, "ask", "洛阳今年要新建多少所农村寄宿制学校？", "--data-dir", real_settings.data_dir
    )
    assert code == 0 and "41所[1]" in out and "引用：" in out and "五、29." in out and "把握：" in out
    code, out, _ = run(
        capsys, "ask", "惠济区新学期几月几号开学？", "--json", "--data-dir", real_settings.data_dir
    )
    printed = json.loads(out)
    assert code == 0 and printed["refused"] is True and 0.0 <= printed["confidence"] < 0.5


def test_ask_file_prints_one_json_object_per_line_in_order(real_settings, tmp_path, capsys):
    questions = tmp_path / "questions.txt"
    questions.write_text(
        "洛阳今年要新建多少所农村寄宿制学校？\n\n衡阳怎么推进双减工作？\n石家庄今年普高计划招多少人？\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "ask", "--file", questions, "--json", "--data-dir", real_settings.data_dir)
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [a["question"] for a in answers] == [
        "洛阳今年要新建多少所农村寄宿制学校？",
        "衡阳怎么推进双减工作？",
        "石家庄今年普高计划招多少人？",
    ]
    assert [a["refused"] for a in answers] == [False, False, True]


def test_ask_needs_a_question(real_settings, capsys):
    code, _, err = run(capsys, "ask", "--data-dir", real_settings.data_dir)
    assert code == 1 and "give a question" in err


def test_status_shows_the_serving_generation_and_the_size_on_disk(real_settings, capsys):
    code, out, _ = run(capsys, "status", "--json", "--data-dir", real_settings.data_dir)
    status = json.loads(out)
    assert code == 0 and status["active"] in status["generations"]
    assert status["documents"] == 5 and status["clauses"] > 200 and status["size_bytes"] > 1_000_000
    code, out, _ = run(capsys, "status", "--data-dir", real_settings.data_dir)
    assert code == 0 and "serving: policyqa-" in out and "size on disk:" in out


def test_ask_takes_place_and_year_filters_and_refuses_an_unknown_document(real_settings, capsys):
    code, out, _ = run(
        capsys, "ask", "双减怎么推进？", "--city", "衡阳", "--json", "--data-dir", real_settings.data_dir
    )
    assert code == 0 and {r["doc_id"] for r in json.loads(out)["retrieved"]} == {"hengyang-2022-work-points"}
    code, _, err = run(capsys, "ask", "双减", "--doc", "nope", "--data-dir", real_settings.data_dir)
    assert code == 1 and "unknown doc_id nope; known:" in err


def test_the_first_question_on_an_empty_data_dir_builds_the_corpus_index_itself(tmp_path, user_files, capsys):
    code, out, err = run(
        capsys,
        "ask",
        "县管校聘怎么推进？",
        "--json",
        "--corpus",
        user_files,
        "--data-dir",
        tmp_path / "first",
    )
    assert code == 0 and "no index yet" in err and "building it from the built-in corpus" in err
    assert json.loads(out)["retrieved"]  # answered from the index it just built
    code, _, err = run(
        capsys, "ask", "县管校聘怎么推进？", "--corpus", user_files, "--data-dir", tmp_path / "first"
    )
    assert code == 0 and "no index yet" not in err  # once
