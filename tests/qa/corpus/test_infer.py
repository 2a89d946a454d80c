"""Metadata read off the text of documents added without a manifest: the evaluation's real extra
documents (eval/data/docs/), each in one of the shapes government texts open with."""

import pytest

from qa.config import REPO_ROOT
from qa.corpus.infer import infer_meta

DOCS = REPO_ROOT / "eval" / "data" / "docs"


def meta(name: str) -> dict:
    return infer_meta((DOCS / name).read_text(encoding="utf-8"))


def test_a_regulation_opening_with_its_history_is_titled_and_placed():
    found = meta("beijing-preschool-regulation.txt")
    assert found["title"] == "北京市学前教育条例" and found["kind"] == "条例" and found["city"] == "北京"
    assert found["issuer"] == "北京市人民代表大会常务委员会"  # from "…第十一届…常务委员会…通过"
    # its date and year are those of its current text (amended 2016); the adoption is kept apart
    assert found["date"] == "2016-11-25" and found["year"] == 2016 and found["adopted"] == "2001-06-22"
    assert found["level"] == "地方性法规" and [e.act for e in found["history"]] == ["通过", "修正"]


def test_an_issuer_line_above_a_title_that_starts_with_guanyu_belongs_to_the_title():
    found = meta("national-2020-labor-education-opinions.txt")
    assert found["title"] == "中共中央国务院关于全面加强新时代大中小学劳动教育的意见"
    assert found["issuer"] == "中共中央国务院" and found["kind"] == "意见" and "city" not in found


def test_portal_fields_give_the_doc_number_and_date_and_the_title_names_the_city():
    found = meta("anyang-2022-education-opinions.txt")
    assert found["issuer"] == "中共安阳市委教育工作领导小组" and found["city"] == "安阳"
    assert (
        found["doc_number"] == "安教组〔2022〕4号" and found["date"] == "2022-06-22" and found["year"] == 2022
    )


def test_a_district_named_only_in_the_body_of_a_bare_区教体局_plan_is_found():
    assert meta("luyang-2020-work-plan.txt")["district"] == "庐阳区"


def test_a_city_named_only_by_the_portals_issuer_field_is_found():
    found = meta("wuhan-2019-work-points-notice.txt")
    assert found["city"] == "武汉" and found["year"] == 2019 and found["date"] == "2019-03-07"


@pytest.mark.parametrize(
    ("text", "title", "city", "district"),
    [
        (
            "关于印发《2022年衡阳市教育局工作要点》的通知\n各县市区教育局：",
            "2022年衡阳市教育局工作要点",
            "衡阳",
            None,
        ),
        ("区教体局2020年工作计划\n一、重点项目", "区教体局2020年工作计划", None, None),
        ("区教体局2020年工作计划\n7.庐阳区学校布局", "区教体局2020年工作计划", None, "庐阳区"),
        ("惠济区教育局2023年工作要点\n一、", "惠济区教育局2023年工作要点", None, "惠济区"),
    ],
)
def test_a_notice_is_titled_by_what_it_issues_and_places_come_from_title_starts(text, title, city, district):
    found = infer_meta(text)
    assert (found["title"], found.get("city"), found.get("district")) == (title, city, district)


def test_a_provincial_regulation_is_placed_in_its_province():
    found = infer_meta(
        "山东省学前教育条例\n\n2019年9月27日 山东省第十三届人民代表大会常务委员会第十四次会议通过"
    )
    assert (found["title"], found["province"], found.get("city")) == ("山东省学前教育条例", "山东", None)
    assert found["issuer"] == "山东省人民代表大会常务委员会"


@pytest.mark.parametrize(
    ("text", "province", "city", "district"),
    [
        ("河南省洛阳市教育局关于印发2022年工作要点的通知", "河南", "洛阳", None),
        ("广西壮族自治区教育厅关于做好2023年招生工作的通知", "广西", None, None),
        ("北京市学前教育条例", None, "北京", None),  # a municipality is a city
        (
            "郑州市惠济区教育局文件\n惠济区教育局2023年工作要点",
            None,
            "郑州",
            "惠济区",
        ),  # issuer adds the city
    ],
)
def test_every_level_of_place_is_kept(text, province, city, district):
    found = infer_meta(text)
    assert (found.get("province"), found.get("city"), found.get("district")) == (province, city, district)


def test_the_extra_provincial_regulation_is_placed():
    assert meta("shandong-preschool-regulation.txt")["province"] == "山东"
