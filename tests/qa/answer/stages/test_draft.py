"""Draft: generators by name from one registry; the extractive one drafts from the judged evidence."""

import pytest

from qa.answer.evidence import RefusalPolicy
from qa.answer.stages.draft import FACTORIES, Draft, GeneratorRegistry
from qa.answer.stages.judge import Judge
from qa.config import GENERATORS, Settings
from qa.errors import InvalidQuestionError


def test_the_registry_knows_exactly_the_configured_generators():
    assert tuple(FACTORIES) == GENERATORS


def test_an_unknown_generator_is_a_clear_error():
    with pytest.raises(
        InvalidQuestionError, match="unknown generator 'gpt5'; choose one of extractive, openai, local"
    ):
        GeneratorRegistry(Settings()).get("gpt5")


def test_generators_are_available_when_they_can_answer(tmp_path):
    bare = Settings(local_model_path=tmp_path / "none.gguf")
    assert GeneratorRegistry(bare).available() == ["extractive"]
    served = Settings(
        local_model_path=tmp_path / "none.gguf", openai_base_url="http://127.0.0.1:9/v1", openai_model="m"
    )
    assert GeneratorRegistry(served).available() == ["extractive", "openai"]


def test_a_generator_is_built_once_and_the_default_comes_from_settings():
    registry = GeneratorRegistry(Settings(generator="extractive"))
    assert registry.get(None) is registry.get("extractive")


def test_the_extractive_draft_cites_the_clause_that_states_the_fact(evidence):
    judgement = Judge(RefusalPolicy()).run(evidence)
    draft = "".join(Draft().run(judgement, GeneratorRegistry(Settings()).get("extractive")))
    assert "41所[1]" in draft


def test_a_refusal_is_not_drafted(evidence):
    judgement = Judge(RefusalPolicy(1.1, 1.1, 1.1)).run(evidence)
    with pytest.raises(ValueError, match="refusal"):
        list(Draft().run(judgement, GeneratorRegistry(Settings()).get("extractive")))
