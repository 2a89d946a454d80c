"""Chinese numerals as documents write them."""

import pytest

from qa.corpus.patterns import cn_to_int


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十四", 14), ("二十三", 23), ("一百零五", 105), ("三千", 3000), ("五千三百二十", 5320)],
)
def test_a_chinese_numeral_is_its_value(numeral, value):
    assert cn_to_int(numeral) == value
