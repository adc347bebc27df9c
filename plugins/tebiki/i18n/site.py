"""What the site build logs in the handbook's language: the settings tebiki applies
where the user chose nothing (`adapters/mkdocs/sitedefaults.py`), and the warning
about built pages that load from a host outside the site (`adapters/mkdocs/plugin.py`).
"""

from __future__ import annotations

# the defaults applied in on_config, one INFO line each, saying how to turn it off
SITE_DEFAULTS = {
    "font": {
        "en": "web fonts off (theme.font: false): pages load nothing from the internet; "
              "to use Google Fonts, set theme.font yourself or the tebiki option offline: false",
        "ja": "Web フォントを使いません(theme.font: false)。ページはインターネットから何も読み込みません。"
              "Google Fonts を使うときは theme.font を自分で設定するか、tebiki の offline: false を指定してください",
    },
    "font-chosen": {
        "en": "theme.font loads fonts from {hosts}, outside the site: on an intranet without internet "
              "pages wait for it; set theme.font: false, or the tebiki option offline: false to accept it",
        "ja": "theme.font は {hosts}(サイトの外)からフォントを読み込みます。インターネットのない社内網では"
              "ページの表示が待たされます。theme.font: false にするか、承知のうえなら tebiki の offline: false を指定してください",
    },
    "separator": {
        "en": "Japanese search: the search separator also splits where the script changes, so a title "
              "or step typed as written is found; set search.separator yourself to change it",
        "ja": "日本語検索: 文字の種類が変わる所でも語を区切ります(題名や手順を書いたとおりに入力して見つかるように)。"
              "変えるときは search の separator を自分で設定してください",
    },
    "anchors": {
        "en": "readable heading anchors (#手順, not #_1): toc slugify keeps Japanese; "
              "configure the toc extension's slugify yourself to change it",
        "ja": "見出しのアンカーを読める形にします(#_1 ではなく #手順)。変えるときは toc 拡張の slugify を自分で設定してください",
    },
    "features": {
        "en": "theme features {features}: the menu opens only the part that leads to the page shown, and the edit button "
              "is shown when repo_url is set; list theme.features yourself to change them",
        "ja": "テーマの機能 {features} を使います(メニューは表示中のページに至る部分だけを開き、repo_url があれば編集ボタンを出す)。"
              "変えるときは theme.features を自分で並べてください",
    },
}

# built pages that refer to a host outside the site (plugin option offline)
OFFLINE = {
    "en": "{count} built page(s) refer to {host}, a host outside the site ({pages}): on an intranet "
          "without internet they wait for it; remove what adds it (theme, extra_css, extra_javascript, "
          "analytics) or set the tebiki option offline: false",
    "ja": "作られたページのうち {count} ページが、サイトの外のホスト {host} を参照しています({pages})。"
          "インターネットのない社内網では表示が待たされます。追加している設定(theme, extra_css, "
          "extra_javascript, analytics)を外すか、承知のうえなら tebiki の offline: false を指定してください",
}
