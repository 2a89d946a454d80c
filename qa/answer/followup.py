"""Turn an elliptical follow-up ("那衡阳呢？", "2023年呢") into a standalone question, using the
conversation's previous question."""

from __future__ import annotations

import re

_ELLIPTIC = re.compile(
    r"^(?:那么|那|还有|再看看|换成)?\s*(?P<core>.{1,12}?)\s*(?:呢|的呢|怎么样|如何)?\s*[？?。.！!]*$"
)
_YEAR = re.compile(r"20\d{2}年?")


def is_followup(question: str) -> bool:
    q = question.strip()
    return len(q) <= 15 and (q.startswith(("那", "还有", "换成")) or q.rstrip("？?。 ").endswith("呢"))


def resolve(question: str, previous: str | None, place_names: set[str]) -> str | None:
    """The standalone question, or None when `question` is not a follow-up of `previous`."""
    if not previous or not is_followup(question):
        return None
    match = _ELLIPTIC.match(question.strip())
    core = match.group("core") if match else question.strip()
    core = core.removesuffix("的").strip()
    if not core:
        return None
    if _YEAR.fullmatch(core):
        year = core if core.endswith("年") else core + "年"
        return _YEAR.sub(year, previous, count=1) if _YEAR.search(previous) else year + previous
    mentioned = sorted((p for p in place_names if p in previous), key=len, reverse=True)
    if mentioned:
        resolved = previous
        for place in mentioned:
            resolved = resolved.replace(place, "\x00")
        return re.sub("\x00+", core, resolved, count=1).replace("\x00", "")
    return core + previous
