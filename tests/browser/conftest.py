"""Real-browser harness: Debian's chromium driven by Playwright (sync API).

The sample handbook (root mkdocs.yml + procedures/) is built once per session with
the venv's ``mkdocs build`` into a temporary directory and served by a
``ThreadingHTTPServer`` on 127.0.0.1 (free port).  Every browser context made by
the ``new_context`` fixture records each request it issues (pages *and* the search
web worker); at teardown the fixture fails the test if any request left the local
server (data:/blob:/about: URLs are fine).  Requests to other hosts are also aborted
so that a regression never hangs on the network.

Chromium: ``$TEBIKI_CHROMIUM`` or ``/usr/bin/chromium`` (``playwright install``
browsers are not used).  When it is missing or cannot be launched the tests are
skipped, or fail when ``CI=true``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from harness import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    ROOT_CONFIG,
    LocalServer,
    VIEWPORTS,
    SCREENSHOTS,
    RequestLog,
    ServedSite,
    find_chromium,
    finish_build,
    serve,
    start_build,
    unavailable,
)


LOADED = time.time()  # this conftest is imported when the run collects its tests


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say where this run's screenshots are (CI keeps test-artifacts/ for a human look)."""
    shots = sorted(p.name for p in SCREENSHOTS.glob("*.png") if p.stat().st_mtime >= LOADED) if SCREENSHOTS.is_dir() else []
    if shots:
        terminalreporter.write_line(f"screenshots: {SCREENSHOTS} ({len(shots)} PNG: {', '.join(shots)})")


def pytest_configure(config: pytest.Config) -> None:
    # Declared in pyproject too; repeated here so the suite works from any rootdir.
    config.addinivalue_line(
        "markers",
        "browser: drives Debian's chromium through Playwright (skipped outside CI when chromium is missing)",
    )


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path, looked_for = find_chromium()
    if path is None:
        unavailable(f"chromium not found ({looked_for})")
    return path  # type: ignore[return-value]


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the environment
        unavailable(f"Playwright for Python is not installed ({exc}); pip install playwright, and")
    manager = sync_playwright()
    pw = manager.start()
    try:
        try:
            browser = pw.chromium.launch(
                executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
            )
        except Exception as exc:  # playwright.Error and OS errors alike
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            unavailable(f"Playwright cannot launch {chromium_executable}: {first_line}")
        yield browser
        browser.close()
    finally:
        manager.__exit__(None, None, None)


# --------------------------------------------------------------------------- sites

# --------------------------------------------------------------------------- sites


@pytest.fixture(scope="session")
def allowed_netlocs() -> set[str]:
    """host:port of every site served in this session (the only hosts pages may reach)."""
    return set()


@pytest.fixture(scope="session")
def handbook(
    browser: Any, tmp_path_factory: pytest.TempPathFactory, allowed_netlocs: set[str]
) -> Iterator[ServedSite]:
    """The sample handbook (root mkdocs.yml, procedures/) built once and served."""
    site_dir = tmp_path_factory.mktemp("sample-site") / "site"
    built = finish_build(start_build(ROOT_CONFIG, site_dir), site_dir)
    server = serve(built)
    allowed_netlocs.add(server.site.netloc)
    yield server.site
    server.stop()


@pytest.fixture(scope="session")
def serve_directory(allowed_netlocs: set[str]) -> Iterator[Callable[[Path], ServedSite]]:
    """Serve another built site for the rest of the session."""
    servers: list[LocalServer] = []

    def _serve(directory: Path) -> ServedSite:
        server = serve(directory)
        servers.append(server)
        allowed_netlocs.add(server.site.netloc)
        return server.site

    yield _serve
    for server in servers:
        server.stop()


# --------------------------------------------------------------------------- contexts


# --------------------------------------------------------------------------- contexts


@pytest.fixture
def new_context(browser: Any, allowed_netlocs: set[str]) -> Iterator[Callable[..., Any]]:
    """Make browser contexts that log every request; fails at teardown on external ones."""
    made: list[tuple[Any, RequestLog]] = []

    def _new_context(**options: Any) -> Any:
        options.setdefault("locale", "ja-JP")
        options.setdefault("timezone_id", "Asia/Tokyo")
        options.setdefault("service_workers", "block")
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        log = RequestLog(allowed_netlocs)
        context.on("request", lambda request: log.urls.append(request.url))

        def _route(route: Any) -> None:
            if log.is_local(route.request.url):
                route.continue_()
            else:  # never wait on the network; the request is still logged above
                route.abort("blockedbyclient")

        context.route("**/*", _route)
        context.request_log = log  # type: ignore[attr-defined]
        made.append((context, log))
        return context

    yield _new_context
    external: list[str] = []
    for context, log in made:
        external += log.external()
        context.close()
    assert not external, "requests left the intranet server:\n" + "\n".join(sorted(set(external)))


@pytest.fixture
def context(new_context: Callable[..., Any]) -> Any:
    """A desktop context (1280x900, Japanese locale)."""
    return new_context(viewport={"width": 1280, "height": 900})


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    """Runs the test at each of VIEWPORTS: "desktop" (1366×768) and "phone" (375×812)."""
    return request.param


@pytest.fixture
def page_at(new_context: Callable[..., Any], viewport: str) -> Any:
    """A page of a context with the `viewport`'s size (Japanese locale)."""
    return new_context(**VIEWPORTS[viewport]).new_page()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
