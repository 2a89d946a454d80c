from tests.ui.test_render import answer, citation
from ui import conversation
from ui.conversation import Turn


def turns() -> list[Turn]:
    two = answer(citations=[citation(1), citation(2, quote="扎实推动高中迁建")])
    return [
        Turn("洛阳怎么推进双减？", "洛阳怎么推进双减？", answer()),
        Turn("那衡阳呢？", "衡阳怎么推进双减？", two),
    ]


def test_turns_follow_what_the_chat_still_shows():
    history = [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]
    assert len(conversation.sync(turns(), history)) == 1  # one turn undone or cleared
    assert conversation.sync(None, []) == []


def test_follow_ups_are_read_against_the_resolved_questions():
    assert conversation.questions(turns()) == ["洛阳怎么推进双减？", "衡阳怎么推进双减？"]


def test_a_point_follow_up_reads_the_sources_of_the_previous_answer_in_order():
    assert conversation.cited(turns()) == [citation(1).clause_id, citation(2).clause_id]
    assert conversation.cited([]) is None


def test_a_message_index_maps_to_its_turn():
    messages = [
        {"role": "user", "content": "q1"},
        {"role": "assistant", "content": "a1"},
        {"role": "assistant", "content": "panel"},
        {"role": "user", "content": "q2"},
        {"role": "assistant", "content": "a2"},
    ]
    assert conversation.turn_of_message(2, messages, turns()).question == "洛阳怎么推进双减？"
    assert conversation.turn_of_message(4, messages, turns()).question == "那衡阳呢？"
    assert conversation.turn_of_message(4, messages, turns()[:1]) is None
