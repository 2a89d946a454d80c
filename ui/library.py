"""文件库: the indexed documents (list, clause tree, removal with a confirmation) and uploads
(read, metadata shown for correction, then indexed with a progress line).

`LibraryApp` holds the handlers (plain methods, unit-testable); `library_tab()` lays the tab out
and wires its events. Changing the library needs a signed-in user when a login is configured:
the whole page asks for it already, and the handlers check again (an API call must not slip by).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from qa.application import DocumentSummary, IngestHooks, PolicyQA, SynonymPair, SynonymsView, Upload
from qa.application.library import METADATA_FIELDS
from qa.errors import IndexUnavailableError, PolicyQAError, VocabularyError
from qa.records import Document
from ui import background, messages, render

log = logging.getLogger("policyqa.ui")

FILE_TYPES = [".txt", ".md", ".docx", ".pdf"]
TABLE_HEADERS = ["标题", "文号", "日期", "地点", "年份", "条款数"]
# The metadata a person may correct before indexing (the library's fields), with their headers.
HEADERS = {
    "doc_id": "编号",
    "title": "标题",
    "issuer": "发文机关",
    "doc_number": "文号",
    "date": "日期",
    "province": "省份",
    "city": "城市",
    "district": "区县",
    "year": "年份",
    "kind": "类型",
}
EDITABLE = [(field, HEADERS[field]) for field in METADATA_FIELDS]
PREVIEW_HEADERS = ["文件", "条款数", *(header for _, header in EDITABLE), "请核对"]
FIRST_EDITABLE = 2  # the preview table's columns before the editable ones: file, clauses
FIELD_NAMES = dict(EDITABLE)
PROGRESS_EVERY = 0.5  # seconds between redraws of the indexing progress
SYNONYM_HEADERS = ["俗称", "规范用语"]
POLICY_SEPARATORS = re.compile(r"[,，、;；\s]+")


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _preview_row(name: str, document: Document) -> list:
    meta = document.meta
    values = [_text(getattr(meta, field)) for field, _ in EDITABLE]
    guessed = "、".join(FIELD_NAMES[f] for f in meta.inferred if f in FIELD_NAMES)
    return [name, len(document.clauses), *values, f"{guessed}是推断的" if guessed else ""]


@dataclass(frozen=True)
class Previewed:
    """An uploaded file read for correction: where gradio keeps it and the metadata as read."""

    name: str
    path: str
    fields: dict[str, str]  # field → the value read from the text ("" when none)


class LibraryApp:
    def __init__(self, application: PolicyQA):
        self.application = application
        self.settings = application.settings

    def _message(self, action: str, error: PolicyQAError) -> str:
        return messages.error_message(action, error, self.settings)

    def _may_change(self, request: gr.Request | None) -> bool:
        """With a login configured, only a signed-in user changes the library."""
        if not self.settings.ui_user:
            return True
        return bool(getattr(request, "username", None))

    # -- the list ------------------------------------------------------------------------------
    def documents(self) -> list[DocumentSummary]:
        try:
            return self.application.documents()
        except IndexUnavailableError:
            return []

    def listing(self) -> tuple:
        """(summary line, table rows, the document selector, doc ids in table order)."""
        documents = self.documents()
        choices = [(f"{d.meta.title}（{d.meta.doc_id}）", d.meta.doc_id) for d in documents]
        return (
            render.library_summary(documents),
            render.document_rows(documents),
            gr.update(choices=choices, value=None),
            [d.meta.doc_id for d in documents],
        )

    @staticmethod
    def pick(doc_ids: list[str], selected: gr.SelectData) -> str | None:
        """A click on a table row selects its document."""
        row = selected.index[0] if isinstance(selected.index, list | tuple) else selected.index
        return doc_ids[row] if doc_ids and 0 <= row < len(doc_ids) else gr.skip()

    def tree(self, doc_id: str | None) -> str:
        """The document's clause tree (headings and clauses, each clause's text folded inside)."""
        if not doc_id:
            return '<div class="pq-reader-note">请先选择一份文件。</div>'
        try:
            detail = self.application.document(doc_id)
        except PolicyQAError as error:
            return f'<div class="pq-reader-note">{self._message(messages.READ, error)}</div>'
        return render.tree_html(detail.meta, detail.tree(), detail.clauses)

    # -- removal: ask, then remove --------------------------------------------------------------
    def confirm_removal(self, doc_id: str | None, request: gr.Request = None) -> tuple:
        """删除… shows what will go and asks to confirm. Outputs: confirm box, its text, status."""
        if not self._may_change(request):
            return gr.update(visible=False), "", messages.NOT_SIGNED_IN
        if not doc_id:
            return gr.update(visible=False), "", "请先在表格或下拉框里选择要删除的文件。"
        titles = {d.meta.doc_id: d.meta.title for d in self.documents()}
        if doc_id not in titles:
            return gr.update(visible=False), "", messages.MESSAGES[messages.REMOVE]["not_found"]
        text = f"确定从文件库删除《{titles[doc_id]}》吗？删除后问答不再引用它；原文件需要时可以重新上传。"
        return gr.update(visible=True), text, ""

    @staticmethod
    def cancel_removal() -> tuple:
        return gr.update(visible=False), "", "已取消删除。"

    def remove(self, doc_id: str | None, request: gr.Request = None) -> Iterator[tuple]:
        """Removes the confirmed document. Outputs: confirm box, status, the clause tree."""
        if not self._may_change(request):
            yield gr.update(visible=False), messages.NOT_SIGNED_IN, gr.skip()
            return
        if not doc_id:
            yield gr.update(visible=False), "请先选择要删除的文件。", gr.skip()
            return
        titles = {d.meta.doc_id: d.meta.title for d in self.documents()}
        title = titles.get(doc_id, doc_id)
        yield gr.update(visible=False), f"正在删除《{title}》……", gr.skip()

        def work(emit, cancelled: threading.Event) -> None:
            emit(self.application.remove([doc_id], on_wait=lambda _: emit("wait")))

        try:
            for item in background.run(work, PROGRESS_EVERY):
                if item == "wait":
                    yield gr.skip(), "另一项导入正在进行，等它结束后再删除……", gr.skip()
                elif item is not background.TICK:
                    removed = doc_id in item.removed
                    text = (
                        f"已删除《{title}》。" if removed else messages.MESSAGES[messages.REMOVE]["not_found"]
                    )
                    yield gr.skip(), text, ""
        except PolicyQAError as error:
            yield gr.skip(), self._message(messages.REMOVE, error), gr.skip()
        except Exception:
            log.exception("removing %s failed", doc_id)
            yield gr.skip(), messages.UNEXPECTED, gr.skip()

    # -- upload: read and show, then index ------------------------------------------------------
    def _upload(self, name: str, path: str, metadata: dict | None = None) -> Upload:
        return Upload(name, Path(path).read_bytes(), dict(metadata or {}))

    def preview(self, files: list[str] | None = None) -> tuple:
        """The chosen files read (nothing indexed): their metadata in an editable table.
        Outputs: preview table, previewed files, 加入文件库 button, status."""
        paths = [str(p) for p in files or []]
        if not paths:
            return gr.update(value=[], visible=False), [], gr.update(interactive=False), ""
        indexed = {d.meta.doc_id for d in self.documents()}
        rows, kept, notes = [], [], []
        for path in paths:
            name = Path(path).name
            try:
                (document,) = self.application.preview([self._upload(name, path)])
            except PolicyQAError as error:  # one file at a time, so the message names it
                notes.append(f"✗ {name}：{self._message(messages.UPLOAD, error)}")
                continue
            except Exception:
                log.exception("reading %s failed", name)
                notes.append(f"✗ {name}：{messages.UNEXPECTED}")
                continue
            row = _preview_row(name, document)
            rows.append(row)
            fields = {field: row[FIRST_EDITABLE + i] for i, (field, _) in enumerate(EDITABLE)}
            kept.append(Previewed(name, path, fields))
            if document.doc_id in indexed:
                notes.append(
                    f"! {name}：编号 {document.doc_id} 已在文件库中；要更新旧文件请勾选“替换同编号的文件”。"
                )
        if len(kept) > 1:
            try:  # two of the chosen files the same (text or doc_id): the facade says so
                self.application.preview([self._upload(p.name, p.path) for p in kept])
            except PolicyQAError as error:
                notes.append(f"✗ 所选文件之间：{self._message(messages.UPLOAD, error)}")
                kept = []
        if kept:
            notes.insert(
                0, f"已读取 {len(kept)} 份文件，请核对下表中的信息（可直接修改），再点“加入文件库”。"
            )
        return (
            gr.update(value=rows, visible=bool(rows)),
            kept,
            gr.update(interactive=bool(kept)),
            "\n\n".join(notes),
        )

    @staticmethod
    def corrections(previewed: list[Previewed], rows: list[list] | None) -> list[dict]:
        """Per file, the metadata a person changed in the table (only those: what the text
        states or implies stays the document's own)."""
        rows = list(rows or [])
        changed = []
        for index, item in enumerate(previewed):
            row = rows[index] if index < len(rows) else []
            values = {}
            for i, (field, _) in enumerate(EDITABLE):
                column = FIRST_EDITABLE + i
                if column < len(row) and _text(row[column]) != item.fields.get(field, ""):
                    values[field] = _text(row[column])
            changed.append({k: v for k, v in values.items() if v})
        return changed

    def add(
        self, previewed: list[Previewed] | None, rows, replace: bool, request: gr.Request = None
    ) -> Iterator[tuple]:
        """Indexes the previewed files with their corrections, saying how far it is.
        Outputs: status, 加入文件库 button, file picker, preview table, previewed files."""
        skip = gr.skip()
        if not self._may_change(request):
            yield messages.NOT_SIGNED_IN, skip, skip, skip, skip
            return
        previewed = list(previewed or [])
        if not previewed:
            yield "请先选择要上传的文件。", skip, skip, skip, skip
            return
        rows = rows.values.tolist() if hasattr(rows, "values") else rows  # a DataFrame or a list
        try:
            uploads = [
                self._upload(p.name, p.path, changes)
                for p, changes in zip(previewed, self.corrections(previewed, rows), strict=True)
            ]
        except OSError:
            yield messages.MESSAGES[messages.UPLOAD]["not_found"], skip, skip, skip, skip
            return
        names = "、".join(p.name for p in previewed)
        yield f"正在读取并建立索引：{names}……", gr.update(interactive=False), skip, skip, skip

        def work(emit, cancelled: threading.Event) -> None:
            hooks = IngestHooks(
                on_plan=lambda total: emit(("plan", total)),
                progress=lambda n: emit(("step", n)),
                on_wait=lambda _: emit(("wait", 0)),
            )
            emit(("done", self.application.upload(uploads, replace=bool(replace), hooks=hooks)))

        total = done = 0
        shown = time.monotonic()
        try:
            for item in background.run(work, PROGRESS_EVERY):
                if item is background.TICK:
                    continue
                kind, value = item
                if kind == "plan":
                    total = value
                elif kind == "step":
                    done += value
                    if time.monotonic() - shown < PROGRESS_EVERY and done < total:
                        continue  # redraw twice a second (and at the end), not for every batch
                elif kind == "wait":
                    yield "另一项导入正在进行，排队等待……", skip, skip, skip, skip
                    continue
                if kind in ("plan", "step") and total:
                    shown = time.monotonic()
                    share = min(done, total) / total
                    text = f"正在建立索引：{share:.0%}（{min(done, total)} / {total} 段）"
                    yield text, skip, skip, skip, skip
                elif kind == "done":
                    summary = value
                    added = len(summary.added) + len(summary.changed)
                    text = (
                        f"已加入文件库：{names}（共 {added} 份文件；文件库现有 {summary.clauses} 条条款）。"
                        "可以到“问答”里提问了。"
                    )
                    yield text, gr.update(interactive=False), None, gr.update(value=[], visible=False), []
        except PolicyQAError as error:
            text = "没有加入任何文件：" + self._message(messages.UPLOAD, error)
            yield text, gr.update(interactive=True), skip, skip, skip
        except Exception:
            log.exception("uploading %s failed", names)
            yield messages.UNEXPECTED, gr.update(interactive=True), skip, skip, skip

    # -- 扩展问题: everyday questions written for uploads in the background ----------------------------
    def expansion(self) -> tuple:
        """The progress lines of question writing, and whether to keep polling.
        Outputs: the progress text, the timer."""
        progress = self.application.expansion_progress()
        running = any(p.state in ("queued", "writing", "indexing") for p in progress)
        text = "\n".join(f"- {p.line()}" for p in progress)
        if text:
            text = "**扩展问题**（本地模型为每条条款写几个群众口语的问法，写完后检索更容易找到）\n\n" + text
        return text, gr.Timer(active=running)

    # -- 同义词: the vocabulary staff teach --------------------------------------------------------
    # A plain form (two boxes and 添加) rather than an editable table: a table cell takes keys only
    # once it has focused its editor, a frame after the double-click, so fast typing lost letters.
    @staticmethod
    def _synonym_rows(view: SynonymsView) -> list[list[str]]:
        return [[p.word, "、".join(p.policy)] for p in view.custom]

    @staticmethod
    def _taught_words(view: SynonymsView, value: str | None = None) -> dict:
        return gr.update(choices=[p.word for p in view.custom], value=value)

    @staticmethod
    def _builtin(view: SynonymsView) -> str:
        return "\n".join(f"- {p.word} → {'、'.join(p.policy)}" for p in view.builtin)

    @staticmethod
    def _candidates(view: SynonymsView) -> str:
        if not view.candidates:
            return "暂时没有附意见的“踩”。"
        lines = [f"- {c.time[:10]}　问：{c.question}　意见：{c.comment}" for c in view.candidates]
        return "\n".join(lines)

    def _view(self) -> SynonymsView | str:
        """The vocabulary, or why it cannot be read (a damaged file: the page still opens)."""
        try:
            return self.application.synonyms()
        except PolicyQAError as error:
            return self._message(messages.SYNONYMS, error)
        except Exception:
            log.exception("reading the synonyms failed")
            return messages.UNEXPECTED

    def synonyms(self) -> tuple:
        """Outputs: the taught pairs' table, the built-in pairs, the 踩 comments to review, the
        words that can be deleted, a status line (why the taught pairs cannot be read, if so)."""
        view = self._view()
        if isinstance(view, str):
            return [], "", "", gr.update(choices=[], value=None), view
        return (
            self._synonym_rows(view),
            self._builtin(view),
            self._candidates(view),
            self._taught_words(view),
            "",
        )

    @staticmethod
    def pick_synonym(rows, selected: gr.SelectData) -> str | None:
        """A click on a taught pair's row selects its word for 删除."""
        rows = rows.values.tolist() if hasattr(rows, "values") else (rows or [])
        row = selected.index[0] if isinstance(selected.index, list | tuple) else selected.index
        return rows[row][0] if 0 <= row < len(rows) and rows[row] and rows[row][0] else gr.skip()

    def add_synonym(self, word: str | None, policy: str | None, request: gr.Request = None) -> tuple:
        """添加: teach one pair (or change the policy words of a taught word), then say what was
        stored, so a word that did not arrive whole is seen. Outputs: status, table, the word box,
        the policy box, the words to delete."""
        skip = gr.skip()
        if not self._may_change(request):
            return messages.NOT_SIGNED_IN, skip, skip, skip, skip
        word, policy = _text(word), _text(policy)
        if not word and not policy:
            return "请先填写俗称和规范用语。", skip, skip, skip, skip
        pair = SynonymPair(word, tuple(p for p in POLICY_SEPARATORS.split(policy) if p))
        try:
            view = self.application.teach(pair)
        except VocabularyError as error:
            return f"没有保存：{error.chinese}。", skip, skip, skip, skip
        except PolicyQAError as error:
            return "没有保存：" + self._message(messages.SYNONYMS, error), skip, skip, skip, skip
        except Exception:
            log.exception("teaching %r failed", word)
            return messages.UNEXPECTED, skip, skip, skip, skip
        stored = view.taught(pair.word) or pair
        text = (
            f"已保存：{stored.word} → {'、'.join(stored.policy)}（共 {len(view.custom)} 组自定义同义词，"
            "下一次提问起生效）。"
        )
        return text, self._synonym_rows(view), "", "", self._taught_words(view)

    def remove_synonym(self, word: str | None, request: gr.Request = None) -> tuple:
        """删除 the chosen taught word. Outputs: status, table, the words to delete."""
        skip = gr.skip()
        if not self._may_change(request):
            return messages.NOT_SIGNED_IN, skip, skip
        if not word:
            return "请先在表格或下拉框里选择要删除的俗称。", skip, skip
        try:
            view = self.application.unteach(word)
        except PolicyQAError as error:
            return "没有删除：" + self._message(messages.SYNONYMS, error), skip, skip
        except Exception:
            log.exception("forgetting %r failed", word)
            return messages.UNEXPECTED, skip, skip
        text = f"已删除“{word}”（共 {len(view.custom)} 组自定义同义词）。"
        return text, self._synonym_rows(view), self._taught_words(view)


def library_tab(library_app: LibraryApp, documents: list[DocumentSummary], also: tuple) -> tuple:
    """The 文件库 tab's layout and events. `also`: (fn, inputs, outputs) run after every change
    (the 问答 tab's document list and filters). Returns what the page reads again when it loads,
    each as (fn, inputs, outputs): the document listing, and the rest (the vocabulary, the progress
    of question writing)."""
    summary, rows, _, doc_ids = library_app.listing()
    ids = gr.State(doc_ids)
    previewed = gr.State([])
    quiet = {"show_progress": "hidden", "api_visibility": "private"}  # internal: not an API endpoint
    with gr.Column(elem_id="library"):
        overview = gr.Markdown(summary, elem_id="library-summary")
        table = gr.Dataframe(
            rows,
            headers=TABLE_HEADERS,
            interactive=False,
            wrap=True,
            elem_id="library-docs",
            buttons=[],  # no copy / fullscreen icons
            label="已建立索引的文件（点一行可选中）",
            column_widths=["34%", "16%", "12%", "14%", "10%", "14%"],
        )
        with gr.Row(equal_height=False, elem_id="library-actions"):
            chosen = gr.Dropdown(
                [(f"{d.meta.title}（{d.meta.doc_id}）", d.meta.doc_id) for d in documents],
                value=None,
                label="选择文件",
                elem_id="library-doc",
                scale=3,
            )
            show_tree = gr.Button("查看条款目录", elem_id="library-tree-btn", scale=1, min_width=120)
            ask_remove = gr.Button("删除…", variant="stop", elem_id="library-remove", scale=1, min_width=100)
        with gr.Column(visible=False, elem_id="library-confirm") as confirm:
            confirm_text = gr.Markdown()
            with gr.Row():
                confirm_remove = gr.Button("确认删除", variant="stop", elem_id="library-remove-confirm")
                cancel_remove = gr.Button("取消", elem_id="library-remove-cancel")
        status = gr.Markdown("", elem_id="library-status")
        tree = gr.HTML("", elem_id="library-tree")
        gr.Markdown("### 上传文件")
        files = gr.File(
            file_count="multiple",
            file_types=FILE_TYPES,
            type="filepath",
            label="选择文件（.txt、.md、.docx、.pdf，可多选）",
            elem_id="library-upload",
        )
        preview = gr.Dataframe(
            headers=PREVIEW_HEADERS,
            type="array",
            interactive=True,
            visible=False,
            wrap=True,
            elem_id="library-preview",
            buttons=[],
            label="读取到的信息（可修改；编号不填则按文件名生成）",
            static_columns=[0, 1, len(PREVIEW_HEADERS) - 1],
        )
        replace = gr.Checkbox(label="替换同编号的文件", value=False, elem_id="library-replace")
        add = gr.Button("加入文件库", variant="primary", interactive=False, elem_id="library-add")
        upload_status = gr.Markdown("", elem_id="library-upload-status")
        expansion = gr.Markdown("", elem_id="library-expansion")
        expansion_timer = gr.Timer(2.0, active=False)  # on while questions are being written

        gr.Markdown("### 同义词", elem_id="library-synonyms-title")
        gr.Markdown(
            "群众常说的词（俗称）和文件里的说法（规范用语）对应起来，提问时一并检索。"
            "填好两栏后点“添加”，立即生效；同一个俗称再添加一次即修改它的规范用语。"
        )
        with gr.Row(equal_height=True, elem_id="library-synonym-form"):
            synonym_word = gr.Textbox(
                label="俗称",
                placeholder="例如：下河游泳",
                max_lines=1,
                elem_id="library-synonym-word",
                scale=2,
            )
            synonym_policy = gr.Textbox(
                label="规范用语（用逗号或顿号分隔）",
                placeholder="例如：防溺水、安全教育",
                max_lines=1,
                elem_id="library-synonym-policy",
                scale=3,
            )
            add_synonym = gr.Button(
                "添加", variant="primary", scale=0, min_width=84, elem_id="library-synonym-add"
            )
        synonym_status = gr.Markdown("", elem_id="library-synonyms-status")
        synonym_table = gr.Dataframe(
            [],
            headers=SYNONYM_HEADERS,
            type="array",
            interactive=False,
            wrap=True,
            elem_id="library-synonyms",
            buttons=[],
            label="自定义同义词（点一行可选中，再点“删除”）",
        )
        with gr.Row(equal_height=True, elem_id="library-synonym-remove-row"):
            synonym_pick = gr.Dropdown(
                [], value=None, label="选择要删除的俗称", elem_id="library-synonym-pick", scale=3
            )
            remove_synonym = gr.Button(
                "删除", variant="stop", scale=0, min_width=84, elem_id="library-synonym-remove"
            )
        with gr.Accordion("内置同义词（只读）", open=False, elem_id="library-synonyms-builtin"):
            builtin = gr.Markdown("")
        gr.Markdown("#### 待审核：附意见的“踩”（请人工判断，不会自动加入）")
        candidates = gr.Markdown("", elem_id="library-synonyms-candidates")

    listing = (library_app.listing, None, [overview, table, chosen, ids])
    table.select(library_app.pick, ids, chosen, **quiet)
    show_tree.click(library_app.tree, chosen, tree, api_name="document_tree", show_progress="hidden")
    ask_remove.click(library_app.confirm_removal, chosen, [confirm, confirm_text, status], **quiet)
    cancel_remove.click(library_app.cancel_removal, None, [confirm, confirm_text, status], **quiet)
    removed = confirm_remove.click(
        library_app.remove, chosen, [confirm, status, tree], api_name="remove", show_progress="hidden"
    )
    removed.then(*listing, **quiet).then(*also, **quiet)
    chosen_files = [preview, previewed, add, upload_status]
    files.upload(library_app.preview, files, chosen_files, api_name="preview_upload", show_progress="hidden")
    files.clear(library_app.preview, None, chosen_files, **quiet)
    added = add.click(
        library_app.add,
        [previewed, preview, replace],
        [upload_status, add, files, preview, previewed],
        api_name="upload",
        show_progress="hidden",
    )
    added.then(*listing, **quiet).then(*also, **quiet)
    progress = (library_app.expansion, None, [expansion, expansion_timer])
    added.then(*progress, **quiet)
    expansion_timer.tick(*progress, **quiet)
    taught = [synonym_status, synonym_table, synonym_word, synonym_policy, synonym_pick]
    add_synonym.click(
        library_app.add_synonym,
        [synonym_word, synonym_policy],
        taught,
        api_name="add_synonym",
        show_progress="hidden",
    )
    synonym_policy.submit(library_app.add_synonym, [synonym_word, synonym_policy], taught, **quiet)
    synonym_table.select(library_app.pick_synonym, synonym_table, synonym_pick, **quiet)
    remove_synonym.click(
        library_app.remove_synonym,
        synonym_pick,
        [synonym_status, synonym_table, synonym_pick],
        api_name="remove_synonym",
        show_progress="hidden",
    )
    vocabulary = (
        library_app.synonyms,
        None,
        [synonym_table, builtin, candidates, synonym_pick, synonym_status],
    )
    return listing, [vocabulary, progress]
