"""The one catalog: every word tebiki shows, in Japanese and English.

- `language`: which language to speak, decided once for the CLI and the site.
- `messages`: problem messages by code, and the check summary.
- `labels` (with `risk_labels`, `reader_labels`): page labels, read through `Labels`.
- `diagrams`: the words drawn on diagrams.
- `cli`, `reports`: the commands' own messages and report headings.
- `site`: what the site build logs (settings it applies, hosts outside the site).
- `glossary`: one word per concept, and the words no longer used for it.
- `catalog`: every table above in one shape, for the tests.
"""

from .language import LANGUAGES, decide_language, language_of, written_language

__all__ = ["LANGUAGES", "decide_language", "language_of", "written_language"]
