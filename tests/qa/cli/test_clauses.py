"""`policyqa clauses` and `policyqa repair`: a document read from its file."""

import json

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


def test_clauses_json_of_a_corpus_document(policyqa):
    code, out, _ = policyqa("clauses", "luoyang-2022-work-points", "--json", "--kind", "clause")
    clauses = json.loads(out)
    assert code == 0 and len(clauses) == 39
    assert all(set(c) >= CLAUSE_FIELDS for c in clauses)
    c14 = next(c for c in clauses if c["locator"] == "三、14.")
    assert c14["lines"] == [61, 63] and c14["title"] == "持续完善课后服务体系"


def test_clauses_of_a_file_path(tmp_path, policyqa):
    path = tmp_path / "mine.md"
    path.write_text(
        "# 学校安全制度\n\n第一条 各校落实安全责任。\n\n第二条 每月检查一次。\n", encoding="utf-8"
    )
    code, out, _ = policyqa("clauses", path)
    assert code == 0
    assert "[学校安全制度 第二条] 每月检查一次" in out


def test_clauses_text_is_cut_at_120_characters_unless_full(tmp_path, policyqa):
    path = tmp_path / "long.md"
    path.write_text("# 长文\n\n第一条 " + "甲" * 200 + "。\n", encoding="utf-8")
    _, cut, _ = policyqa("clauses", path)
    _, full, _ = policyqa("clauses", path, "--full")
    assert "甲" * 120 + "…" not in full and "…" in cut and "甲" * 200 in full


def test_repair_reports_what_changed(policyqa):
    code, out, _ = policyqa("repair", "handan-2022-work-points")
    assert code == 0
    assert "removed junk, lines 75-82" in out
