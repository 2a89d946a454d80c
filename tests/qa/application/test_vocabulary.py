"""The vocabulary staff teach: pairs checked, kept in the data dir, merged with the built-in table
and used by the running process at once."""

from __future__ import annotations

import json
import threading

import pytest

from qa.application import PolicyQA, SynonymPair
from qa.application.feedback import FeedbackLog
from qa.application.vocabulary import Vocabulary, validate
from qa.config import Settings
from qa.errors import PolicyQAError, VocabularyError
from qa.retrieval import tokenizer
from qa.retrieval.tokenizer import builtin_synonyms, expand, synonyms
from tests.ui.test_render import answer


@pytest.fixture(autouse=True)
def untaught():
    """The taught table is the process's: every test starts and ends without one."""
    tokenizer.set_custom_synonyms({})
    yield
    tokenizer.set_custom_synonyms({})


def test_a_taught_pair_is_merged_with_the_builtin_table_at_once():
    assert "欺负" not in synonyms()
    tokenizer.set_custom_synonyms({"欺负": ["欺凌"], "老师": ["班主任"]})
    assert synonyms()["欺负"] == ("欺凌",)
    assert synonyms()["老师"] == ("教师", "师资", "班主任")  # a built-in word keeps its words, first
    assert expand(["欺负", "学生"]) == ["欺负", "学生", "欺凌"]
    assert builtin_synonyms()["老师"] == ("教师", "师资")  # the shipped table is untouched
    tokenizer.set_custom_synonyms({})
    assert "欺负" not in synonyms() and expand(["欺负"]) == ["欺负"]


def test_a_taught_word_is_found_in_the_question_text_and_its_policy_words_tokenized():
    tokenizer.set_custom_synonyms({"下河游泳": ["防溺水"]})
    tokens = ["暑假", "下河", "游泳"]  # jieba splits the everyday phrase
    assert expand(tokens) == tokens
    assert expand(tokens, "暑假下河游泳学校管吗") == [*tokens, "防溺水"]
    assert expand(tokens, "暑假下河游泳", lambda text: ["防", "溺水"]) == [*tokens, "防溺水", "防", "溺水"]


def test_good_pairs_are_kept_tidy():
    pairs = validate([SynonymPair(" 欺负 ", ("欺凌", "欺凌", "霸凌")), SynonymPair("AI", ("人工智能",))])
    assert pairs == (SynonymPair("欺负", ("欺凌", "霸凌")), SynonymPair("ai", ("人工智能",)))


def test_words_are_kept_as_search_sees_them_nfkc_normalised_and_lowercased():
    """The tokenizer lowercases, and documents are read with full-width letters made half-width:
    a word kept otherwise would never match a token."""
    (pair,) = validate([SynonymPair("ＡＩ课", ("人工智能", "ＡＩ教育", "AI教育"))])
    assert pair == SynonymPair("ai课", ("人工智能", "ai教育"))
    tokenizer.set_custom_synonyms({pair.word: pair.policy})
    assert "人工智能" in expand(["ai课"])  # the token the question "AI课怎么上" gives


@pytest.mark.parametrize(
    "pairs",
    [
        [SynonymPair("ABC", ("ＡＢＣ",))],
        [SynonymPair("abc", ("ABC",))],
        [SynonymPair("ﬁ", ("fi",))],  # a ligature: NFKC makes it two letters
    ],
)
def test_a_word_mapped_to_itself_once_normalised_is_refused(pairs):
    with pytest.raises(VocabularyError, match="mapped to itself"):
        validate(pairs)


def test_a_word_given_twice_once_normalised_is_refused():
    with pytest.raises(VocabularyError, match="given twice"):
        validate([SynonymPair("ＡＢＣ", ("字母",)), SynonymPair("abc", ("字母表",))])


@pytest.mark.parametrize("where", ["word", "policy"])
def test_a_refused_word_is_quoted_short_not_whole(where):
    huge = "a" * 900_000 + "!"
    pair = SynonymPair(huge, ("欺凌",)) if where == "word" else SynonymPair("欺负", (huge,))
    with pytest.raises(VocabularyError) as raised:
        validate([pair])
    assert len(str(raised.value)) < 200 and len(raised.value.chinese) < 200


@pytest.mark.parametrize(
    ("pairs", "fault"),
    [
        ([SynonymPair("", ("欺凌",))], "1-20 letters or digits"),
        ([SynonymPair("欺 负", ("欺凌",))], "1-20 letters or digits"),
        ([SynonymPair("欺负!", ("欺凌",))], "1-20 letters or digits"),
        ([SynonymPair("字" * 21, ("欺凌",))], "1-20 letters or digits"),
        ([SynonymPair("欺负", ("<b>",))], "policy word"),
        ([SynonymPair("欺负", ())], "no policy words"),
        ([SynonymPair("欺负", tuple(f"词{i}" for i in range(11)))], "more than 10"),
        ([SynonymPair("欺凌", ("欺凌",))], "mapped to itself"),
        ([SynonymPair("欺负", ("欺凌",)), SynonymPair("欺负", ("霸凌",))], "given twice"),
        ([SynonymPair(f"词{i}", ("政策",)) for i in range(501)], "at most 500"),
    ],
)
def test_a_bad_pair_is_refused_as_invalid_input_with_a_chinese_reason(pairs, fault):
    with pytest.raises(VocabularyError, match=fault) as raised:
        validate(pairs)
    assert raised.value.kind == "invalid" and isinstance(raised.value, PolicyQAError)
    assert raised.value.chinese and "\n" not in str(raised.value)


def test_saving_writes_the_file_whole_and_a_refused_save_changes_nothing(tmp_path):
    vocabulary = Vocabulary(tmp_path / "data" / "synonyms.json")
    vocabulary.save([SynonymPair("欺负", ("欺凌",))])
    kept = json.loads((tmp_path / "data" / "synonyms.json").read_text(encoding="utf-8"))
    assert kept == {"custom": [{"word": "欺负", "policy": ["欺凌"]}]}
    with pytest.raises(VocabularyError):
        vocabulary.save([SynonymPair("欺负", ("欺负",))])
    assert vocabulary.custom() == (SynonymPair("欺负", ("欺凌",)),) and synonyms()["欺负"] == ("欺凌",)
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["synonyms.json"]  # no temp file left


def test_concurrent_saves_leave_one_whole_table(tmp_path):
    vocabulary = Vocabulary(tmp_path / "synonyms.json")
    threads = [
        threading.Thread(target=vocabulary.save, args=([SynonymPair(f"俗称{i}", (f"规范{i}",))],))
        for i in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    (kept,) = vocabulary.custom()
    assert synonyms()[kept.word] == kept.policy


def test_the_facade_lists_builtin_taught_and_candidate_pairs_and_a_new_facade_keeps_them(tmp_path):
    settings = Settings.from_env(data_dir=tmp_path / "data", default_corpus=False)
    log = FeedbackLog(settings.data_dir / "feedback.jsonl")
    log.record(answer(), useful=True, comment="很好")
    log.record(answer(), useful=False)  # a 踩 without a word says nothing to teach
    verdict = log.record(answer(), useful=False)
    log.record(answer(), useful=False, comment="问的是欺负，文件里叫欺凌", amends=verdict["id"])
    app = PolicyQA(settings)
    view = app.synonyms()
    assert SynonymPair("老师", ("教师", "师资")) in view.builtin and view.custom == ()
    assert [(c.question, c.comment) for c in view.candidates] == [
        (answer().question, "问的是欺负，文件里叫欺凌")
    ]

    view = app.set_synonyms([SynonymPair("欺负", ("欺凌", "霸凌"))])
    assert view.custom == (SynonymPair("欺负", ("欺凌", "霸凌")),)
    assert view.to_dict()["custom"] == [{"word": "欺负", "policy": ["欺凌", "霸凌"]}]
    assert "欺凌" in expand(["欺负"])

    tokenizer.set_custom_synonyms({})  # as a restarted process
    assert PolicyQA(settings).synonyms().custom == view.custom and "欺凌" in expand(["欺负"])


def test_an_unreadable_file_does_not_stop_the_service_and_the_next_save_replaces_it(tmp_path):
    path = tmp_path / "synonyms.json"
    path.write_text('{"custom": [{"word": "欺负"}]', encoding="utf-8")
    assert Vocabulary(path).load() == () and "欺负" not in synonyms()
    Vocabulary(path).save([SynonymPair("欺负", ("欺凌",))])
    assert Vocabulary(path).load() == (SynonymPair("欺负", ("欺凌",)),)


DAMAGED = {
    "empty": b"",
    "truncated": b'{"custom": [{"word": "\xe6\xac\xba\xe8\xb4\x9f", "policy": ["\xe6\xac\xba',
    "a list": b"[]",
    "a pair without policy": '{"custom": [{"word": "欺负"}]}'.encode(),
    "policy as a string": '{"custom": [{"word": "欺负", "policy": "欺凌"}]}'.encode(),
    "a bad word": '{"custom": [{"word": "欺 负", "policy": ["欺凌"]}]}'.encode(),
    "not UTF-8": b"\xff\xfe\x00",
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_file_is_an_unavailable_error_naming_it_and_a_save_repairs_it(tmp_path, content):
    settings = Settings.from_env(data_dir=tmp_path / "data", default_corpus=False)
    path = settings.data_dir / "synonyms.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    app = PolicyQA(settings)  # starts: the built-in table still serves the answers
    assert expand(["老师"]) == ["老师", "教师", "师资"]
    with pytest.raises(PolicyQAError) as raised:
        app.synonyms()
    assert raised.value.kind == "unavailable" and str(path) in str(raised.value)
    assert "synonyms.json" in raised.value.chinese  # what the chat's 文件库 shows
    view = app.set_synonyms([SynonymPair("欺负", ("欺凌",))])  # replacing the file repairs it
    assert view.custom == (SynonymPair("欺负", ("欺凌",)),) and app.synonyms().custom == view.custom


def test_temporary_files_left_by_a_crash_mid_save_are_removed_on_load_and_save(tmp_path):
    import os
    import time

    path = tmp_path / "synonyms.json"
    stale = [tmp_path / ".synonyms-crashed1.json", tmp_path / ".synonyms-crashed2.json"]
    fresh = tmp_path / ".synonyms-writing.json"  # another process may be saving right now
    for file in [*stale, fresh]:
        file.write_text("{", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(stale[0], (an_hour_ago, an_hour_ago))
    Vocabulary(path).load()
    assert not stale[0].exists() and stale[1].exists() and fresh.exists()
    os.utime(stale[1], (an_hour_ago, an_hour_ago))
    Vocabulary(path).save([SynonymPair("欺负", ("欺凌",))])
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, "synonyms.json"]
