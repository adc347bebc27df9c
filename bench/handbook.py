"""A realistic generated handbook for the benchmarks, and the same pages as a plain
Material site of hand-written Markdown.

    generate(n, seed=13) -> Book        # deterministic: the same n and seed give the same files
    write_tebiki(root, book, config)    # procedures/ (+ _org.yaml, _inventory.yaml), docs/, mkdocs.yml
    write_plain(root, book, config)     # docs/ with one Markdown page per page a reader opens

Procedures are not copies of one template: each department has its own roles,
systems and business objects; a procedure has 2-14 steps over 1-5 lanes (actors),
approval branches that loop back (差戻し), some three-way branches and early ends,
descriptions of 0-4 paragraphs with lists and emphasis, 0-3 backups, trainees,
volumes, references, related procedures (mostly in its department), tags and
planned improvements. People (about one per five procedures) have roles; a few
are leaving. The data loads without errors (warnings such as single-owner or
review-overdue occur, as in a real handbook).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PER_DEPARTMENT = 50  # procedures per department on average
PEOPLE_PER_PROCEDURE = 0.2

DEPARTMENTS = [
    ("accounting", "経理・財務", ["経理担当", "経理課長", "経理部長"], ["会計システム", "経費精算システム", "インターネットバンキング"],
     ["請求書", "支払予定表", "試算表", "仕訳", "領収書", "固定資産台帳", "銀行残高", "売掛金"]),
    ("general-affairs", "総務", ["総務担当", "総務課長", "受付"], ["文書管理システム", "施設予約システム"],
     ["社用車", "郵便物", "印章", "備品", "名刺", "来客票", "防災用品", "賃貸契約"]),
    ("hr", "人事", ["人事担当", "人事課長", "採用担当"], ["人事システム", "採用管理システム"],
     ["雇用契約書", "評価シート", "異動辞令", "採用票", "研修記録", "退職届"]),
    ("labor", "労務", ["労務担当", "社会保険労務士", "給与計算委託先"], ["給与システム", "勤怠システム"],
     ["勤怠データ", "給与明細", "源泉徴収票", "社会保険届", "年末調整書類", "36協定"]),
    ("legal", "法務", ["法務担当", "法務課長", "顧問弁護士"], ["契約管理システム"],
     ["契約書ドラフト", "秘密保持契約", "登記書類", "株主総会資料", "規程案"]),
    ("it", "情報システム", ["情報システム担当", "ヘルプデスク", "保守委託先"], ["資産管理システム", "ID管理システム"],
     ["アカウント申請", "貸与PC", "ライセンス", "バックアップ", "障害報告", "アクセス権"]),
    ("purchasing", "購買", ["購買担当", "購買課長", "仕入先"], ["購買システム", "会計システム"],
     ["見積書", "発注書", "納品書", "検収記録", "取引先登録"]),
    ("sales-admin", "営業管理", ["営業事務", "営業課長", "与信担当"], ["販売管理システム", "CRM"],
     ["受注票", "出荷指示", "与信枠", "請求予定", "返品伝票"]),
    ("quality", "品質保証", ["品質保証担当", "品質保証課長", "製造課"], ["品質管理システム"],
     ["不適合報告", "検査成績書", "是正処置報告", "監査記録", "校正記録"]),
    ("planning", "経営企画", ["企画担当", "経営企画部長", "役員"], ["BIツール", "会計システム"],
     ["予算案", "中期計画", "取締役会資料", "KPI表", "投資稟議"]),
    ("audit", "内部監査", ["監査担当", "監査室長", "監査役"], ["監査管理ツール"],
     ["監査計画", "監査調書", "指摘事項", "改善報告", "J-SOX文書"]),
    ("pr", "広報", ["広報担当", "広報課長", "制作会社"], ["CMS"],
     ["プレスリリース", "社内報", "取材依頼", "Webサイト更新", "SNS投稿"]),
    ("facilities", "施設管理", ["施設担当", "設備業者", "警備会社"], ["施設予約システム", "入退館システム"],
     ["点検記録", "修繕依頼", "入館証", "鍵管理台帳", "空調設定"]),
    ("logistics", "物流", ["物流担当", "倉庫", "運送会社"], ["倉庫管理システム", "販売管理システム"],
     ["出荷伝票", "在庫表", "棚卸表", "配送依頼", "返品受付"]),
    ("safety", "安全衛生", ["安全衛生担当", "産業医", "衛生管理者"], ["健康管理システム"],
     ["健康診断結果", "ストレスチェック", "労災報告", "安全パトロール記録"]),
    ("secretary", "秘書", ["秘書", "役員", "総務担当"], ["グループウェア"],
     ["役員日程", "会食手配", "出張手配", "慶弔対応"]),
    ("ip", "知的財産", ["知財担当", "弁理士", "開発部"], ["知財管理システム"],
     ["発明届", "出願書類", "中間応答", "年金納付", "侵害調査"]),
    ("intl", "海外事業管理", ["海外管理担当", "現地法人", "通関業者"], ["会計システム", "貿易管理システム"],
     ["送金依頼", "移転価格資料", "輸出許可", "現地決算書", "為替予約"]),
]
EXTERNAL = ["銀行", "税理士", "会計監査人", "申請者", "上長"]
VERBS = ["受け付ける", "確認する", "入力する", "起票する", "照合する", "保管する", "通知する", "申請する",
         "作成する", "送付する", "回収する", "登録する", "集計する", "点検する", "更新する", "提出する"]
APPROVALS = ["承認する", "決裁する", "内容を確認して承認する"]
QUALIFIERS = ["", "", "月次の", "年次の", "臨時の", "四半期の", "新規の", "海外拠点の", "グループ会社の"]
ACTIONS = ["処理", "管理", "手続き", "申請", "確認", "更新", "発行", "締め", "棚卸し", "登録"]
SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田",
            "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山崎", "森", "池田", "橋本"]
GIVEN = ["花子", "健太", "美咲", "一郎", "直樹", "由美", "大輔", "陽子", "翔太", "真理", "拓也", "恵",
         "浩二", "彩", "誠", "千尋", "亮", "麻衣", "剛", "奈々"]
FREQUENCIES = ["daily", "weekly", "monthly", "monthly", "quarterly", "yearly", "on-demand", "on-demand"]
MODES = ["manual", "manual", "paper", "system", "system", "automated", "outsourced"]
MINUTES = [0, 5, 5, 10, 10, 15, 20, 30, 30, 45, 60, 90, 120, 240]
LEVERS = ["digitize", "rpa", "system", "bpo", "eliminate", "standardize"]
SENTENCES = [
    "{obj}に記載漏れがないかを確認する。",
    "不備があれば申請者へ差し戻し、理由をコメント欄に書く。",
    "**期限**は毎月第3営業日。遅れる場合は{role}へ連絡する。",
    "{system}の入力画面で、前回の値と比べて大きな差がないかを見る。",
    "原本は鍵付きのキャビネットに7年間保管する。",
    "金額が10万円を超えるときは、{role}の承認も必要になる。",
    "処理が終わったら、チャットの所定のチャンネルで完了を知らせる。",
    "繁忙期(3月・9月)は件数が3倍ほどになるため、前倒しで着手する。",
    "同じ内容の問い合わせが多いので、FAQ のページを先に案内する。",
    "控えを PDF にして共有フォルダ(部署/年度/月)へ保存する。",
]
BULLETS = ["{obj}の日付と金額", "取引先名と登録番号", "担当者の押印または電子承認", "添付書類の有無",
           "{system}の登録番号", "前月との差額の理由"]


@dataclass
class Book:
    """The generated handbook: departments (id, name), people, procedures (dicts shaped like the YAML)."""

    departments: list[tuple[str, str]]
    people: list[dict[str, Any]]
    procedures: list[dict[str, Any]]
    extra: dict[str, Any] = field(default_factory=dict)

    def department_name(self, did: str) -> str:
        return dict(self.departments)[did]

    def person_name(self, pid: str) -> str:
        return next(p["name"] for p in self.people if p["id"] == pid)


def department_list(count: int) -> list[tuple[str, str, list[str], list[str], list[str]]]:
    """`count` departments: the named ones, then the same kinds at other sites (関西, 九州 …)."""
    sites = ["", "関西", "九州", "東北", "中部", "北海道", "中国", "四国", "北陸", "沖縄"]
    out = []
    for k in range(count):
        did, name, roles, systems, objects = DEPARTMENTS[k % len(DEPARTMENTS)]
        site = k // len(DEPARTMENTS)
        suffix = sites[site % len(sites)] + (str(site // len(sites)) if site >= len(sites) else "")
        out.append((f"{did}-{site}" if site else did, f"{name}({suffix})" if site else name, roles, systems, objects))
    return out


def generate(n: int, seed: int = 13) -> Book:
    rng = random.Random(seed)
    depts = department_list(max(1, round(n / PER_DEPARTMENT)))
    people: list[dict[str, Any]] = []
    staff: dict[str, list[str]] = {d[0]: [] for d in depts}
    for i in range(max(len(depts) * 3, round(n * PEOPLE_PER_PROCEDURE))):
        did, _name, roles, _s, _o = depts[i % len(depts)]
        person: dict[str, Any] = {
            "id": f"u{i:05d}", "name": f"{SURNAMES[i % len(SURNAMES)]} {GIVEN[(i * 7 + i // 24) % len(GIVEN)]}",
            "department": did, "roles": rng.sample(roles, rng.randint(1, 2)), "status": "active"}
        if rng.random() < 0.05:
            person["status"] = "leaving"
            person["leaving_on"] = f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        people.append(person)
        staff[did].append(person["id"])
    # procedures: departments get uneven shares (20..80)
    weights = [rng.uniform(0.4, 1.6) for _ in depts]
    total = sum(weights)
    counts = [max(1, int(n * w / total)) for w in weights]
    counts[-1] += n - sum(counts)
    while counts[-1] < 1:  # rounding took too much: move one from the largest
        big = counts.index(max(counts))
        counts[big] -= 1
        counts[-1] += 1
    procedures: list[dict[str, Any]] = []
    for (did, _name, roles, systems, objects), count in zip(depts, counts):
        first = len(procedures)
        for k in range(count):
            procedures.append(make_procedure(rng, did, first + k, first, count, roles, systems, objects,
                                             staff[did], n))
    return Book([(d[0], d[1]) for d in depts], people, procedures)


def make_procedure(rng: random.Random, did: str, index: int, first: int, count: int, roles: list[str],
                   systems: list[str], objects: list[str], staff: list[str], n: int) -> dict[str, Any]:
    obj = rng.choice(objects)
    title = f"{rng.choice(QUALIFIERS)}{obj}の{rng.choice(ACTIONS)}"
    lanes = rng.sample(roles, rng.randint(1, len(roles)))
    if rng.random() < 0.5:
        lanes.append(rng.choice(EXTERNAL))
    used_systems = rng.sample(systems, rng.randint(0, len(systems)))
    count_steps = rng.randint(2, 14)
    steps: list[dict[str, Any]] = []
    for j in range(count_steps):
        step: dict[str, Any] = {"id": f"s{j + 1}", "actor": rng.choice(lanes), "mode": rng.choice(MODES)}
        approval = 0 < j < count_steps - 1 and rng.random() < 0.2
        step["title"] = f"{rng.choice(objects)}を{rng.choice(APPROVALS if approval else VERBS)}"
        if rng.random() < 0.95:
            step["minutes"] = rng.choice(MINUTES)
        if rng.random() < 0.1:
            step["headcount"] = rng.randint(2, 4)
        text = description(rng, objects, lanes, used_systems or systems)
        if text:
            step["description"] = text
        if approval:
            back = f"s{rng.randint(1, j)}"
            branches = [{"to": f"s{j + 2}", "when": "承認"}, {"to": back, "when": "差戻し"}]
            if j + 2 < count_steps and rng.random() < 0.3:  # a shortcut: the steps between stay reachable
                branches.append({"to": f"s{rng.randint(j + 3, count_steps)}", "when": "軽微な場合"})
            step["next"] = branches
        steps.append(step)
    owner = rng.choice(staff)
    others = [p for p in staff if p != owner]
    proc: dict[str, Any] = {
        "id": f"{did}-{index - first + 1:04d}",
        "title": title,
        "department": did,
        "summary": f"{obj}について、{rng.choice(lanes)}が{rng.choice(VERBS)}までの手順。" +
                   rng.choice(["", "月末の締めに間に合わせる。", "監査で確認される記録を残す。", "件数が多い時期は分担する。"]),
        "owner": owner,
        "backup_owners": rng.sample(others, min(len(others), rng.choice([0, 1, 1, 1, 2, 2, 3]))),
        "frequency": rng.choice(FREQUENCIES),
        "steps": steps,
    }
    learners = [p for p in others if p not in proc["backup_owners"]]
    if rng.random() < 0.1 and learners:
        proc["trainees"] = [{"person": rng.choice(learners), "since": f"2026-{rng.randint(1, 12):02d}-01"}]
    if proc["frequency"] == "on-demand" and rng.random() < 0.7:
        proc["volume"] = {"count": rng.randint(1, 60), "per": rng.choice(["day", "week", "month", "year"])}
    if rng.random() < 0.6:
        proc["trigger"] = rng.choice(["毎月第1営業日", "申請を受けたとき", "毎年4月", "四半期末の翌月10日まで",
                                      "入社日の2週間前", "障害の連絡を受けたとき"])
    if rng.random() < 0.85:
        proc["reviewed"] = f"20{rng.choice([25, 26, 26, 26])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if used_systems:
        proc["systems"] = used_systems
    if rng.random() < 0.4:
        proc["references"] = [{"title": rng.choice(["社内規程 第12条", "電子帳簿保存法", "就業規則", "情報セキュリティ基本方針"])}]
        if rng.random() < 0.5:
            proc["references"][0]["url"] = "https://example.org/rules/" + str(rng.randint(1, 99))
    related = set()
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        other = rng.randrange(first, first + count) if rng.random() < 0.8 else rng.randrange(n)
        if other != index:
            related.add(other)
    proc["related_index"] = sorted(related)
    proc["tags"] = rng.sample(["月次", "年次", "決算", "申請", "承認", "外部委託", "法定", "電子化", "紙"], rng.randint(0, 3))
    if rng.random() < 0.2:
        proc["improvements"] = [{"title": f"{obj}の確認を{rng.choice(['電子化する', 'システムで自動化する', '外部へ委託する'])}",
                                 "lever": rng.choice(LEVERS), "status": rng.choice(["idea", "planned", "doing", "done"]),
                                 "steps": [rng.choice(steps)["id"]], "due": f"2099-0{rng.randint(1, 9)}-28"}]
    return proc


def description(rng: random.Random, objects: list[str], roles: list[str], systems: list[str]) -> str:
    parts = []
    for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4])):
        if rng.random() < 0.3:
            items = rng.sample(BULLETS, rng.randint(2, 4))
            parts.append("\n".join("- " + b.format(obj=rng.choice(objects), system=rng.choice(systems)) for b in items))
        else:
            sentences = rng.sample(SENTENCES, rng.randint(1, 3))
            parts.append("".join(s.format(obj=rng.choice(objects), role=rng.choice(roles), system=rng.choice(systems))
                                 for s in sentences))
    return "\n\n".join(parts)


def resolved(book: Book, proc: dict[str, Any]) -> list[str]:
    return [book.procedures[i]["id"] for i in proc["related_index"]]


# --- the tebiki handbook ------------------------------------------------------------------------

def dump(value: Any) -> str:
    """A YAML flow value written as JSON (valid YAML; text stays text)."""
    return json.dumps(value, ensure_ascii=False)


def procedure_yaml(book: Book, proc: dict[str, Any]) -> str:
    lines = [f"# {proc['title']}: 生成されたベンチマーク用の手順"]
    for key in ("id", "title", "department", "summary", "owner", "backup_owners", "trainees", "frequency",
                "volume", "trigger", "reviewed", "systems", "references"):
        if key in proc:
            value = proc[key]
            lines.append(f"{key}: {value}" if key in ("reviewed", "frequency", "id", "department", "owner")
                         else f"{key}: {dump(value)}")
    related = resolved(book, proc)
    if related:
        lines.append(f"related: {dump(related)}")
    if proc["tags"]:
        lines.append(f"tags: {dump(proc['tags'])}")
    if "improvements" in proc:
        lines.append("improvements:")
        for imp in proc["improvements"]:
            lines.append(f"  - title: {dump(imp['title'])}")
            lines += [f"    {k}: {dump(imp[k]) if k == 'steps' else imp[k]}" for k in ("lever", "status", "steps", "due")]
    lines.append("steps:")
    for step in proc["steps"]:
        lines.append(f"  - id: {step['id']}")
        lines.append(f"    title: {dump(step['title'])}")
        lines.append(f"    actor: {dump(step['actor'])}")
        lines.append(f"    mode: {step['mode']}")
        for key in ("minutes", "headcount"):
            if key in step:
                lines.append(f"    {key}: {step[key]}")
        if "description" in step:
            lines.append("    description: |")
            lines += ["      " + line if line else "" for line in step["description"].split("\n")]
        if "next" in step:
            lines.append(f"    next: {dump(step['next'])}")
    return "\n".join(lines) + "\n"


def org_yaml(book: Book) -> str:
    lines = ["departments:"]
    lines += [f"  - id: {did}\n    name: {dump(name)}" for did, name in book.departments]
    lines.append("people:")
    for p in book.people:
        lines += [f"  - id: {p['id']}", f"    name: {p['name']}", f"    department: {p['department']}",
                  f"    roles: {dump(p['roles'])}", f"    status: {p['status']}"]
        if "leaving_on" in p:
            lines.append(f"    leaving_on: {p['leaving_on']}")
    return "\n".join(lines) + "\n"


def inventory_yaml(book: Book) -> str:
    lines = ["procedures:"]
    for p in book.procedures[::3]:
        lines += [f"  - id: {p['id']}", f"    title: {dump(p['title'])}", f"    department: {p['department']}"]
    return "\n".join(lines) + "\n"


MINIMAL_TEBIKI = """\
site_name: 業務手引き
theme:
  name: material
  language: ja
plugins:
  - search:
      lang: ja
  - tebiki
"""


def write_tebiki(root: Path, book: Book, config: str = MINIMAL_TEBIKI) -> None:
    """The handbook as a company writes it: procedures/<department>/<id>.yaml, an empty docs/."""
    folder = root / "procedures"
    folder.mkdir(parents=True)
    (root / "docs").mkdir()
    (folder / "_org.yaml").write_text(org_yaml(book), encoding="utf-8")
    (folder / "_inventory.yaml").write_text(inventory_yaml(book), encoding="utf-8")
    for proc in book.procedures:
        sub = folder / proc["department"]
        sub.mkdir(exist_ok=True)
        (sub / f"{proc['id']}.yaml").write_text(procedure_yaml(book, proc), encoding="utf-8")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


# --- the same pages as hand-written Markdown -----------------------------------------------------

MINIMAL_PLAIN = """\
site_name: 業務手引き
theme:
  name: material
  language: ja
plugins:
  - search:
      lang: ja
"""


def with_features(config: str, features: list[str]) -> str:
    """`config` with `theme.features` set (inserted after `language: ja`)."""
    lines = "".join(f"    - {f}\n" for f in features)
    return config.replace("  language: ja\n", "  language: ja\n  features:\n" + lines, 1)


def procedure_markdown(book: Book, proc: dict[str, Any]) -> str:
    names = {p["id"]: p["name"] for p in book.people}
    by_id = {p["id"]: p for p in book.procedures}
    body = [f"# {proc['title']}", "", proc["summary"], "",
            "| 項目 | 内容 |", "|---|---|",
            f"| 部署 | [{book.department_name(proc['department'])}](index.md) |",
            f"| 担当者 | [{names[proc['owner']]}](../people/{proc['owner']}.md) |",
            f"| 副担当 | {'、'.join(f'[{names[b]}](../people/{b}.md)' for b in proc['backup_owners']) or 'なし'} |",
            f"| 頻度 | {proc['frequency']} |"]
    if "trigger" in proc:
        body.append(f"| きっかけ | {proc['trigger']} |")
    if "systems" in proc:
        body.append(f"| 使用システム | {'、'.join(proc['systems'])} |")
    if "reviewed" in proc:
        body.append(f"| 最終レビュー | {proc['reviewed']} |")
    body += ["", "## 手順", ""]
    for n, step in enumerate(proc["steps"], 1):
        body += [f"### {n}. {step['title']}", "",
                 f"担当: {step['actor']} / {step['mode']}" + (f" / {step['minutes']}分" if "minutes" in step else ""), ""]
        if "description" in step:
            body += [step["description"], ""]
        for branch in step.get("next", []):
            body += [f"- {branch['when']}: 手順 {branch['to'][1:]} へ"]
        if step.get("next"):
            body.append("")
    if "references" in proc:
        body += ["## 参考", ""] + [f"- {r['title']}" + (f" <{r['url']}>" if "url" in r else "") for r in proc["references"]]
        body.append("")
    related = resolved(book, proc)
    if related:
        body += ["## 関連する手順", ""]
        for rid in related:
            other = by_id[rid]
            prefix = "" if other["department"] == proc["department"] else f"../{other['department']}/"
            body.append(f"- [{other['title']}]({prefix}{rid}.md)")
    return "\n".join(body) + "\n"


def write_plain(root: Path, book: Book, config: str = MINIMAL_PLAIN) -> int:
    """Home, one page per department (listing its procedures), one per procedure, the people
    page and one page per person (listing what they hold): the pages a reader opens in the
    tebiki site, written by hand. Returns the number of pages."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    pages = 0
    home = ["# 業務手引き", "", "部署ごとの手順です。", ""]
    held: dict[str, list[dict[str, Any]]] = {p["id"]: [] for p in book.people}
    by_dept: dict[str, list[dict[str, Any]]] = {did: [] for did, _ in book.departments}
    for proc in book.procedures:
        by_dept[proc["department"]].append(proc)
        for pid in [proc["owner"], *proc["backup_owners"]]:
            held[pid].append(proc)
    for did, name in book.departments:
        home.append(f"- [{name}]({did}/index.md)")
        (docs / did).mkdir()
        lines = [f"# {name}", "", "| 手順 | 頻度 | 担当者 |", "|---|---|---|"]
        lines += [f"| [{p['title']}]({p['id']}.md) | {p['frequency']} | {book.person_name(p['owner'])} |"
                  for p in by_dept[did]]
        (docs / did / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        pages += 1
        for proc in by_dept[did]:
            (docs / did / f"{proc['id']}.md").write_text(procedure_markdown(book, proc), encoding="utf-8")
            pages += 1
    home.append("- [担当者](people/index.md)")
    (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    (docs / "people").mkdir()
    people = ["# 担当者", ""] + [f"- [{p['name']}]({p['id']}.md)" for p in book.people]
    (docs / "people" / "index.md").write_text("\n".join(people) + "\n", encoding="utf-8")
    pages += 2
    for person in book.people:
        lines = [f"# {person['name']}", "", f"部署: {book.department_name(person['department'])}", "", "## 担当する手順", ""]
        lines += [f"- [{p['title']}](../{p['department']}/{p['id']}.md)" for p in held[person["id"]]]
        (docs / "people" / f"{person['id']}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        pages += 1
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return pages
