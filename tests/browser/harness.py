"""Helpers of the browser tests (no fixtures): finding chromium, building and serving a handbook,
logging a browser context's requests.  Imported by conftest.py and the test modules."""

from __future__ import annotations

import functools
import re
import struct
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROOT_CONFIG = ROOT / "mkdocs.yml"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"  # the PNGs of test_readers_in_browser.py::test_screenshots_at_both_sizes

INSTALL_HINT = "sudo apt-get install chromium fonts-noto-cjk"
DEFAULT_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# URL schemes that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about"}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def unavailable(reason: str) -> None:
    """Skip (locally) or fail (CI=true): the browser tests cannot run."""
    message = f"{reason}; install it with: {INSTALL_HINT}"
    if _in_ci():
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


def find_chromium() -> tuple[str | None, str]:
    """The chromium to use, or None and a description of what was looked for."""
    override = os.environ.get("TEBIKI_CHROMIUM")
    if override:
        ok = Path(override).is_file() and os.access(override, os.X_OK)
        return (override if ok else None), f"TEBIKI_CHROMIUM={override}"
    for candidate in DEFAULT_CHROMIUM:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate, candidate
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found, "/usr/bin/chromium or chromium on PATH"


# --------------------------------------------------------------------------- sites


@dataclass
class ServedSite:
    """A built handbook served over HTTP on 127.0.0.1."""

    directory: Path
    port: int
    host: str = "127.0.0.1"

    @property
    def netloc(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def origin(self) -> str:
        return f"http://{self.netloc}"

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # the browser drops connections it no longer needs (navigations): not an error
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@dataclass
class LocalServer:
    site: ServedSite
    httpd: http.server.ThreadingHTTPServer
    thread: threading.Thread

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def serve(directory: Path) -> LocalServer:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name=f"serve-{directory.name}", daemon=True)
    thread.start()
    return LocalServer(ServedSite(directory, httpd.server_address[1]), httpd, thread)


def _mkdocs() -> str:
    beside_python = Path(sys.executable).with_name("mkdocs")
    if beside_python.exists():
        return str(beside_python)
    venv = ROOT / ".venv" / "bin" / "mkdocs"
    if venv.exists():
        return str(venv)
    return shutil.which("mkdocs") or "mkdocs"


def tebiki_init(root: Path) -> Path:
    """`tebiki init ROOT` run as a newcomer runs it; the new handbook's mkdocs.yml."""
    script = Path(sys.executable).with_name("tebiki")
    command = [str(script)] if script.exists() else [shutil.which("tebiki") or "tebiki"]
    done = subprocess.run([*command, "init", str(root)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return root / "mkdocs.yml"


def start_build(config: Path, site_dir: Path) -> subprocess.Popen[str]:
    """Start `mkdocs build` of one handbook (it runs while other work goes on)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
    return subprocess.Popen(
        [_mkdocs(), "build", "--quiet", "--config-file", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish_build(proc: subprocess.Popen[str], site_dir: Path) -> Path:
    output, _ = proc.communicate(timeout=180)
    if proc.returncode != 0 or not (site_dir / "index.html").exists():
        pytest.fail(
            f"mkdocs build failed (exit {proc.returncode}) for {proc.args}:\n{output}", pytrace=False
        )
    return site_dir



@dataclass
class RequestLog:
    """Every URL requested by one browser context (pages and workers)."""

    allowed: set[str]
    urls: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return True
        return parts.scheme in {"http", "https"} and parts.netloc in self.allowed

    def external(self) -> list[str]:
        return [url for url in self.urls if not self.is_local(url)]


# --------------------------------------------------------------------------- pages

# The two screens of issue 12: a desktop and a phone (the `viewport` fixture runs a test at each).
VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": dict(viewport={"width": 1366, "height": 768}),
    "phone": dict(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, device_scale_factor=2),
}

# Pages of the sample handbook the test modules visit.
MONTHLY_CLOSE = "procedures/acc-monthly-close/"
MONTHLY_CLOSE_ACTORS = ("経理担当", "各部署担当者", "会計システム", "経理部長")
YEAR_END = "procedures/hr-year-end-adjustment/"
PC_LENDING = "procedures/it-pc-lending/"
PAYMENT = "procedures/acc-payment/"  # owner 田中 一郎 is leaving (sample)


def playwright_expect() -> Any:
    """Playwright's `expect`; without Playwright the calling test module is skipped
    (locally) or fails (CI=true). Call it at the top of a test module."""
    try:
        from playwright.sync_api import expect
    except ImportError as exc:
        try:
            unavailable(f"Playwright for Python is not installed ({exc}); pip install playwright, and")
        except pytest.skip.Exception as skip:
            pytest.skip(str(skip), allow_module_level=True)
    return expect


def goto(page: Any, site: ServedSite, path: str) -> None:
    response = page.goto(site.url(path), wait_until="load")
    assert response is not None and response.ok, f"{site.url(path)} -> {response and response.status}"


def flow_diagram(page: Any, site: ServedSite) -> tuple[Any, dict[str, float]]:
    """The monthly close's flow diagram, shown as one visible inline SVG of a useful
    size: (its locator, its bounding box)."""
    from playwright.sync_api import expect

    goto(page, site, MONTHLY_CLOSE)
    diagram = page.get_by_role("img", name="月次決算 の流れ")
    expect(diagram).to_have_count(1)
    assert diagram.evaluate("e => e.tagName.toLowerCase()") == "svg"
    diagram.scroll_into_view_if_needed()
    expect(diagram).to_be_visible()
    box = diagram.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, box
    return diagram, box


def search_titles(page: Any, box: Any, query: str) -> list[str]:
    """Type `query` into the search box as a reader does; the titles of the result pages, in order."""
    from playwright.sync_api import expect

    meta = page.locator(".md-search-result__meta")
    box.fill("")
    box.press("End")
    expect(meta).not_to_contain_text("件")
    box.fill(query)
    box.press("End")
    expect(meta).to_contain_text(re.compile(r"\d+件|見つかりません"))
    return [t.strip() for t in page.locator(".md-search-result li > a article h1").all_inner_texts()]


def tebiki_stdout(*args: str) -> str:
    """`tebiki *args` on the sample handbook (in this process): its standard output."""
    from cli_run import run_tebiki

    done = run_tebiki(list(args), ROOT)
    assert done.returncode == 0, done.stderr
    assert isinstance(done.stdout, str)
    return done.stdout


BROKEN_IMAGES = "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
PAGE_SIZE = ("() => [Math.max(document.documentElement.scrollWidth, window.innerWidth),"
             " document.documentElement.scrollHeight, window.devicePixelRatio]")


def review_screenshot(page: Any, target: Path, title: str) -> None:
    """Save a full-page screenshot of the open page for review, after checking it is
    worth reviewing: the page titled `title`, every image loaded, the fonts ready,
    and the PNG as large as the whole page (nothing cut off)."""
    from playwright.sync_api import expect

    heading = page.locator("article").get_by_role("heading", level=1).first
    expect(heading).to_have_text(re.compile(rf"^\s*{re.escape(title)}\s*¶?\s*$"))
    assert page.evaluate(BROKEN_IMAGES) == [], "images that did not load"
    page.evaluate("document.fonts.ready.then(() => true)")
    png = page.screenshot(path=str(target), full_page=True)
    assert png[:8] == b"\x89PNG\r\n\x1a\n", target
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk: pixels
    css_width, css_height, ratio = page.evaluate(PAGE_SIZE)
    assert abs(width - css_width * ratio) <= ratio and abs(height - css_height * ratio) <= 2 * ratio, (
        target.name, (width, height), (css_width, css_height, ratio))
