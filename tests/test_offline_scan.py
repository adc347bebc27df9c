"""The offline check reads a built page's tags quickly and exactly (offline.py)."""

from __future__ import annotations


def test_the_possessive_tag_pattern_finds_what_the_backtracking_one_finds():
    """offline._TAG is possessive for speed; on tricky markup (quotes holding `>` or `<`,
    an unterminated quote, `//` in text) it reads the same tags as the plain pattern."""
    import re

    from tebiki import offline

    plain = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
    pages = [
        '<img alt="a>b" src="https://cdn.example/x.png"><p>//not a tag</p>',
        "<img alt='<b //x' src=\"//evil.example/i.png\"><a href='https://ok.example'>",
        '<div title="unterminated><script src="https://cdn.example/s.js"></script>',
        '<link rel="stylesheet" href="//fonts.example/css"><svg><a xlink:href="#s1">x</a></svg>',
        '<p style="background:url(//img.example/b.png)">a < b // c</p><video poster=https://v.example/p.jpg>',
    ]
    for page in pages:
        assert offline._TAG.findall(page) == plain.findall(page)
    assert offline.external_urls(pages[0]) == ["https://cdn.example/x.png"]
    assert offline.external_urls(pages[4]) == ["//img.example/b.png", "https://v.example/p.jpg"]


class OutsideImages:
    """A diagram renderer whose diagrams load images from outside the site (tebiki's own
    never do: this tests the offline scan of figures, not the renderer)."""

    def procedure_svg(self, procedure, step_href):  # type: ignore[no-untyped-def]
        steps = "\n\n".join(f'<a href="{step_href(s.id)}"><text>{s.title}</text></a>' for s in procedure.steps)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" style="max-width: 300pt;">\n'
                f'<image href="https://img.example/{procedure.id}.png"/>\n\n{steps}\n</svg>')

    def flow_key(self, procedure, step_href) -> str:  # type: ignore[no-untyped-def]
        return f"flow-{procedure.id}"

    def map_svg(self, procedures, coverage, href, title) -> str:  # type: ignore[no-untyped-def]
        return '<svg xmlns="http://www.w3.org/2000/svg"><image xlink:href="//maps.example/m.png"/></svg>'

    def map_key(self, procedures, coverage, href, title) -> str:  # type: ignore[no-untyped-def]
        return "map"


def test_figures_are_scanned_once_per_diagram_and_pages_find_what_a_whole_page_scan_finds():
    """A flow is shown on its page and in every hand-over pack holding it: the site build
    scans each page with its figure slots, and each diagram once per build (Figures.scan);
    each page is found to load exactly the hosts a scan of the whole final page finds."""
    from test_diagrams import monthly_close

    from tebiki.offline import external_urls
    from tebiki.render.figures import Figures

    scanned: list[str] = []

    def scan(text: str) -> list[str]:
        scanned.append(text)
        return external_urls(text)

    proc = monthly_close()
    figures = Figures(OutsideImages(), mode="deferred", zoom_label="図を拡大", scan=scan)  # type: ignore[arg-type]
    head = '<link rel="stylesheet" href="//fonts.example/c.css"><a href="https://not-loaded.example/">x</a>'
    pages = {
        "acc/monthly.md": head + str(figures.flow("acc/monthly.md", proc, "流れ")),
        "handover/u1.md": "<p>引き継ぎ</p>" + str(figures.flow("handover/u1.md", proc, "流れ", anchor="p1-step-")),
        "handover/u2.md": str(figures.flow("handover/u2.md", proc, "流れ", anchor="p2-step-"))
        + str(figures.map("handover/u2.md", [proc], {}, lambda p: p.id, "関連図")),
    }
    for uri, page in pages.items():
        found = external_urls(page)
        final = figures.resolve(page, found)
        assert "tebiki-figure-slot" not in final and "<image" in final
        assert sorted(set(found)) == sorted(set(external_urls(final))), uri
    assert sum("img.example" in text for text in scanned) == 1  # the flow: once, not once per page
    assert 'href="#p2-step-' in final  # the pack's own step links, from the same diagram
    assert sorted(set(found)) == ["//maps.example/m.png", f"https://img.example/{proc.id}.png"]
