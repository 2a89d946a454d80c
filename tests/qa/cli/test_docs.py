"""`policyqa docs`: the index's documents, else the corpus folder's."""

import json

import pytest

DOC_FIELDS = {"doc_id", "title", "source_file", "issuer", "doc_number", "date", "city", "year", "clauses"}


def test_docs_lists_the_five_documents_with_clause_counts(policyqa):
    code, out, _ = policyqa("docs")
    assert code == 0
    assert "洛教〔2022〕1号" in out and "huiji-2023-work-points" in out
    assert out.strip().splitlines()[-1].startswith("5 documents, ")


def test_docs_json_has_the_documented_fields(policyqa):
    code, out, _ = policyqa("docs", "--json")
    docs = json.loads(out)
    assert code == 0 and len(docs) == 5
    assert all(set(d) >= DOC_FIELDS for d in docs)
    hengyang = next(d for d in docs if d["doc_id"] == "hengyang-2022-work-points")
    assert hengyang["doc_number"] is None and hengyang["year"] == 2022 and hengyang["clauses"] > 19


def test_docs_without_an_index_lists_the_corpus_folder_and_says_so(tmp_path, policyqa):
    code, out, _ = policyqa("docs", "--data-dir", tmp_path / "empty")
    assert code == 0 and out.strip().endswith("in the corpus folder (not indexed: run `policyqa ingest`)")


@pytest.mark.slow
def test_docs_lists_the_index_when_there_is_one(real_settings, policyqa):
    code, out, _ = policyqa("docs", "--data-dir", real_settings.data_dir)
    assert code == 0 and out.strip().endswith("clauses in the index")
