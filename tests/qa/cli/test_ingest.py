"""`policyqa ingest / remove` with the real embedding model on small documents of every type."""

import json

import pytest

from tests.qa.cli.conftest import TXT

pytestmark = pytest.mark.slow


def test_ingest_every_file_type_then_search_them(tmp_path, user_files, policyqa):
    data = tmp_path / "data"
    code, out, _ = policyqa("ingest", "--data-dir", data, user_files, "--json")
    summary = json.loads(out)
    assert code == 0 and sorted(summary["added"]) == ["bing", "ding", "jia", "yi"]
    assert summary["embedded"] >= summary["clauses"] > 8

    for question, expected in [
        ("县管校聘", "jia/s1-c2"),
        ("课后服务怎么收费", "yi/h1-h3-p1"),
        ("校园安全隐患排查多久一次", "bing/s1-c1"),
        ("特岗教师招多少", "ding/s1-c1"),
    ]:
        code, out, _ = policyqa("search", question, "--data-dir", data, "--json", "--top-k", "3")
        hits = json.loads(out)["hits"]
        assert code == 0 and hits[0]["clause_id"] == expected, (question, hits[:2])
        assert {"clause_id", "doc_id", "source_file", "locator", "title", "score", "text", "ranks"} <= set(
            hits[0]
        )


def test_reingest_is_free_remove_deletes_and_docs_lists_the_index(tmp_path, user_files, policyqa):
    data = tmp_path / "data"
    policyqa("ingest", "--data-dir", data, user_files / "jia.txt", user_files / "yi.md")
    code, out, _ = policyqa("ingest", "--data-dir", data, user_files / "jia.txt", "--json")
    assert json.loads(out)["unchanged"] == ["jia"] and json.loads(out)["embedded"] == 0

    code, out, _ = policyqa("remove", "jia", "--data-dir", data)
    assert code == 0 and "1 removed" in out
    code, out, _ = policyqa("docs", "--data-dir", data, "--json")
    assert [d["doc_id"] for d in json.loads(out)] == ["yi"]


def test_metadata_options_describe_a_user_document(tmp_path, user_files, policyqa):
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
    assert policyqa(*argv)[0] == 0
    code, out, _ = policyqa("docs", "--data-dir", data, "--json")
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
    tmp_path, user_files, policyqa, name, content, message
):
    data = tmp_path / "data"
    policyqa("ingest", "--data-dir", data, user_files / "jia.txt")
    bad = tmp_path / name
    bad.write_bytes(content)
    code, out, err = policyqa("ingest", "--data-dir", data, bad)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    code, out, _ = policyqa("docs", "--data-dir", data, "--json")
    assert [d["doc_id"] for d in json.loads(out)] == ["jia"]


def test_the_same_document_twice_in_one_ingest_is_refused(tmp_path, user_files, policyqa):
    copy = tmp_path / "copy.txt"
    copy.write_text(TXT, encoding="utf-8")
    code, _, err = policyqa("ingest", "--data-dir", tmp_path / "data", user_files / "jia.txt", copy)
    assert code == 1 and "duplicate" in err


def test_removing_an_unknown_document_from_an_empty_library_says_there_is_no_index(tmp_path, policyqa):
    code, _, err = policyqa("remove", "jia", "--data-dir", tmp_path / "empty")
    assert code == 1 and "no index yet" in err
