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
