"""What many test files share, kept in one place: where the repository and its sample
handbook are, and the days the tests judge reviews and hand-overs against."""

from __future__ import annotations

from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
"""The repository: its mkdocs.yml builds the sample handbook."""

SAMPLE = REPO / "procedures"
"""The sample handbook (株式会社みなと精機)."""

SAMPLE_DAY = date(2026, 12, 1)
"""The judging day of page, risk and golden tests on the sample handbook."""

SITE_DAY = date(2026, 11, 1)
"""`TEBIKI_TODAY` of the sample's site builds through the other engines."""

TODAY = date(2026, 6, 1)
"""The judging day of the small handbooks tests write into tmp_path (conftest.py's people)."""
