"""Which enumerating article answers "有哪些职责": the one whose lead says the question."""

from qa.answer.stages.retrieve import best_lead
from qa.records import Clause

ITEMS = ("（一）建立健全责任制；", "（二）组织制定规章制度；")


def article(key: str, lead: str) -> Clause:
    text = f"{lead}\n{ITEMS[0]}\n{ITEMS[1]}"
    return Clause(f"cq/{key}", "cq", "cq.txt", "article", key, (), lead, text, text, (1, 3), items=ITEMS)


def test_of_leads_equal_in_words_the_one_sharing_more_of_the_question_s_characters_answers():
    """jieba cuts 主要负责人 into words both leads have (负责人, 履行, 职责): 主要 decides."""
    deputy = article(
        "a16", "第十六条 生产经营单位设置安全生产工作负责人职务的，该负责人对安全生产工作履行下列职责："
    )
    head = article("a15", "第十五条 生产经营单位的主要负责人对本单位的安全生产工作全面负责，履行下列职责：")
    tokens = ["负责人", "履行", "职责"]
    coverage, chosen = best_lead([deputy, head], tokens, "企业主要负责人要履行哪些职责？", lambda t: 1.0)
    assert coverage == 1.0 and chosen is head


def test_of_equal_leads_the_best_ranked_answers():
    first, second = (
        article("a1", "第一条 学校应当履行下列职责："),
        article("a2", "第二条 学校应当履行下列职责："),
    )
    assert best_lead([first, second], ["学校", "职责"], "学校有哪些职责？", lambda t: 1.0)[1] is first


def test_a_ban_asked_in_everyday_words_finds_the_lead_that_says_不得():
    """明令禁止…做哪些事: 禁止 is the documents' 不得, and 事 (one character, rare as it is) no topic."""
    conditions = article("a20", "第二十条 举办幼儿园，应当具备下列条件：")
    bans = article("a31", "第三十一条 幼儿园不得有下列行为：")
    weights = {"明令禁止": 7.0, "禁止": 3.5, "幼儿园": 2.0, "事": 9.0}

    def idf(word: str) -> float:
        return weights.get(word, 10.0)  # a word no clause uses weighs most

    tokens = ["明令禁止", "禁止", "幼儿园", "事"]
    coverage, chosen = best_lead([conditions, bans], tokens, "条例明令禁止幼儿园做哪些事？", idf)
    assert chosen is bans and coverage == 1.0


def test_what_breaking_the_rules_costs_is_read_from_any_chapter_that_punishes():
    """A 奖励与处罚 chapter is a 法律责任 chapter, and an article anywhere that punishes the breach of
    another (违反本条例第十一条规定…给予警告) is one, in a document with chapters too."""
    from qa.answer.stages.retrieve import _liability

    def in_chapter(heading: str, text: str, cites: tuple[int, ...] = ()) -> Clause:
        return Clause(
            "h/a",
            "h",
            "h.txt",
            "article",
            "第五章 第三十四条",
            (heading,),
            text,
            text,
            text,
            (1, 1),
            cites=cites,
        )

    punishes = "第三十四条 违反本条例第十一条规定，致使学生健康受到损害的，由卫生行政部门给予警告。"
    assert _liability(in_chapter("第五章 奖励与处罚", punishes, (11,)))
    assert _liability(in_chapter("第二章 学校卫生工作要求", punishes, (11,)))
    duty = "第十一条 学校组织学生参加劳动，不得让学生参加夜班劳动。"
    assert not _liability(in_chapter("第二章 学校卫生工作要求", duty))
    assert not _liability(in_chapter("第三章 学校的安全责任", duty))


def test_a_question_about_what_is_forbidden_gets_the_lead_that_forbids():
    """不能对孩子做哪些事: the duties' lead says 未成年人 (孩子) and the bans' does not; the bans answer."""
    duties = article("a8", "第八条 父母应当关心未成年人，对未成年人依法履行下列义务：")
    bans = article("a9", "第九条 父母或者其他人员不得实施下列行为：")
    weights = {"爹妈": 9.0, "孩子": 8.0}

    def idf(word: str) -> float:
        return weights.get(word, 10.0)

    tokens = ["爹妈", "孩子"]
    assert best_lead([duties, bans], tokens, "当爹妈的不能对孩子做哪些事？", idf)[1] is bans
    assert best_lead([duties, bans], tokens, "当爹妈的对孩子要尽哪些义务？", idf)[1] is duties


def test_a_word_no_text_uses_still_counts_by_the_texts_word_for_it():
    """爹妈 is in no text, but the thesaurus reads it as 父母: a lead saying 父母 holds it."""
    bans = article("a9", "第九条 父母或者其他人员不得实施下列行为：")
    other = article("a3", "第三条 学校不得实施下列行为：")

    def idf(word: str) -> float:
        return {"孩子": 8.0}.get(word, 10.0)  # 爹妈 weighs as a word no clause uses

    coverage, chosen = best_lead([other, bans], ["爹妈", "孩子"], "当爹妈的不能对孩子做哪些事？", idf)
    assert chosen is bans and coverage > 0.5


def test_a_word_of_the_article_s_own_document_title_need_not_be_in_its_lead():
    """校车上的随车照管人员 in a 校车安全管理条例: its 随车照管人员应当履行下列职责 says the rest."""
    duties = Clause(
        "bus/a39",
        "bus",
        "bus.txt",
        "article",
        "a39",
        (),
        "随车照管人员应当履行下列职责：",
        "第三十九条 随车照管人员应当履行下列职责：\n（一）清点乘车学生人数；\n（二）核实学生下车人数。",
        "",
        (1, 3),
        items=("（一）清点乘车学生人数；", "（二）核实学生下车人数。"),
    )
    bus = Clause(
        "bus/a24",
        "bus",
        "bus.txt",
        "article",
        "a24",
        (),
        "校车应当具备下列条件：",
        "第二十四条 校车应当具备下列条件：\n（一）有安全带；\n（二）有灭火器。",
        "",
        (1, 3),
        items=("（一）有安全带；", "（二）有灭火器。"),
    )
    weights = {"校车": 6.0, "随车": 5.0, "照管": 5.0, "人员": 1.0, "负责": 2.0}

    def idf(word: str) -> float:
        return weights.get(word, 10.0)

    tokens = ["校车", "随车", "照管", "人员", "负责"]
    asked = "校车上的随车照管人员要负责做哪些事情？"
    assert best_lead([bus, duties], tokens, asked, idf)[0] < 0.6  # 校车 missing weighs against it
    coverage, chosen = best_lead([bus, duties], tokens, asked, idf, {"bus": "校车安全管理条例"})
    assert chosen is duties and coverage > 0.8


def test_a_word_no_clause_uses_counts_against_no_lead():
    """想办 (the asker's own) is in no text: 有下列情形之一的，不得举办幼儿园 says all the rest."""
    bans = article("a26", "第二十六条 有下列情形之一的，不得举办幼儿园：")
    weights = {"幼儿园": 2.0, "举办": 4.0, "允许": 3.0}

    def idf(word: str) -> float:
        return weights.get(word, 10.0)

    coverage, chosen = best_lead(
        [bans], ["想办", "幼儿园", "允许", "举办"], "想办幼儿园，什么样的人不允许当举办者？", idf
    )
    assert chosen is bans and coverage == 1.0  # and 允许 of 不允许 is said by its 不得
