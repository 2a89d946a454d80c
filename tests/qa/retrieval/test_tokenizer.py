import pytest

from qa.retrieval import tokenizer
from qa.retrieval.tokenizer import get_tokenizer


def test_policy_terms_from_the_user_dictionary_stay_whole():
    tokens = get_tokenizer()("落实双减政策，做好课后服务，推进县管校聘改革和集团化办学")
    assert {"双减", "课后服务", "县管校聘", "集团化办学"} <= set(tokens)


def test_punctuation_and_question_words_are_dropped():
    tokens = get_tokenizer()("洛阳今年要新建多少所农村寄宿制学校？")
    assert "多少" not in tokens and "？" not in tokens and "今年" not in tokens
    assert {"洛阳", "新建", "寄宿制", "学校"} <= set(tokens)


def test_latin_text_is_lowercased():
    assert "ipv6" in get_tokenizer()("推进IPv6部署")


def test_the_fingerprint_is_stable_and_tracks_the_dictionary(tmp_path):
    from qa.retrieval.tokenizer import JiebaTokenizer

    custom = tmp_path / "dict.txt"
    custom.write_text("课后延时 10 n\n", encoding="utf-8")
    assert get_tokenizer().fingerprint == get_tokenizer().fingerprint
    assert JiebaTokenizer(custom).fingerprint != get_tokenizer().fingerprint


# -- words staff taught ----------------------------------------------------------------------------
@pytest.fixture
def taught():
    tokenizer.set_custom_synonyms({"下河游泳": ("防溺水",), "游泳": ("体育",), "欺负": ("欺凌", "霸凌")})
    yield
    tokenizer.set_custom_synonyms({})  # the taught table is the process's: leave none behind


def test_the_taught_words_a_question_uses_are_found_longest_first(taught):
    assert tokenizer.taught_in("孩子下河游泳的事学校要管吗？") == [
        ("下河游泳", ("防溺水",)),
        ("游泳", ("体育",)),
    ]
    assert tokenizer.taught_in("学校要管吗？") == []


def test_meaning_search_reads_the_question_in_the_documents_words(taught):
    assert tokenizer.taught_rewrite("孩子下河游泳的事学校要管吗？") == "孩子防溺水的事学校要管吗？"
    assert tokenizer.taught_rewrite("同学被欺负了怎么办") == "同学被欺凌、霸凌了怎么办"
    assert tokenizer.taught_rewrite("学校要管吗？") == "学校要管吗？"


def test_a_taught_word_is_one_token_for_the_judge_and_its_pieces_go(taught):
    text = "孩子下河游泳的事学校要管吗？"
    tokens = get_tokenizer()(text)
    assert "下河" in tokens and "下河游泳" not in tokens  # jieba does not know staff words
    weighed = tokenizer.with_taught(text, tokens)
    assert weighed[0] == "下河游泳" and "下河" not in weighed and "孩子" in weighed
    assert tokenizer.is_taught("下河游泳") and not tokenizer.is_taught("下河")


def test_without_taught_words_the_tokens_are_as_jieba_gives_them():
    text = "孩子下河游泳的事学校要管吗？"
    assert tokenizer.with_taught(text, get_tokenizer()(text)) == get_tokenizer()(text)


def test_words_cut_the_text_once_each_nothing_left_out():
    words = get_tokenizer().words("专职督学的任期")
    assert "".join(words) == "专职督学的任期" and words[:2] == ["专职", "督学"]


@pytest.mark.parametrize(
    ("everyday", "policy", "text"),
    [
        ("晚点", "推迟", "条件不具备的地区的儿童，可以推迟到七周岁。"),  # 条件差的地方能晚点吗
        ("不许", "不得", "学校、幼儿园周边不得设置烟、酒、彩票销售网点。"),
        ("驾照", "驾驶证", "吊销其机动车驾驶证。"),
    ],
)
def test_everyday_words_are_heard_as_the_documents_words(everyday, policy, text):
    from qa.answer.evidence import weighted_coverage

    assert policy in tokenizer.synonyms()[everyday]
    assert weighted_coverage([everyday], text, lambda t: 1.0) == 1.0
