"""Stage 4, draft: the chosen generator writes the answer from the judged evidence, as a stream of
text with [n] markers. Generators are looked up by name in a registry and built on first use."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator

from qa.answer.generators import ExtractiveGenerator, Generator
from qa.answer.stages.records import Judgement
from qa.config import Settings
from qa.errors import InvalidQuestionError


def _openai(settings: Settings) -> Generator:
    from qa.answer.llm_generator import OpenAICompatibleGenerator

    return OpenAICompatibleGenerator(
        settings.openai_base_url or "",
        settings.openai_model or "",
        settings.openai_api_key or "none",
        timeout=settings.llm_timeout,
    )


def _local(settings: Settings) -> Generator:
    from qa.answer.local_generator import LocalGenerator

    return LocalGenerator(settings)


EXTRACTIVE = ExtractiveGenerator()
# name → (factory, can it answer now?) — the order is the order users see
FACTORIES: dict[str, tuple[Callable[[Settings], Generator], Callable[[Settings], bool]]] = {
    "extractive": (lambda settings: ExtractiveGenerator(), lambda settings: True),
    "openai": (_openai, lambda s: bool(s.openai_base_url and s.openai_model)),
    "local": (
        _local,
        lambda s: s.local_model_path.is_file() and importlib.util.find_spec("xllamacpp") is not None,
    ),
}


class GeneratorRegistry:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._built: dict[str, Generator] = {}

    def get(self, name: str | None) -> Generator:
        name = name or self.settings.generator
        if name not in FACTORIES:
            raise InvalidQuestionError(f"unknown generator '{name}'; choose one of {', '.join(FACTORIES)}")
        if name not in self._built:
            self._built[name] = FACTORIES[name][0](self.settings)
        return self._built[name]

    def available(self) -> list[str]:
        """The generators that can answer now: extractive always, openai when a server is
        configured, local when its model file is installed (`make llm`) or already loaded."""
        return [name for name, (_, ready) in FACTORIES.items() if name in self._built or ready(self.settings)]


class Draft:
    def run(self, judgement: Judgement, generator: Generator) -> Iterator[str]:
        """The generator's text as it is written (an answerable judgement only)."""
        if judgement.request is None:
            raise ValueError("nothing to draft from: the judgement is a refusal")
        if judgement.request.statements:  # read off the document's fields: quoted, whatever the generator
            generator = EXTRACTIVE
        yield from generator.stream(judgement.request)
