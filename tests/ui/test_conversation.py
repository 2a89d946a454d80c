from tests.ui.test_render import answer, citation
from ui import conversation
from ui.conversation import Turn


def turns() -> list[Turn]:
    two = answer(citations=[citation(1), citation(2, quote="扎实推动高中迁建")])
    return [
        Turn("洛阳怎么推进双减？", "洛阳怎么推进双减？", answer()),
        Turn("那衡阳呢？", "衡阳怎么推进双减？", two, filtered="城市：衡阳"),
    ]


def test_follow_ups_are_read_against_the_resolved_questions():
    assert conversation.questions(turns()) == ["洛阳怎么推进双减？", "衡阳怎么推进双减？"]


def test_a_point_follow_up_reads_the_sources_of_the_previous_answer_in_order():
    assert conversation.cited(turns()) == [citation(1).clause_id, citation(2).clause_id]
    assert conversation.cited([]) is None


def test_the_chat_is_drawn_from_the_turns():
    messages = conversation.chat_messages(turns())
    assert [m["role"] for m in messages] == [
        "user",
        "assistant",
        "assistant",
        "user",
        "assistant",
        "assistant",
    ]
    assert messages[0]["content"] == "洛阳怎么推进双减？"
    assert 'href="#pq-cite-0-1"' in messages[1]["content"]  # each turn's links name that turn
    assert 'href="#pq-cite-1-1"' in messages[4]["content"]
    assert "按所选范围检索（城市：衡阳）" in messages[4]["content"]  # each turn keeps its filters
    assert messages[2]["metadata"]["title"].startswith("引用来源")


def test_a_message_index_maps_to_its_turn():
    assert conversation.turn_of_message(2, turns()) == 0  # the first turn's sources panel
    assert conversation.turn_of_message(4, turns()) == 1
    assert conversation.turn_of_message(6, turns()) is None  # the answer still being written
