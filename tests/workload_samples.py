"""A small handbook whose 業務量 is computed by hand in test_workload.py's docstring."""

from constants import TODAY  # noqa: F401 - the workload tests import it from here
from core_samples import CLEAN_PROCEDURE

CLOSE = CLEAN_PROCEDURE[:CLEAN_PROCEDURE.index("steps:\n")] + """\
improvements:
  - title: 証憑の回収を電子化する
    lever: digitize
    status: planned
    steps: [collect]
    due: 2026-05-01
  - title: 承認を廃止する
    lever: eliminate
    status: done
    steps: [check]
  - title: 締め作業全体を標準化する
steps:
  - id: collect
    title: 証憑を回収する
    actor: 経理担当
    mode: paper
    minutes: 30
    headcount: 2
  - id: check
    title: 確認する
    actor: 経理部長
    minutes: 15
  - id: post
    title: 仕訳を計上する
    actor: 経理担当
    mode: system
    minutes: 10
"""

EXPENSE = """\
id: acc-expense
title: 経費精算
department: accounting
summary: 立替経費を精算する。
owner: suzuki
backup_owners: [sato]
frequency: on-demand
volume: {count: 3, per: day}
reviewed: 2026-04-01
steps:
  - id: input
    title: 入力する
    actor: 経理担当
    minutes: 4
  - id: export
    title: 振込データを作る
    actor: 会計システム
    mode: automated
"""

LETTER = """\
id: hr-letter
title: 証明書発行
department: hr
summary: 在籍証明書を発行する。
frequency: on-demand
reviewed: 2026-04-01
steps:
  - id: issue
    title: 発行する
    actor: 人事担当
    mode: paper
    minutes: 20
"""

ATTENDANCE = """\
id: hr-attendance
title: 勤怠確認
department: hr
summary: 毎日の勤怠を確認する。
frequency: daily
reviewed: 2026-04-01
steps:
  - id: check
    title: 打刻を確認する
    actor: 人事担当
    mode: system
    minutes: 2
"""

INVENTORY = """\
procedures:
  - id: acc-close
    title: 月次決算
    department: accounting
    hours_per_year: 999
  - id: acc-assets
    title: 固定資産管理
    department: accounting
    hours_per_year: 120
  - id: hr-shareholders
    title: 株主総会準備
    department: hr
    hours_per_year: 7.5
  - id: hr-unknown
    title: 見積もりのない業務
    department: hr
"""

FILES = {"accounting/close.yaml": CLOSE, "accounting/expense.yaml": EXPENSE,
         "hr/letter.yaml": LETTER, "hr/attendance.yaml": ATTENDANCE}
