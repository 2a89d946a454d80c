"""Chinese tokens for BM25: jieba (search mode) with a user dictionary of policy terms, so that
双减, 课后服务 or 县管校聘 stay whole, minus punctuation and question words that match everything."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path

DEFAULT_USERDICT = Path(str(resources.files("qa.resources") / "userdict.txt"))

STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "等",
        "在",
        "是",
        "对",
        "为",
        "把",
        "将",
        "被",
        "有",
        "要",
        "以",
        "之",
        "其",
        "中",
        "上",
        "下",
        "这",
        "那",
        "个",
        "也",
        "都",
        "就",
        "并",
        "而",
        "从",
        "向",
        "于",
        "由",
        "什么",
        "哪些",
        "哪个",
        "多少",
        "怎么",
        "怎样",
        "如何",
        "吗",
        "呢",
        "吧",
        "啊",
        "请问",
        "是否",
        "是不是",
        "有没有",
        "一下",
        "具体",
        "我们",
        "你们",
        "他们",
        "今年",
        "哪里",
        "几",
        "哪",
        "些",
        "还",
        "呀",
        "么",
    ]
)


class JiebaTokenizer:
    """A private jieba instance (the global one is left alone) with the policy user dictionary."""

    def __init__(self, userdict: Path = DEFAULT_USERDICT):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._lock = threading.Lock()
        self._ready = False
        self.userdict = userdict
        content = userdict.read_bytes() if userdict.exists() else b""
        # Stored tokens are only valid for the dictionary and stopwords that produced them.
        self.fingerprint = hashlib.sha256(content + " ".join(sorted(STOPWORDS)).encode()).hexdigest()[:16]

    def _initialize(self) -> None:
        with self._lock:
            if not self._ready:
                self._jieba.initialize()
                if self.userdict.exists():
                    self._jieba.load_userdict(str(self.userdict))
                self._ready = True

    def __call__(self, text: str) -> list[str]:
        if not self._ready:
            self._initialize()
        tokens = []
        for token in self._jieba.lcut_for_search(text.lower()):
            token = token.strip()
            if token and token not in STOPWORDS and any(c.isalnum() for c in token):
                tokens.append(token)
        return tokens

    def words(self, text: str) -> list[str]:
        """The text cut into words, each once and in order, nothing left out (jieba's precise
        mode): where a word ends and the next begins."""
        if not self._ready:
            self._initialize()
        return self._jieba.lcut(text)


@lru_cache(maxsize=2)
def get_tokenizer(userdict: Path = DEFAULT_USERDICT) -> JiebaTokenizer:
    return JiebaTokenizer(userdict)


SYNONYMS_FILE = Path(str(resources.files("qa.resources") / "synonyms.txt"))


@lru_cache(maxsize=1)
def builtin_synonyms() -> dict[str, tuple[str, ...]]:
    """Everyday word -> the policy words for it, as shipped (qa/resources/synonyms.txt)."""
    table: dict[str, tuple[str, ...]] = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if len(words) >= 2 and not line.startswith("#"):
            table[words[0]] = tuple(words[1:])
    return table


# The pairs staff taught (the facade sets them from <data_dir>/synonyms.json at start and on
# every save). Readers take one reference to an immutable snapshot, so a save is seen at once,
# without a restart, and never half-applied; the lock only orders concurrent writers.
_custom: dict[str, tuple[str, ...]] = {}
_merged: dict[str, tuple[str, ...]] | None = None
_writing = threading.Lock()


def set_custom_synonyms(pairs: dict[str, tuple[str, ...]] | dict[str, list[str]]) -> None:
    """Replace the taught pairs; a word also in the built-in table keeps both lists (built-in first)."""
    global _custom, _merged
    custom = {word: tuple(dict.fromkeys(policy)) for word, policy in pairs.items()}
    merged = dict(builtin_synonyms())
    for word, policy in custom.items():
        merged[word] = tuple(dict.fromkeys([*merged.get(word, ()), *policy]))
    with _writing:
        _custom, _merged = custom, merged


def synonyms() -> dict[str, tuple[str, ...]]:
    """Everyday word -> the policy words for it: the built-in table merged with the taught pairs.
    Callers must not change the dict returned (it is shared)."""
    merged = _merged
    return merged if merged is not None else builtin_synonyms()


def expand(
    tokens: list[str], text: str | None = None, tokenize: Callable[[str], list[str]] | None = None
) -> list[str]:
    """The tokens plus the policy words for everyday ones (for BM25 queries). With the question's
    `text`, a taught word is also found inside it (下河游泳 is no jieba token: staff words are not
    in the dictionary), and with `tokenize` a taught policy word adds its tokens too (防溺水 is
    indexed as 溺水)."""
    table = synonyms()
    extra = [alt for token in tokens for alt in table.get(token, ()) if alt not in tokens]
    custom = _custom
    if text:
        extra += [
            alt for word, policy in custom.items() if word not in tokens and word in text for alt in policy
        ]
    if tokenize is not None:
        taught = {alt for policy in custom.values() for alt in policy}
        extra += [piece for alt in extra if alt in taught for piece in tokenize(alt)]
    return tokens + [alt for alt in dict.fromkeys(extra) if alt not in tokens]


# -- taught words in a question ---------------------------------------------------------------------
# A pair staff taught is their statement that the everyday word means the policy words, so it is
# used more strongly than the built-in table (whose pairs were measured as BM25 and coverage
# synonyms only): the question is also searched by meaning with the policy words in its place, the
# clauses holding them are a fused signal of their own, and the judge reads the taught word whole.


def taught_in(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The taught pairs whose word the text holds, longest word first (下河游泳 before 游泳)."""
    found = [(word, policy) for word, policy in _custom.items() if word and word in text]
    return sorted(found, key=lambda pair: -len(pair[0]))


def taught_rewrite(text: str) -> str:
    """The text with each taught word replaced by its policy words (孩子下河游泳的事 →
    孩子防溺水的事): what meaning search looks for. The text itself when none is taught."""
    for word, policy in taught_in(text):
        text = text.replace(word, "、".join(policy))
    return text


def with_taught(text: str, tokens: list[str]) -> list[str]:
    """The question's tokens with each taught word it holds as one token (jieba cuts 下河游泳 into
    下河 / 游泳, which no clause says), its pieces dropped unless the text also uses them elsewhere."""
    taught = [word for word, _ in taught_in(text)]
    if not taught:
        return tokens
    rest = text
    for word in taught:
        rest = rest.replace(word, " ")
    kept = [t for t in tokens if not any(t in word for word in taught) or t in rest]
    return [*dict.fromkeys([*taught, *kept])]


def is_taught(word: str) -> bool:
    return word in _custom
