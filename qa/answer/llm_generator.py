"""A generator backed by any OpenAI-compatible chat server (vLLM, Ollama, DeepSeek, Qwen, a local
llama.cpp server …) through llama-index's OpenAI-like LLM."""

from __future__ import annotations

from collections.abc import Iterator

from qa.answer.generators import DraftRequest, GeneratorError

SYSTEM_PROMPT = (
    "你是教育政策问答助手，只依据用户提供的编号条款回答问题。"
    "要求：1. 用简洁的中文直接回答，先给出结论（数字、日期、单位、名称等）；"
    "2. 每一句话末尾用[编号]标注其依据的条款，例如[1]或[2][3]；"
    "3. 不得使用条款以外的信息，不要编造；4. 不要复述问题，不要输出条款列表。"
)


def build_prompt(request: DraftRequest) -> str:
    lines = ["条款："]
    for label, indexes in request.groups:
        if label:
            lines.append(f"（以下为{label}的条款）")
        for index in indexes:
            hit = request.evidence[index]
            lines.append(f"[{index + 1}] 《{hit.doc_title}》{hit.locator}：{hit.text}")
    lines.append("")
    labels = [label for label, _ in request.groups if label]
    if len(labels) > 1:
        lines.append(f"请按{'、'.join(labels)}分别作答，每部分以“名称：”开头。")
    lines.append(f"问题：{request.question}")
    return "\n".join(lines)


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
