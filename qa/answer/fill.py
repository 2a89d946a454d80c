"""Whether the evidence fills the asked slot (slot.py): a sentence on the question's topic that
states the asked value — a number in the asked unit about the thing asked, a date as precise as
asked, a name of the asked kind — for the asked year, at the asked rate. (Whether a quoted term
occurs at all is asked of the library, in the retrieve stage.)

Being about the question is not answering it: a clause on the topic that lacks the value is a near
miss. The check is deterministic and says what is missing, so the answer can say it too
("文件提到了研学实践，但没有给出具体金额。"). It runs before the fitted judge, which is not asked
whether a near miss answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from qa.answer.evidence import weighted_coverage
from qa.answer.question import GENERIC_WORDS, mentions
from qa.answer.slot import DATE, MEASURES, NAME, QUANTITY, UNITS, Slot
from qa.answer.text import sentences
from qa.corpus.patterns import SUBSECTION, cn_to_int, without_article_number
from qa.records import DocumentMeta, Hit
from qa.retrieval.tokenizer import get_tokenizer, is_taught, synonyms

DEPTH = 3  # the top clauses a value is looked for in
ON_TOPIC = 0.5  # a passage holding this share of the question's word weight is on its topic
IN_TOPICAL_CLAUSE = 0.2  # … or this share, inside a clause that holds ON_TOPIC
COINED_SHARE = 0.8  # an unquoted programme name: this share of its character pairs in one clause
BEST_SENTENCES = 3  # the sentences retrieval found best in each of the top two clauses are on the topic
THING_SHARE = 1 / 3
SHORT_COUNTED = 6  # a counted thing this short is a name (国际学校, 特岗老师), not a description
# a table row names its indicator in a few words: this share of the question's weight in them
ROW_COVERAGE = 0.3  # the counted thing: this share of its known words' weight beside the number

# a number as regulations write it too: 30, 三十, 二十四, 一点五 (百分之一点五), 2.5
_NUMERAL = r"[\d一二三四五六七八九十百千万两半几]+(?:\.\d+|点[零〇一二三四五六七八九]+)?"
_SEGMENT = re.compile(r"[^，；：。！？,;:\n]+")
_LOCATOR = re.compile(r"\s*[条款项章节目]")
_LEADS_ITEMS = re.compile(r"有下列[^。；：:]{0,8}之一")  # a lead whose items are the cases it covers


def _items_lead(clause: str) -> tuple[str, list[str]]:
    """The paragraph leading items that are the cases it covers (有下列行为之一的…：) and those
    items (the corpus's （一）… SUBSECTION lines), or ("", []): a paragraph before or after them is
    not about them."""
    lines = [line.strip() for line in clause.splitlines() if line.strip()]
    first = next((i for i, line in enumerate(lines) if SUBSECTION.match(line)), None)
    if not first or not _LEADS_ITEMS.search(lines[first - 1]):
        return "", []
    end = next((i for i in range(first, len(lines)) if not SUBSECTION.match(lines[i])), len(lines))
    return lines[first - 1], lines[first:end]


_NAMES_ARTICLE = re.compile(r"第[一二三四五六七八九十百零\d]+条")
_YEAR_IN_TEXT = re.compile(r"(?<![\d〔\[［(（])(20\d{2})\s*年?(?![\d〕\]］)）])")
_TIME = {
    "week": re.compile(r"第[\d一二三四五六七八九十]+周"),
    "day": re.compile(
        r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\s*[日号]前"
        r"|[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
        r"|\d{1,2}\s*月第[一二三四五\d]周的?(?:星期|周)[一二三四五六日天]"  # 5月第三周的星期一
        # a day that moves with the calendar: 九月的第三个星期六 (全民国防教育日)
        r"|(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月的?第[一二三四五\d]个(?:星期|周)[一二三四五六日天]"
    ),
    "month": re.compile(r"\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|[上中下]旬"),
    "year": re.compile(r"(?<!\d)(?:19|20)\d{2}(?:\s*[-—–~至到]\s*(?:19|20)\d{2})?(?!\d)"),
}
_ANY_TIME = re.compile(
    r"年底|年初|年内|年中|上半年|下半年|第[一二三四]季度|[春秋]季|寒假|暑假|寒暑假|开学前|开学初|学期初|学期末"
    r"|月底|月初|每学年|每年|每学期|前完成|\d+\s*年(?:内|前|起|后)"
    # a time limit as regulations set one (二十四小时内, 3个工作日内, 立即报告) and a time of day
    rf"|{_NUMERAL}\s*个?(?:小时|日|天|工作日|月)(?:内|以内)|立即|即时|当日|当天"
    r"|[\d一二三四五六七八九十]+[时点](?:至|到|—|-)(?:次日)?[\d一二三四五六七八九十]+[时点]"
)
_SCHOOL = re.compile(
    r"(?:市|县|区)?[一二三四五六七八九十\d]+中|[\u4e00-\u9fff]{2,8}(?:中学|小学|幼儿园|学院|大学|实验学校|外国语学校|高中)"
)
# a school name is a name, not a kind of school: 配套幼儿园, 新建小学, 一类园 name none
_SCHOOL_KINDS = re.compile(
    r"配套|新建|改扩建|公办|民办|普惠|示范|优质|薄弱|寄宿制|农村|乡村|乡镇|城区|标准化|特色|一类|二类|省级|市级|各类|全市|全区|落实|建设|推进"
)
_GENERIC_SCHOOLS = re.compile(
    r"^(?:各|全|所有|中|小|普通|公办|民办|乡村|农村|城区|城市|寄宿制|薄弱|新建|特殊教育|职业|高等|中等|幼儿|一批|每所|优质|示范性?|特色|标准化|高职)+"
    r"(?:中小学|中学|小学|幼儿园|学院|大学|高中|学校)$"
)
_DEPARTMENT = re.compile(
    r"牵头(?:处室|单位|部门)|责任(?:处室|单位|部门)|政府主导|[\u4e00-\u9fff]{2,8}(?:局|处|科|委员会|委|办公室|厅|部门|中心|小组|政府)"
)
_TITLE = re.compile(
    r"[“\"「『《]([^”\"」』》]{2,30})[”\"」』》]|[\u4e00-\u9fff]{2,10}(?:工程|行动|计划|论坛|项目|活动|品牌)"
)
# where something is: a site named, an address, a part of town
_LOCATION = re.compile(
    r"(?:位于|选址|迁至|迁往|搬至|搬迁至|建在|落户|设在|设于)[^，。；]{2,}|[\u4e00-\u9fff]{2,8}(?:路|大道|大街|街道|镇|乡|村|片区|园区|新区|新校区|地块)"
)
_PERSON = re.compile(r"签发人\s*[:：]\s*\S+|[\u4e00-\u9fff]{2,3}同志")
_PER_FORMS = {
    "天": ("每天", "每日", "日均", "一天"),
    "周": ("每周", "周均", "一周"),
    "月": ("每月", "每个月", "月均", "按月"),
    "年": ("每年", "年均", "每学年", "年度", "一年"),
    "学期": ("每学期", "学期"),
    "人": ("每人", "人均", "生均", "每名", "每生", "每位", "每个学生", "每一名"),
    "校": ("每所", "每个学校", "每校", "校均", "每个幼儿园", "每园"),
    "班": ("每班", "班均", "每个班"),
    "县": ("每个县", "各县", "分县", "县区分别", "各县区"),
}
_DASH = re.compile(r"^[—\-－–]+$")
_ANNUAL = re.compile(r"每年|每学年|年均")
# a five-year plan named as in every plan since 2006: “十三五” (2016-2020), 十四五时期 (2021-2025);
# not 第十五条
_FIVE_YEAR_PLAN = re.compile(
    r"(?<![第\d])“?十([一二三四五六七八九])五(?:”|(?=时期|期间|规划|计划|以来|发展|回顾|末|初|中期))"
)
_CHINESE_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_VAGUE = re.compile(r"定期")
_A_NUMBER_OF = re.compile(r"^[一二两三四五六七八九十\d]+[个名所位项次件]$")
_FREQUENCY = r"每[半一二三两\d]*个?(?:学年|学期|季度|年|月|周|天|日)|按(?:年度|学年|学期|季度|月|周)|一年一次|定期(?!限)|[一二三两\d]+年一[次轮]"


@dataclass(frozen=True)
class Fill:
    """The check's finding for one group of evidence. When filled, `hit` and `passage` are the
    clause and sentence that state the value (the answer's lead); when not, the closest clause on
    the topic (shown as related) and what the documents lack."""

    filled: bool
    reason: str = ""  # why not: term | year | value | per | vague
    hit: Hit | None = None
    passage: str = ""
    missing: str = ""  # the absent term, or the asked year(s) ("2025年")
    topic: str = ""  # the asked thing's words the closest passage does mention
    stated: str = ""  # what the documents give instead: the value for another year
    values: tuple[str, ...] = ()  # when filled: the words of `passage` that state a value (360学时)

    def message(self, slot: Slot) -> str:
        """The sentence that says precisely what the documents lack."""
        if self.reason == "term":
            return f"现有文件中没有提到“{self.missing}”。"
        if self.reason == "vague":  # 定期: how often is left to those who carry it out
            return f"文件只规定“{self.stated}”，没有给出{slot.lack()}。"
        if self.reason == "year":
            instead = f"只给出了{self.stated}" if self.stated else "没有给出对应年份的数据"
            return f"文件{instead}，没有{self.missing}的{_noun(slot)}。"
        if self.topic:
            return f"文件提到了{self.topic}，但没有给出{slot.lack()}。"
        return f"现有文件中没有找到{slot.lack()}。"


def _noun(slot: Slot) -> str:
    return "数据" if slot.kind == QUANTITY else "安排" if slot.kind == DATE else "内容"


def _known(token: str, idf: Callable[[str], float], unseen: float) -> bool:
    """A word some clause uses, or a word staff taught (its policy words are the documents'):
    evidence can be asked to say it."""
    return idf(token) < unseen or is_taught(token)


def _thing_ok(thing: list[str], text: str, idf: Callable[[str], float], rarest: bool = False) -> bool:
    """The words of the thing asked about that the corpus knows: a share of their weight in the
    text near the value, and with `rarest`, the rarest of them (多少名特岗老师: 特岗, not 老师)."""
    if not thing:
        return True
    total = sum(idf(t) for t in thing)
    # a word made of others of the thing's (公办幼儿园: 公办, 幼儿) is said when they are (公办中心幼儿园)
    atoms = [t for t in thing if not any(o != t and o in t for o in thing)] or thing
    if rarest and not mentions(max(atoms, key=lambda t: _specificity(t, idf)), text):
        return False
    return sum(idf(t) for t in thing if mentions(t, text)) >= THING_SHARE * total


def _contrasted(thing: str, near: str, found: str | None = None) -> bool:
    """The text near a value names a sibling of what is asked, in the same frame: a two-character
    word of the question before the next word's first two characters (专职|督学, 北江|干流) stands
    in the text as another word sharing one character in place (兼职督学, 东江干流), and the asked
    word is not said there. A synonym is the same subject (乡村 for 农村), not a sibling; nor is a
    word the question names itself (专职和兼职督学). With `found` (the clauses searched), the asked
    word must be one they use: a word they never say is the asker's name for the text's own
    subject (梯队名师 for 梯级名师), not a sibling's."""
    said = get_tokenizer().words(near)
    for word, frame in _frames(thing):
        if mentions(word, near) or (found is not None and not mentions(word, found)):
            continue
        for other, following in zip(said, said[1:], strict=False):
            if (
                len(other) != 2
                or not following.startswith(frame)
                or other == word
                or other in _FUNCTION_WORDS
                or other in thing
            ):
                continue
            if other in synonyms().get(word, ()) or word in synonyms().get(other, ()):
                continue
            if other[0] == word[0] or other[1] == word[1]:
                return True
    return False


_PIECE = re.compile(r"[^，,；;。、和及]+")  # a sentence's pieces: what one value is said with
_LISTED = re.compile(r"([^、，,；;。：:\n]+)([、，,]?)")


def _owned_by_another(asked: str, passage: str, start: int) -> bool:
    """The value is in a listing whose next piece starts with the asked subject in the frame the
    value's piece starts with another: in "学校周边二百米、幼儿园周边一定范围内" the 二百米 is
    学校's, not 幼儿园's (学校|周边 begins the value's piece, 幼儿园|周边 the next one)."""
    pieces = [(m.start(1), m.group(1), m.group(2)) for m in _LISTED.finditer(passage)]
    at = next((i for i, (s, text, _) in enumerate(pieces) if s <= start < s + len(text)), None)
    if at is None:
        return False
    own = without_article_number(pieces[at][1])
    neighbours = [pieces[i] for i in (at - 1, at + 1) if 0 <= i < len(pieces)]
    for word in _words(asked):
        if len(word) < 2 or word in own or word in _FUNCTION_WORDS:
            continue
        for _, text, _ in neighbours:
            text = without_article_number(text)
            frame = text[len(word) : len(word) + 2]
            if not text.startswith(word) or not _CJK.fullmatch(frame) or (where := own.find(frame)) < 2:
                continue
            other = own[:where]
            if _CJK.fullmatch(other) and len(other) <= 4 and other not in asked:
                return True
    return False


@lru_cache(maxsize=64)
def _listed(asked: str) -> list[str]:
    """The question's 、-joined runs of words (开网吧、歌舞厅这类场所), each as one string."""
    return [m.group() for m in re.finditer(r"[^，,。？?；\s]+(?:、[^，,。？?；\s、]+)+", asked)]


def _words(text: str) -> tuple[str, ...]:
    """A question's words (jieba's precise cut), cut once per question, not once per value read."""
    return tuple(get_tokenizer().words(text))


@lru_cache(maxsize=64)
def _frames(thing: str) -> frozenset[tuple[str, str]]:
    """(word, frame) of the question's two-character content words and the two characters of the
    word after each (专职, 督学): cut once per question, not once per value read."""
    asked = _words(thing)
    return frozenset(
        (word, following[:2])
        for word, following in zip(asked, asked[1:], strict=False)
        if len(word) == 2
        and len(following) >= 2
        and word not in _FUNCTION_WORDS
        and _CJK.fullmatch(word + following[:2])
    )


_CJK = re.compile(r"[\u4e00-\u9fff]+")
# measures stated with what they are of: a distance (of 彩票销售网点), a fine (on 单位, not 教师本人);
# not a duration, whose subject the asker names too freely (去乡下教多久: 任教1年以上 did not say 乡下)
_NAMED_BY_WHAT = frozenset({"尺寸", "元", "万"})
_OFFENCE = re.compile(r"([^，,。？?]+的)[，,]")  # the act a fine is asked for: "…开网吧的，"
_TIMED = frozenset({"时长", "频次", "小时", "天", "年"})  # durations and frequencies
# verbs that change a measure, just before the cue (推迟到几周岁, 延长至多少天), and how texts say each
_DEFERRAL = ("推迟", "延迟", "延缓", "推后", "顺延")
_CHANGES = {
    **dict.fromkeys(_DEFERRAL, _DEFERRAL),
    "延长": ("延长",),
    "缩短": ("缩短",),
    "提前": ("提前",),
    "放宽": ("放宽",),
}
_CHANGE = re.compile(rf"({'|'.join(_CHANGES)})(?:到|至)?$")
_PERIOD = re.compile(r"..期$|期限$|年限$|时限$|^任期$|^周期$")  # a named period: 有效期, 服务期, 合同期限
# words that say how, not what (可以固定 beside 予以固定): never a subject with siblings
_FUNCTION_WORDS = frozenset(
    [
        "可以",
        "予以",
        "加以",
        "给予",
        "应当",
        "应该",
        "必须",
        "不得",
        "不能",
        "能够",
        "依法",
        "按照",
        "依照",
        "根据",
        "对于",
        "关于",
        "已经",
        "没有",
        "进行",
        "开展",
        "组织",
        "至少",
        "最多",
        "不少",
        "不超",
        "不低",
        "以上",
        "以下",
        "以内",
        "之内",
        "每年",
        "每月",
        "每周",
        "每天",
        "一般",
        "一次",
        "及时",
        "及其",
        "或者",
        "以及",
    ]
)


# where the words of a value's subject start: after the document named (…条例规定) or a comma
_SUBJECT_START = re.compile(r".*(?:规定|条例|办法|细则|法|里|中|对|[，,；;：:])")


def _before_cue(asked: str, cue: str) -> str:
    """The words of the asked question's clause before its cue, after the document it names:
    "广东省水污染防治条例规定北江干流两岸多少米" → 北江干流两岸. A later part is asked with the parts
    before it (_said_by): its own cue is the last one."""
    at = asked.rfind(cue) if cue else -1
    if at <= 0:
        return ""
    before = asked[:at]
    start = _SUBJECT_START.match(before)
    return before[start.end() :] if start else before


def _after_cue(asked: str, cue: str) -> str:
    """The words of the asked question's sentence after its cue."""
    at = asked.rfind(cue) if cue else -1
    return re.split(r"[，,。？?！!；;]", asked[at + len(cue) :])[0] if at >= 0 else ""


_ITEM = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.、．])")


def _with_lead(sentence: str, clause: str) -> str:
    """An enumerated item with the lead that introduces it: "（一）…年龄在25周岁以上" is said of
    the 校车驾驶人 of "取得校车驾驶资格应当符合下列条件：" (the first sentence of the article too)."""
    if not _ITEM.match(sentence) or (at := clause.find(sentence.strip())) < 0:
        return sentence
    before = clause[:at]
    lead = before[: before.rfind("：") + 1] if "：" in before else ""
    return f"{lead}{sentence}"


def _specificity(word: str, idf: Callable[[str], float]) -> float:
    """How specific a word is: its IDF, or its policy synonym's when that is commoner (老师 is rare
    in the documents only because they say 教师)."""
    return min([idf(word), *(idf(s) for s in synonyms().get(word, ()))])


def _near(passage: str, start: int, end: int, after: int = 0) -> str:
    """The segment (between commas) holding a span, the one before it and `after` more: "2022年，
    建设农村教师周转宿舍350套" states a date a segment before what it dates."""
    segments = [(m.start(), m.end()) for m in _SEGMENT.finditer(passage)]
    index = next((i for i, (s, e) in enumerate(segments) if s <= start < e or s < end <= e), None)
    if index is None:
        return passage
    first, last = max(0, index - 1), min(len(segments) - 1, index + after)
    return passage[segments[first][0] : segments[last][1]]


def _region(passage: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """The text a value owns: from the value stated before it to the end of its own segment. A
    time limit is often set segments after what it limits ("因突发故障不能正常使用的，应当采取
    措施…，并在二十四小时内…报告"), with no other value between them."""
    before = max((e for s, e in spans if e <= start), default=0)
    after = next((m.end() for m in _SEGMENT.finditer(passage) if m.end() >= end), len(passage))
    return passage[before:after]


_PEOPLE = ("人", "名", "位")
# a share of a body's members: how many must attend or agree is written so, not as a head count
_SHARE_OF_MEMBERS = re.compile(rf"(?:{_NUMERAL}分之{_NUMERAL}|\d+\s*[／/]\s*\d+|过半数|半数)(?:以上)?")
_MEMBERS = re.compile(r"组成人员|成员|委员|全体|出席|到会|同意|表决|通过")


def _quantities(slot: Slot, passage: str) -> list[tuple[int, int]]:
    """Spans of numbers stated in the asked unit (any count when the unit is open), not the
    numbers the question itself gives."""
    units = UNITS.get(slot.unit or "", (slot.unit,) if slot.unit else ())
    if slot.unit and slot.unit not in MEASURES:
        units = (*units, "个")
    if slot.unit == "%":
        pattern = rf"{_NUMERAL}\s*(?:%|％|个百分点|成)|百分之{_NUMERAL}"
    elif slot.unit in ("元", "万", "亿"):
        pattern = (
            # a fine may be a multiple: "处违法所得一倍以上五倍以下罚款", "收入的1倍以上10倍以下罚款"
            rf"{_NUMERAL}\s*(?:多|余)?\s*(?:万|亿)?\s*元|{_NUMERAL}倍(?=[^，。；]{{0,16}}(?:罚款|赔偿))"
            if slot.unit == "元"
            else rf"{_NUMERAL}\s*{slot.unit}"
        )
    elif slot.unit == "频次":
        pattern = _FREQUENCY
    elif units:
        pattern = rf"{_NUMERAL}\s*(?:多|余)?(?:个)?(?:{'|'.join(map(re.escape, units))})"
        if slot.unit == "时长":
            pattern += f"|{_AT_ONCE}"  # "多久内报告": 立即报告 is how soon
    else:
        pattern = (
            rf"{_NUMERAL}比{_NUMERAL}"  # a ratio: 六百比一 (one school doctor per six hundred pupils)
            r"|\d+(?:\.\d+)?"
            r"|[一二三四五六七八九十两百千万]+(?=[个名所项次条年天周门节届批轮类元倍岁人日月米]|小时|分钟|公里|学时|课时)"
            rf"|百分之{_NUMERAL}"
        )
    spans = []
    if slot.unit in _PEOPLE:  # a quorum: "全体组成人员的三分之二以上出席", "2／3以上组成人员同意"
        spans += [
            m.span()
            for m in _SHARE_OF_MEMBERS.finditer(passage)
            if _MEMBERS.search(passage[max(0, m.start() - 12) : m.end() + 8])
        ]
    for match in re.finditer(pattern, passage):
        if _A_DAY_S.match(passage, match.start()):
            continue  # 一日作息制度, 一日生活: the day's routine, not a number of days
        named = _NAMED_PERIOD.match(passage, match.end()) if slot.unit in _TIMED else None
        if named and not _asks_period(named.group(1), slot):
            continue  # 1年的试用期 is the 试用期's length, not the one asked (几年后重新申请)
        before = passage[max(0, match.start() - 1) : match.start()]
        if before == "第" and _LOCATOR.match(passage, match.end()):
            continue  # 第三十五条, 第2款: a place in the text, not a value (第七届 is one)
        if before in ("年", "月") and match.group()[-1] in "月日":
            continue  # 2024年4月26日: a date, not a number of months or days
        number = re.match(r"[\d.]+", match.group())
        if number and number.group() in slot.given:
            continue
        if not number and _given_in_words(match.group(), slot.given):
            continue  # 学生不到600人的: its 六百 (六百比一) is the question's own number, in words
        if (
            number
            and re.fullmatch(r"(?:19|20)\d{2}", number.group())
            and (not units or "年" in match.group())
        ):
            continue  # a year is not a count, nor a number of years
        spans.append(match.span())
    return spans


# no wait at all: the answer to "多久内要报告" when a text says 立即报告
_AT_ONCE = r"立即|立刻|即时|当即|第一时间"
# a day in a name of what a day holds: 一日作息制度, 一日生活, 一日三餐 (not 一日内, 一日以上)
_A_DAY_S = re.compile(r"一[日天](?=作息|生活|活动|三餐|流程|常规)")
# a length followed by the period it is of: 1年的试用期, 五年的服务期
_NAMED_PERIOD = re.compile(r"的([\u4e00-\u9fff]{1,3}期)(?!间|内|满)")


def _asks_period(period: str, slot: Slot) -> bool:
    """Whether the question asks this named period: its word, or the word before 期 (试用)."""
    asked = slot.thing + slot.cue
    return period in asked or period[:-1] in asked


def _up_to(passage: str, near: str) -> str:
    """The sentence up to the end of the text near a value: a subject said at the sentence's start
    owns the values after it ("兼职督学的任期为3年，可以连续任职，…不得超过3个任期")."""
    at = passage.find(near)
    return passage[: at + len(near)] if at >= 0 else near


def _given_in_words(value: str, given: tuple[str, ...]) -> bool:
    """Whether a value written in Chinese numerals is a number the question gave in digits."""
    numeral = re.match(r"[一二三四五六七八九十百千万两]+", value)
    amount = _amount(numeral.group()) if numeral and given else None
    return amount is not None and any(float(g) == amount for g in given)


def _values(slot: Slot, passage: str) -> list[tuple[int, int]]:
    """Spans of the passage that state a value of the slot's kind."""
    if slot.kind == QUANTITY:
        return _quantities(slot, passage)
    if slot.kind == DATE:
        precise = {"week": ["week"], "day": ["day"], "month": ["day", "month"], "year": ["year"]}
        patterns = [_TIME[p] for p in precise.get(slot.unit or "", list(_TIME))]
        if slot.unit in (None, "any"):
            patterns.append(_ANY_TIME)
        return [m.span() for p in patterns for m in p.finditer(passage)]
    if slot.kind == NAME:
        if slot.unit == "school":
            return [
                m.span()
                for m in _SCHOOL.finditer(passage)
                if not _GENERIC_SCHOOLS.match(m.group()) and not _SCHOOL_KINDS.search(m.group())
            ]
        if slot.unit == "location":
            return [m.span() for m in _LOCATION.finditer(passage)]
        if slot.unit == "department":
            return [m.span() for m in _DEPARTMENT.finditer(passage)]
        if slot.unit == "place":
            return _places(passage)
        if slot.unit == "person":
            return [m.span() for m in _PERSON.finditer(passage)]
        return [m.span() for m in _TITLE.finditer(passage)]
    return [(0, len(passage))]


def _places(passage: str) -> list[tuple[int, int]]:
    """Spans of the counties and districts a passage names (jieba's gazetteer: 孟津县, 庐阳区)."""
    from qa.corpus.places import gazetteer

    names = [n for n in gazetteer() if n[-1] in "县区" and len(n) >= 3 and n in passage]
    return [(passage.find(n), passage.find(n) + len(n)) for n in names]


def _per_ok(slot: Slot, text: str) -> bool:
    return slot.per is None or any(form in text for form in _PER_FORMS.get(slot.per, (slot.per,)))


def _years_in(text: str) -> set[int]:
    return {int(y) for y in _YEAR_IN_TEXT.findall(text)}


def _year_ok(
    slot: Slot,
    passage: str,
    hit: Hit,
    meta: DocumentMeta | None,
    near: str = "",
    headings: tuple[str, ...] = (),
) -> bool:
    """The value is for an asked year: the words around it (`near`), or else its sentence, say
    the year; or say none and its clause, the headings above it or its document are for that year
    (a 2022 要点's figures are 2022's; a plan's targets are its last year's, but not those under
    its "十三五发展回顾"; "每年…" is every year of its period). A 2020 value is not a 2025 target,
    and the reverse."""
    if not slot.years:
        return True
    asked = set(slot.years)
    for text in filter(None, (near, passage)):
        if _ANNUAL.search(text) and meta is not None and asked & _period(meta):
            return True  # "全市每年新建…20所左右"
        if stated := _years_in(text):
            return bool(stated & asked)
    if _years_in(hit.text) & asked:
        return True
    if dated := _heading_years(headings):
        return bool(dated & asked)
    if meta is None:
        return False
    covered = meta.years_named()
    if meta.period and (match := re.fullmatch(r"(\d{4})\D+(\d{4})", meta.period)):
        covered.add(int(match.group(2)))
    return bool(covered & asked)


def _heading_years(headings: tuple[str, ...]) -> set[int]:
    """The years the innermost heading that names any is about: "2021—2025年" every year of
    the range, "“十三五”发展回顾" 2016-2020."""
    for heading in reversed(headings):
        years = _years_in(heading)
        if len(years) == 2:
            years = set(range(min(years), max(years) + 1))
        for match in _FIVE_YEAR_PLAN.finditer(heading):
            start = 2006 + 5 * (_CHINESE_NUMERALS[match.group(1)] - 1)  # 十一五: 2006-2010
            years |= set(range(start, start + 5))
        if years:
            return years
    return set()


def _period(meta: DocumentMeta) -> set[int]:
    """Every year a document is for: its year, or its period (2021-2025)."""
    years = {meta.year} if meta.year else set()
    if meta.period and (match := re.fullmatch(r"(\d{4})\D+(\d{4})", meta.period)):
        years |= set(range(int(match.group(1)), int(match.group(2)) + 1))
    return years


@dataclass(frozen=True)
class _Row:
    indicator: str
    values: dict[int, str]  # year → value as printed
    unit: str  # the indicator's unit, from its parentheses: %, 年 …


def _table_rows(text: str) -> list[_Row]:
    """A table's rows, each value under its column's year (序号 主要指标 2020年 …)."""
    lines = [re.split(r"\t+|\s{2,}", line.strip()) for line in text.splitlines() if line.strip()]
    header = next((cells for cells in lines if any(_YEAR_IN_TEXT.fullmatch(c) for c in cells)), None)
    if header is None:
        return []
    columns = {
        i: int(_YEAR_IN_TEXT.fullmatch(c).group(1))
        for i, c in enumerate(header)
        if _YEAR_IN_TEXT.fullmatch(c)
    }
    rows = []
    for cells in lines[lines.index(header) + 1 :]:
        named = [c for i, c in enumerate(cells) if i not in columns and not c.isdigit()]
        if not named:
            continue
        unit = re.search(r"[（(]([^）)]+)[）)]", named[0])
        values = {year: cells[i] for i, year in columns.items() if i < len(cells)}
        rows.append(_Row(named[0], values, unit.group(1) if unit else ""))
    return rows


def _unit_fits(slot: Slot, unit: str) -> bool:
    """A row's unit (from its indicator's parentheses) can be what is asked: a rate for a rate."""
    if slot.unit == "%" or unit == "%":
        return slot.unit == unit == "%"
    return slot.unit is None or not unit or unit in UNITS.get(slot.unit, (slot.unit,)) or slot.unit == "时长"


def _from_table(slot: Slot, hit: Hit, tokens: list[str], idf) -> Fill | None:
    """A value read off a table row: the row on the topic, the column of the asked year. A year
    the table has no column for, or a cell printed "—", is not given."""
    rows = [row for row in _table_rows(hit.text) if _unit_fits(slot, row.unit)]
    scored = [(weighted_coverage(tokens, row.indicator, idf), row) for row in rows]
    scored = [(score, row) for score, row in scored if score >= ROW_COVERAGE]
    if not scored:
        return None
    row = max(scored, key=lambda pair: pair[0])[1]
    line = next((ln for ln in hit.text.splitlines() if row.indicator in ln), row.indicator).strip()
    asked = [y for y in slot.years if y in row.values] if slot.years else list(row.values)
    if slot.years and not asked:
        given = "、".join(f"{y}年的数值（{v}）" for y, v in row.values.items() if not _DASH.match(v))
        return Fill(False, "year", hit, line, "、".join(f"{y}年" for y in slot.years), row.indicator, given)
    value = row.values.get(asked[0], "") if asked else ""
    if not value or _DASH.match(value):
        return Fill(False, "value", hit, line, topic=row.indicator)
    return Fill(True, hit=hit, passage=line, values=(value,))


def _topic_words(thing: list[str], tokens: list[str], passage: str) -> str:
    """The asked words a passage does mention, in the question's order: what "文件提到了…" names.
    Words of one character are left out: jieba's pieces of 收不收费 (不, 收) are no topic."""
    words = [t for t in (thing or tokens) if len(t) > 1 and mentions(t, passage)]
    words = [w for w in words if not any(w != o and w in o for o in words)]
    return "、".join(words[:4])


@dataclass(frozen=True)
class _Passage:
    coverage: float  # share of the question's word weight the sentence holds
    rank: int  # its clause's rank
    text: str
    hit: Hit
    said_with: str = ""  # what a lead is said of: its items (有下列行为之一的…：（一）…)


class _Reader:
    """One group's evidence read against one slot: which sentences are on the question's topic,
    and which of them state the value asked."""

    def __init__(
        self, slot: Slot, tokens, counted, idf, documents, headings, cited=None, asked="", found=""
    ) -> None:
        self.slot, self.idf, self.documents, self.headings = slot, idf, documents, headings
        self.cited = cited or {}
        self.found_text = found  # the clauses searched, joined: what the documents' words are here
        # siblings are told apart in the thing and in the words just before the cue (北江干流两岸多少米)
        self.asked = _before_cue(asked, slot.cue) + slot.thing
        self.listed = _listed(asked)  # its examples named together (开网吧、歌舞厅这类场所)
        unseen = idf("\x00never-a-token")
        # a word no clause uses cannot be matched, and the asking words are not the topic
        self.tokens = [t for t in tokens if _known(t, idf, unseen) and t not in slot.cue]
        self.counted = [
            t
            for t in counted
            if _known(t, idf, unseen) and t not in GENERIC_WORDS and not _A_NUMBER_OF.match(t)
        ]  # 按多少学生配一个: 一个 is how many, not what
        # a rate named by words no clause uses (一本录取率) is a rate the library does not give
        self.unknown_rate = slot.unit == "%" and bool(counted) and not self.counted
        self.dated = [t for t in self.tokens if t in slot.thing]  # what a date is of
        self.measured = (
            self._measured_words(asked, idf, unseen)
            if slot.kind == QUANTITY and slot.unit in MEASURES and not counted
            else []
        )
        # a changed measure (推迟到几周岁) is stated only with its change: 年满六周岁 is not the deferral
        change = _CHANGE.search(_before_cue(asked, slot.cue)) if slot.kind == QUANTITY else None
        self.change = _CHANGES[change.group(1)] if change else ()
        # what recurs is the cue's own word (多久体检一次: 体检), not who or where: its rarest one the
        # clauses found use, read once per group
        recurring = [t for t in self.measured if t in slot.cue and t not in slot.thing and mentions(t, found)]
        self.recurring = (
            max(recurring, key=lambda t: _specificity(t, idf)) if slot.unit == "频次" and recurring else ""
        )
        ending = [t for t in self.measured if slot.thing.endswith(t) and _PERIOD.search(t)]
        self.period = max(ending, key=len) if ending else ""  # 有效期, 服务期, 任期, 记分周期

    def _measured_words(self, asked: str, idf: Callable[[str], float], unseen: float) -> list[str]:
        """What a measure (a duration, a distance, an amount, an age) is of: the question's words in
        its thing and after the cue (多少米内不能开卖酒、卖彩票的店), for a frequency the cue's own
        ("多久跟孩子和被委托人联系一次": what recurs is inside it), and the asker's words the texts say
        otherwise (交给: 移交, 交付)."""
        slot = self.slot
        limited = slot.thing + _after_cue(asked, slot.cue)
        words = list(self.tokens)
        if slot.unit == "频次":
            # 饮用水水质检测结果，多久公示一次: with no thing before the cue, what recurs was named first
            limited += slot.cue + ("" if slot.thing else asked[: asked.rfind(slot.cue)])
            words += [w for w in get_tokenizer().words(slot.cue) if w not in words and _known(w, idf, unseen)]
        elif slot.unit == "元" and "罚" in slot.thing + slot.cue and (offence := _OFFENCE.search(asked)):
            limited += offence.group(1)  # 开网吧的，罚款多少: a fine is of the act the question names first
        words += [
            t
            for t in get_tokenizer().words(limited)
            if t not in words and any(_known(s, idf, unseen) for s in synonyms().get(t, ()))
        ]
        return [t for t in words if len(t) > 1 and t in limited and t not in _FUNCTION_WORDS]

    def _measures_the_thing(self, sentence: str) -> bool:
        """A measure states the asked one when its sentence says the change asked (推迟到几周岁:
        推迟 or 延缓), names the period asked (有效期 is not 试用期 nor 五年内不得申请), and, for a
        named period, a distance or a fine, names the rarest word of what it is of among those the
        clauses found use (彩票销售网点: the 二百米 of 娱乐场所 is not theirs; 教师本人: not 其所在单位's
        fine). A word they never use is the asker's own (司机 for 驾驶人, 开卖), not a condition."""
        if self.change and not any(mentions(verb, sentence) for verb in self.change):
            return False
        if not self.measured:
            return True
        if self.period and not mentions(self.period, sentence):
            return False
        used = [t for t in self.measured if mentions(t, self.found_text)]
        atoms = [t for t in used if not any(o != t and o in t for o in used)]
        timed = not self.period and self.slot.unit in _TIMED
        if not atoms:
            return True
        if self.recurring and not mentions(self.recurring, sentence):
            return False  # what recurs is the cue's own (多久体检一次): 幼儿园 is not enough
        if timed:
            # a duration or a frequency: one word of what it is of, any (去乡下教多久 names 乡下, the
            # text 农村 and 任教), not the rarest; 科学制定一日作息制度 names nothing of 录像
            return any(mentions(t, sentence) for t in atoms)
        if not self.period and self.slot.unit not in _NAMED_BY_WHAT:
            return True  # a rate, an age: the asker's words vary too much
        rarest = max(atoms, key=lambda t: _specificity(t, self.idf))
        # 开网吧、歌舞厅这类场所: examples listed together; the text may name any of them
        listed = next((piece for piece in self.listed if rarest in piece), "")
        return any(mentions(t, sentence) for t in atoms if t == rarest or t in listed)

    def _recurs_vaguely_elsewhere(self, sentence: str, start: int) -> bool:
        """A frequency whose piece names another thing, while the piece that names the asked one
        says only 定期: "组织开展每日晨检和定期体检" gives 晨检's 每日, and 体检 no interval."""
        if self.slot.unit != "频次":
            return False
        used = [t for t in self.measured if mentions(t, sentence)]
        if not used:
            return False
        rarest = max(used, key=lambda t: _specificity(t, self.idf))
        pieces = [(m.start(), m.group()) for m in _PIECE.finditer(sentence)]
        own = next((text for at, text in pieces if at <= start < at + len(text)), "")
        return not mentions(rarest, own) and any(
            mentions(rarest, text) and _VAGUE.search(text) for _, text in pieces if text != own
        )

    def passages(self, top: list[Hit]) -> list[_Passage]:
        """The sentences on the topic, closest first: those holding half the question's word
        weight, and those retrieval found best in the top two clauses (everyday words)."""
        found = []
        for rank, hit in enumerate(top):
            best = [s.text for s in hit.sentences[:BEST_SENTENCES]] if rank < 2 else []
            # an article that punishes "违反本条例第三十五条规定的" is about what article 35 says
            named = self.cited.get(hit.clause_id, "")
            # a sentence of a clause that is on the topic as a whole need say less of it itself
            least = IN_TOPICAL_CLAUSE if self._coverage(hit.text + named) >= ON_TOPIC else ON_TOPIC
            # "有下列行为之一的，…；拒不改正的，处…罚款：（一）…": the lead is about each of its items
            lead, items = _items_lead(hit.text)
            for sentence in sentences(hit.text) or [hit.text]:
                said_with = ""
                if lead and sentence in lead:
                    said_with = "\n".join(items)
                    coverage = max(self._coverage(f"{sentence}{item}{named}") for item in items)
                else:
                    coverage = self._coverage(
                        sentence + named if _NAMES_ARTICLE.search(sentence) else sentence
                    )
                if coverage >= least or any(b in sentence for b in best):
                    found.append(_Passage(coverage, rank, sentence, hit, said_with))
        return sorted(found, key=lambda p: (-p.coverage, p.rank))

    def _coverage(self, text: str) -> float:
        return weighted_coverage(self.tokens, text, self.idf) if self.tokens else 1.0

    def miss(self, passage: _Passage) -> tuple[str, tuple[str, ...]]:
        """("", the words stating values) when the passage states the asked value; else (what it
        lacks: value, per or year, ())."""
        slot, reason, found = self.slot, "value", []
        if self.unknown_rate:
            return reason, ()
        spans = _values(slot, passage.text)
        for start, end in spans:
            near = _near(passage.text, start, end, after=1 if slot.kind == DATE else 0)
            rarest = 0 < len(slot.counted) <= SHORT_COUNTED  # a short name: its rarest word names it
            share = slot.kind == QUANTITY and _SHARE_OF_MEMBERS.fullmatch(passage.text[start:end])
            if (
                slot.kind == QUANTITY
                and not share
                and not _thing_ok(self.counted, near, self.idf, rarest=rarest)
            ):
                continue  # a count of something else (a quorum counts the members, whatever they do)
            if slot.kind == QUANTITY and (
                _contrasted(self.asked, _up_to(passage.text, near), self.found_text)
                or _owned_by_another(self.asked, passage.text, start)
            ):
                continue  # the value of a sibling: 兼职督学的任期 when 专职督学's is asked
            if slot.kind == DATE and not (
                _thing_ok(self.dated, near, self.idf)
                or _thing_ok(self.dated, _region(passage.text, spans, start, end), self.idf)
            ):
                continue  # a date of something else
            if not _per_ok(slot, near):
                reason = "per"
                continue
            if not self._measures_the_thing(_with_lead(passage.text, passage.hit.text) + passage.said_with):
                continue  # a measure of something else: 五年内不得申请许可 is no 许可证的有效期
            if not self.for_year(passage, near):
                return "year", ()
            if _VAGUE.fullmatch(passage.text[start:end]) or self._recurs_vaguely_elsewhere(
                passage.text, start
            ):
                reason = "vague"  # 定期 says a check recurs, not how often
                continue
            found.append(passage.text[start:end])
        return ("", tuple(found)) if found else (reason, ())

    def for_year(self, passage: _Passage, near: str = "") -> bool:
        hit = passage.hit
        meta, headings = self.documents.get(hit.doc_id), self.headings.get(hit.clause_id, ())
        return _year_ok(self.slot, passage.text, hit, meta, near, headings)

    def table(self, hit: Hit) -> Fill | None:
        return _from_table(self.slot, hit, self.tokens, self.idf)

    def near_miss(self, reason: str, passage: _Passage | None) -> Fill:
        if passage is None:
            return Fill(False, reason)
        topic = _topic_words(self.counted, self.tokens, passage.text)
        if reason == "year":
            return _other_year(self.slot, passage, topic, self.headings.get(passage.hit.clause_id, ()))
        stated = _vague_piece(passage.text) if reason == "vague" else ""
        return Fill(False, reason, passage.hit, passage.text, topic=topic, stated=stated)


def check(
    slot: Slot,
    hits: list[Hit],
    tokens: list[str],
    idf: Callable[[str], float],
    documents: dict[str, DocumentMeta] | None = None,
    counted: list[str] | None = None,
    headings: dict[str, tuple[str, ...]] | None = None,
    cited: dict[str, str] | None = None,
    asked: str = "",
    document: str = "",
) -> Fill:
    """Whether `hits` (ranked, the clauses of one group) fill `slot`. `tokens` are the question's
    content words, `counted` those of what a quantity counts; `documents` the hits' documents and
    `headings` each hit's heading path (their years or period date a figure that names none),
    `cited` the text of the articles a hit names (违反本条例第三十五条: what it is about), `asked`
    the question (or the part) these hits answer, `document` the chosen document's clauses most on
    the topic (the words it uses)."""
    top = hits[:DEPTH] + [h for h in hits[DEPTH:] if any(t in h.text for t in slot.terms)]
    found = "\n".join([*(hit.text for hit in top), document])
    reader = _Reader(slot, tokens, counted or [], idf, documents or {}, headings or {}, cited, asked, found)
    passages = reader.passages(top)
    closest = passages[0] if passages else None
    if not slot.wants_value:  # yes/no, list, open: only the asked year must be the evidence's
        if slot.years and passages and not any(reader.for_year(p) for p in passages):
            return reader.near_miss("year", closest)
        hit = closest.hit if closest else (hits[0] if hits else None)
        return Fill(True, hit=hit, passage=closest.text if closest else "")
    reasons: dict[str, _Passage] = {}
    at_once = None  # 立即 answers 多久内 only when no passage on the topic states a length
    for passage in passages:
        if passage.hit.kind == "table":
            continue
        reason, values = reader.miss(passage)
        if reason:
            reasons.setdefault(reason, passage)
        elif not all(re.fullmatch(_AT_ONCE, v) for v in values):
            return Fill(True, hit=passage.hit, passage=passage.text, values=values)
        else:
            at_once = at_once or Fill(True, hit=passage.hit, passage=passage.text, values=values)
    if at_once:
        return at_once
    for hit in top:  # a table on the topic: its row, in the asked year's column
        if hit.kind == "table" and (found := reader.table(hit)) is not None:
            return found
    # the closest miss says most: a value for another year, a rate, a recurrence without an interval
    for reason in ("year", "per", "vague"):
        if reason in reasons:
            return reader.near_miss(reason, reasons[reason])
    return reader.near_miss("value", closest)


def _vague_piece(sentence: str) -> str:
    """The piece of a sentence that says something recurs without saying how often: what the
    answer quotes (根据条件定期对学生进行体格检查, not the whole sentence)."""
    pieces = [p for p in re.split(r"[，,；;。]", sentence) if p.strip()]
    return next((p.strip() for p in pieces if _VAGUE.search(p)), sentence.strip())


def _asked_years(slot: Slot) -> str:
    return "、".join(f"{y}年" for y in slot.years)


def _other_year(slot: Slot, passage: _Passage, topic: str, headings: tuple[str, ...] = ()) -> Fill:
    """The value found is for another year than asked: say which year it is for."""
    years = sorted(_years_in(passage.text) or _years_in(passage.hit.text) or _heading_years(headings))
    named = f"{years[0]}—{years[-1]}年" if len(years) > 2 else "、".join(f"{y}年" for y in years)
    stated = f"{named}的情况（“{passage.text.strip()[:40]}”）" if years else ""
    return Fill(False, "year", passage.hit, passage.text, _asked_years(slot), topic, stated)


# a value stated with its unit (两小时, 二百米, 16周岁, 5%): what "哪些地方规定了…不少于两小时" asks
# the documents to state too
_MEASURED = re.compile(
    rf"({_NUMERAL})\s*(个?小时|分钟|公里|千米|平方米|米|周岁|岁|个工作日|日|天|个月|年|%|％|万元|元|学时|课时|倍"
    rf"|人|所|名|居民|次)|百分之({_NUMERAL})"
)
_DIGITS = str.maketrans("零〇一二三四五六七八九", "00123456789")


def _amount(numeral: str) -> float | None:
    numeral = numeral.replace("两", "二")
    if "万" in numeral[1:]:  # 一万, 1.5万, 一万五千
        high, _, low = numeral.partition("万")
        amounts = _amount(high), _amount(low) if low else 0.0
        return None if None in amounts else amounts[0] * 10000 + amounts[1]
    whole, _, fraction = numeral.partition("点")  # 二点五: 2.5
    if fraction and re.fullmatch(r"[零〇一二三四五六七八九]+", fraction):
        numeral = f"{whole}.{fraction.translate(_DIGITS)}"
    if re.fullmatch(r"\d+(?:\.\d+)?", numeral):
        return float(numeral)
    whole, _, fraction = numeral.partition(".")
    if re.fullmatch(r"[零〇一二三四五六七八九十百千]+", whole) and re.fullmatch(r"\d*", fraction):
        return float(f"{cn_to_int(whole)}.{fraction or 0}")
    return None  # 几, 半: not compared


_SAME_UNIT = {"日": "天"}  # 三十日 is 30天


def stated_values(text: str) -> set[tuple[float, str]]:
    """The values a text states with their units, numerals normalised (两小时 → (2.0, 小时),
    百分之二点五 → (2.5, %), 三千居民 → (3000.0, 人))."""
    found = set()
    for match in _MEASURED.finditer(text):
        numeral, unit = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), "%")
        amount = _amount(numeral)
        if amount is not None and unit == "万元":
            amount, unit = amount * 10000, "元"
        if amount is not None:
            unit = unit.lstrip("个").replace("％", "%").replace("周岁", "岁").replace("居民", "人")
            found.add((amount, _SAME_UNIT.get(unit, unit)))
    return found
