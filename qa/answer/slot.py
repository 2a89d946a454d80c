"""The asked slot: what an answer must contain to answer the question, read from its asking words.

A clause on the right topic that lacks the asked number, date, name, year or term is a near miss,
not an answer. The slot says what to look for (fill.py looks for it): a quantity with its unit
and the thing counted (多少所农村寄宿制学校), a date to some precision (几月几号, 第几周), a named thing
(哪所学校, 哪个处室牵头, 叫什么), quoted or coined terms that must occur, the years asked about, a
rate's base (每人, 每月), and the numbers the question itself states (they are given, not asked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUANTITY, DATE, NAME, YESNO, LIST, OPEN = "quantity", "date", "name", "yesno", "list", "open"

# A unit of count as a question asks it, and the units a text may state it in (a count in any
# classifier may also be stated with 个: 两个30分钟大课间, 班级138个).
UNITS: dict[str, tuple[str, ...]] = {
    "所": ("所", "家", "处"),
    "名": ("名", "人", "位", "居民"),
    "人": ("名", "人", "位", "居民"),
    "位": ("名", "人", "位", "居民"),
    "元": ("元",),
    "万": ("万",),
    "亿": ("亿",),
    "%": ("%", "％", "百分之", "个百分点", "成"),
    "节": ("节", "课时", "学时"),
    "频次": (
        "每年",
        "每学年",
        "每学期",
        "每月",
        "每周",
        "每天",
        "每日",
        "按年度",
        "按学期",
        "按月",
        "年度",
        "一次",
    ),
    "时长": ("小时", "分钟", "工作日", "天", "日", "周", "个月", "月", "年", "学时", "课时", "节"),
    "学时": ("学时", "课时", "小时"),
    "课时": ("课时", "学时", "节"),
    "小时": ("小时", "学时", "课时", "分钟"),
    "天": ("天", "日", "个工作日", "工作日"),
    "岁": ("岁", "周岁"),
    "倍": ("倍",),
    "尺寸": ("米", "厘米", "毫米", "平方米", "亩", "公斤", "千克", "吨", "层"),
    "次": ("次", "回", "场"),
    "回": ("次", "回", "场"),
}
_CLASSIFIERS = "所名人位个套项次场届家条门节天周年元万亿分岁班批轮台张块回倍"
# units of measure, not of count: a number in 个 does not state them
MEASURES = frozenset(
    {"元", "万", "亿", "%", "时长", "频次", "学时", "课时", "小时", "天", "年", "分", "岁", "倍", "尺寸"}
)
# a classifier that starts a word is not the unit: 多少家里困难的学生, 多少名额, 几年级
_NOT_UNITS = (
    "家里",
    "家庭",
    "家长",
    "名额",
    "年级",
    "人口",
    "人员",
    "人才",
    "位置",
    "条件",
    "项目",
    "次数",
    "分配",
    "分数",
    "批次",
    "门槛",
    "年龄",
    "岁数",
    "天气",
    "周边",
    "元旦",
)
_QUANTITY_CUE = re.compile(
    r"(?P<freq>(?:多久|多长时间)[^？?，。]{0,14}一次)"
    # 几个小时, 多少个月, 几个工作日: durations, not counts in 个
    r"|(?<![哪这那])(?:多少|几)(?P<unit>个?(?:课时|学时|小时|钟头|工作日|月)|日(?=内|之内|以内|后|之后|完成)|分钟|万元|亿元|周岁|平方米|公里|千米|米|个?["
    + _CLASSIFIERS
    + r"])?"
    r"|(?P<rate>比例|占比|比率|百分之几|\w{0,3}率)(?:是|要|能|得|达到|提到|提高到|到|为|定在|在){0,3}(?:多少|几)"
    r"|(?P<share>多大(?:的)?(?:比例|占比|比重)|占多大)"
    r"|(?P<money>多少钱|收多少|花多少|费用(?:是|要)?多少|(?:收费|费)(?:标准|上限)?(?:是|为)?多少)"
    r"|(?P<time>多久|多长时间|多长|多少天|多少年)"
    r"|(?P<size>多高|多宽|多大面积|多深|多重|多厚)"
    # an age is asked in words, not only as 几岁: 司机年龄有啥限制, 孩子多大可以骑电动车
    r"|(?P<age>年龄|年纪|岁数|(?<!从)多大(?=可以|能|才|就|的?(?:孩子|学生|儿童|人(?!口))))"
)
# units asked in words that name a kind of measure: 几周岁 is an age, 多少米 a distance
_DURATION_WORDS = {"钟头": "小时", "工作日": "天", "日": "天", "月": "时长"}  # how a text states them (UNITS)
_MEASURED_AS = {"周岁": "岁", "米": "尺寸", "平方米": "尺寸", "公里": "尺寸", "千米": "尺寸"}
_SHARE_OF = re.compile(r"按[^，。？?]{1,15}的$")  # "按X的多少": what share of X
_RATE_WORDS = ("比例", "占比", "比率", "率", "百分")
_MONEY_WORDS = ("钱", "费", "经费", "资金", "投入", "投资", "工资", "补助", "补贴", "奖励", "罚")
_WEEK = re.compile(r"第几周|哪一?周")
_DAY = re.compile(r"几月几[号日]|哪一?天|几号|哪日|具体日期|什么日子")
_MONTH = re.compile(r"几月份?|哪个月")
_YEAR_ASKED = re.compile(r"哪一?年|哪几年|几几年|什么年份|哪个年份")
_ANY_TIME = re.compile(
    r"什么时候|啥时候?|何时|多会儿|时限|截止|时间节点|什么时间|几时|(?:哪个|什么|哪些|哪一?)时段|几点"
)
_NAMES = {
    "school": re.compile(r"哪所|哪些学校|哪几所|哪个学校|哪家学校|哪所学校"),
    "department": re.compile(
        r"哪个部门|哪些部门|哪个单位|哪些单位|哪个处室|哪些处室|哪个科室|谁(?:来)?(?:牵头|负责|管)|牵头|责任单位|归谁管"
    ),
    "place": re.compile(
        r"哪几个县|哪些县|哪个县|哪个区|哪些区|哪几个区|哪几?个?片区|哪几?个?乡镇"
        # not 哪些地方的室外区域: places a text lists, which are no 县区
        r"|(?:哪些|哪几个)地方(?!说|提|讲|写|涉及|的)"
    ),
    "location": re.compile(
        r"(?:搬|迁|建|设|放|落户)(?:到|在)?哪(?:儿|里)|在哪(?:儿|里)|什么位置|哪个位置|选址|校址"
    ),
    "title": re.compile(r"叫什么|名称是什么|什么名字|名字是什么|全称|啥名"),
    "person": re.compile(r"是谁|谁是|叫啥名字"),
}
# quoted terms: a programme, slogan or coined name (not a document title in 《》)
_QUOTED = re.compile(r"[“\"‘「『]([^”\"’」』]{2,20})[”\"’」』]")
# an unquoted coined name: a programme or campaign named by its own words (智慧作业提质工程); its
# words run back from the suffix to the first word that is not part of a name
_COINED_SUFFIX = re.compile(r"工程|行动|品牌|工作室|联盟|共同体")
_NOT_NAME = set("的那这个和与及搞份些么什哪几多少是有在要把将对从跟给被让了吗呢啥谁里中上下说讲到年今明去")
_LEADING_VERB = re.compile(r"^(?:开展|实施|推进|落实|启动|推动|组织|参加|参与|加入|申报|创建|建设|搞)+")
_GIVEN = re.compile(r"\d+(?:\.\d+)?")
_YEARS = re.compile(r"(?<![\d〔\[［(（])(20\d{2})(?![\d〕\]］)）])")
_PER = re.compile(
    r"每(?:个|名|位|一)?(?P<base>天|日|周|月|年|学期|学年|人|学生|孩子|娃|老师|教师|生|校|学校|所|班|园)"
    r"|(?:一个月|一年|一天|一周|一个?学期)(?=.{0,8}(?:多少|几))"
    r"|(?P<area>每个县区|每个县|每个区|各县区|各县|分县区)"
)
_PER_BASE = {
    "日": "天",
    "一天": "天",
    "一周": "周",
    "一个月": "月",
    "一年": "年",
    "一学期": "学期",
    "一个学期": "学期",
    "学年": "年",
    "学生": "人",
    "孩子": "人",
    "娃": "人",
    "老师": "人",
    "教师": "人",
    "生": "人",
    "学校": "校",
    "所": "校",
    "园": "校",
}
# words that frame the thing asked about rather than name it
_FRAME = re.compile(
    r"^(?:的|了|要|能|得|会|有|是|总共|一共|共|大概|大约|具体|分别|各|今年|明年|每年|当年|目前|现在|打算|计划|准备)+"
)


@dataclass(frozen=True)
class Slot:
    """What an answer must contain. `kind` is quantity, date or name (a value the answer states),
    yesno, list or open (no single value); `unit` is the quantity's unit (所, 元, %, 时长 …), the
    date's precision (week, day, month, year, any) or the name's kind (school, department, place,
    title, person)."""

    kind: str = OPEN
    unit: str | None = None
    thing: str = ""  # what the value is of, in the question's words (农村寄宿制学校, 保教费)
    counted: str = ""  # a quantity's counted noun, named right after its cue (多少所 → 国际学校)
    terms: tuple[str, ...] = ()  # quoted names that must occur as written
    coined: tuple[str, ...] = ()  # unquoted programme names (…工程, …计划) that must nearly occur
    years: tuple[int, ...] = ()  # the years asked about
    per: str | None = None  # the base of a rate: 天, 月, 人, 校 …
    given: tuple[str, ...] = ()  # numbers the question states itself: not the answer
    cue: str = ""  # the asking words (多少所, 几月几号, 叫什么)

    @property
    def wants_value(self) -> bool:
        return self.kind in (QUANTITY, DATE, NAME)

    def lack(self) -> str:
        """What the documents would lack, in words: 具体数字, 具体日期, 具体名称 …"""
        if self.kind == QUANTITY:
            if self.unit == "元" or self.unit in ("万", "亿"):
                return "具体金额"
            if self.unit == "%":
                return "具体比例"
            if self.unit == "时长":
                return "具体时长"
            if self.unit == "尺寸":
                return "具体尺寸"
            if self.unit == "频次":
                return "具体间隔"
            return f"具体数量（{self.unit}）" if self.unit else "具体数字"
        if self.kind == DATE:
            return {"week": "具体是第几周", "day": "具体日期", "month": "具体月份", "year": "具体年份"}.get(
                self.unit or "", "具体时间"
            )
        if self.kind == NAME:
            return {
                "school": "具体是哪所学校",
                "department": "具体由哪个部门负责",
                "place": "具体是哪些县区",
                "location": "具体位置",
                "title": "具体名称",
                "person": "具体人员",
            }.get(self.unit or "", "具体名称")
        return "所问的内容"


def _quantity(question: str) -> tuple[str | None, str, tuple[int, int]] | None:
    """(unit, cue, span) of the question's quantity cue, if it asks for one."""
    match = _QUANTITY_CUE.search(question)
    if not match:
        return None
    if match.group("freq"):
        return "频次", match.group(), match.span()
    if match.group("rate") or match.group("share"):
        return "%", match.group(), match.span()
    if match.group("money"):
        after = question[match.end() : match.end() + 1]
        return (after if after in ("亿", "万") else "元"), match.group(), match.span()
    if match.group("age"):
        return "岁", match.group(), match.span()
    if match.group("size"):
        return "尺寸", match.group(), match.span()
    if match.group("time"):
        cue = match.group()
        return ("天" if cue == "多少天" else "年" if cue == "多少年" else "时长"), cue, match.span()
    unit = match.group("unit")
    if unit and len(unit) >= 2 and unit.startswith("个"):
        unit = unit[1:]  # 多少个班, 几个小时
    unit = _DURATION_WORDS.get(unit, unit)
    span = match.span()
    if unit and question[match.start("unit") :].startswith(_NOT_UNITS):
        unit, span = None, (match.start(), match.start("unit"))
    if unit in ("万元", "亿元"):
        unit = unit[0]
    unit = _MEASURED_AS.get(unit, unit)
    if unit is None and _SHARE_OF.search(question[: span[0]]):
        unit = "%"  # 按职工工资总额的多少提取: a share of the amount named
    elif unit is None and any(word in question for word in _RATE_WORDS):
        unit = "%"  # 戴眼镜的比例一年往下降多少
    elif unit is None and any(word in question for word in _MONEY_WORDS) and "多少" in match.group():
        unit = "元"  # 教师工资涨了多少, 总投入花多少
    if unit == "个":
        unit = None  # a generic classifier: any count answers it
    return unit, question[span[0] : span[1]], span


def _coined(question: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    found = []
    for match in _COINED_SUFFIX.finditer(question):
        start = match.start()
        while (
            start > 0 and question[start - 1] not in _NOT_NAME and "\u4e00" <= question[start - 1] <= "\u9fff"
        ):
            start -= 1
        name = _LEADING_VERB.sub("", question[start : match.end()])
        name = _without_place(name)
        if len(name) - len(match.group()) >= 4 and not any(name in t or t in name for t in terms):
            found.append(name)
    return tuple(dict.fromkeys(found))


def _without_place(name: str) -> str:
    """A coined name without the place the question puts before it (邯郸三年攻坚行动)."""
    from qa.corpus.places import gazetteer

    places = gazetteer()
    for size in (4, 3, 2):
        if len(name) <= size:
            continue  # a name no longer than a place name has no place to take off
        head = name[:size]
        if head in places or (size >= 3 and head[-1] in "省市区县" and head[:-1] in places):
            return name[size:]
    return name


_RATE_NAME = re.compile(r"[\u4e00-\u9fff]{1,4}率")


def _rate_of(question: str) -> str:
    """What a rate is of, when the question names it (一本录取率, 毛入学率): a rate of something
    else does not answer. A 比例 asked in everyday words ("上幼儿园的比例") names nothing to check."""
    match = _RATE_NAME.search(question)
    return match.group() if match else ""


# a bound after the cue qualifies the count, it is not what is counted (多少人以上要配幼儿园)
_BOUND = re.compile(r"^(?:以上|以下|以内|之内|左右|上下|(?:的)?(?:范围)?内)")


def _counted(question: str, span: tuple[int, int]) -> str:
    """The noun a count is of, when the question names it right after the cue (多少所国际学校)."""
    after = re.split(r"[，。？?！!；、]|的?(?:是|有|要|呢|吗|在|能|会)", question[span[1] :])[0]
    after = _BOUND.sub("", after)
    return _FRAME.sub("", after).strip() if len(after.strip()) >= 2 else ""


def _thing(question: str, span: tuple[int, int]) -> str:
    """What the asked value is of: the words right after the cue ("多少所农村寄宿制学校"), else
    those before it ("教师平均工资涨了多少")."""
    after = re.split(r"[，。？?！!；、]|的?(?:是|有|要|呢|吗)", question[span[1] :])[0]
    after = _FRAME.sub("", _BOUND.sub("", after)).strip()
    if len(after) >= 2:
        return after
    before = re.split(r"[，。？?！!；]", question[: span[0]])[-1]
    before = re.sub(r"(?:的|了|要|能|得|会|有|是|一共|总共|共|大概|达到|提到|到|为)+$", "", before)
    return before.strip()


def _date(question: str) -> tuple[str, str] | None:
    for unit, pattern in (("week", _WEEK), ("day", _DAY), ("month", _MONTH), ("year", _YEAR_ASKED)):
        if match := pattern.search(question):
            return unit, match.group()
    if match := _ANY_TIME.search(question):
        return "any", match.group()
    if (
        re.search(r"(?:之前|以前|前)(?:要|得|必须)?(?:完成|做到|落实)?[？?]?$", question)
        and "什么" in question
    ):
        return "any", "之前"
    return None


def _name(question: str) -> tuple[str, str] | None:
    for unit, pattern in _NAMES.items():
        if match := pattern.search(question):
            return unit, match.group()
    return None


def read_slot(question: str, shape: str = "single") -> Slot:
    """The slot a question asks to fill. `shape` (question.question_shape) decides yes/no and list
    questions; a value asked inside a yes/no question ("有没有定…第几周") is still a value."""
    terms = tuple(dict.fromkeys(t.strip() for t in _QUOTED.findall(question) if t.strip()))
    coined = _coined(question, terms)
    years = tuple(sorted({int(y) for y in _YEARS.findall(question)}))
    given = tuple(dict.fromkeys(n for n in _GIVEN.findall(question) if not re.fullmatch(r"20\d{2}", n)))
    per_match = _PER.search(question)
    per = None
    if per_match:
        base = per_match.group("base") or per_match.group()
        per = "县" if per_match.group("area") else _PER_BASE.get(base, base)
    common = {"terms": terms, "coined": coined, "years": years, "given": given}
    if date := _date(question):
        unit, cue = date
        start = question.find(cue)
        # what is dated: the words around the cue (洛阳教师编制考试 … 报名)
        thing = re.sub(r"[？?。！!]", "", question[:start] + question[start + len(cue) :])
        return Slot(DATE, unit, thing, cue=cue, **common)
    if name := _name(question):
        unit, cue = name
        span = (question.find(cue), question.find(cue) + len(cue))
        return Slot(NAME, unit, _thing(question, span), cue=cue, **common)
    if shape != "list" and (quantity := _quantity(question)):
        unit, cue, span = quantity
        if unit == "%":
            counted = _rate_of(question)
        else:  # a measure (元, 时长, 岁 …) is of no counted noun: 满几岁必须送去上学 counts no 上学
            counted = _counted(question, span) if unit not in MEASURES and unit != "频次" else ""
        return Slot(QUANTITY, unit, _thing(question, span), counted, per=per, cue=cue, **common)
    kind = {"yesno": YESNO, "list": LIST}.get(shape, OPEN)
    return Slot(kind, **common)
