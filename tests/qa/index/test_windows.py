from qa.index.windows import embed_texts, windows
from qa.index.windows import sentences as split
from qa.records import Clause


def clause(text: str) -> Clause:
    return Clause(
        "d/s1-c1", "d", "d.txt", "clause", "一、1.", ("一、加强党的领导",), "标题", text, text, (1, 1), 1
    )


def test_a_clause_that_fits_is_embedded_whole_with_title_and_headings():
    assert embed_texts(clause("1.学习贯彻。"), "某市教育工作要点", 512) == [
        "某市教育工作要点\n一、加强党的领导\n1.学习贯彻。"
    ]


def test_long_text_is_split_into_overlapping_sentence_windows_that_lose_nothing():
    sentences = [f"第{i}句话说明一项具体的工作安排。" for i in range(40)]
    text = "".join(sentences)
    parts = windows(text, 100)
    assert len(parts) > 1 and all(len(p) <= 100 for p in parts)
    assert all(s in "".join(parts) for s in sentences)
    for previous, following in zip(parts, parts[1:], strict=False):
        assert split(following)[0] == split(previous)[-1]  # one sentence of overlap


def test_a_sentence_longer_than_the_window_is_cut_not_dropped():
    text = "无标点" * 100
    parts = windows(text, 100)
    assert "".join(parts) == text


def test_window_budget_leaves_room_for_the_prefix():
    long = clause("这是一句话。" * 200)
    texts = embed_texts(long, "某市教育工作要点", 512)
    assert len(texts) > 1
    assert all(len(t) <= 512 * 0.9 for t in texts)
