"""The Gradio chat for staff: ask, read the cited clauses, narrow the documents, give feedback.

Layout: filters on the left (documents, city, year, answer mode), the chat on the right; under
each answer a collapsed 引用来源 panel; below the chat a reader that shows a cited clause among
its neighbours. The chat is a gr.ChatInterface, so `/chat` is also an API for gradio_client.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator

from qa.config import Settings, go_offline

# Before gradio is imported: it reads this at import time and would otherwise phone home.
go_offline()
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import gradio as gr  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from qa.answer.generators import GeneratorError  # noqa: E402
from qa.answer.service import AnswerService  # noqa: E402
from qa.application.feedback import FeedbackLog  # noqa: E402
from qa.errors import PolicyQAError  # noqa: E402
from qa.index.store import IndexUnavailableError  # noqa: E402
from qa.records import Answer  # noqa: E402
from ui import conversation, render  # noqa: E402
from ui.conversation import Turn  # noqa: E402

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
    "local": "本地大模型",
}
CSS = """
.pq-cite, .pq-related, .pq-clause { margin: 0.4em 0 0.8em; }
.pq-head { font-weight: 600; }
.pq-docno { color: #666; font-weight: normal; }
.pq-loc { background: #eef2ff; border-radius: 4px; padding: 0 4px; }
.pq-text { margin-top: 0.2em; line-height: 1.6; color: var(--body-text-color); }
.pq-focus { border-left: 3px solid #f59e0b; padding-left: 8px; }
.pq-context-title { font-weight: 600; margin-bottom: 0.4em; }
mark { background: #fde68a; }
"""


def check_question(message: str, limit: int) -> str | None:
    """A Chinese message for a question the service would refuse as input, else None."""
    text = (message or "").strip()
    if not text:
        return "请输入一个问题，例如：洛阳今年要新建多少所农村寄宿制学校？"
    if len(text) > limit:
        return f"问题太长（{len(text)} 字），请控制在 {limit} 字以内，只问一件事效果最好。"
    if any("\ud800" <= c <= "\udfff" for c in text):
        return "问题里有无法识别的字符，请重新输入。"
    return None


class ChatApp:
    """The handlers behind the page; kept apart from the layout so they read as plain Python."""

    def __init__(self, settings: Settings, service: AnswerService):
        self.settings = settings
        self.service = service
        self.feedback = FeedbackLog(settings.data_dir / "feedback.jsonl")

    # -- choices for the filters ---------------------------------------------------------------
    def document_choices(self) -> list[tuple[str, str]]:
        docs = self.service.searcher.catalog.docs
        return [(f"{meta.title}", doc_id) for doc_id, meta in sorted(docs.items(), key=lambda d: d[1].title)]

    def city_choices(self) -> list[str]:
        names = set()
        for meta in self.service.searcher.catalog.docs.values():
            names.update(place for place in (meta.city, meta.district) if place)
        return sorted(names)

    def year_choices(self) -> list[str]:
        years = {meta.year for meta in self.service.searcher.catalog.docs.values() if meta.year}
        return [str(y) for y in sorted(years)]

    def generator_choices(self) -> list[tuple[str, str]]:
        return [(GENERATOR_LABELS.get(n, n), n) for n in self.service.available_generators()]

    # -- the chat --------------------------------------------------------------------------------
    def respond(
        self,
        message: str,
        history: list[dict],
        doc_ids: list[str] | None,
        cities: list[str] | None,
        years: list[str] | None,
        generator: str | None,
        turns: list[Turn] | None,
    ) -> Iterator[tuple]:
        """Streams (messages, turns, sources selector, context) as the answer is written."""
        turns = conversation.sync(turns, history)
        keep = gr.skip()
        problem = check_question(message, self.settings.max_question_chars)
        if problem:
            yield render.notice(problem), turns, keep, keep
            return
        question = message.strip()
        request = dict(
            doc_ids=doc_ids or None,
            history=conversation.questions(turns) or None,
            query=question,
            cities=cities or None,
            years=[int(y) for y in years or []] or None,
            cited=conversation.cited(turns),  # "第二点具体是什么" reads the previous answer's sources
        )
        answer: Answer | None = None
        shown = ""
        try:
            for item in self.service.stream(request.pop("query"), generator=generator or None, **request):
                if isinstance(item, Answer):
                    answer = item
                else:
                    shown += item
                    yield [{"role": "assistant", "content": render.answer_markdown(shown)}], turns, keep, keep
        except IndexUnavailableError:
            yield (
                render.notice("还没有建立索引：请先运行 make run（或 policyqa ingest）。"),
                turns,
                keep,
                keep,
            )
            return
        except GeneratorError as error:
            yield render.notice(f"所选回答方式暂不可用（{error}），请改用“摘录原文”。"), turns, keep, keep
            return
        except PolicyQAError as error:
            yield render.notice(f"无法回答：{error}"), turns, keep, keep
            return
        except Exception:  # never a stack trace in the chat; the server log has it
            log.exception("answer failed for %r", question)
            yield render.notice("内部错误，请稍后重试。"), turns, keep, keep
            return
        if answer is None:
            return
        asked = answer.resolved_question or question
        turns = [*turns, Turn(question, asked, answer)]
        choices = render.source_choices(answer)
        first = choices[0][1] if choices else None
        selector = gr.update(choices=choices, value=first)
        filtered = self.filters_note(doc_ids, cities, years)
        yield render.messages(answer, asked, filtered), turns, selector, self.context(first, turns)

    def filters_note(self, doc_ids, cities, years) -> str | None:
        """The filters in words ("文件：…；年份：2022"), None when nothing is selected."""
        docs = self.service.searcher.catalog.docs
        parts = []
        if doc_ids:
            parts.append("文件：" + "、".join(docs[d].title if d in docs else d for d in doc_ids))
        if cities:
            parts.append("城市：" + "、".join(cities))
        if years:
            parts.append("年份：" + "、".join(str(y) for y in years))
        return "；".join(parts) or None

    # -- the clause reader -----------------------------------------------------------------------
    def context(self, clause_id: str | None, turns: list[Turn] | None) -> str:
        if not clause_id:
            return ""
        catalog = self.service.searcher.catalog
        focus = catalog.get(clause_id)
        if focus is None:
            return render.context_html("", None, [], clause_id)
        quote = ""
        if turns:
            quote = next((c.quote for c in turns[-1].answer.citations if c.clause_id == clause_id), "")
        section = [entry.clause for entry in catalog.section(clause_id)]
        return render.context_html(focus.doc.title, focus.doc.doc_number, section, clause_id, quote)

    # -- feedback --------------------------------------------------------------------------------
    def record_feedback(
        self, messages: list[dict], turns: list[Turn] | None, comment: str, like: gr.LikeData
    ) -> str:
        index = like.index if isinstance(like.index, int) else like.index[0]
        turn = conversation.turn_of_message(index, messages, turns or [])
        if turn is None:
            gr.Warning("找不到这条回答，无法记录反馈。")
            return comment
        useful = like.liked is True or like.liked == "Like"
        self.feedback.record(turn.answer, useful, comment or "", turn.asked)
        gr.Info("已记录反馈，谢谢！")
        return ""


def build_app(settings: Settings, service: AnswerService | None = None) -> gr.Blocks:
    chat_app = ChatApp(settings, service or AnswerService(settings))
    generators = chat_app.generator_choices()
    with gr.Blocks(title=TITLE, analytics_enabled=False, fill_height=True) as demo:
        gr.Markdown(
            f"## {TITLE}\n输入关于教育政策文件的问题，回答中的 [n] 对应下方“引用来源”里的条款原文。"
            "可以接着追问，例如“那衡阳呢？”“第二点具体是什么？”。"
        )
        turns = gr.State([])
        with gr.Row(equal_height=False):
            with gr.Column(scale=1, min_width=240):
                gr.Markdown("#### 检索范围（不选即全部）")
                documents = gr.Dropdown(
                    chat_app.document_choices(), multiselect=True, label="文件", elem_id="filter-docs"
                )
                cities = gr.Dropdown(
                    chat_app.city_choices(), multiselect=True, label="城市 / 区县", elem_id="filter-city"
                )
                years = gr.Dropdown(
                    chat_app.year_choices(), multiselect=True, label="年份", elem_id="filter-year"
                )
                generator = gr.Radio(
                    generators,
                    value=generators[0][1],
                    label="回答方式",
                    visible=len(generators) > 1,  # nothing to choose with one generator
                    elem_id="generator",
                )
                gr.Markdown("#### 反馈\n点回答下方的“赞 / 踩”按钮；想补充说明，先在这里写下意见。")
                comment = gr.Textbox(label="意见（可选）", lines=2, elem_id="feedback-comment")
            with gr.Column(scale=3):
                # Made first, shown where ChatInterface and the reader below place them.
                chatbot = gr.Chatbot(
                    label="对话", height=560, elem_id="chat", buttons=["copy"], layout="bubble", render=False
                )
                sources = gr.Dropdown([], label="条款", elem_id="context-select", render=False)
                context = gr.HTML(elem_id="context", render=False)
                gr.ChatInterface(
                    chat_app.respond,
                    chatbot=chatbot,
                    textbox=gr.Textbox(
                        placeholder="输入问题，回车发送",
                        show_label=False,
                        elem_id="question",
                        scale=7,
                        submit_btn="发送",
                        stop_btn="停止",
                    ),
                    additional_inputs=[documents, cities, years, generator, turns],
                    additional_outputs=[turns, sources, context],
                    examples=[[q, None, None, None, None, None] for q in EXAMPLES],
                    api_name="chat",
                    fill_height=True,
                    analytics_enabled=False,
                )
                with gr.Accordion("在原文中查看条款（上下文）", open=False, elem_id="context-reader"):
                    sources.render()
                    context.render()
        sources.input(chat_app.context, [sources, turns], context, api_visibility="undocumented")
        chatbot.like(
            chat_app.record_feedback, [chatbot, turns, comment], comment, api_visibility="undocumented"
        )
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


def auth_for(settings: Settings) -> LoginGuard | None:
    if bool(settings.ui_user) != bool(settings.ui_password):
        raise PolicyQAError("set both POLICYQA_UI_USER and POLICYQA_UI_PASSWORD, or neither")
    if settings.ui_user and settings.ui_password:
        return LoginGuard(settings.ui_user, settings.ui_password)
    return None


def launch(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 7860,
    service: AnswerService | None = None,
    block: bool = True,
) -> gr.Blocks:
    """Serve the chat. The index must exist (a clear error otherwise, before the server starts)."""
    service = service or AnswerService(settings)
    service.searcher.loaded()  # fail now, with the CLI's one-line error, rather than in the page
    service.searcher.embedder.embed_query("预热")  # load the model now, not on the first question
    demo = build_app(settings, service)
    auth = auth_for(settings)
    demo.queue(default_concurrency_limit=2)
    demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        auth=auth,
        auth_message="政策问答助手：请登录" if auth else None,
        app_kwargs={"middleware": [Middleware(SignedInOnly)]},
        prevent_thread_lock=not block,
        css=CSS,
        quiet=True,
        footer_links=[],
        show_error=False,
    )
    return demo
