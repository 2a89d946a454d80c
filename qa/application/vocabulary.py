"""The vocabulary staff teach: 俗称 → 规范用语 pairs kept in <data_dir>/synonyms.json, checked
before they are kept, and handed to the tokenizer's table (qa.retrieval.tokenizer) so the running
process searches with them at once. The built-in table (qa/resources/synonyms.txt) stays as it is."""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from qa.application.views import SynonymPair
from qa.errors import VocabularyError
from qa.retrieval import tokenizer

log = logging.getLogger("policyqa.vocabulary")

MAX_PAIRS = 500
MAX_POLICY_WORDS = 10
MAX_WORD_CHARS = 20
WORD = re.compile(rf"[^\W_]{{1,{MAX_WORD_CHARS}}}")  # letters (CJK too) and digits, nothing else


def _check_word(word: object, where: str) -> str:
    if not isinstance(word, str) or not WORD.fullmatch(word.strip()):
        raise VocabularyError(
            f"{where}: {word!r} must be 1-{MAX_WORD_CHARS} letters or digits (no spaces or punctuation)",
            f"{where}“{word}”须为 1–{MAX_WORD_CHARS} 个汉字、字母或数字（不含空格和标点）",
        )
    return word.strip()


def validate(pairs: Iterable[SynonymPair]) -> tuple[SynonymPair, ...]:
    """The pairs as they will be kept, or VocabularyError (kind invalid: 422) naming the first fault."""
    checked: list[SynonymPair] = []
    seen: set[str] = set()
    for pair in pairs:
        if len(checked) == MAX_PAIRS:
            raise VocabularyError(f"at most {MAX_PAIRS} pairs", f"最多 {MAX_PAIRS} 组同义词")
        word = _check_word(pair.word, "word")
        policy = tuple(dict.fromkeys(_check_word(p, "policy word") for p in pair.policy))
        if not policy:
            raise VocabularyError(f"'{word}' has no policy words", f"“{word}”没有填写规范用语")
        if len(policy) > MAX_POLICY_WORDS:
            raise VocabularyError(
                f"'{word}' has more than {MAX_POLICY_WORDS} policy words",
                f"“{word}”的规范用语超过 {MAX_POLICY_WORDS} 个",
            )
        if word in policy:
            raise VocabularyError(f"'{word}' is mapped to itself", f"“{word}”不能对应它自己")
        if word in seen:
            raise VocabularyError(f"'{word}' is given twice", f"“{word}”出现了两次")
        seen.add(word)
        checked.append(SynonymPair(word, policy))
    return tuple(checked)


class Vocabulary:
    """The taught pairs on disk; `load()` and `save()` also make them the tokenizer's."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()  # one save at a time (the chat and the API may both write)

    def _read(self) -> tuple[SynonymPair, ...]:
        if not self.path.exists():
            return ()
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return validate(SynonymPair(p["word"], tuple(p["policy"])) for p in data.get("custom", []))

    def load(self) -> tuple[SynonymPair, ...]:
        """Apply the kept pairs. A file edited by hand into something unreadable must not stop
        the service from starting: it is logged and searched without (the next save replaces it)."""
        try:
            pairs = self._read()
        except (ValueError, KeyError, TypeError, AttributeError, VocabularyError) as error:
            log.error("%s is not a valid vocabulary, ignored: %s", self.path, error)
            pairs = ()
        tokenizer.set_custom_synonyms({p.word: p.policy for p in pairs})
        return pairs

    def custom(self) -> tuple[SynonymPair, ...]:
        return self._read()

    def save(self, pairs: Iterable[SynonymPair]) -> tuple[SynonymPair, ...]:
        """Check, keep (a temp file renamed over the old one: never half written) and apply."""
        checked = validate(pairs)
        text = json.dumps({"custom": [p.to_dict() for p in checked]}, ensure_ascii=False, indent=1)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".synonyms-", suffix=".json", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as file:
                    file.write(text)
                os.replace(temp, self.path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
            tokenizer.set_custom_synonyms({p.word: p.policy for p in checked})
        return checked


def builtin_pairs() -> tuple[SynonymPair, ...]:
    return tuple(SynonymPair(word, policy) for word, policy in tokenizer.builtin_synonyms().items())
