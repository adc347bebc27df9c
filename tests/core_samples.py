"""Small valid inputs shared by the core tests (conftest.py writes them into handbooks)."""

CLEAN_PROCEDURE = """\
id: acc-close
title: 月次決算
department: accounting
summary: 前月分の仕訳を締める。
owner: sato
backup_owners: [suzuki]
frequency: monthly
reviewed: 2026-04-01
steps:
  - id: collect
    title: 証憑を回収する
    actor: 経理担当
  - id: post
    title: 仕訳を計上する
    actor: 経理担当
"""
