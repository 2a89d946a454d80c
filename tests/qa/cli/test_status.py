"""`policyqa status`: the serving generation, those kept, the size on disk."""

import json

import pytest


@pytest.mark.slow
def test_status_shows_the_serving_generation_and_the_size_on_disk(real_settings, policyqa):
    code, out, _ = policyqa("status", "--json", "--data-dir", real_settings.data_dir)
    status = json.loads(out)
    assert code == 0 and status["active"] in status["generations"]
    assert status["documents"] == 5 and status["clauses"] > 200 and status["size_bytes"] > 1_000_000
    code, out, _ = policyqa("status", "--data-dir", real_settings.data_dir)
    assert code == 0 and "serving: policyqa-" in out and "size on disk:" in out


def test_status_of_an_empty_data_dir_says_nothing_serves_yet(tmp_path, policyqa):
    code, out, _ = policyqa("status", "--data-dir", tmp_path / "empty")
    assert code == 0 and "serving: nothing yet (run `policyqa ingest`)" in out
    assert "documents: 0, clauses: 0" in out
