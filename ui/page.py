"""The page's style and its few lines of script (kept apart from the layout in app.py)."""

from __future__ import annotations

PHONE = "(max-width: 768px)"

CSS = f"""
.pq-title h2 {{ margin: 0; font-size: 20px; }}
.pq-loaded {{ font-size: 14px; line-height: 1.6; }}
/* sources: at least 14 px, dark text on light backgrounds (and light on dark) */
#chat .message-content {{ font-size: 16px; line-height: 1.7; }}
.pq-cite, .pq-related, .pq-clause {{ margin: 0.4em 0 0.8em; }}
.pq-head {{ font-weight: 600; }}
.pq-head, .pq-head *, .pq-text, .pq-text * {{ font-size: 15px !important; }}
.pq-text {{ margin-top: 0.2em; line-height: 1.7; font-size: 15px; color: var(--body-text-color); }}
.pq-docno {{ color: #374151; font-weight: normal; }}
.dark .pq-docno {{ color: #d1d5db; }}
.pq-note {{ color: #4b5563; font-size: 14px !important; }}
.dark .pq-note {{ color: #d1d5db; }}
.pq-check {{ display: inline-block; margin-left: 6px; padding: 0 8px; border-radius: 10px;
  font-size: 13px; line-height: 20px; border: 1px solid currentColor; }}
.pq-check-pending, .pq-check-unchecked, .pq-check-no_issue {{ color: #4b5563; }}
.pq-check-verified {{ color: #166534; }}
.pq-check-uncertain, .pq-check-refuted {{ color: #9a3412; }}
.dark .pq-check-pending, .dark .pq-check-unchecked, .dark .pq-check-no_issue {{ color: #d1d5db; }}
.dark .pq-check-verified {{ color: #86efac; }}
.dark .pq-check-uncertain, .dark .pq-check-refuted {{ color: #fdba74; }}
.pq-loc {{ background: #e0e7ff; color: #1e1b4b; border-radius: 4px; padding: 0 4px; }}
.pq-focus {{ border-left: 3px solid #d97706; padding-left: 8px; }}
.pq-context-title {{ font-weight: 600; margin-bottom: 0.4em; font-size: 15px; }}
.pq-reader-empty, .pq-reader-note {{ color: #4b5563; font-size: 14px; }}
.dark .pq-reader-empty, .dark .pq-reader-note {{ color: #d1d5db; }}
mark {{ background: #fde68a; color: #111827; padding: 0 1px; }}
a.pq-ref {{ color: #1d4ed8; font-weight: 600; text-decoration: none; cursor: pointer; }}
a.pq-ref:hover, a.pq-ref:focus {{ text-decoration: underline; }}
.dark a.pq-ref {{ color: #93c5fd; }}
#pq-status:empty {{ display: none; }}
#pq-status p {{ margin: 0; color: #b45309; font-size: 15px; }}
#context {{ font-size: 15px; max-height: 64vh; overflow-y: auto !important; }}
.pq-tree ul {{ list-style: none; padding-left: 1.1em; margin: 0.2em 0; }}
.pq-tree > ul {{ padding-left: 0; }}
.pq-tree summary {{ cursor: pointer; font-size: 15px; line-height: 1.8; }}
.pq-tree-heading {{ font-weight: 600; }}
/* gradio keeps an idle progress overlay ("processing |") in the page, transparent: out of it */
[data-testid="status-tracker"].hide {{ display: none !important; }}
#library-confirm {{ border: 1px solid #dc2626; border-radius: 8px; padding: 8px 12px; }}

/* A phone: the answer, then the clause reader (only once a person opens a source), then the question
   box; filters stay folded below. The two columns are flattened so their parts can be ordered. */
@media {PHONE} {{
  .pq-title h2 {{ font-size: 17px; }}
  .pq-loaded {{ white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
  #pq-main {{ flex-direction: column !important; flex-wrap: nowrap !important; }}
  #pq-main > .column {{ display: contents; }}
  #pq-chat-box {{ order: 1; }}
  #pq-reader-box {{ order: 2; }}
  #pq-ask-box {{ order: 3; }}
  #pq-filters {{ order: 4; }}
  #pq-reader-box:not(:has(.pq-opened)) {{ display: none; }}
  #chat {{ height: 48vh !important; min-height: 260px; }}
}}
"""

# Links in answers and sources (a.pq-ref) open the clause reader. The chat's HTML sanitizer drops
# data attributes and scripts, so one listener on the document reads the link's href and hands
# it to the hidden bridge component, whose change event runs the Python handler. A timestamp
# makes a second click on the same link a change too.
BRIDGE_JS = """
document.addEventListener('click', (event) => {
  const link = event.target.closest && event.target.closest('a.pq-ref');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  props.value = link.getAttribute('href') + '@' + Date.now();  // a new value: a change event
}, true);
"""

# Once a source is opened: the focused clause scrolled into view inside the reader (its section
# may be long), and on a phone the reader itself, which sits under the answer.
SHOW_READER_JS = f"""
() => {{
  const reader = document.querySelector('#pq-reader-box');
  const focus = document.querySelector('#context .pq-focus');
  if (reader && window.matchMedia('{PHONE}').matches) {{
    reader.scrollIntoView({{behavior: 'instant', block: 'start'}});
  }}
  let box = focus && focus.parentElement;
  while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowY)) box = box.parentElement;
  if (box && focus) {{
    box.scrollTop += focus.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
  }}
}}
"""

# Last resort for the words gradio writes in English without a translation key (screen reader
# labels, a few tooltips of the chat and the tables, the upload's "Uploading 1 file..."):
# rewritten in place whenever they appear. It runs as a script in the page's head, which gradio
# inserts before it renders any component: as the page's `js` it ran only once the app had
# mounted, and on a cold first load the chat's English labels could be read before that.
TRANSLATE_JS = """
() => {
  const rules = [
    [/^More tabs$/, '更多标签页'],
    [/^chatbot conversation$/, '对话'],
    [/^Select example (\\d+): /, '示例 $1：'],
    [/^bot's message: .*/s, '回答'],
    [/^user's message: .*/s, '问题'],
    [/^Loading response$/, '正在回答'],
    [/^Liked$/, '已赞'],
    [/^Disliked$/, '已踩'],
    [/^Scroll down$/, '滚动到最新'],
    [/^Feedback$/, '反馈'],
    [/^Select column$/, '选择整列'],
    [/^Select row$/, '选择整行'],
    [/^Open cell menu$/, '单元格菜单'],
    [/^Static column$/, '只读列'],
    [/^Table actions$/, '表格操作'],
    [/^Edit cell$/, '编辑单元格'],
    [/^Filtered$/, '已筛选'],
    [/^Copy table data$/, '复制表格'],
    [/^Copied to clipboard$/, '已复制'],
    [/^(Exit f|F)ullscreen$/, '全屏'],
    [/^Add column to the left$/, '在左侧添加列'],
    [/^Add column to the right$/, '在右侧添加列'],
    [/^Add row above$/, '在上方添加行'],
    [/^Add row below$/, '在下方添加行'],
    [/^Add row$/, '添加行'],
    [/^Delete row$/, '删除行'],
    [/^Delete column$/, '删除列'],
    [/^Click to upload or drop files$/, '点击选择或拖入文件'],
    [/^Remove this file$/, '移除这个文件'],
    [/^Remove file$/, '移除文件'],
    [/^Uploading$/, '正在上传'],
  ];
  const texts = [[/^Uploading (\\d+)\\s+files?\\.\\.\\.$/, '正在上传 $1 个文件……']];
  const names = ['aria-label', 'title'];
  const fix = (element) => {
    for (const name of names) {
      const label = element.getAttribute(name);
      if (!label) continue;
      for (const [pattern, chinese] of rules) {
        if (pattern.test(label)) { element.setAttribute(name, label.replace(pattern, chinese)); break; }
      }
    }
  };
  const fixText = (node) => {
    const text = node.textContent.trim();
    for (const [pattern, chinese] of texts) {
      if (pattern.test(text)) { node.textContent = text.replace(pattern, chinese); return; }
    }
  };
  const sweep = (root) => {
    if (root.nodeType === 3) { fixText(root); return; }
    if (root.nodeType !== 1) return;
    fix(root);
    root.querySelectorAll('[aria-label], [title]').forEach(fix);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) fixText(walker.currentNode);
  };
  sweep(document.body);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'attributes') fix(change.target);
      else if (change.type === 'characterData') fixText(change.target);
      else change.addedNodes.forEach(sweep);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: names});
}
"""

HEAD = f"<script>({TRANSLATE_JS.strip()})();</script>"
