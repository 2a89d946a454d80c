"""The Gradio page for staff: 问答 (ask, read the cited clauses, narrow the documents, give
feedback) and 文件库 (the indexed documents: list, upload, correct, remove, read).

Everything goes through the application facade (`qa.application.PolicyQA`). The handlers are
plain methods (ChatApp here, LibraryApp in ui/library.py); `build()` only lays out the page and
wires the events. Layout of 问答: the chat, the question box and the folded filters in the main
column; the clause reader in a side column (on a phone: under the answer, see ui/page.py).
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

from qa.config import go_offline

# Before gradio is imported: it reads this at import time and would otherwise phone home.
go_offline()
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import gradio as gr  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from qa.application import AskRequest, DocumentSummary, PolicyQA  # noqa: E402
from qa.errors import IndexUnavailableError, PolicyQAError  # noqa: E402
from qa.records import UNCHECKED, Answer, Verification  # noqa: E402
from ui import background, conversation, messages, page, render  # noqa: E402
from ui.conversation import Turn  # noqa: E402
from ui.i18n import translations  # noqa: E402
from ui.library import LibraryApp, library_tab  # noqa: E402

log = logging.getLogger("policyqa.ui")

TITLE = "政策问答助手"
EXAMPLES = [
    "洛阳今年要新建多少所农村寄宿制学校？",
    "衡阳和洛阳的双减措施有什么不同？",
    "惠济区学校项目建设计划总投资多少？",
    "县管校聘改革怎么推进？",
]
GENERATOR_LABELS = {
    "extractive": "摘录原文（不用大模型，最快）",
    "openai": "大模型（OpenAI 兼容服务）",
    "local": "本地大模型（较慢，约 15–30 秒）",
}
FAST_GENERATORS = ("extractive",)  # the others get the "may take a while, 停止 stops it" hint
RETRIEVED = object()  # emitted by the answer's work when retrieval is done and generation begins
PROGRESS_EVERY = 1.0  # seconds between redraws of "已用 N 秒" while nothing new is written
# How often a running answer (or its check) looks whether 停止 was clicked or a newer question
# asked: until it ends, the page holds the next question back.
STOP_POLL = 0.2


class ChatApp:
    """The handlers behind 问答; kept apart from the layout so they read as plain Python."""

    def __init__(self, application: PolicyQA):
        self.application = application
        self.settings = application.settings
        # Questions begun per browser session: an answer still being checked when a newer one is
        # asked stops waiting for its check (the next question must not wait seconds for it).
        # 停止 ends the answers of its session begun so far (their number), without gradio's cancel:
        # a question sent while a cancel is still under way is lost by gradio's page.
        self._begun: dict[str, int] = {}
        self._stopped: dict[str, int] = {}
        self._begun_lock = threading.Lock()

    # -- what is loaded, and the filters' choices --------------------------------------------
    def documents(self) -> list[DocumentSummary]:
        """The indexed documents ([] when there is no index yet: the page still opens)."""
        try:
            return self.application.documents()
        except IndexUnavailableError:
            return []

    @staticmethod
    def document_choices(documents: list[DocumentSummary]) -> list[tuple[str, str]]:
        return [(d.meta.title, d.meta.doc_id) for d in sorted(documents, key=lambda d: d.meta.title)]

    @staticmethod
    def city_choices(documents: list[DocumentSummary]) -> list[str]:
        return sorted({place for d in documents for place in d.meta.places()})

    @staticmethod
    def year_choices(documents: list[DocumentSummary]) -> list[str]:
        return [str(y) for y in sorted({d.meta.year for d in documents if d.meta.year})]

    def generator_choices(self) -> list[tuple[str, str]]:
        return [(GENERATOR_LABELS.get(n, n), n) for n in self.application.generators()]

    def refresh(self) -> tuple:
        """(loaded documents line, document / city / year filter choices), from the library as
        it is now: on page load and after each upload or removal."""
        documents = self.documents()
        return (
            render.loaded_html(documents),
            gr.update(choices=self.document_choices(documents)),
            gr.update(choices=self.city_choices(documents)),
            gr.update(choices=self.year_choices(documents)),
        )

    def filters_note(self, doc_ids, cities, years) -> str | None:
        """The filters in words ("文件：…；年份：2022"), None when nothing is selected."""
        parts = []
        if doc_ids:
            titles = {d.meta.doc_id: d.meta.title for d in self.documents()}
            parts.append("文件：" + "、".join(titles.get(d, d) for d in doc_ids))
        if cities:
            parts.append("城市：" + "、".join(cities))
        if years:
            parts.append("年份：" + "、".join(str(y) for y in years))
        return "；".join(parts) or None

    # -- asking ---------------------------------------------------------------------------------
    # respond()'s outputs, in order: chat, question box, status line, citations (JSON), the
    # reader's source choices, the reader, turns.
    def begin(self, question: str, request: gr.Request = None) -> tuple:
        """Before an answer: the 停止 button replaces 发送, a comment box left open closes, and
        the question is kept in case the answer is stopped. An empty question changes nothing."""
        if not (question or "").strip():
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        with self._begun_lock:
            session = _session(request)
            self._begun[session] = self._begun.get(session, 0) + 1
        return gr.update(visible=False), gr.update(visible=True), gr.update(visible=False), question

    def _newer_question(self, session: str, number: int) -> bool:
        return self._begun.get(session, 0) > number

    @staticmethod
    def check_question(question: str | None, *others) -> list[dict]:
        """The API's /ask and /chat refuse an empty question with a message (gradio_client raises
        a ValidationError), rather than answering with a row of empty updates."""
        return [gr.validate(bool((question or "").strip()), "请输入问题。")] + [gr.validate(True, "")] * len(
            others
        )

    def respond_on_page(
        self,
        question: str,
        doc_ids: list[str] | None,
        cities: list[str] | None,
        years: list[str] | None,
        generator: str | None,
        turns: list[Turn] | None,
        request: gr.Request = None,  # gradio passes it only to a parameter it can see
    ) -> Iterator[tuple]:
        """respond() for the page: its outputs, then 发送 back in place of 停止 once the answer
        (and its check) is done or stopped."""
        inputs = (question, doc_ids, cities, years, generator, turns)
        for outputs in self.respond(*inputs, request=request):
            yield (*outputs, gr.skip(), gr.skip())
        yield (*(gr.skip(),) * 7, gr.update(visible=True), gr.update(visible=False))

    def respond(
        self,
        question: str,
        doc_ids: list[str] | None,
        cities: list[str] | None,
        years: list[str] | None,
        generator: str | None,
        turns: list[Turn] | None,
        request: gr.Request = None,
    ) -> Iterator[tuple]:
        """Streams (chat, question box, status, citations, sources, reader, turns) as the answer
        is written; a progress line while nothing is written yet."""
        session = _session(request)
        number = self._begun.get(session, 0)  # this question's number in its session (0: an API call)

        def halted() -> bool:
            """停止 was clicked (for this question or a later one): say nothing more."""
            return number > 0 and self._stopped.get(session, 0) >= number

        turns = list(turns or [])
        skip = gr.skip()
        typed = question or ""
        if not typed.strip():  # an empty question does nothing at all
            yield skip, skip, skip, skip, skip, skip, skip
            return
        try:  # the facade's own check: too long, unusable characters
            question = self.application.validate(typed)
        except PolicyQAError as error:  # nothing shown in the chat, the text stays in the box
            yield (
                skip,
                skip,
                messages.error_message(messages.ASK, error, self.settings),
                skip,
                skip,
                skip,
                skip,
            )
            return
        shown = conversation.chat_messages(turns)
        mine = {"role": "user", "content": render.answer_markdown(question)}
        slow = (generator or self.settings.generator) not in FAST_GENERATORS
        started = time.monotonic()

        retrieved = False  # the facade says when the clauses are found and generation begins

        def waiting() -> list[dict]:
            text = render.progress(time.monotonic() - started, slow, retrieved)
            return [*shown, mine, {"role": "assistant", "content": text}]

        if halted():  # stopped while it waited for the one before
            return
        yield waiting(), "", "", skip, skip, skip, skip
        request = AskRequest(
            question=question,
            doc_ids=tuple(doc_ids or ()),
            cities=tuple(cities or ()),
            years=tuple(int(y) for y in years or ()),
            generator=generator or None,
            history=tuple(conversation.questions(turns)),
            cited=tuple(conversation.cited(turns) or ()) if turns else None,  # "第二点…" reads these
        )

        def work(emit, cancelled: threading.Event) -> None:
            stream = self.application.stream(request, on_retrieved=lambda: emit(RETRIEVED))
            try:
                for piece in stream:
                    emit(piece)
                    if cancelled.is_set():
                        return
            finally:
                stream.close()  # stops a model that is still writing

        answer: Answer | None = None
        written = ""
        redrawn = time.monotonic()
        try:
            for item in background.run(work, STOP_POLL):
                if halted():  # leaving closes the stream (a local model stops at its next token)
                    return
                if item is background.TICK or item is RETRIEVED:
                    retrieved = retrieved or item is RETRIEVED
                    if not written and (item is RETRIEVED or time.monotonic() - redrawn >= PROGRESS_EVERY):
                        redrawn = time.monotonic()
                        yield waiting(), skip, skip, skip, skip, skip, skip
                elif isinstance(item, Answer):
                    answer = item
                else:
                    written += item
                    streaming = {"role": "assistant", "content": render.answer_markdown(written)}
                    yield [*shown, mine, streaming], skip, skip, skip, skip, skip, skip
        except PolicyQAError as error:
            note = messages.error_message(messages.ASK, error, self.settings)
            if error.kind == "unavailable" and slow:
                note += messages.SLOW_GENERATOR_HINT
            yield shown, typed, note, skip, skip, skip, skip
            return
        except Exception:  # never a stack trace on the page; the server log has it
            log.exception("answer failed for %r", question)
            yield shown, typed, messages.UNEXPECTED, skip, skip, skip, skip
            return
        if answer is None or halted():
            return
        asked = answer.resolved_question or question
        checking = self.verifying and not answer.refused and not self._newer_question(session, number)
        turn = Turn(question, asked, answer, self.filters_note(doc_ids, cities, years), checking)
        done = [*turns, turn]
        yield self._shown(done, answer, asked)  # the answer at once; its check (seconds) follows
        if not checking:
            return
        # The check (seconds of a local model) runs in a thread, so that 停止 or a next question ends
        # this handler at once, not when the model is done: until then the page holds the next
        # question back. A check left behind finishes on its own; its verdict is not shown.
        shown_answer = answer

        def check(emit, cancelled: threading.Event) -> None:
            emit(self.application.verify(shown_answer))

        try:
            for item in background.run(check, STOP_POLL):
                if halted():  # 停止 already showed the answer as 未核对
                    return
                if isinstance(item, Answer):
                    answer = item
                elif self._newer_question(session, number):  # asked meanwhile: it goes first
                    stopped = Verification("", UNCHECKED, note="已提出下一个问题，未等核对完成")
                    answer = replace(answer, verification=stopped)
                    break
        except Exception:  # a check never takes the answer away: it stays, marked 未核对
            log.exception("check failed for %r", question)
            answer = replace(answer, verification=Verification("", UNCHECKED, note="核对出错"))
        turn = replace(turn, answer=answer, checking=False)
        yield self._shown([*turns, turn], answer, asked)

    @property
    def verifying(self) -> bool:
        """Answers are checked in the chat when a model to check with is there (POLICYQA_CHAT_VERIFY)."""
        return self.settings.chat_verify and self.application.can_verify()

    def _shown(self, turns: list[Turn], answer: Answer, asked: str) -> tuple:
        """respond()'s outputs once an answer is complete: the chat, its citations and the reader."""
        choices = render.source_choices(answer)
        first = choices[0][1] if choices else None
        return (
            conversation.chat_messages(turns),
            gr.skip(),
            "",
            render.citations_data(answer, asked),
            gr.update(choices=choices, value=first),
            self.context(first, turns, opened=False) if first else render.reader_placeholder(),
            turns,
        )

    def stop(self, turns: list[Turn] | None, pending: str | None, request: gr.Request = None) -> tuple:
        """停止: the unfinished answer goes (it has no checked sources yet); the question comes back
        into the box. An answer already shown and being checked stays, marked 未核对. The running
        answer sees it within STOP_POLL and ends. Outputs: chat, question, status, 发送, 停止, turns."""
        with self._begun_lock:
            session = _session(request)
            self._stopped[session] = self._begun.get(session, 0)
        turns = list(turns or [])
        question = pending or ""
        if turns and turns[-1].checking:
            stopped = Verification("", UNCHECKED, note="已停止核对")
            turns[-1] = replace(
                turns[-1], checking=False, answer=replace(turns[-1].answer, verification=stopped)
            )
            # the question was asked and answered: the box keeps what is typed there now
            status, question = "已停止核对，回答保留。", gr.skip()
        else:
            status = "已停止回答。"
        return (
            conversation.chat_messages(turns),
            question,
            status,
            gr.update(visible=True),
            gr.update(visible=False),
            turns,
        )

    def clear(self) -> tuple:
        """A new conversation: (chat, turns, status, citations, sources, reader, comment box)."""
        return (
            [],
            [],
            "",
            None,
            gr.update(choices=[], value=None),
            render.reader_placeholder(),
            gr.update(visible=False),
        )

    # -- the clause reader ----------------------------------------------------------------------
    def context(self, clause_id: str | None, turns: list[Turn] | None = None, opened: bool = True) -> str:
        """The clause in its section; the last answer's quote of it highlighted. `opened`: chosen
        by the person (a new answer's first source is shown on a desktop, not on a phone)."""
        if not clause_id:
            return render.reader_placeholder()
        try:
            view = self.application.clause(clause_id)
        except PolicyQAError as error:
            return f'<div class="pq-reader-note">{messages.error_message(messages.READ, error, self.settings)}</div>'
        quote = ""
        if turns:
            quote = next((c.quote for c in turns[-1].answer.citations if c.clause_id == clause_id), "")
        return render.context_html(
            view.doc.title, view.doc.doc_number, view.section, clause_id, quote, opened
        )

    def open_source(self, link: str, turns: list[Turn] | None) -> tuple:
        """A [n] (or 查看原文) link clicked in the chat: (reader's choices, reader) for that source
        of that turn's answer."""
        ref = render.SourceRef.parse(link)
        turns = turns or []
        if ref is None or not 0 <= ref.turn < len(turns):
            return gr.skip(), gr.skip()
        answer = turns[ref.turn].answer
        if ref.kind == "cite":
            citation = next((c for c in answer.citations if c.n == ref.n), None)
            clause_id, quote = (citation.clause_id, citation.quote) if citation else (None, "")
        else:
            hits = render.related_of(answer)
            clause_id, quote = (hits[ref.n - 1].clause_id, "") if 0 < ref.n <= len(hits) else (None, "")
        if clause_id is None:
            return gr.skip(), gr.skip()
        try:
            view = self.application.clause(clause_id)
        except PolicyQAError as error:
            note = messages.error_message(messages.READ, error, self.settings)
            return gr.skip(), f'<div class="pq-reader-note">{note}</div>'
        html = render.context_html(view.doc.title, view.doc.doc_number, view.section, clause_id, quote)
        return gr.update(choices=render.source_choices(answer), value=clause_id), html

    # -- feedback --------------------------------------------------------------------------------
    def like(self, turns: list[Turn] | None, like: gr.LikeData) -> tuple:
        """赞/踩 on an answer: recorded at once; a comment box opens under the chat for an
        optional comment. Outputs: comment box, its prompt, the comment, pending feedback, status."""
        index = like.index if isinstance(like.index, int) else like.index[0]
        turns = turns or []
        number = conversation.turn_of_message(index, turns)
        if number is None:  # the answer still being written, or a message from before a reload
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), "这条回答还没写完，写完后再评价。"
        turn = turns[number]
        useful = like.liked is True or like.liked == "Like"
        entry = self.application.feedback(turn.answer, useful, "", turn.asked)
        prompt = f"已记录“{'赞' if useful else '踩'}”，谢谢！想补充说明的话写在这里（可选）："
        pending = {"turn": number, "useful": useful, "id": entry.get("id")}
        return gr.update(visible=True), prompt, "", pending, ""

    def comment(self, text: str, pending: dict | None, turns: list[Turn] | None) -> tuple:
        """The optional comment after 赞/踩, recorded as a line that amends that verdict.
        Outputs: comment box, comment, pending feedback, status."""
        turns = turns or []
        if not pending or not (text or "").strip() or not 0 <= pending["turn"] < len(turns):
            return gr.update(visible=False), "", None, ""
        turn = turns[pending["turn"]]
        self.application.feedback(turn.answer, pending["useful"], text, turn.asked, pending.get("id"))
        return gr.update(visible=False), "", None, "已收到您的意见，谢谢！"


def _session(request: gr.Request | None) -> str:
    return getattr(request, "session_hash", None) or ""


def build(application: PolicyQA) -> gr.Blocks:
    """The page, its events wired to ChatApp's and LibraryApp's handlers."""
    chat_app, library_app = ChatApp(application), LibraryApp(application)
    documents = chat_app.documents()
    generators = chat_app.generator_choices()
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        turns = gr.State([])
        pending_question = gr.State("")
        pending_feedback = gr.State(None)
        gr.Markdown(f"## {TITLE}", elem_classes="pq-title")
        with gr.Tabs(elem_id="pq-tabs") as tabs:
            with gr.Tab("问答", id="chat", elem_id="tab-chat"):
                with gr.Row(elem_id="pq-loaded-row", equal_height=False):
                    loaded = gr.HTML(render.loaded_html(documents), elem_id="pq-loaded", scale=1)
                    to_library = gr.Button(
                        "文件库 ›", size="sm", scale=0, min_width=84, elem_id="pq-to-library"
                    )
                with gr.Row(elem_id="pq-main", equal_height=False):
                    with gr.Column(scale=3, min_width=320):
                        with gr.Column(elem_id="pq-chat-box"):
                            chatbot = gr.Chatbot(
                                label="对话",
                                show_label=False,
                                height="58vh",
                                elem_id="chat",
                                buttons=["copy"],
                                layout="bubble",
                                placeholder="请输入关于教育政策文件的问题，可以接着追问（如“那衡阳呢？”）；回答里的 [n] 点开即是引用的条款原文。",
                                examples=[{"text": q} for q in EXAMPLES],
                            )
                            with gr.Column(visible=False, elem_id="pq-feedback") as feedback_box:
                                feedback_prompt = gr.Markdown()
                                with gr.Row():
                                    feedback_comment = gr.Textbox(
                                        label="意见",
                                        show_label=False,
                                        placeholder="例如：数字对，但少了 2023 年的安排",
                                        elem_id="feedback-comment",
                                        scale=4,
                                    )
                                    feedback_send = gr.Button(
                                        "提交意见", scale=0, min_width=96, elem_id="feedback-send"
                                    )
                        with gr.Column(elem_id="pq-ask-box"):
                            status = gr.Markdown("", label="状态", elem_id="pq-status")
                            with gr.Row(equal_height=True):
                                question = gr.Textbox(
                                    placeholder="输入问题，回车发送",
                                    label="问题",
                                    show_label=False,
                                    lines=1,
                                    max_lines=6,
                                    elem_id="question",
                                    scale=5,
                                    autofocus=True,
                                )
                                send = gr.Button(
                                    "发送", variant="primary", scale=0, min_width=72, elem_id="send"
                                )
                                stop = gr.Button(
                                    "停止",
                                    variant="stop",
                                    scale=0,
                                    min_width=72,
                                    visible=False,
                                    elem_id="stop",
                                )
                        with gr.Accordion(
                            "检索范围与回答方式（不选即全部文件）", open=False, elem_id="pq-filters"
                        ):
                            doc_filter = gr.Dropdown(
                                chat_app.document_choices(documents),
                                multiselect=True,
                                label="文件",
                                elem_id="filter-docs",
                            )
                            city_filter = gr.Dropdown(
                                chat_app.city_choices(documents),
                                multiselect=True,
                                label="城市 / 区县",
                                elem_id="filter-city",
                            )
                            year_filter = gr.Dropdown(
                                chat_app.year_choices(documents),
                                multiselect=True,
                                label="年份",
                                elem_id="filter-year",
                            )
                            generator = gr.Radio(
                                generators,
                                value=generators[0][1] if generators else None,
                                label="回答方式",
                                visible=len(generators) > 1,  # nothing to choose with one generator
                                elem_id="generator",
                            )
                    with (
                        gr.Column(scale=2, min_width=300, elem_id="pq-side"),
                        gr.Column(elem_id="pq-reader-box"),
                    ):
                        gr.Markdown("#### 条款原文")
                        sources = gr.Dropdown(
                            [], value=None, label="本次回答的来源", elem_id="context-select"
                        )
                        context = gr.HTML(render.reader_placeholder(), label="条款原文", elem_id="context")
                        citations = gr.JSON(label="引用（结构化）", visible=False, elem_id="citations")
            # each change of the library refreshes 问答's list of documents and its filters too
            chat_refresh = (chat_app.refresh, None, [loaded, doc_filter, city_filter, year_filter])
            with gr.Tab("文件库", id="library", elem_id="tab-library"):
                library_listing, library_loads = library_tab(library_app, documents, chat_refresh)
        # Links in the chat ([n], 查看原文) reach Python through this hidden component.
        bridge = gr.HTML("", visible="hidden", js_on_load=page.BRIDGE_JS, elem_id="pq-bridge")

        # -- 问答 events --
        ask_inputs = [question, doc_filter, city_filter, year_filter, generator, turns]
        ask_outputs = [chatbot, question, status, citations, sources, context, turns]
        begin_outputs = [send, stop, feedback_box, pending_question]
        quiet = {"show_progress": "hidden", "api_visibility": "private"}  # internal: not an API endpoint
        # "always_last": a question sent while the previous answer is still running (being written,
        # checked or stopped) is asked once that one ends, instead of being dropped by the page.
        answering = (chat_app.respond_on_page, ask_inputs, [*ask_outputs, send, stop])
        on_page = {"trigger_mode": "always_last", **quiet}
        for trigger in (question.submit, send.click):
            trigger(chat_app.begin, question, begin_outputs, queue=False, **quiet).then(*answering, **on_page)

        def use_example(selected: gr.SelectData) -> str:
            return selected.value["text"]

        example = chatbot.example_select(use_example, None, question, **quiet)
        example.then(chat_app.begin, question, begin_outputs, **quiet).then(*answering, **on_page)
        # For scripts (gradio_client): /ask, and /chat, its earlier name; a button never shown.
        api_only = gr.Button(visible=False, elem_id="pq-api")
        for name, description in (
            (
                "ask",
                "A question (with optional filters) → the chat, the question box, the status line, "
                "the citations as data, the reader's sources and the reader's HTML.",
            ),
            ("chat", "The same as /ask (its earlier name, kept for older scripts)."),
        ):
            api_only.click(
                chat_app.respond,
                ask_inputs,
                ask_outputs,
                api_name=name,
                api_description=description,
                validator=chat_app.check_question,
                show_progress="hidden",
            )
        # not gradio's cancel: respond() sees the stop itself (see ChatApp.stop); queue=False so
        # that it is not held behind the answer it stops
        stop.click(
            chat_app.stop,
            [turns, pending_question],
            [chatbot, question, status, send, stop, turns],
            queue=False,
            **quiet,
        )
        chatbot.clear(
            chat_app.clear, None, [chatbot, turns, status, citations, sources, context, feedback_box], **quiet
        )
        sources.input(
            chat_app.context,
            [sources, turns],
            context,
            api_name="clause",
            api_description="The clause reader's HTML for one of the last answer's sources (a clause id "
            "from its choices): the clause among its section.",
            show_progress="hidden",
        )
        bridge.change(chat_app.open_source, [bridge, turns], [sources, context], **quiet).then(
            None, js=page.SHOW_READER_JS, **quiet
        )
        chatbot.like(
            chat_app.like,
            turns,
            [feedback_box, feedback_prompt, feedback_comment, pending_feedback, status],
            **quiet,
        )
        for trigger in (feedback_send.click, feedback_comment.submit):
            trigger(
                chat_app.comment,
                [feedback_comment, pending_feedback, turns],
                [feedback_box, feedback_comment, pending_feedback, status],
                **quiet,
            )
        to_library.click(lambda: gr.Tabs(selected="library"), None, tabs, **quiet)
        # the library as it is when the page opens (another session may have changed it)
        demo.load(*chat_refresh, **quiet)
        demo.load(
            *library_listing,
            api_name="documents",
            api_description="The indexed documents: a summary line and the table (title, 文号, date, place, year, clauses).",
            show_progress="hidden",
        )
        # the taught words and the question writing as they are now (another session changed them)
        for load in library_loads:
            demo.load(*load, **quiet)
    return demo


class LoginGuard:
    """The chat's login check, with a brake on guessing: each wrong password in a row waits
    longer (up to `max_delay` s), and after `lockout_after` of them every attempt is refused for
    `lockout_seconds`, right password included (300 guesses took 0.2 s without it)."""

    def __init__(
        self,
        user: str,
        password: str,
        lockout_after: int = 5,
        lockout_seconds: float = 60.0,
        max_delay: float = 2.0,
        sleep=time.sleep,
        clock=time.monotonic,
    ):
        self.user, self.password = user, password
        self.lockout_after, self.lockout_seconds, self.max_delay = lockout_after, lockout_seconds, max_delay
        self.sleep, self.clock = sleep, clock
        self.failures = 0
        self.locked_until = 0.0
        self._lock = threading.Lock()

    def __call__(self, user: str, password: str) -> bool:
        with self._lock:
            if self.clock() < self.locked_until:
                return False
        right = secrets.compare_digest(str(user), self.user) & secrets.compare_digest(
            str(password), self.password
        )
        with self._lock:
            if right:
                self.failures = 0
                return True
            self.failures += 1
            failures = self.failures
            if failures >= self.lockout_after:
                self.locked_until = self.clock() + self.lockout_seconds
                self.failures = 0
        self.sleep(min(self.max_delay, 0.25 * failures))
        log.warning("failed chat login for %r (%d in a row)", user, failures)
        return False


class SignedInOnly:
    """Gradio leaves its heartbeat, cancel and reset routes open when a login is configured. Each
    needs another session's random ids to do harm, but nothing on the page should answer
    someone who has not signed in: they get a 401 like every other route."""

    GUARDED = ("/gradio_api/heartbeat", "/gradio_api/cancel", "/gradio_api/reset")

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(self.GUARDED):
            gradio = scope.get("app")
            if getattr(gradio, "auth", None) is not None and not _signed_in(scope, gradio):
                body = b'{"detail":{"error":"Not authenticated"}}'
                await send(
                    {
                        "type": "http.response.start",
                        "status": 401,
                        "headers": [(b"content-type", b"application/json")],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def _signed_in(scope, gradio) -> bool:
    from http.cookies import SimpleCookie

    cookies = SimpleCookie()
    for name, value in scope.get("headers") or []:
        if name == b"cookie":
            cookies.load(value.decode("latin-1"))
    tokens = getattr(gradio, "tokens", {})
    return any(key.startswith("access-token") and morsel.value in tokens for key, morsel in cookies.items())


def auth_for(settings) -> LoginGuard | None:
    if bool(settings.ui_user) != bool(settings.ui_password):
        raise PolicyQAError("set both POLICYQA_UI_USER and POLICYQA_UI_PASSWORD, or neither")
    if settings.ui_user and settings.ui_password:
        return LoginGuard(settings.ui_user, settings.ui_password)
    return None


def launch(application: PolicyQA, host: str = "127.0.0.1", port: int = 7860, block: bool = True) -> gr.Blocks:
    """Serve the page. The index must exist (a clear error otherwise, before the server starts)."""
    auth = auth_for(application.settings)
    application.warm()  # the model and the index now, not on the first question; a store down fails here
    demo = build(application)
    demo.queue(default_concurrency_limit=2)
    demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        auth=auth,
        auth_message="政策问答助手：请登录" if auth else None,
        app_kwargs={"middleware": [Middleware(SignedInOnly)]},
        prevent_thread_lock=not block,
        css=page.CSS,
        head=page.HEAD,
        i18n=translations(),
        quiet=True,
        footer_links=[],
        show_error=False,
        run_history=False,  # nothing about the questions asked is kept in the browser
        enable_monitoring=False,
        mcp_server=False,
    )
    return demo
