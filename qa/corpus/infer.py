"""Metadata read off a document's own text, for a document added without a manifest: title, issuer,
文号, date, year, kind, city and district, as the opening lines state them.

Government texts open in a few shapes, all handled the same way: a title line (“北京市学前教育条例”,
“…关于印发2019年工作要点的通知”); an issuer line above a title that starts with 关于 (“中共中央 国务院”
/ “关于全面加强…的意见”); labelled fields copied from a portal (发文机关：…, 发文字号：…,
发布日期：2022-06-22); a regulation's history (“2001年6月22日 北京市…常务委员会…通过”).
"""

from __future__ import annotations

import re

from qa.corpus.anatomy import Anatomy, is_note_line, read_anatomy
from qa.corpus.places import PROVINCIAL, body_place

_HEAD_LINES = 30
_GENRES = (
    "工作要点",
    "要点",
    "规划",
    "条例",
    "办法",
    "意见",
    "方案",
    "通知",
    "决定",
    "计划",
    "规定",
    "细则",
    "纲要",
)
_FIELD = re.compile(
    r"^(发文机关|发文单位|发文字号|发布日期|成文日期|信息来源|索引号|主题分类|编辑人)\s*[:：]?\s*(.*)$"
)
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［【(（]\d{4}[〕\]］】)）]\d{1,4}号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")
# a city at the start of a title or issuer: 北京市…, 中共安阳市委…, 郑州市惠济区教育局
_PLACE = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,3}?)市(?:([\u4e00-\u9fff]{2,3}?)(区|县))?")
_PASSED_BY = re.compile(r"([\u4e00-\u9fff]{2,6}?[省市])第[\u4e00-\u9fff]{1,4}届(人民代表大会常务委员会)")
_DISTRICT = re.compile(r"^([\u4e00-\u9fff]{2,3}?)(区|县)")
_NOT_PLACES = {"中共", "全国", "本市", "我市", "各市", "全市", "各区", "全区", "本区", "市委", "市属"}
_ATTACHED = re.compile(r"印发[《〈](.+?)[》〉]的?通知")  # a notice that wraps the document it issues


def _is_title(line: str) -> bool:
    """A line that names a document: it says what kind of document (条例, 要点, …), or is a law's
    name (…法), and is neither a portal's field nor a line of a 题注 (an amendment's line names a
    决定, but it is the document's history, not its name)."""
    named = any(genre in line for genre in _GENRES) or line.endswith("法")
    return named and not _FIELD.match(line) and len(line) <= 80 and not is_note_line(line)


def _title(lines: list[str]) -> tuple[str | None, str | None]:
    """(title, issuer named above it) from the first title-like line."""
    for index, line in enumerate(lines[:10]):
        if not _is_title(line):
            continue
        before = lines[index - 1] if index else ""
        # "中共中央 国务院" / "关于全面加强…的意见": the issuer line is part of the title
        if (
            line.startswith("关于")
            and before
            and len(before) <= 20
            and not _is_title(before)
            and not re.search(r"\d", before)
        ):
            return before + line, before
        return line, None
    return (lines[0][:80], None) if lines else (None, None)


def _field_issuer(fields: dict[str, str]) -> str | None:
    """A portal's 发文机关 / 发文单位 field (its first word: the next field may share the line)."""
    for key in ("发文机关", "发文单位"):
        if words := fields.get(key, "").split():
            return words[0]
    return None


def _issuer(title: str | None, fields: dict[str, str], lines: list[str]) -> str | None:
    """In the document's own words first: the title's "X关于…", a regulation's "X…常务委员会…通过";
    then the portal's field."""
    if title and "关于" in title and not title.startswith("关于"):
        return title.split("关于")[0]
    if lines and lines[0].endswith("文件") and len(lines[0]) <= 30:  # the red header: "X教育局文件"
        return lines[0].removesuffix("文件")
    for line in lines:
        if match := _PASSED_BY.search(line):
            return match.group(1) + match.group(2)
    return _field_issuer(fields)


_BARE_LEVEL = re.compile(r"^(?:(?:19|20)\d{2}年)?([市区县])(?:教|委)")
_PROVINCE = re.compile(
    "^(?:中共)?("
    + "|".join(sorted(PROVINCIAL, key=len, reverse=True))
    + r")((?:壮族|回族|维吾尔)?自治区|特别行政区|省)"
)


def _levels(name: str) -> tuple[str | None, str | None, str | None]:
    """(province, city, district) named at the start of one title or issuer: 山东省…, 北京市…,
    中共安阳市委…, 河南省洛阳市…, 郑州市惠济区教育局, 惠济区教育局…"""
    name = re.sub(r"^(?:19|20)\d{2}年", "", name or "")
    province = None
    if match := _PROVINCE.match(name):
        province, name = match.group(1), name[match.end() :]
    if (match := _PLACE.match(name)) and match.group(1) not in _NOT_PLACES:
        district = match.group(2) + match.group(3) if match.group(2) else None
        return province, match.group(1), district
    if (match := _DISTRICT.match(name)) and match.group(0) not in _NOT_PLACES:
        return province, None, match.group(0)
    return province, None, None


def _place(*names: str | None) -> tuple[str | None, str | None, str | None]:
    """(province, city, district), the title first, then the issuer: each level from the first
    name that states it, a later name only filling levels of the same place (惠济区教育局… then
    郑州市惠济区教育局: 郑州, 惠济区)."""
    found: list[str | None] = [None, None, None]
    for name in names:
        levels = _levels(name or "")
        if any(old and new and old != new for old, new in zip(found, levels, strict=True)):
            continue  # another place's name: the title's place stands
        found = [old or new for old, new in zip(found, levels, strict=True)]
    return found[0], found[1], found[2]


def _kind(title: str) -> str | None:
    """The kind a title ends with (南阳市中小学校幼儿园规划建设条例 is a 条例, not a 规划), else the
    first it names."""
    ending = [genre for genre in _GENRES if title.endswith(genre)]
    if ending:
        return max(ending, key=len)
    if title.endswith("法"):
        return "法"
    return next((genre for genre in _GENRES if genre in title), None)


def _from_anatomy(anatomy: Anatomy, meta: dict) -> dict:
    """A regulation's fields from its anatomy: its history, level and short names; its date and year
    those of its current text (the latest act of its 题注), not of its first adoption."""
    found: dict = {}
    if anatomy.level:
        found["level"] = anatomy.level
    if anatomy.aliases:
        found["aliases"] = anatomy.aliases
    if not anatomy.history:
        if anatomy.effective:
            found["effective"] = anatomy.effective
        return found
    found["history"] = anatomy.history
    found["adopted"] = anatomy.adopted
    if anatomy.effective:
        found["effective"] = anatomy.effective
    if anatomy.repeals:
        found["repeals"] = anatomy.repeals
    if current := anatomy.current:
        found["date"] = current.date
        if not _YEAR.search(meta.get("title", "")):
            found["year"] = int(current.date[:4])
    return found


def infer_meta(text: str) -> dict:
    lines = [re.sub(r"\s+", " ", line).strip().lstrip("# ") for line in text.splitlines() if line.strip()]
    head = lines[:_HEAD_LINES]
    fields = {}
    for line in head:
        if match := _FIELD.match(line):
            fields.setdefault(match.group(1), match.group(2).strip())
    title, issuer_above = _title(head)
    meta: dict = {}
    issuer = issuer_above or _issuer(title, fields, head)
    title = title.replace(" ", "") if title else None
    if title and (attached := _ATTACHED.search(title)):
        title = attached.group(1)  # what the notice issues is what people cite
    if title:
        meta["title"] = title
    if issuer:
        meta["issuer"] = issuer.replace(" ", "")
    joined = "\n".join(head)
    if match := _DOC_NUMBER.search(fields.get("发文字号", "")) or _DOC_NUMBER.search(joined):
        meta["doc_number"] = match.group()
    date = None
    for source in (fields.get("成文日期", ""), fields.get("发布日期", ""), joined):
        if match := _DATE.search(source) or _ISO_DATE.search(source):
            date = tuple(int(g) for g in match.groups())
            break
    if date:
        meta["date"] = f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}"
    if match := _YEAR.search(meta.get("title", "")):
        meta["year"] = int(match.group(1))
    elif date:
        meta["year"] = date[0]
    elif match := _YEAR.search(joined):
        meta["year"] = int(match.group(1))
    if kind := _kind(meta.get("title", "")):
        meta["kind"] = kind
    anatomy = read_anatomy(text, meta.get("title"), meta.get("issuer"))
    meta |= _from_anatomy(anatomy, meta)
    province, city, district = _place(meta.get("title"), meta.get("issuer"), _field_issuer(fields))
    named = meta.get("issuer") or meta.get("title") or ""
    if not (province or city or district) and (bare := _BARE_LEVEL.match(named)):
        # "区教体局…" names its own district only in the body (庐阳区 in an item)
        place = body_place(text, bare.group(1))
        city, district = (None, place) if bare.group(1) == "区" else (place, None)
    if province:
        meta["province"] = province
    if city:
        meta["city"] = city
    if district:
        meta["district"] = district
    return meta
