import json
import subprocess
import sys

import pytest

from qa.cli import build_parser, main

DOC_FIELDS = {"doc_id", "title", "source_file", "issuer", "doc_number", "date", "city", "year", "clauses"}
CLAUSE_FIELDS = {
    "clause_id",
    "doc_id",
    "source_file",
    "locator",
    "title",
    "path",
    "text",
    "original_text",
    "lines",
}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_docs_lists_the_five_documents_with_clause_counts(capsys):
    code, out, _ = run(capsys, "docs")
    assert code == 0
    assert "洛教〔2022〕1号" in out and "huiji-2023-work-points" in out
    assert out.strip().splitlines()[-1].startswith("5 documents, ")


def test_docs_json_has_the_documented_fields(capsys):
    code, out, _ = run(capsys, "docs", "--json")
    docs = json.loads(out)
    assert code == 0 and len(docs) == 5
    assert all(set(d) >= DOC_FIELDS for d in docs)
    hengyang = next(d for d in docs if d["doc_id"] == "hengyang-2022-work-points")
    assert hengyang["doc_number"] is None and hengyang["year"] == 2022 and hengyang["clauses"] > 19


def test_clauses_json_of_a_corpus_document(capsys):
    code, out, _ = run(capsys, "clauses", "luoyang-2022-work-points", "--json", "--kind", "clause")
    clauses = json.loads(out)
    assert code == 0 and len(clauses) == 39
    assert all(set(c) >= CLAUSE_FIELDS for c in clauses)
    c14 = next(c for c in clauses if c["locator"] == "三、14.")
    assert c14["lines"] == [61, 63] and c14["title"] == "持续完善课后服务体系"


def test_clauses_of_a_file_path(tmp_path, capsys):
    path = tmp_path / "mine.md"
    path.write_text(
        "# 学校安全制度\n\n第一条 各校落实安全责任。\n\n第二条 每月检查一次。\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "clauses", str(path))
    assert code == 0
    assert "[学校安全制度 第二条] 每月检查一次" in out


def test_repair_reports_what_changed(capsys):
    code, out, _ = run(capsys, "repair", "handan-2022-work-points")
    assert code == 0
    assert "removed junk, lines 75-82" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["clauses", "no-such-doc"], "no document 'no-such-doc'"),
        (["clauses", "empty.txt"], "the file is empty"),
        (["docs", "--corpus", "nowhere"], "no such file or folder"),
    ],
)
def test_user_errors_print_one_line_and_exit_non_zero(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.txt").write_text("")
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert err.startswith("policyqa: error: ") and message in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [[], ["docs"], ["clauses"], ["repair"]])
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([*command, "--help"])
    assert exited.value.code == 0
    assert "usage: policyqa" in capsys.readouterr().out


def test_the_installed_entry_point_runs_without_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "qa.cli", "clauses", "no-such-doc"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        == "policyqa: error: no document 'no-such-doc' (see `policyqa docs` for the ids)"
    )
