from dataclasses import replace

from qa.records import DocumentMeta
from qa.retrieval.scope import SearchFilters, described_documents, lacking, resolve_scope


def meta(doc_id, city, year, district=None, aliases=(), period=None):
    return DocumentMeta(
        doc_id,
        doc_id,
        f"{doc_id}.txt",
        city=city,
        year=year,
        district=district,
        aliases=aliases,
        period=period,
    )


DOCS = {
    "ly-2022": meta("ly-2022", "洛阳", 2022),
    "ly-plan": meta("ly-plan", "洛阳", 2022, aliases=("十四五规划",), period="2021-2025"),
    "hy-2022": meta("hy-2022", "衡阳", 2022),
    "hd-2022": meta("hd-2022", "邯郸", 2022, aliases=("12881",)),
    "hj-2023": meta("hj-2023", "郑州", 2023, district="惠济区", aliases=("惠济",)),
}


def scope(question, filters=None):
    return resolve_scope(question, DOCS, filters)


def test_a_named_city_restricts_to_its_documents():
    result = scope("洛阳今年要新建多少所农村寄宿制学校？")
    assert result.doc_ids == {"ly-2022", "ly-plan"} and result.places == ("洛阳",)


def test_two_cities_keep_both_and_remember_which_is_which():
    result = scope("衡阳和洛阳的双减措施有什么不同？")
    assert result.doc_ids == {"hy-2022", "ly-2022", "ly-plan"}
    assert result.groups == {"衡阳": {"hy-2022"}, "洛阳": {"ly-2022", "ly-plan"}}


def test_districts_with_or_without_suffix():
    assert scope("惠济区的课后服务怎么做？").doc_ids == {"hj-2023"}
    assert scope("惠济今年有什么安排").doc_ids == {"hj-2023"}
    assert scope("郑州市的学校建设").doc_ids == {"hj-2023"}


def test_document_names_win_over_places():
    assert scope("洛阳十四五规划对职业教育有什么目标？").doc_ids == {"ly-plan"}
    assert scope("12881总体工作思路是什么").doc_ids == {"hd-2022"}


def test_a_place_overrides_a_name_that_points_to_another_document():
    assert scope("邯郸的十四五规划工作").doc_ids == {"hd-2022"}


def test_years_narrow_and_plans_cover_their_period():
    assert scope("2023年的教师队伍建设").doc_ids == {"hj-2023", "ly-plan"}
    assert scope("洛阳2024年要做什么").doc_ids == {"ly-plan"}
    assert scope("2022年课后服务").doc_ids == {"ly-2022", "ly-plan", "hy-2022", "hd-2022"}


def test_a_scope_that_would_leave_nothing_is_dropped():
    assert scope("2030年的目标").doc_ids is None
    assert scope("课后服务有哪些要求").doc_ids is None


def test_explicit_filters_win():
    assert scope("今年的双减", SearchFilters(doc_ids=("hy-2022",))).doc_ids == {"hy-2022"}
    assert scope("双减", SearchFilters(cities=("惠济",), years=(2023,))).doc_ids == {"hj-2023"}
    assert scope("双减", SearchFilters(years=(2019,))).doc_ids == frozenset()


def test_a_place_the_corpus_has_no_document_for_is_absent_not_searched_elsewhere():
    result = scope("石家庄今年普高计划招多少人？")
    assert result.doc_ids == frozenset() and result.outside == ("石家庄",)
    assert result.absence().startswith("现有文件中没有石家庄的文件；现有：《")


def test_an_unknown_place_beside_a_known_one_is_remembered_not_absent():
    result = scope("株洲和衡阳比，谁今年要建的学位多？")
    assert result.doc_ids == {"hy-2022"} and result.outside == ("株洲",) and result.absence() is None


def test_a_province_beside_a_city_is_context():
    assert scope("洛阳的教育在河南排第几？").outside == ()


def test_a_year_no_document_in_scope_is_for_is_lacking():
    result = scope("惠济2024年要新盖几所公立幼儿园？")
    assert result.doc_ids == {"hj-2023"} and result.lacking_years == (2024,)


def test_a_lacking_year_no_text_mentions_makes_the_scope_absent():
    result = lacking(scope("惠济2024年要新盖几所公立幼儿园？"), DOCS, lambda doc_ids, year: False)
    assert result.doc_ids == frozenset()
    assert result.absence() == "现有文件中没有惠济2024年的文件；现有：《hj-2023》。"


def test_a_lacking_year_a_text_mentions_is_left_to_the_judge():
    asked = scope("惠济2024年要新盖几所公立幼儿园？")
    assert lacking(asked, DOCS, lambda doc_ids, year: year == 2024) == asked


PROFILES = {
    "ly-2022": "洛阳市教育局2022年教育工作要点\n洛教〔2022〕1号\n一、坚持党的全面领导",
    "ly-plan": "洛阳市“十四五”教育事业发展规划\n十四五规划\n第一章 发展基础",
    "hy-2022": "2022年衡阳市教育局工作要点\n贯彻省市第十二次党代会部署",
    "hd-2022": "邯郸市教育局2022年工作要点\n12881\n“321”发展愿景",
    "hj-2023": "惠济区教育局2023年工作要点\n五、持续强化教师队伍建设",
}

TITLED = {d: replace(meta, title=PROFILES[d].split("\n")[0]) for d, meta in DOCS.items()}


def test_a_document_described_by_its_slogan_is_the_one_whose_profile_clearly_matches():
    assert described_documents("提出“321”发展愿景的那份要点，教育投入要到多少？", TITLED, PROFILES) == {
        "hd-2022"
    }
    assert described_documents("贯彻省市第十二次党代会部署的那份要点里…", TITLED, PROFILES) == {"hy-2022"}


def test_a_kind_named_once_in_the_corpus_is_enough():
    assert described_documents("那份规划里，城市区要迁建改造多少所高中？", TITLED, PROFILES) == {"ly-plan"}


def test_a_vague_description_names_no_document():
    assert described_documents("那份要点里学位有多少？", TITLED, PROFILES) == set()


def test_a_title_in_book_marks_names_its_document():
    assert described_documents("《惠济区教育局2023年工作要点》有哪几条？", TITLED, PROFILES) == {"hj-2023"}


def test_a_described_document_scopes_the_search_and_is_named_in_the_scope():
    result = resolve_scope("提出“321”发展愿景的那份要点里投入多少？", TITLED, profiles=PROFILES)
    assert result.doc_ids == {"hd-2022"} and result.describe() == "邯郸市教育局2022年工作要点"


def test_a_doc_number_names_its_document_in_any_bracket_form():
    docs = {**DOCS, "ly-plan": replace(DOCS["ly-plan"], doc_number="洛政〔2022〕26号")}
    assert resolve_scope("洛政[2022]26号里高职院校要新建几所？", docs).doc_ids == {"ly-plan"}


def test_a_place_named_by_its_alias_too_is_described_once():
    assert scope("惠济区课后服务怎么做？").describe() == "惠济区"


def test_a_place_the_selection_leaves_out_is_said_to_be_outside_the_selection():
    result = scope("洛阳今年要新建多少所农村寄宿制学校？", SearchFilters(doc_ids=("hy-2022",)))
    assert result.doc_ids == frozenset()
    assert result.absence() == "所选范围内没有洛阳的文件；所选：《hy-2022》。"
    assert scope("洛阳的双减怎么做？", SearchFilters(doc_ids=("ly-2022",))).doc_ids == {"ly-2022"}


PROVINCIAL = {
    **DOCS,
    "sd-reg": replace(meta("sd-reg", None, 2019), title="山东省学前教育条例", province="山东"),
    "unplaced": replace(meta("unplaced", None, 2020), title="江苏省学前教育条例"),  # place not inferred
}
HEADERS = {"sd-reg": "山东省学前教育条例", "unplaced": "江苏省学前教育条例\n2020年江苏省人大常委会通过"}


def test_a_province_in_the_metadata_is_a_place_by_its_short_and_full_name():
    for asked in ("山东幼儿园每天户外活动多久？", "山东省学前教育条例哪年通过的？"):
        result = resolve_scope(asked, PROVINCIAL, headers=HEADERS)
        assert result.doc_ids == {"sd-reg"} and result.absent is None


def test_a_place_only_the_title_or_header_names_is_searched_in_those_documents_not_declared_absent():
    result = resolve_scope("江苏幼儿园能不能教小学内容？", PROVINCIAL, headers=HEADERS)
    assert result.doc_ids == {"unplaced"} and result.absent is None and result.outside == ()


def test_absence_is_claimed_only_when_no_document_names_the_place_anywhere():
    result = resolve_scope("河北省学前教育条例哪年通过的？", PROVINCIAL, headers=HEADERS)
    assert result.absent == "河北省" and result.doc_ids == frozenset()


# -- regulations: names, short names and siblings (metadata as the anatomy reads it) -------------------
def regulation(doc_id, title, level, province=None, city=None, aliases=()):
    return DocumentMeta(
        doc_id, title, f"{doc_id}.txt", city=city, province=province, level=level, aliases=aliases
    )


LIBRARY = {
    "teachers-law": regulation("teachers-law", "中华人民共和国教师法", "法律", aliases=("教师法",)),
    "zj-teachers": regulation(
        "zj-teachers",
        "浙江省实施《中华人民共和国教师法》办法",
        "地方性法规",
        "浙江",
        aliases=("浙江省实施教师法办法",),
    ),
    "zj-preschool": regulation("zj-preschool", "浙江省学前教育条例", "地方性法规", "浙江"),
    "bj-preschool": regulation("bj-preschool", "北京市学前教育条例", "地方性法规", city="北京"),
    "bj-teachers": regulation(
        "bj-teachers",
        "北京市实施《中华人民共和国教师法》办法",
        "地方性法规",
        city="北京",
        aliases=("北京市实施教师法办法",),
    ),
    "sz-preschool": regulation("sz-preschool", "深圳经济特区学前教育条例", "地方性法规", "广东", "深圳"),
    "ly-2022": meta("ly-2022", "洛阳", 2022),
}


def test_a_law_named_by_its_short_name_is_the_national_law_not_a_provinces_measures():
    result = resolve_scope("教师法规定教师的平均工资水平应当不低于谁？", LIBRARY)
    assert result.doc_ids == {"teachers-law"}


def test_siblings_of_two_places_are_each_places_own_document_of_the_kind_named():
    result = resolve_scope("北京和浙江的学前教育条例对幼儿园教师有什么不同要求？", LIBRARY)
    assert result.doc_ids == {"bj-preschool", "zj-preschool"}
    assert result.groups["北京"] == {"bj-preschool"} and result.groups["浙江"] == {"zj-preschool"}


def test_a_sibling_named_by_its_place_and_kind_is_that_one_even_with_a_special_zone_in_its_title():
    assert resolve_scope("深圳的学前教育条例规定一个班最多多少人？", LIBRARY).doc_ids == {"sz-preschool"}
    assert resolve_scope("学前教育条例里对入园年龄怎么规定？", LIBRARY).doc_ids == {
        "bj-preschool",
        "zj-preschool",
        "sz-preschool",
    }


def test_a_kind_of_regulation_of_a_place_the_library_lacks_is_absent():
    result = resolve_scope("天津的学前教育条例最近一次是哪年修改的？", LIBRARY)
    assert result.doc_ids == frozenset() and result.absent == "天津"


def test_a_kind_of_regulation_the_named_place_does_not_have_is_absent_not_its_other_documents():
    result = resolve_scope("深圳的实施教师法办法规定老师试用期多长？", LIBRARY)
    assert result.doc_ids == frozenset() and result.absent == "深圳的实施教师法办法"
    assert "深圳经济特区学前教育条例" in result.available
    assert "浙江省实施《中华人民共和国教师法》办法" in result.available
    assert result.absence().startswith("现有文件中没有深圳的实施教师法办法；现有：")


def test_a_kind_of_regulation_its_named_issuer_did_not_issue_is_absent():
    library = {
        **LIBRARY,
        "kg": DocumentMeta("kg", "幼儿园管理条例", "kg.txt", issuer="国务院", level="行政法规"),
    }
    result = resolve_scope("国务院的学前教育条例对班额有规定吗？", library)
    assert result.doc_ids == frozenset() and result.absent == "国务院的学前教育条例"
    assert resolve_scope("国务院的幼儿园管理条例对班额有规定吗？", library).doc_ids == {"kg"}


def test_a_place_s_document_of_the_kind_found_by_its_title_is_not_called_absent():
    library = {**LIBRARY, "sz-teachers": regulation("sz-teachers", "深圳市实施教师法办法", "地方性法规")}
    library["sz-teachers"] = replace(library["sz-teachers"], city="深圳")
    result = resolve_scope("深圳的实施教师法办法规定老师试用期多长？", library)
    assert result.absent is None and "sz-teachers" in result.doc_ids


def test_a_national_regulation_named_as_a_place_s_own_is_absent_for_that_place():
    library = {**LIBRARY, "bus": DocumentMeta("bus", "校车安全管理条例", "bus.txt", level="行政法规")}
    result = resolve_scope("深圳市校车安全管理条例对驾驶人年龄有什么要求？", library)
    assert result.absent == "深圳市的校车安全管理条例" and "校车安全管理条例" in result.available
    # a place that merely comes with the national text names no document of its own
    assert resolve_scope("深圳的学校按校车安全管理条例要配什么车？", library).absent is None


def test_a_law_named_by_the_short_form_people_make_of_it_is_that_law():
    library = {
        **LIBRARY,
        "compulsory": regulation("compulsory", "中华人民共和国义务教育法", "法律", aliases=("义务教育法",)),
        "minors": regulation("minors", "中华人民共和国未成年人保护法", "法律", aliases=("未成年人保护法",)),
    }
    assert resolve_scope("义教法最近一次改是哪年？", library).doc_ids == {"compulsory"}
    assert resolve_scope("按未保法，学校发现学生被欺凌要怎么办？", library).doc_ids == {"minors"}
    assert resolve_scope("教育局怎么规定的？", library).doc_ids is None  # 教育局 is no law


def test_a_regulation_is_named_by_any_year_of_its_history_not_only_its_current_one():
    from qa.records import HistoryEvent

    amended = replace(
        regulation("sd-preschool", "山东省学前教育条例", "地方性法规", "山东"),
        year=2021,
        history=(HistoryEvent("通过", "2019-09-27"), HistoryEvent("修正", "2021-12-03")),
    )
    library = {**LIBRARY, "sd-preschool": amended}
    result = resolve_scope("山东那部2019年通过的学前教育条例里，幼儿园小学化最多罚多少？", library)
    assert result.doc_ids == {"sd-preschool"} and result.lacking_years == ()


def test_the_current_version_answers_unless_an_older_one_is_asked_for():
    from qa.records import HistoryEvent
    from qa.retrieval.scope import current_versions

    def minors(doc_id, last):
        # the current text's 题注 records the older text's revision too
        events = (
            HistoryEvent("通过", "1991-09-04"),
            HistoryEvent("修订", "2020-10-17"),
            HistoryEvent("修正", last),
        )
        return replace(
            regulation(doc_id, "中华人民共和国未成年人保护法", "法律", aliases=("未成年人保护法",)),
            date=last,
            year=int(last[:4]),
            history=events,
        )

    library = {
        "minors-2024": minors("minors-2024", "2024-04-26"),
        "minors-2020": minors("minors-2020", "2020-10-17"),
    }
    superseded = {"minors-2020": "minors-2024"}

    def scoped(question):
        return current_versions(resolve_scope(question, library), question, library, superseded).doc_ids

    assert scoped("未成年人保护法对网络游戏怎么规定？") == {"minors-2024"}
    assert scoped("2020年那版未成年人保护法第九条怎么说？") == {"minors-2020"}
    assert scoped("未成年人保护法修订前第九条怎么说？") == {"minors-2020"}


def test_a_title_quoted_with_inner_angle_brackets_names_the_document_printed_with_book_marks():
    docs = {"zj": DocumentMeta("zj", "浙江省实施《中华人民共和国教师法》办法", "zj.txt")}
    assert described_documents("《浙江省实施〈中华人民共和国教师法〉办法》何时施行？", docs, {}) == {"zj"}


def test_a_law_s_name_inside_a_longer_law_s_name_names_only_the_longer_one():
    library = {
        "education": regulation("education", "中华人民共和国教育法", "法律", aliases=("教育法",)),
        "compulsory": regulation("compulsory", "中华人民共和国义务教育法", "法律", aliases=("义务教育法",)),
    }
    assert resolve_scope("义务教育法是谁通过的？", library).doc_ids == {"compulsory"}
    assert resolve_scope("教育法和义务教育法分别是哪年通过的？", library).doc_ids == {
        "compulsory",
        "education",
    }


def test_a_national_law_beside_a_province_s_measures_quoted_in_full_names_both():
    """The 浙江 in 《浙江省实施〈…教师法〉办法》 is its title's, not a place that drops the national law."""
    result = resolve_scope(
        "《教师法》与《浙江省实施〈中华人民共和国教师法〉办法》分别自何时起施行？", LIBRARY
    )
    assert result.doc_ids == {"teachers-law", "zj-teachers"} and result.places == ()


def test_siblings_are_named_by_the_kind_their_aliases_share_too():
    """ "各地实施教师法办法": the kind as staff say it is the alias without its place."""
    from qa.retrieval.scope import kind_names

    assert kind_names(LIBRARY["zj-teachers"]) == ["实施《中华人民共和国教师法》办法", "实施教师法办法"]
    result = resolve_scope("各地实施教师法办法对山区教师的补贴有何不同？", LIBRARY)
    assert result.doc_ids == {"zj-teachers", "bj-teachers"}


def test_a_place_compared_with_a_national_law_keeps_both_as_parties():
    """ "北京…和教师法…有什么不同": the place's documents and the law, side by side; asked of the law
    without comparing, the place decides (its own measures answer)."""
    result = resolve_scope("北京对教师考核的规定和教师法有什么不同？", LIBRARY)
    assert result.parties == ("北京", "教师法")
    assert result.doc_ids == {"teachers-law", "bj-preschool", "bj-teachers"}
    alone = resolve_scope("北京怎么落实教师法？", LIBRARY)
    assert alone.parties == () and "teachers-law" not in alone.doc_ids


def test_a_place_and_a_kind_abbreviate_no_law():
    """ "北京办法" fits the letters of 北京市实施教师法办法 but names none of Beijing's 办法 in particular."""
    result = resolve_scope("噪声污染防治的那个北京办法现在还有效吗？", LIBRARY)
    assert result.documents == () and result.doc_ids == {"bj-preschool", "bj-teachers"}


def test_a_title_typed_without_book_marks_names_its_document():
    library = {**LIBRARY, "kg": regulation("kg", "幼儿园管理条例", "行政法规")}
    assert resolve_scope("幼儿园管理条例哪天施行的？", library).doc_ids == {"kg"}


def test_the_nation_compared_with_a_place_is_a_party_of_the_national_laws():
    """ "全国的家庭教育宣传周和重庆的家庭教育日": 全国 names no place, yet is one side."""
    result = resolve_scope("全国的宣传周和北京的规定分别定在什么时候？", LIBRARY)
    assert result.parties == ("全国", "北京")
    assert result.groups["全国"] == {"teachers-law"}
    assert result.doc_ids == {"teachers-law", "bj-preschool", "bj-teachers"}
    alone = resolve_scope("全国的宣传周定在什么时候？", LIBRARY)  # nothing compared: no parties
    assert alone.parties == ()
