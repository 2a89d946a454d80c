"""Screenshots of the page for the README, taken by a real chromium: the chat with an answer on a
desktop (1280×900, its first source open in the reader) and on a phone (390×844, the answer; then
the source opened under it), and the 文件库 tab.

    .venv/bin/python -m ui.screenshots [--out docs/screenshots] [--url http://127.0.0.1:7860/]

Without --url it serves the page itself over the configured data dir (POLICYQA_DATA_DIR; an empty
one gets the built-in corpus's index first). The browser test uses the same helpers.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# No sandbox (CI runs as root), nothing that reaches the network on the browser's own account.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUESTION = "洛阳今年要新建多少所农村寄宿制学校？"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# The chat is done with a question when 停止 is gone and no progress line is left.
ANSWERED = """(before) => {
  const bots = document.querySelectorAll('#chat .bot-row');
  const stop = document.querySelector('#stop');
  const busy = stop && stop.offsetParent !== null;
  const last = bots.length ? bots[bots.length - 1].innerText : '';
  return bots.length > before && !busy && !last.includes('正在检索');
}"""


def ask(page, question: str, timeout: float = 90_000) -> float:
    """Type a question, send it, wait until its answer is complete; seconds to the answer."""
    before = page.locator("#chat .bot-row").count()
    page.fill("#question textarea", question)
    started = time.perf_counter()
    page.press("#question textarea", "Enter")
    page.wait_for_function(ANSWERED, arg=before, timeout=timeout)
    seconds = time.perf_counter() - started
    page.wait_for_timeout(300)  # the last redraw
    return seconds


def open_first_source(page) -> None:
    """Click the last answer's [1]; wait until the reader shows it."""
    page.locator("#chat .bot-row").last.locator("a.pq-ref").first.click()
    page.wait_for_selector("#context .pq-opened .pq-focus", timeout=20_000)
    page.wait_for_timeout(300)


def capture(browser, url: str, out: Path, question: str = QUESTION) -> list[Path]:
    """The README's screenshots of the page at `url`, written into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    page = browser.new_page(locale="zh-CN", **DESKTOP)
    page.goto(url)
    ask(page, question)
    open_first_source(page)
    shots.append(out / "chat-desktop.png")
    page.screenshot(path=str(shots[-1]))
    page.click("#pq-to-library")
    page.wait_for_selector("#library-docs", state="visible")
    page.wait_for_timeout(500)
    shots.append(out / "library-desktop.png")
    page.screenshot(path=str(shots[-1]))
    page.close()

    page = browser.new_page(locale="zh-CN", **PHONE)
    page.goto(url)
    ask(page, question)
    shots.append(out / "chat-phone.png")
    page.screenshot(path=str(shots[-1]))
    open_first_source(page)
    shots.append(out / "chat-phone-source.png")
    page.screenshot(path=str(shots[-1]))
    page.close()
    return shots


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--url", help="a page already running (default: serve one here)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    demo = None
    url = args.url
    if url is None:
        import socket

        from qa.application import PolicyQA
        from qa.config import Settings
        from ui.app import launch

        application = PolicyQA(Settings.from_env())
        application.ensure_index()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        demo = launch(application, "127.0.0.1", port, block=False)
        url = f"http://127.0.0.1:{port}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for path in capture(browser, url, args.out):
                print(path)
            browser.close()
    finally:
        if demo is not None:
            demo.close()


if __name__ == "__main__":
    main()
