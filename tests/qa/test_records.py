"""The records that flow: how a clause is quoted."""

from qa.records import source_label


def test_a_clause_is_quoted_one_way_everywhere():
    assert source_label("洛阳市教育局2022年教育工作要点", "洛教〔2022〕1号", "五、29.") == (
        "《洛阳市教育局2022年教育工作要点》（洛教〔2022〕1号）五、29."
    )
    assert (
        source_label("2022年衡阳市教育局工作要点", None, "二、6.") == "《2022年衡阳市教育局工作要点》二、6."
    )
