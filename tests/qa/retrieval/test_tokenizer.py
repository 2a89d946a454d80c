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
