"""The `local` generator: the bundled Qwen2.5-Coder-1.5B model run in-process (qa/llm).

Same prompt contract as the `openai` generator (SYSTEM_PROMPT + build_prompt) and, like every
generator, its draft goes through the citation check in the service; whether to answer at all was
decided from the retrieval evidence before this is called. On 2 CPU cores the prompt is the cost
(~25 tokens/s), so the prompt carries a budget: the fewest, most relevant clauses, each cut to the
sentences that match the question best, within `local_prompt_chars` characters.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from qa.answer.evidence import weighted_coverage
from qa.answer.generators import DraftRequest, GeneratorError
from qa.answer.prompt import SYSTEM_PROMPT, build_prompt
from qa.answer.text import sentences
from qa.config import Settings
from qa.llm.runtime import LocalModel, LocalModelError, ModelConfig, not_installed_message, shared_model


def _shorten(text: str, budget: int, request: DraftRequest) -> str:
    """The clause cut to `budget` characters: its best-matching sentences, in their order."""
    if len(text) <= budget:
        return text
    parts = sentences(text)
    ranked = sorted(
        range(len(parts)),
        key=lambda i: (-weighted_coverage(request.tokens, parts[i], request.idf), i),
    )
    keep, used = set(), 0
    for i in ranked:
        if used + len(parts[i]) > budget:
            continue
        keep.add(i)
        used += len(parts[i])
    if not keep:  # one sentence longer than the budget
        return parts[ranked[0]][:budget] + "…" if parts else text[:budget] + "…"
    return "…".join("".join(parts[i] for i in run) for run in _runs(sorted(keep)))


def _runs(indexes: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indexes:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def budget_request(request: DraftRequest, max_clauses: int, max_chars: int) -> DraftRequest:
    """A request for the prompt only: at most `max_clauses` clauses (taken in retrieval order,
    round-robin over compared places so each keeps its best one), their texts cut to share
    `max_chars`. Clause numbers are unchanged, so the model's [n] still point into the full
    evidence the citation check uses."""
    chosen: list[list[int]] = [[] for _ in request.groups]
    total = 0
    depth = max((len(indexes) for _, indexes in request.groups), default=0)
    for rank in range(depth):
        for g, (_, indexes) in enumerate(request.groups):
            if rank < len(indexes) and total < max(max_clauses, len(request.groups)):
                chosen[g].append(indexes[rank])
                total += 1
    share = max(120, max_chars // max(total, 1))
    evidence = list(request.evidence)
    for indexes in chosen:
        for index in indexes:
            hit = evidence[index]
            evidence[index] = replace(hit, text=_shorten(hit.text, share, request))
    groups = [(label, indexes) for (label, _), indexes in zip(request.groups, chosen, strict=True)]
    return replace(request, evidence=evidence, groups=groups)


class LocalGenerator:
    name = "local"

    def __init__(self, settings: Settings, model: LocalModel | None = None):
        self.settings = settings
        if model is None and not settings.local_model_path.is_file():
            raise GeneratorError(not_installed_message(settings.local_model_path))
        self.model = model or shared_model(ModelConfig.from_settings(settings))

    def messages(self, request: DraftRequest) -> list[dict]:
        trimmed = budget_request(request, self.settings.local_max_clauses, self.settings.local_prompt_chars)
        return [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": build_prompt(trimmed)},
        ]

    def draft(self, request: DraftRequest) -> str:
        return "".join(self.stream(request))

    def stream(self, request: DraftRequest) -> Iterator[str]:
        try:
            yield from self.model.stream(self.messages(request))
        except LocalModelError as error:
            raise GeneratorError(str(error)) from None
