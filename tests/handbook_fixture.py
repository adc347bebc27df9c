"""A small handbook written into a temporary folder, for full-site builds."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

XSS_TITLE = '<script>alert(1)</script>"><svg onload=alert(2)>'
XSS_IMG = "<img src=x onerror=alert(3)>"

ORG = """\
departments:
  - id: accounting
    name: 経理・財務
  - id: hr
    name: 人事<b>労務</b>
people:
  - id: sato
    name: 佐藤 花子
    department: accounting
  - id: suzuki
    name: 鈴木 次郎
    department: accounting
  - id: tanaka
    name: 田中 一郎
    department: accounting
    status: leaving
    leaving_on: 2027-03-31
  - id: evil
    name: "<img src=x onerror=alert(4)>"
    department: hr
"""

INVENTORY = """\
procedures:
  - id: acc-monthly-close
    title: 月次決算
    department: accounting
  - id: acc-fixed-assets
    title: 固定資産管理
    department: accounting
"""

MONTHLY_CLOSE = """\
id: acc-monthly-close
title: 月次決算
department: accounting
summary: 毎月の締めを行い、試算表を経営会議へ提出する。
owner: sato
backup_owners: [suzuki]
frequency: monthly
trigger: 毎月第1営業日
reviewed: 2099-01-01
systems: [会計システム]
references:
  - title: 法人税法
    url: https://example.org/law
tags: [決算, 月次]
related: [acc-payment]
steps:
  - id: collect
    title: 証憑を回収する
    actor: 経理担当
    minutes: 60
    description: |
      各部署から**請求書**を回収する。
  - id: check
    title: 部長承認
    actor: 佐藤花子
    next:
      - {to: post, when: 承認}
      - {to: collect, when: 差戻し}
  - id: post
    title: 仕訳を計上する
    actor: 経理担当
    mode: system
"""

PAYMENT = """\
id: acc-payment
title: 支払処理
department: accounting
summary: 請求書に基づき支払う。
owner: tanaka
frequency: weekly
steps:
  - id: pay
    title: 振込する
    actor: 経理担当
"""

XSS = f"""\
id: hr-xss
title: {XSS_TITLE!r}
department: hr
summary: "<script>alert(5)</script> {{{{ config.site_name }}}}"
owner: evil
backup_owners: [sato]
frequency: on-demand
systems: ["<img src=x onerror=alert(6)>"]
references:
  - title: "<b>bad</b>"
    url: "javascript:alert(7)"
  - title: 良い
    url: "https://example.org/good"
tags: ["<script>alert(8)</script>", "タグ"]
reviewed: 2099-01-01
steps:
  - id: one
    title: "<svg onload=alert(9)>"
    actor: "<script>alert(10)</script>"
    description: |
      <script>alert(11)</script>
      {XSS_IMG}
      [click](javascript:alert(12))
      <div onclick="alert(13)">raw</div>

      ```
      </div><script>alert(14)</script>
      ```
"""


def mkdocs_yml(lang: str = "ja", extra_plugin: str = "", docs_index: bool = False) -> str:
    return textwrap.dedent(f"""\
        site_name: テスト手引き
        repo_url: https://git.example.co.jp/minato/handbook
        edit_uri: edit/main/docs/
        theme:
          name: material
          language: {lang}
          font: false
          features: [navigation.prune, navigation.indexes, content.action.edit]
        plugins:
          - search
          - tags
          - tebiki:
              policy: {{undocumented: warning}}{extra_plugin}
        markdown_extensions:
          - toc:
              permalink: true
          - md_in_html
          - attr_list
        """)


def write_handbook(root: Path, *, lang: str = "ja", files: dict[str, str] | None = None,
                   extra_plugin: str = "") -> Path:
    """Write mkdocs.yml, docs/ and procedures/ under root; return the mkdocs.yml path."""
    content = {
        "procedures/_org.yaml": ORG,
        "procedures/_inventory.yaml": INVENTORY,
        "procedures/accounting/monthly-close.yaml": MONTHLY_CLOSE,
        "procedures/accounting/payment.yaml": PAYMENT,
        "procedures/hr/xss.yaml": XSS,
    }
    content.update(files or {})
    for rel, text in content.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(mkdocs_yml(lang, extra_plugin), encoding="utf-8")
    return config


def build_site(config_file: Path, *, strict: bool = False) -> Path:
    config = load_config(str(config_file), strict=strict, site_dir=str(config_file.parent / "site"))
    build(config)
    return Path(config.site_dir)
