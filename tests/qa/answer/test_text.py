from qa.answer.text import best_span, quote, sentence_spans, sentences, support

CLAUSE = "29.优化调整中小学校布局。积极稳妥推进农村学校布局调整，2022年新建、改扩建农村寄宿制学校41所。扎实推动高中迁建。"


def test_sentences_keep_their_closing_punctuation():
    assert sentences(CLAUSE) == [
        "29.优化调整中小学校布局。",
        "积极稳妥推进农村学校布局调整，2022年新建、改扩建农村寄宿制学校41所。",
        "扎实推动高中迁建。",
    ]
    assert sentence_spans("甲。\n乙") == [(0, 2), (3, 4)]


def test_support_is_the_share_of_the_claims_bigrams_found_in_the_source():
    assert support("新建、改扩建农村寄宿制学校41所", CLAUSE) == 1.0
    assert support("新建农村寄宿制学校100所", CLAUSE) < 1.0
    assert support("月球上有学校", CLAUSE) < 0.3
    assert support("", CLAUSE) == 0.0


def test_the_best_span_is_the_shortest_that_supports_the_claim():
    start, end, score = best_span("2022年新建、改扩建农村寄宿制学校41所", CLAUSE)
    assert (
        CLAUSE[start:end] == "积极稳妥推进农村学校布局调整，2022年新建、改扩建农村寄宿制学校41所。"
        and score == 1.0
    )


def test_quotes_merge_adjacent_spans_and_mark_gaps():
    assert (
        quote(["优化调整中小学校布局", "新建农村寄宿制学校41所"], CLAUSE)
        == "29.优化调整中小学校布局。积极稳妥推进农村学校布局调整，2022年新建、改扩建农村寄宿制学校41所。"
    )
    assert (
        quote(["优化调整中小学校布局", "扎实推动高中迁建"], CLAUSE)
        == "29.优化调整中小学校布局。……扎实推动高中迁建。"
    )
