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
    assert pairs == (SynonymPair("欺负", ("欺凌", "霸凌")), SynonymPair("AI", ("人工智能",)))


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
