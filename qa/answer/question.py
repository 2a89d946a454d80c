"""What a question asks for, and the words that carry its content."""

from __future__ import annotations

import re

from qa.retrieval.tokenizer import synonyms

# Words that name the scope or the genre rather than the topic: they are not evidence that a
# clause answers the question.
GENERIC_WORDS = frozenset(
    [
        "工作",
        "教育",
        "要点",
        "文件",
        "规定",
        "要求",
        "措施",
        "举措",
        "政策",
        "方面",
        "有关",
        "相关",
        "安排",
        "内容",
        "情况",
        "计划",
        "提出",
        "做",
        "做好",
        "开展",
        "推进",
        "哪些",
        "哪几",
        "哪几种",
        "几种",
        "哪种",
        "哪类",
        "几类",
        "哪几类",
        "什么",
        "什么样",
        "怎么",
        "怎样",
        "如何",
        "多少",
        "分别",
        "具体",
        "主要",
        "目标",
        "全市",
        "全区",
        "今年",
        "明年",
        "年度",
        "期间",
        "我市",
        "市",
        "区",
        "县",
        "局",
        "教育局",
        "有",
        "没有",
        "是",
        "的",
        "要",
        "会",
        "能",
        "不能",  # as 能: every 不得 of a regulation says it, so it tells no article from another
        "可以",
        "应该",
        "吗",
        "呢",
        "不同",
        "有何",
        "何种",
        "啥",
        "有啥",
        "区别",
        "差异",
        "比较",
        "对比",
        "时候",
        "准备",
        "前要",
        "打算",
        "几所",
        "几月",
        "几号",
        "几个",
        "几年",
        "多久",
        "钱",
        "涨",
        "了",
        "在",
        "上",
        "中",
        "下",
        "里",
        "一下",
        "规划",
        "方案",
        "说",
        "讲",
        "提到",
        "怎么样",
        "哪里",
        "哪个",
        "谁",
        "年",
        "各份",
        "几份",
        "每份",
        "各地",
        # everyday function words a question wraps its topic in
        "给",
        "做到",
        "那个",
        "这个",
        "那些",
        "这些",
        "搞",
        "弄",
        "干",
        "放在",
        # the frame of an everyday question, not its topic ("除了室内，还有哪些地方…", "条例明确…")
        "除了",
        "还有",
        "或者",
        "另外",
        "明确",
        "哪些地方",
        "什么地方",
        "哪个地方",
    ]
)

_NUMBER = (
    "多久",  # a duration: a number of hours, days or years, not a date
    "多长时间",
    "多少",
    "几",
    "比例",
    "占比",
    "比率",
    "率是",
    "数量",
    "规模",
    "多大",
    "多高",
    "多长",
    "几个",
    "几所",
)
_DATE = ("什么时候", "何时", "哪一年", "哪年", "几月", "日期", "时限", "截止", "之前")
_NAME = (
    "文号",
    "哪个部门",
    "哪些部门",
    "谁负责",
    "责任单位",
    "牵头",
    "哪个单位",
    "名称",
    "叫什么",
    "哪所",
    "哪些学校",
)


def answer_type(question: str) -> str:
    """number, date, name or open: decides what the first sentence of an answer leads with."""
    if any(cue in question for cue in _DATE):
        return "date"
    if any(cue in question for cue in _NAME):
        return "name"
    if any(cue in question for cue in _NUMBER):
        return "number"
    return "open"


def content_tokens(tokens: list[str], scope_words: set[str]) -> list[str]:
    """Tokens that carry the topic: no scope names (洛阳, 2022) nor pieces of them (jieba's search
    mode also cuts 北京市 into 京市, 十四五 into 十四, 四五), no generic words, no duplicates."""
    seen, result = set(), []
    for token in tokens:
        if token in seen or token in GENERIC_WORDS or token in scope_words:
            continue
        if len(token) >= 2 and any(token in word for word in scope_words if len(word) > len(token)):
            continue
        if any(token[:i] in GENERIC_WORDS and token[i:] in GENERIC_WORDS for i in range(1, len(token))):
            continue  # 教育规划, 工作要点: generic words run together
        seen.add(token)
        result.append(token)
    return result


# Words a question uses for something the text shows by its form: a 文号 is "洛教〔2022〕1号".
CONCEPTS = {
    "文号": re.compile(r"〔\d{4}〕\d+号"),
    "发文日期": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
    "印发日期": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
}
# what a person must have to hold a post is said as what they 应当具有 (本科以上学历、五年以上…经历)
_QUALIFIED = re.compile(r"应当具[有备]|具有[^。；]{0,30}(?:学历|资格|经历|职称|能力)|持有[^。；]{0,15}证")
CONCEPTS.update({word: _QUALIFIED for word in ("条件", "任职条件", "任职资格", "资格条件", "任职要求")})


def mentions(token: str, text: str) -> bool:
    """The text says `token`, in the question's words or in the documents' words for it."""
    if token in text or (token in CONCEPTS and bool(CONCEPTS[token].search(text))):
        return True
    return any(alternative in text for alternative in synonyms().get(token, ()))


# A count written in Chinese numerals: 第八届, 两个, 三所 (a bare 一 is too common: 进一步, 一批).
_CHINESE_COUNT = re.compile(
    r"第[一二三四五六七八九十]+[届次批轮]|[两二三四五六七八九十百千万]+[个名所届次项条年天周小学课元倍日岁人米]"
    r"|百分之[一二三四五六七八九十]"  # and as regulations write amounts: 五千元, 二十日, 百分之五
)


_LOCATOR = re.compile(r"第[一二三四五六七八九十百零\d]+[条款项章节]")


def has_fact(text: str, kind: str) -> bool:
    text = _LOCATOR.sub("", text)  # 违反本条例第三十条规定: a place in the text, not a figure
    if kind == "number":
        return bool(re.search(r"\d", text) or _CHINESE_COUNT.search(text))
    if kind == "date":
        return bool(re.search(r"\d{1,4}\s*[年月日]|[年月]底|前完成|之前", text))
    if kind == "name":
        return bool(re.search(r"〔\d{4}〕|责任单位|牵头|处室|学校|局", text))
    return False


# What shape of answer a question wants (answer_type says what its lead states).
_LIST = re.compile(
    r"哪几条|哪些条|哪几项|哪些项|几条|几项|哪几个方面|哪些方面|分布在|都有哪些|都定了哪些|列出|包括哪|有哪几|几大部分|几个部分"
)
_YESNO_VERBS = ("可以", "需要", "能", "会", "有", "是", "要", "得")
_YESNO = re.compile(r"(?:能不能|可不可以|会不会|有没有|是不是|是否|要不要|需不需要|吗[？?。！!]*$)")


# "教师有哪些权利", "哪几种情形可以…", "包括什么": the items an article enumerates (not "哪几条",
# the clauses of a part, nor "哪些地方/哪几部条例", documents across the library)
_ITEMS = re.compile(
    r"哪些|哪几(?:种|类|项|个方面|方面|样)|包括(?:哪|什么)|都有(?:什么|啥)|有什么(?:情形|情况|行为|职责|权利|义务|条件|要求)"
    r"|什么样的(?:人|情形|情况|行为|单位|机构|场所)|哪[类种]人"
)
_NOT_ITEMS = re.compile(r"哪些(?:法律|法规|条例|文件|部门)|哪几(?:部|份|个地方)|哪几条|哪些条")


# "违反了会怎么处罚", "罚多少钱", "要承担什么责任": what breaking a rule costs (the 法律责任 chapter)
_PENALTY = re.compile(
    r"处罚|罚款|罚多少|怎么罚|罚钱|法律责任|承担什么责任|负什么责任|怎么处理|如何处理|什么处理|怎么处置|什么后果|会怎样|会怎么样|(?:受到|面临|承担)什么|勒令|会被(?:罚|关|取缔|开除|辞退|停)"
    r"|处分|吊销|没收|拘留|责令"
)


# "哪些地方的学前教育条例规定了X", "哪几部法律…": documents are the answer, one line each
_WHICH_DOCUMENTS = re.compile(
    # 哪些地方的学前教育条例 asks for documents; 哪些地方的室外区域 for places a text names
    r"哪些(?:(?:地方|省份?|城市|市|地区)(?!的(?![\u4e00-\u9fff]{0,10}?(?:法规|条例|规定|办法|法|文件)))"
    r"|(?:(?!在)[\u4e00-\u9fff]){0,4}?(?:法律法规|法律|法规|条例|文件))(?!责任)"  # not 哪些表现在法律上
    r"|哪几(?:部|份|个地方|个省|个市|个城市)"
)
# what a level word asks for: 法律 is the level; 法规, as staff say it, is any law or regulation
LEVEL_WORDS = {  # looked up in order: 法律法规 is any of them
    "法规": ("法律", "行政法规", "地方性法规", "规章"),
    "法律": ("法律",),
}


def asked_levels(cue: str) -> tuple[str, ...] | None:
    """The levels a which-documents cue asks for ("哪些法律": laws; "哪些法律法规": any), or None."""
    return next((levels for word, levels in LEVEL_WORDS.items() if word in cue), None)


def which_documents_cue(question: str) -> str:
    """The words that ask which documents say something ("哪些地方", "哪几部"), or ""."""
    match = _WHICH_DOCUMENTS.search(question)
    return match.group() if match else ""


def asks_for_penalty(question: str) -> bool:
    return bool(_PENALTY.search(question))


def asks_for_items(question: str) -> bool:
    return (
        bool(_ITEMS.search(question))
        and not _NOT_ITEMS.search(question)
        and not which_documents_cue(question)
    )


def question_shape(question: str) -> str:
    """list (every clause on a topic, one line each), yesno (yes or no first) or single."""
    if _LIST.search(question):
        return "list"
    if _YESNO.search(question.strip()):
        return "yesno"
    return "single"


def yes_no_words(question: str) -> tuple[str, str]:
    """The question's own verb for yes and for no: 能/不能, 有/没有, 会/不会 …"""
    positions = [(question.find(v), v) for v in _YESNO_VERBS if v in question]
    verb = min(positions)[1] if positions else "是"
    return verb, ("没有" if verb == "有" else "不" + verb)


# 那几天 / 这几年 point at a time, they do not ask
_ASKING = re.compile(r"多少|(?<![那这])几|什么|啥|哪|怎么|怎样|如何|吗|是否|多久|多长|有没有|能不能|是不是")
_LISTED = re.compile(r"、")
_PART_BREAK = re.compile(r"[？?]|[，；;,]\s*(?:另外|还有|同时|以及|那|并且)?")


def question_parts(question: str) -> list[str]:
    """The parts of a multi-part question ("洛阳每年派多少老师出去学习？老师每五年得修满多少学时？",
    "几年一轮、每轮多少学时"), each asking something of its own; the question itself when it asks
    one thing ("体育、艺术、劳动分别怎么要求": not every piece asks)."""
    for breaks in (_PART_BREAK, _LISTED):
        pieces = _asking_pieces([p.strip() for p in breaks.split(question) if p and p.strip("？?。 ")])
        if len(pieces) >= 2 and all(_ASKING.search(p) for p in pieces):
            return [p.rstrip("？?。 ") for p in pieces]
    return [question]


# a piece asking only where or how a document says it ("北京未保条例怎么规定的", "规定是什么"): it
# names where to look for the other piece's answer, and asks nothing of its own
_WHERE_SAID = re.compile(
    r"^(?:那|按|按照|根据|依照)?[^，。？?]{0,16}(?:条例|法|办法|要点|文件|规划|意见|规定|细则)"
    r"(?:里|中|上|是|又|对此)?(?:(?:怎么|如何|是怎么|是如何)(?:规定|说|写|讲)的?"
    r"|(?:有没有|有)(?:这个|这项|这种|这方面的?|相关的?)?(?:要求|规定)吗?|有没有写|写了吗|有写吗)$"
    r"|^(?:具体)?(?:规定|要求)是(?:什么|啥)$|^(?:有)?什么规定$"
)


def _asking_pieces(pieces: list[str]) -> list[str]:
    """Pieces that ask nothing ("青岛条例里，") belong to the piece after them; one asking only
    how a document says it, to the piece it is asked of."""
    merged: list[str] = []
    pending = ""
    for piece in pieces:
        if _WHERE_SAID.match(piece.rstrip("？?。 ")) and (merged or len(pieces) > 1):
            if merged:
                merged[-1] += "，" + piece
            else:
                pending = f"{pending}，{piece}" if pending else piece
        elif _ASKING.search(piece):
            merged.append(f"{pending}，{piece}" if pending else piece)
            pending = ""
        else:
            pending = f"{pending}，{piece}" if pending else piece
    if pending and merged:
        merged[-1] += "，" + pending
    return merged
