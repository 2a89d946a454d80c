"""The questions kept in the repo (corpus/expansions/ for the built-in corpus, eval/data/docs/
expansions/ for the evaluation's extra documents) match the documents' current clauses and say
what made them; the prompt that wrote them never saw a golden question."""

from __future__ import annotations

import pytest

from qa.application.expansion import Expansions
from qa.config import Settings
from qa.evaluation.corpus import evaluation_documents
from qa.evaluation.golden import load
from qa.index.expansion import EXPANSION_VERSION, ExpansionSet, expandable, expansion_path, prompt_text
from qa.llm.install import MODEL_SHA256

DOCUMENTS = evaluation_documents(Settings())


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.doc_id)
def test_every_clause_has_questions_written_from_its_current_text_by_the_bundled_model(document):
    path = expansion_path(Expansions(Settings()).folder_beside(document), document.doc_id)
    kept = ExpansionSet.load(path)
    assert (kept.doc_id, kept.model_sha256, kept.version) == (
        document.doc_id,
        MODEL_SHA256,
        EXPANSION_VERSION,
    )
    assert kept.prompt == prompt_text()
    clauses = expandable(document)
    title = document.meta.title
    stale = [c.locator for c in clauses if not kept.current(c, title)]
    assert not stale, f"regenerate with `policyqa expand`: {stale}"
    assert set(kept.questions) == {c.clause_id for c in clauses}  # no questions of clauses gone
    with_questions = sum(1 for c in clauses if kept.questions[c.clause_id])
    assert with_questions >= 0.9 * len(clauses)


def test_the_prompt_never_saw_a_golden_question():
    prompt = prompt_text()
    questions = [item.question for item in load()]
    assert questions and not [q for q in questions if q.rstrip("？?") in prompt]
