"""The prompt every LLM generator gets (openai, local): a system message with the rules, and the
numbered clauses with their locators (and the sentences retrieval found in each), grouped per
compared place or document, then what shape the answer takes, then the question. The judge has
already decided that these clauses answer it; a refusal never reaches a generator."""

from __future__ import annotations

from qa.answer.generators import DraftRequest
from qa.records import source_label

SYSTEM_PROMPT = (
    "你是教育政策问答助手，只依据用户提供的编号条款回答问题。"
    "要求：1. 用简洁的中文直接回答，先给出结论（数字、日期、单位、名称等）；"
    "2. 每一句话末尾用[编号]标注其依据的条款，例如[1]或[2][3]；"
    "3. 不得使用条款以外的信息，不要编造；4. 不要复述问题，不要输出条款列表。"
)


SHAPE_INSTRUCTIONS = {
    "list": "请逐条列出相关条款，每条一行，以条款位置开头（如“五、17.”），每行末尾标注[编号]。",
    "yesno": "请先回答“是”或“否”（或“能/不能”“有/没有”），再用一句话说明依据。",
    "point": "请完整转述这一条款的内容。",
}


def build_prompt(request: DraftRequest) -> str:
    lines = ["条款："]
    for label, indexes in request.groups:
        if label:
            lines.append(f"（以下为{label}的条款）")
        for index in indexes:
            hit = request.evidence[index]
            lines.append(f"[{index + 1}] {source_label(hit.doc_title, None, hit.locator)}：{hit.text}")
            if hit.sentences:
                lines.append(f"    （最相关的句子：{' / '.join(s.text for s in hit.sentences[:2])}）")
    lines.append("")
    labels = [label for label, _ in request.groups if label]
    if len(labels) > 1:
        lines.append(
            f"请按{'、'.join(labels)}分别作答，每部分先写它的名称和冒号（如“{labels[0]}：”）；"
            "某部分条款中没有相关内容的，写“没有找到”。"
        )
    if request.shape in SHAPE_INSTRUCTIONS:
        lines.append(SHAPE_INSTRUCTIONS[request.shape])
    lines.append(f"问题：{request.question}")
    return "\n".join(lines)


# The second reader (qa/answer/checker.py): does the cited evidence state what is asked? The model
# is read, not parsed: the probability of 是 as the first token of its reply. Wording fixed on dev.
CHECK_SYSTEM_PROMPT = "你是政策文件核对员。只根据给出的条款判断，不使用自己的知识，也不要回答问题本身。"

CHECK_QUESTION = (
    "上面的条款是否明确给出了问题所问的内容（所问的数字、日期、名称、年份或具体做法）？只回答“是”或“否”。"
)
# A yes/no question's own answer (不能 = "not allowed") is not the verdict: ask whether the clauses
# rule on the matter at all, whichever way.
CHECK_YESNO_QUESTION = (
    "这是一个是非问题，但不要回答它本身。请判断：上面的条款是否对问题所问的事项作出了明确规定"
    "（无论规定是允许还是禁止、有还是没有）？只回答“是”或“否”。"
)


def build_check_prompt(question: str, clauses: list[tuple[str, str]], shape: str = "single") -> str:
    """`clauses`: (source label, text) pairs, already cut to the prompt budget."""
    lines = ["条款："]
    lines += [f"[{n}] {label}：{text}" for n, (label, text) in enumerate(clauses, 1)]
    lines += ["", f"问题：{question}", ""]
    lines.append(CHECK_YESNO_QUESTION if shape == "yesno" else CHECK_QUESTION)
    return "\n".join(lines)
