"""A generator backed by any OpenAI-compatible chat server (vLLM, Ollama, DeepSeek, Qwen, a local
llama.cpp server …) through llama-index's OpenAI-like LLM."""

from __future__ import annotations

from collections.abc import Iterator

from qa.answer.generators import DraftRequest, GeneratorError
from qa.answer.prompt import SYSTEM_PROMPT, build_prompt


class OpenAICompatibleGenerator:
    name = "openai"

    def __init__(
        self, base_url: str, model: str, api_key: str = "none", timeout: float = 60.0, max_tokens: int = 512
    ):
        if not base_url or not model:
            raise GeneratorError(
                "the openai generator needs a server: set POLICYQA_OPENAI_BASE_URL and POLICYQA_OPENAI_MODEL"
            )
        from llama_index.llms.openai_like import OpenAILike

        self.llm = OpenAILike(
            model=model,
            api_base=base_url,
            api_key=api_key or "none",
            is_chat_model=True,
            timeout=timeout,
            max_retries=0,
            max_tokens=max_tokens,
            temperature=0.1,
        )

    def _messages(self, request: DraftRequest):
        from llama_index.core.llms import ChatMessage

        return [
            ChatMessage(role="system", content=SYSTEM_PROMPT),
            ChatMessage(role="user", content=build_prompt(request)),
        ]

    def draft(self, request: DraftRequest) -> str:
        try:
            return self.llm.chat(self._messages(request)).message.content or ""
        except Exception as error:  # openai/httpx raise many types; the user needs one message
            raise GeneratorError(
                f"the LLM server failed: {type(error).__name__}: {str(error)[:200]}"
            ) from None

    def stream(self, request: DraftRequest) -> Iterator[str]:
        try:
            for chunk in self.llm.stream_chat(self._messages(request)):
                if chunk.delta:
                    yield chunk.delta
        except Exception as error:
            raise GeneratorError(
                f"the LLM server failed: {type(error).__name__}: {str(error)[:200]}"
            ) from None
