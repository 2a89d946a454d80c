"""`policyqa search`: its output, and an empty library."""

import json

import pytest

pytestmark = pytest.mark.slow


def test_search_prints_ranked_clauses_and_json_is_the_found_record(real_settings, policyqa):
    code, out, _ = policyqa("search", "洛阳县管校聘", "--top-k", "2", "--data-dir", real_settings.data_dir)
    assert code == 0 and out.startswith("范围: ") and "\n1. 《" in out and "(score " in out
    code, out, _ = policyqa(
        "search", "洛阳县管校聘", "--json", "--top-k", "2", "--data-dir", real_settings.data_dir
    )
    found = json.loads(out)
    assert set(found) == {"question", "scope", "hits", "timings_ms"} and len(found["hits"]) == 2
    assert "luoyang-2022-work-points" in found["scope"]["doc_ids"]  # the question names 洛阳


def test_an_explicitly_empty_library_says_how_to_build_an_index(tmp_path, policyqa):
    code, _, err = policyqa("search", "双减", "--no-default-corpus", "--data-dir", tmp_path / "empty")
    assert code == 1 and "no index yet" in err and "policyqa ingest" in err
    code, _, err = policyqa("search", "   ", "--data-dir", tmp_path / "empty")
    assert code == 1 and "the question is empty" in err
    assert "building" not in err  # refused before any index is built for it
