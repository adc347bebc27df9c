"""The usual Japanese words for the handbook's fixed choices (frequency, volume.per,
a step's mode, improvements' lever and status, a person's status), so that
`frequency: 毎月` is answered with 「monthly」 (spec rule 9: say what to write).

`meant(found, choices)` is the choice a Japanese word names, or "" when it names
none of `choices`; a word that names different choices in different fields (外部委託:
a step's mode `outsourced`, an improvement's lever `bpo`) lists both, and the one
the field allows is taken.
"""

from __future__ import annotations

import unicodedata

# word -> the choices it can mean, most likely first
WORDS: dict[str, tuple[str, ...]] = {}


def _add(values: str | tuple[str, ...], *words: str) -> None:
    for word in words:
        WORDS[word] = WORDS.get(word, ()) + ((values,) if isinstance(values, str) else values)


# frequency
_add("daily", "毎日", "日次", "日ごと", "毎営業日")
_add("weekly", "毎週", "週次", "週ごと", "週1回")
_add("monthly", "毎月", "月次", "月ごと", "月1回")
_add("quarterly", "四半期", "四半期ごと", "四半期毎", "毎四半期")
_add("yearly", "毎年", "年次", "年1回", "年ごと", "年度ごと")
_add("on-demand", "随時", "都度", "必要時", "必要に応じて", "不定期")
# volume.per
_add("day", "日", "1日", "営業日")
_add("week", "週", "1週")
_add("month", "月", "1か月", "1ヶ月", "ひと月")
_add("quarter", "1四半期")
_add("year", "年", "1年")
# a step's mode; an improvement's lever
_add("manual", "手作業", "手動", "人手")
_add("paper", "紙", "紙・押印", "押印", "書面")
_add("system", "システム", "システム操作", "システム導入", "システム改修")
_add("automated", "自動", "自動化", "自動処理")
_add(("outsourced", "bpo"), "外部委託", "委託", "外注", "アウトソース")
_add("digitize", "電子化", "ペーパーレス", "ペーパーレス化", "デジタル化")
_add("rpa", "ロボット", "RPA化")
_add("eliminate", "廃止", "やめる", "削減")
_add("standardize", "標準化", "統一")
# an improvement's status; a person's status
_add("idea", "案", "アイデア", "検討中")
_add("planned", "計画", "計画済み", "予定")
_add("doing", "実施中", "対応中", "進行中")
_add("done", "完了", "済み", "実施済み")
_add("active", "在籍", "在籍中", "在職", "在職中")
_add("leaving", "退職予定", "異動予定", "退職・異動予定")
_add("left", "退職", "退職済み", "異動", "異動済み", "退職・異動済み")
_add("quarter", "四半期")  # as volume.per; as frequency it is quarterly (the field decides)


def meant(found: str, choices: list[str]) -> str:
    """The choice of `choices` the Japanese word `found` means ("" when none)."""
    word = unicodedata.normalize("NFKC", str(found)).strip()
    for value in WORDS.get(word, ()):
        if value in choices:
            return value
    return ""
