"""Place names from jieba's dictionary: administrative units and the short names of provinces and
cities, never everyday words that happen to be a county's name."""

import pytest

from qa.corpus.places import body_place, gazetteer, named_places, provinces


@pytest.mark.parametrize("name", ["石家庄", "石家庄市", "株洲", "天津", "开封市", "郑州", "庐阳区", "河南省"])
def test_cities_provinces_and_districts_are_places(name):
    assert name in gazetteer()


@pytest.mark.parametrize("word", ["新建", "偏远地区", "文明城市", "各县区", "全市", "中国", "开发", "东方"])
def test_everyday_words_and_kinds_of_place_are_not(word):
    assert word not in gazetteer()


def test_provinces_know_their_short_names():
    assert {"河南", "河南省", "湖南"} <= provinces() and "洛阳" not in provinces()


def test_the_longer_mention_wins():
    assert named_places(["开封", "开封市", "教育局", "株洲"]) == ["开封市", "株洲"]


def test_a_body_names_the_district_a_bare_heading_leaves_out():
    text = "区教体局2020年工作计划\n7.推进庐阳区教育集团化办学。\n8.庐阳区学校……"
    assert body_place(text, "区") == "庐阳区"
    assert body_place("区教体局工作计划\n一、重点项目", "区") is None
