"""The day a build or a check judges reviews and hand-overs against.

Order (first given wins): the command line (`--today`), the environment
variable `TEBIKI_TODAY`, the plugin option `today`, the computer's date. A fixed
day makes `tebiki check` and `mkdocs build` give the same answer tomorrow.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Mapping

from .cannotrun import CannotRun

ENV_VAR = "TEBIKI_TODAY"


def judging_day(given: date | None = None, option: date | None = None,
                environ: Mapping[str, str] | None = None) -> date:
    """The judging day; raises CannotRun when `TEBIKI_TODAY` is not `YYYY-MM-DD`."""
    if given is not None:
        return given
    text = (os.environ if environ is None else environ).get(ENV_VAR, "").strip()
    if text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CannotRun(
                f"environment variable {ENV_VAR}={text!r} is not a date; write it YYYY-MM-DD or unset it",
                f"環境変数 {ENV_VAR}={text!r} は日付ではありません。YYYY-MM-DD の形で書くか、設定を外してください",
            ) from None
    return option or date.today()
