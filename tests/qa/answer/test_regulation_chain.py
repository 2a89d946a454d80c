"""The answer chain on regulations (real model, extractive): an enumeration answered with every
item, a penalty with the article that punishes the breach, values as regulations write them."""

import pytest

pytestmark = pytest.mark.slow


def test_the_items_of_the_article_whose_lead_says_the_question_are_every_line(regulation_service):
    """青岛's 幼儿园不得有下列行为 is not among the top clauses: the scoped document's leads are read."""
    answer = regulation_service.answer("青岛市学前教育条例规定幼儿园不得有哪些行为？")
    lines = answer.answer.splitlines()
    assert lines[0].startswith("幼儿园不得有下列行为")
    assert [line[:3] for line in lines[1:]] == ["（一）", "（二）", "（三）", "（四）"]
    assert {c.locator for c in answer.citations} == {"第四章 第三十二条"}


def test_a_title_s_words_do_not_count_against_the_items_lead(regulation_service):
    answer = regulation_service.answer("深圳经济特区学前教育条例规定哪些情形不得举办幼儿园？")
    assert answer.answer.startswith("有下列情形之一的，不得举办幼儿园") and "（五）" in answer.answer


def test_everyday_words_get_the_items_of_the_article_retrieval_ranks_first(regulation_service):
    answer = regulation_service.answer("跟车照看学生的人在车上要管哪些事？")
    assert answer.answer.startswith("随车照管人员应当履行下列职责") and "（五）" in answer.answer


def test_a_penalty_is_the_lead_of_the_liability_article_and_the_breach_asked(regulation_service):
    answer = regulation_service.answer("组织他人在国家教育考试中作弊的，《教育法》规定如何处罚？")
    assert "一倍以上五倍以下罚款" in answer.answer and "五日以上十五日以下拘留" in answer.answer
    assert "（一）组织作弊的" in answer.answer
    assert {c.locator for c in answer.citations} == {"第九章 第八十条"}


def test_a_fine_is_the_amount_not_the_article_it_names(regulation_service):
    """违反本条例第三十五条规定的 names an article: the answer is the fine, 二万元."""
    answer = regulation_service.answer("深圳幼儿园要是聘了有犯罪记录的人，会罚多少？")
    assert not answer.refused and "每聘用一人二万元" in answer.answer


def test_values_stated_together_are_given_together(regulation_service):
    answer = regulation_service.answer("拉孩子的校车上高速，最快能跑多少？")
    assert "80公里" in answer.answer and "60公里" in answer.answer
    assert len(answer.citations) == 1


def test_which_documents_state_a_value_is_one_line_per_document_that_states_it(regulation_service):
    answer = regulation_service.answer("哪些地方的学前教育条例规定了孩子在园每天户外活动不少于两小时？")
    first, *lines = answer.answer.splitlines()
    assert first == "共检索2份文件，其中1份有相关规定："  # 青岛 and 深圳 searched; 深圳 says 两小时
    assert len(lines) == 1 and lines[0].startswith("《深圳经济特区学前教育条例》：") and "两小时" in lines[0]
    assert {c.doc_id for c in answer.citations} == {"shenzhen-preschool-regulation"}


def test_which_documents_asked_in_everyday_words_lists_every_one_saying_it(regulation_service):
    """No clause holds most of 不让…带孩子去搞商业活动; 青岛's item and 深圳's hold the words the best
    one matched, so both are lines (before, one article of 深圳 answered for the library)."""
    answer = regulation_service.answer("哪些地方的学前教育条例不让幼儿园带孩子去搞商业活动？")
    first, *lines = answer.answer.splitlines()
    assert first == "共检索2份文件，其中2份有相关规定："
    assert lines[0].startswith("《青岛市学前教育条例》：") and "商业性活动" in lines[0]
    assert lines[1].startswith("《深圳经济特区学前教育条例》：") and "商业性活动" in lines[1]


def test_which_documents_leaves_out_the_one_lacking_the_best_one_s_rare_words(regulation_service):
    answer = regulation_service.answer("哪些地方的学前教育条例要求幼儿园园长陪着孩子一起吃饭？")
    first, *lines = answer.answer.splitlines()
    assert first == "共检索2份文件，其中1份有相关规定："  # 青岛 has no 陪餐
    assert lines[0].startswith("《深圳经济特区学前教育条例》：") and "陪餐" in lines[0]
    assert {c.doc_id for c in answer.citations} == {"shenzhen-preschool-regulation"}


def test_a_follow_up_naming_no_document_is_asked_of_the_previous_question_s(regulation_service):
    """Merged with "…是啥时候开始执行的？" it was answered with the effective date."""
    answer = regulation_service.answer(
        "那开校车的司机年龄有啥限制？", history=["校车安全管理条例是啥时候开始执行的？"]
    )
    assert "25周岁以上" in answer.answer and "不超过60周岁" in answer.answer
    assert {c.locator for c in answer.citations} == {"第四章 第二十三条"}


def test_a_follow_up_about_its_history_reads_the_previous_question_s_document(regulation_service):
    answer = regulation_service.answer(
        "那它第一次修正以后又是哪年第二次修正的？", history=["教育法是哪年通过的？"]
    )
    assert "2015年12月27日" in answer.answer
    assert {c.doc_id for c in answer.citations} == {"national-education-law"}


def test_a_place_and_a_national_law_compared_are_answered_each_from_its_own(regulation_service):
    """ "深圳…和教育法…": 深圳's line from its regulation, the law's from the law, each about its own part."""
    answer = regulation_service.answer("深圳的学前教育条例和教育法分别是哪天开始施行的？")
    lines = answer.answer.splitlines()
    assert len(lines) == 2 and {c.doc_id for c in answer.citations} == {
        "shenzhen-preschool-regulation",
        "national-education-law",
    }


def test_a_penalty_without_items_is_the_article_that_punishes_the_duty_asked(regulation_service):
    """青岛's fee rule is punished by an article naming it (违反本条例第X条规定的): its words answer,
    not the rule itself."""
    answer = regulation_service.answer("青岛的幼儿园另外向家长收赞助费，会怎么罚？")
    assert "价格主管部门" in answer.answer and "五千元以上二万元以下" in answer.answer
    assert all(c.locator.startswith("第八章") for c in answer.citations)


def test_a_penalty_compared_between_places_is_answered_for_each_place(regulation_service):
    """One punishing article of one of them is no comparison: each place's line, from its own."""
    answer = regulation_service.answer("深圳和青岛的幼儿园体罚孩子，分别怎么处罚？")
    labels = [line.split("：")[0] for line in answer.answer.splitlines()]
    assert set(labels) == {"深圳", "青岛"}
    assert {c.doc_id for c in answer.citations} == {
        "shenzhen-preschool-regulation",
        "qingdao-preschool-regulation",
    }


def test_each_place_s_fine_is_its_own_article_whose_items_hold_the_act(regulation_service):
    """深圳's fine is in 第七十四条's lead, its act in item （六） (教授小学教育内容): the lead is about
    what its items say, so 深圳 is answered, not told "没有给出具体金额" (a false claim)."""
    answer = regulation_service.answer("幼儿园提前教小学的内容，深圳和青岛分别罚多少钱？")
    lines = dict(line.split("：", 1) for line in answer.answer.splitlines())
    assert "五千元以上三万元以下" in lines["深圳"] and "五千元以上二万元以下" in lines["青岛"]
    assert ("shenzhen-preschool-regulation", "第七章 第七十四条") in {
        (c.doc_id, c.locator) for c in answer.citations
    }
    alone = regulation_service.answer("深圳幼儿园给孩子乱用药，罚多少钱？")
    assert not alone.refused and "五千元以上三万元以下" in alone.answer
    # 体罚 is none of 第七十四条's items: 深圳 punishes it (第七十三条) with no amount
    beaten = regulation_service.answer("深圳和青岛的幼儿园体罚孩子，分别罚多少？")
    lines = dict(line.split("：", 1) for line in beaten.answer.splitlines())
    assert "没有给出具体金额" in lines["深圳"] and "五千元以上二万元以下" in lines["青岛"]


def test_a_fine_compared_between_places_is_each_place_s_article_punishing_the_duty(regulation_service):
    """青岛's search for 组织孩子参加商业活动 finds the duty (第三十二条（四）), not its fine: the 法律责任
    article naming 第三十二条 is looked up for 青岛 as it is for a question about 青岛 alone."""
    answer = regulation_service.answer("深圳和青岛的幼儿园组织孩子参加商业活动，分别罚多少钱？")
    lines = dict(line.split("：", 1) for line in answer.answer.splitlines())
    assert "五千元以上二万元以下" in lines["青岛"] and "五千元以上三万元以下" in lines["深圳"]
    assert ("qingdao-preschool-regulation", "第八章 第五十七条") in {
        (c.doc_id, c.locator) for c in answer.citations
    }


def test_which_articles_say_what_breaking_the_rules_costs_lists_several(regulation_service):
    """ "哪几条讲了违规怎么处理" asks for the articles: the one that punishes the top duty is not all."""
    answer = regulation_service.answer("青岛的学前教育条例里，哪几条讲了违了规怎么处理？")
    assert len({c.clause_id for c in answer.citations}) >= 2


def test_what_an_amendment_changed_is_refused_with_the_amendment_the_header_records(regulation_service):
    """The 题注 says a 修正 happened, not what it changed: a refusal that quotes it, never an
    answer made of the 题注 or of article 1."""
    answer = regulation_service.answer("教育法2021年那次修正具体改了哪些条款？")
    assert answer.refused and not answer.citations
    assert (
        answer.answer.startswith("文件只记载了“2021年4月29日") and "没有写明这次改了哪些内容" in answer.answer
    )
    assert [h.locator for h in answer.related][:1] in (["文件头"], ["前言"])


def test_a_kind_of_regulation_a_named_place_lacks_is_said_so_not_answered_from_its_other_texts(
    regulation_service,
):
    """深圳 has a preschool regulation in this library, 青岛 too; neither a school-bus regulation."""
    answer = regulation_service.answer("深圳的学前教育条例规定孩子每天室外活动多长时间？")
    assert "每天不少于两小时" in answer.answer
    lacking = regulation_service.answer("青岛市校车安全管理条例对驾驶人年龄有什么要求？")
    assert lacking.refused and lacking.answer.startswith("现有文件中没有青岛")


def test_whether_a_text_is_current_is_answered_as_far_as_the_library_can_tell(regulation_service):
    answer = regulation_service.answer("教育法是现行有效的吗？")
    assert answer.answer.startswith("库中这是最新的文本：2021年4月29日")
    assert answer.answer.endswith("（此后是否又有修改或废止，文件本身无法说明。）")  # the text cannot tell
    assert [c.locator for c in answer.citations][:1] in (["文件头"], ["前言"])


def test_a_penalty_is_read_from_a_chapter_named_otherwise_than_法律责任(regulation_service):
    """学校卫生工作条例 punishes in 第五章 奖励与处罚: 第三十四条 names the duty asked (第十一条)."""
    answer = regulation_service.answer(
        "学校让中小学生上夜班干活、接触有毒的东西，按学校卫生工作条例怎么处理？"
    )
    assert "给予警告，责令限期改进" in answer.answer
    assert {c.locator for c in answer.citations} == {"第五章 第三十四条"}


def test_a_list_asked_of_parents_and_children_is_the_article_on_父母_and_未成年人(regulation_service):
    answer = regulation_service.answer("家庭教育促进法建议家长用哪些方式方法教育孩子？")
    assert "合理运用以下方式方法" in answer.answer and "（九）" in answer.answer
    assert {c.locator for c in answer.citations} == {"第二章 第十七条"}


def test_how_soon_is_answered_by_立即_when_the_text_says_it(regulation_service):
    """多久内要报警: 第四十二条 says 立即报警, no number; that is the answer, not "没有给出具体时长"."""
    answer = regulation_service.answer("校车出了交通事故，司机和照管员多久内要报警？")
    assert not answer.refused and "立即报警" in answer.answer


def test_the_enumerating_article_is_found_below_the_articles_that_only_name_its_case(
    regulation_service,
):
    """第四十一条 (申请复核) and 第三十九条 (告知) name 不授予学位或者撤销学位 and rank first; the items
    are 第三十七条's, found further down."""
    answer = regulation_service.answer("哪些情况下学校可以不授予学位，或者把已经授予的学位撤销？")
    assert "不授予学位或者撤销学位" in answer.answer.splitlines()[0] and "（三）" in answer.answer
    assert {c.locator for c in answer.citations} == {"第六章 第三十七条"}


def test_what_counts_as_a_quoted_term_is_the_list_of_the_article_defining_it(regulation_service):
    """“不良行为” is named in many articles' leads; 第二十八条 (本法所称不良行为，是指…下列行为) defines
    it, though the asker's 家长得管 draws the articles on what parents do."""
    answer = regulation_service.answer("孩子有哪些表现在法律上算“不良行为”，家长得管？")
    assert answer.answer.startswith("本法所称不良行为") and "（一）吸烟、饮酒" in answer.answer
    assert {c.doc_id for c in answer.citations} == {"national-juvenile-delinquency-prevention-law"}


def test_a_regulation_s_full_name_is_said_with_its_history_when_both_are_asked(regulation_service):
    answer = regulation_service.answer("青岛那部管幼儿园的地方性法规，全称叫什么？什么时候开始施行？")
    assert answer.answer.startswith("青岛市学前教育条例[1]。") and "2013年6月2日" in answer.answer
    assert [c.locator for c in answer.citations][:1] == ["文件头"]


@pytest.mark.parametrize(
    ("question", "lead", "item"),
    [
        # 什么样的人 asks for a list, 不允许 is the text's 不得, and 想办 (in no text) is no topic
        ("深圳想办幼儿园，什么样的人是不允许当举办者的？", "有下列情形之一的，不得举办幼儿园", "（五）"),
        # 哪些地方 of one named place's text asks for the places it lists, not for documents
        ("北京控烟条例里，哪些地方室外也不许抽烟？", "下列公共场所、工作场所的室外区域禁止吸烟", "（四）"),
        # the parents' duties rank first; what they must not do is 不得实施下列行为
        (
            "河南省未成年人保护条例列了哪些父母绝对不能对孩子做的事？",
            "父母或者其他人员不得实施下列行为",
            "（十二）",
        ),
        # 校车 is the title's word: the lead need not say it
        ("校车上的随车照管人员要负责做哪些事情？", "随车照管人员应当履行下列职责", "（五）"),
    ],
)
def test_a_list_asked_in_everyday_words_is_the_items_of_the_article_whose_lead_says_it(
    regulation_service, question, lead, item
):
    answer = regulation_service.answer(question)
    assert answer.answer.startswith(lead) and item in answer.answer


def test_what_a_thing_is_made_of_is_the_sentence_listing_its_members(regulation_service):
    """ "幼儿园工作人员包括管理人员、专任教师…" lists in one sentence, not in （一）…（N）."""
    answer = regulation_service.answer("青岛学前教育条例里，幼儿园工作人员包括哪些？")
    assert answer.answer.startswith("幼儿园工作人员包括管理人员、专任教师、医务人员")
    assert [c.locator for c in answer.citations] == ["第三章 第十八条"]
    # the member sentence is quoted whole, from its start, however the question names the thing
    answer = regulation_service.answer("青岛学前教育条例里的工作人员包括哪些？")
    assert answer.answer.startswith("幼儿园工作人员包括管理人员")


def test_a_change_the_note_does_not_record_is_refused_with_those_it_does(regulation_service):
    """教育法 was amended three times: its 第四次修正 has no year, and no other change answers it."""
    answer = regulation_service.answer("教育法第四次修正是哪一年？")
    assert answer.refused and answer.answer.startswith("没有第四次修正，只修正过3次：")
    answer = regulation_service.answer("教育法第二次修正是哪一年？")
    assert not answer.refused and "第二次修正" in answer.answer
