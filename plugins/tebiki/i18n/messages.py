"""Problem messages of the catalog, Japanese and English: every problem names the
field, what was expected, what was found, and what to do; and the summary line of
`tebiki check`. Codes and severities are in `problem_codes.py`.

Keys are a problem code, or `code/variant` where the problem's `kind` or
`reason` parameter picks a more precise wording.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping, Protocol

from .language import FALLBACK, LANGUAGES


class Finding(Protocol):
    """What a message is worded from: a problem's code and parameters (`problems.Problem`)."""

    @property
    def code(self) -> str: ...

    @property
    def params(self) -> Mapping[str, Any]: ...


CATALOG: dict[str, dict[str, str]] = {
    # --- reading files -------------------------------------------------------------
    "encoding/not-utf8": {
        "en": "the file is not UTF-8 (byte {byte} cannot be read){guess_en}; save it as UTF-8 and commit again",
        "ja": "ファイルが UTF-8 ではありません(バイト {byte} を読めません){guess_ja}。UTF-8 で保存し直してコミットしてください",
    },
    "encoding/unreadable": {
        "en": "the file cannot be read ({error}); check its permissions",
        "ja": "ファイルを読めません({error_ja})。権限を確認してください",
    },
    "yaml-syntax/syntax": {
        "en": "not valid YAML ({detail}); check the indentation, colons and quotes on this line or the one above",
        "ja": "YAML として読めない書き方があります。この行か直前の行のインデント(行頭の半角スペース)・コロン「: 」・引用符を確認してください",
    },
    "yaml-syntax/fullwidth-colon": {
        "en": "the separator after \"{key}\" is a full-width colon \"：\"; write a half-width colon and a space: {key}: value",
        "ja": "「{key}」の後ろの区切りが全角のコロン「：」です。半角のコロンと半角スペースにしてください(例: {key}: 値)",
    },
    "yaml-syntax/fullwidth-space": {
        "en": "a full-width space \"　\" is used here; YAML needs half-width spaces for indentation and after \":\", replace it",
        "ja": "全角スペース「　」があります。インデントや「:」の後ろには半角スペースを使ってください",
    },
    "yaml-syntax/special-start": {
        "en": "the value starts with \"{char}\", which YAML reads as markup, not text; put the whole value in quotes: {quoted}",
        "ja": "値が「{char}」で始まっています。この文字で始まる値は YAML ではそのまま書けません。値全体を引用符で囲んでください(例: {quoted})",
    },
    "yaml-syntax/colon-in-value": {
        "en": "\": \" (a colon and a space) inside the value makes YAML read a new field; put the whole value in quotes: {quoted}",
        "ja": "値の途中の「: 」(コロンと空白)を YAML は項目の区切りと読みます。値全体を引用符で囲んでください(例: {quoted})",
    },
    "yaml-syntax/missing-colon": {
        "en": "the \": \" between a field name and its value is missing; write \"name: value\" with a half-width colon and a space",
        "ja": "「項目名: 値」の「: 」が見つかりません。項目名の後ろに半角のコロンと半角スペースを書いてください",
    },
    "yaml-syntax/unexpected-colon": {
        "en": "a \":\" YAML does not expect here; check the indentation, and if the value holds \": \", put it in quotes",
        "ja": "ここに「:」は書けません。インデントを確認し、値に「: 」を含めるなら値全体を引用符で囲んでください",
    },
    "yaml-syntax/indentation": {
        "en": "the indentation does not line up; start fields of the same level at the same column, with spaces",
        "ja": "インデント(行頭の半角スペース)がそろっていません。同じ階層の項目は同じ位置から書き始めてください",
    },
    "yaml-syntax/unclosed-quote": {
        "en": "a quote (\" or ') is not closed; end the value with the same quote",
        "ja": "引用符(\" または ')が閉じられていません。値の最後にも同じ引用符を書いてください",
    },
    "yaml-syntax/unclosed-bracket": {
        "en": "a [ or {{ is not closed; add the ] or }}, or put the whole value in quotes if it is text",
        "ja": "「[」または「{{」が閉じられていません。「]」「}}」を書くか、文字なら値全体を引用符で囲んでください",
    },
    "yaml-syntax/escape": {
        "en": "a backslash inside double quotes starts an escape YAML does not know; use single quotes or write \\\\",
        "ja": "二重引用符の中の「\\」は YAML の特別な記号です。単一引用符(')で囲むか「\\\\」と書いてください",
    },
    "yaml-syntax/tag": {
        "en": "the YAML tag \"{tag}\" is not allowed here; remove it and write the value only",
        "ja": "YAML のタグ「{tag}」は使えません。タグを消して値だけを書いてください",
    },
    "yaml-syntax/bad-tag": {
        "en": "\"{value}\" is not {tag_en} as the tag {tag} says; remove the tag (the value is read as text) or fix the value",
        "ja": "「{value}」は {tag} が示す{tag_ja}として読めません。{tag} を消す(値は文字として読みます)か、値を直してください",
    },
    "inline-comment": {
        "en": "YAML dropped \"{dropped}\" from this value as a comment (\" #\" starts one); to keep it, put the whole value in quotes; for a comment, write \"# \" with a space",
        "ja": "「{dropped}」は「 #」以降なので YAML ではコメントとして無視されました。値に含めるなら値全体を引用符で囲み、コメントなら「# 」のように # の後ろに空白を入れてください",
    },
    "yaml-syntax/multi-document": {
        "en": "the file holds more than one YAML document (a second \"---\"); keep one procedure per file",
        "ja": "1つのファイルに複数の YAML 文書(2つ目の「---」)があります。1ファイルに1手順にしてください",
    },
    "yaml-syntax/tab": {
        "en": "a tab is used for indentation; YAML allows only spaces, replace the tab with spaces",
        "ja": "インデントにタブが使われています。YAML ではスペースのみ使えます。タブをスペースに置き換えてください",
    },
    "yaml-syntax/bad-character": {
        "en": "the file contains a control character ({detail}) YAML does not allow; delete it",
        "ja": "YAML で使えない制御文字({detail})が含まれています。削除してください",
    },
    "yaml-syntax/too-large": {
        "en": "the file is {size} bytes, over the limit of {limit}; a procedure file should be a few kilobytes, split it",
        "ja": "ファイルが {size} バイトあり、上限 {limit} バイトを超えています。手順ファイルは数 KB が目安です。分割してください",
    },
    "yaml-syntax/too-deep": {
        "en": "values are nested more than {limit} levels deep; a procedure needs only a few levels, flatten it",
        "ja": "値の入れ子が {limit} 段を超えています。手順に必要な入れ子は数段です。構造を見直してください",
    },
    "yaml-syntax/too-many-tokens": {
        "en": "the file holds more than {limit} YAML values and marks; a procedure needs a few thousand, split it",
        "ja": "ファイル内の YAML の値や記号が {limit} 個を超えています。手順に必要なのは数千個です。ファイルを分割してください",
    },
    "yaml-syntax/too-large-list": {
        "en": "the file is {size} bytes, over the limit of {limit} for an organisation or inventory file; "
              "check that it holds only the handbook's list, or split the handbook",
        "ja": "ファイルが {size} バイトあり、組織・業務一覧ファイルの上限 {limit} バイトを超えています。"
              "一覧以外の内容が混ざっていないか確認するか、手引きを分けてください",
    },
    "yaml-syntax/too-many-tokens-list": {
        "en": "the file holds more than {limit} YAML values and marks, over the limit for an organisation "
              "or inventory file (about 27 a person); check that it holds only the list, or split the handbook",
        "ja": "ファイル内の YAML の値や記号が {limit} 個を超え、組織・業務一覧ファイルの上限を超えています"
              "(1 人あたり約 27 個)。一覧以外の内容が混ざっていないか確認するか、手引きを分けてください",
    },
    "yaml-syntax/too-many-nodes": {
        "en": "anchors and aliases expand to more than {limit} values; write the values out instead of nesting aliases",
        "ja": "アンカーとエイリアスの展開後の値が {limit} 個を超えています。エイリアスの入れ子をやめ、値を直接書いてください",
    },
    "yaml-syntax/recursive-alias": {
        "en": "an alias refers to itself; replace it with the values it should hold",
        "ja": "エイリアスが自分自身を参照しています。参照ではなく値を書いてください",
    },
    "duplicate-key": {
        "en": "key \"{key}\" appears again (first on line {first_line}); YAML would keep only the last value, keep one",
        "ja": "キー「{key}」が重複しています(最初は {first_line} 行目)。YAML では後の値だけが残るため、一つにまとめてください",
    },
    # --- files that are not read (handbook_files.py) ----------------------------------
    "unsafe-file/outside": {
        "en": "this is a symlink to something outside the handbook; it is not read. Commit the file itself",
        "ja": "ハンドブックの外を指すシンボリックリンクのため読み込みません。ファイルそのものをコミットしてください",
    },
    "unsafe-file/dangling": {
        "en": "this symlink points to nothing; it is not read. Remove it or commit the file itself",
        "ja": "リンク先が存在しないシンボリックリンクのため読み込みません。削除するかファイルそのものをコミットしてください",
    },
    "unsafe-file/not-regular": {
        "en": "this is not a regular file (a pipe, device or socket); it is not read. Remove it",
        "ja": "通常のファイルではない(パイプ・デバイスなど)ため読み込みません。削除してください",
    },
    "unsafe-file/unreadable": {
        "en": "this cannot be read ({detail}); it is skipped. Check its permissions",
        "ja": "読み取れないためスキップしました({detail_ja})。権限を確認してください",
    },
    "unsafe-file/name": {
        "en": "the file or folder name has characters that are not allowed (they can break links and "
              "logs); rename it using letters, digits, spaces and - _ . only",
        "ja": "ファイル名・フォルダー名に使えない文字が含まれています(リンクやログを壊すおそれがあります)。"
              "文字・数字・スペースと - _ . だけの名前に変えてください",
    },
    "ignored-file/hidden": {
        "en": "hidden files and folders (name starting with \".\") are not read; rename it if it is a procedure",
        "ja": "「.」で始まる隠しファイル・フォルダーは読み込みません。手順であれば名前を変えてください",
    },
    "ignored-file/extension": {
        "en": "only files ending in .yaml or .yml (lowercase) are read; rename the extension",
        "ja": "拡張子が小文字の .yaml か .yml のファイルだけを読み込みます。拡張子を小文字にしてください",
    },
    "ignored-file/symlinked-folder": {
        "en": "a symlinked folder is not followed; its files are read where they really are, if inside the procedures folder",
        "ja": "シンボリックリンクのフォルダーはたどりません。実体が手順フォルダー内にあればそちらを読み込みます",
    },
    # --- limits (limits.py) ------------------------------------------------------------
    "too-large/steps": {
        "en": "the procedure has {found} steps, over the limit of {limit}; split it into several procedures",
        "ja": "手順のステップが {found} 個あり、上限 {limit} 個を超えています。複数の手順に分けてください",
    },
    "too-large/actors": {
        "en": "the procedure has {found} different actors (swimlanes), over the limit of {limit}; "
              "this step's actor is the first over it. Use role names shared by several steps, or split the procedure",
        "ja": "担当(スイムレーン)が {found} 種類あり、上限 {limit} を超えています(このステップから超過)。"
              "担当名をまとめるか、手順を分けてください",
    },
    "too-large/transitions": {
        "en": "the flow has {found} arrows (next entries), over the limit of {limit}; simplify the branches or split the procedure",
        "ja": "フローの矢印(next)が {found} 本あり、上限 {limit} 本を超えています。分岐を減らすか手順を分けてください",
    },
    "too-large/description": {
        "en": "the description of step \"{step}\" has {found} characters, over the limit of {limit}; "
              "shorten it or link to a separate document (the site shows it as plain text)",
        "ja": "ステップ「{step}」の説明が {found} 文字あり、上限 {limit} 文字を超えています。"
              "短くするか別資料へのリンクにしてください(サイトでは書式なしで表示されます)",
    },
    "too-large/brackets": {
        "en": "the description of step \"{step}\" has {found} \"[\", over the limit of {limit}; "
              "remove them (the site shows it as plain text)",
        "ja": "ステップ「{step}」の説明に「[」が {found} 個あり、上限 {limit} 個を超えています。"
              "減らしてください(サイトでは書式なしで表示されます)",
    },
    # --- safety_checks.py -----------------------------------------------------------------
    "reserved-id": {
        "en": "the {kind} id \"{id}\" is reserved: its page would replace one tebiki generates; choose another id",
        "ja": "ID「{id}」は予約されています(生成されるページと重なります)。別の ID にしてください",
    },
    "invisible-text": {
        "en": "\"{field}\" shows nothing (only spaces, zero-width or direction characters); write visible text",
        "ja": "「{field}」が見えない文字(空白・ゼロ幅文字・方向制御文字)だけでできています。見える文字で書いてください",
    },
    "endless-loop": {
        "en": "from step \"{step}\" the flow can never reach an end (steps caught in the loop: {steps}); "
              "give one of them a \"next\" that leads out, or \"next: []\" to end there",
        "ja": "ステップ「{step}」からはフローが終わりに到達できません(抜け出せないステップ: {steps})。"
              "いずれかの next に抜け道を追加するか、「next: []」で終わらせてください",
    },
    # --- schema ------------------------------------------------------------------------
    "schema/missing-file": {
        "en": "the required file is missing; create it with the handbook's departments and people (until then ownership is not checked)",
        "ja": "必須ファイルがありません。部門(departments)と人(people)を書いたファイルを作成してください(それまで担当者のチェックは行いません)",
    },
    "schema/not-mapping": {
        "en": "the whole file is {whole_en}, not fields written as \"name: value\" lines; write one field per line, such as \"id: ...\"",
        "ja": "ファイル全体が{whole_ja}。「項目名: 値」の形で、「id: …」のように項目を1行ずつ書いてください",
    },
    "schema/required": {
        "en": "{where}required field(s) missing: {missing}; add them",
        "ja": "{where_ja}必須の項目 {missing} がありません。追加してください",
    },
    "schema/blank": {
        "en": "{place} is not filled in; write a value",
        "ja": "{place} が未記入です。値を書いてください",
    },
    "schema/additionalProperties": {
        "en": "{place} is not a field tebiki knows{suggest_en}; fields here: {allowed}. Fix the spelling or remove it",
        "ja": "{place} という項目はありません{suggest_ja}。使える項目: {allowed}。綴りを直すか削除してください",
    },
    "schema/type": {
        "en": "{place} takes {expected_en} but holds {found_en}; change the value{hint_en}",
        "ja": "{place} には{expected_ja}を書きますが、{found_ja}になっています。値を直してください{hint_ja}",
    },
    "schema/enum": {
        "en": "{place} must be one of {expected}, not \"{found}\"{suggest_en}",
        "ja": "{place} は {expected} のどれかです。「{found}」は使えません{suggest_ja}",
    },
    "schema/id": {
        "en": "{place}: the id \"{found}\" may use only lowercase letters a-z, digits and single hyphens (e.g. acc-monthly-close){suggest_en}",
        "ja": "{place} の ID「{found}」には半角の英小文字・数字と、間をつなぐハイフンだけが使えます(例: acc-monthly-close){suggest_ja}",
    },
    "schema/id-space": {
        "en": "{place}: the id \"{found}\" has {space_en} around it; write it without: {suggestion}",
        "ja": "{place} の ID「{found}」の前後に{space_ja}があります。空白なしで「{suggestion}」と書いてください",
    },
    "schema/minItems": {
        "en": "{place} needs at least {expected} item(s); add one",
        "ja": "{place} には {expected} 件以上必要です。追加してください",
    },
    "schema/minimum": {
        "en": "{place} must be at least {expected}, not {found}",
        "ja": "{place} は {expected} 以上の数です。{found} は使えません",
    },
    "schema/maximum": {
        "en": "{place} must be at most {expected}, not {found}",
        "ja": "{place} は {expected} 以下の数です。{found} は使えません",
    },
    "schema/uniqueItems": {
        "en": "{place} lists the same value more than once; keep one",
        "ja": "{place} に同じ値が2回以上書かれています。1つにしてください",
    },
    "schema/number": {
        "en": "{place} takes {number_en} in plain digits; \"{found}\" {reason_en}{suggest_number_en}",
        "ja": "{place} には{number_ja}を半角数字だけで書きます。「{found}」は{reason_ja}{suggest_number_ja}",
    },
    "schema/date-format": {
        "en": "{place}: the date \"{found}\" must be written YYYY-MM-DD{suggest_date_en}",
        "ja": "{place} の日付「{found}」は YYYY-MM-DD の形で書きます{suggest_date_ja}",
    },
    "schema/control-character": {
        "en": "{place} holds an invisible control character ({chars}); delete it",
        "ja": "{place} に目に見えない制御文字 ({chars}) が含まれています。削除してください",
    },
    "schema/bidi-character": {
        "en": "{place} holds an invisible character that reverses the text direction ({chars}); delete it",
        "ja": "{place} に文字の向きを変える見えない文字 ({chars}) が含まれています。削除してください",
    },
    "schema/date": {
        "en": "{place} is not a real date: {found}; write it as YYYY-MM-DD",
        "ja": "{place} は存在しない日付です: {found}。YYYY-MM-DD の形で書いてください",
    },
    "schema": {
        "en": "{place} is not valid: {detail}",
        "ja": "{place} の値が正しくありません。FORMAT.md の書き方を確認してください",
    },
    # --- cross-file rules --------------------------------------------------------------
    "duplicate-id": {
        "en": "id \"{id}\" is already used in {other}; give this one a unique id",
        "ja": "ID「{id}」は {other} で既に使われています。一意の ID に変えてください",
    },
    "unknown-department": {
        "en": "\"{field}\" names \"{found}\", which is not a department id in _org.yaml; {ref_fix_en}",
        "ja": "{field} の「{found}」は _org.yaml の部門 ID にありません。{ref_fix_ja}",
    },
    "unknown-person": {
        "en": "\"{field}\" names \"{found}\", which is not a person id in _org.yaml; {ref_fix_en}",
        "ja": "{field} の「{found}」は _org.yaml の人 ID にありません。{ref_fix_ja}",
    },
    "unknown-step": {
        "en": "step {number} ({step}): next goes to \"{found}\", which is not a step of this procedure (steps: {steps}); {ref_fix_en}",
        "ja": "手順 {number} ({step}) の next の行き先「{found}」はこの手順にありません(手順の ID: {steps})。{ref_fix_ja}",
    },
    "unknown-step/improvement": {
        "en": "improvement \"{title}\" names step \"{found}\", which is not a step of this procedure (steps: {steps}); {ref_fix_en}",
        "ja": "改善「{title}」の対象の手順「{found}」はこの手順にありません(手順の ID: {steps})。{ref_fix_ja}",
    },
    "unknown-procedure": {
        "en": "\"related\" names \"{found}\" but no procedure file carries that id; {ref_fix_en}",
        "ja": "related の「{found}」という ID の手順ファイルがありません。{ref_fix_ja}",
    },
    "no-owner/absent": {
        "en": "no owner: \"owner\" is missing or empty; name the person responsible (a person id from _org.yaml)",
        "ja": "担当者がいません: owner が未記入です。責任者の人 ID(_org.yaml)を指定してください",
    },
    "no-owner/unknown": {
        "en": "no owner: \"{owner}\" is not a person in _org.yaml; name an existing person as owner",
        "ja": "担当者がいません: 「{owner}」は _org.yaml にいません。実在する人を owner に指定してください",
    },
    "no-owner/left": {
        "en": "no owner: \"{owner}\" has left the company; hand the procedure over and name the new owner",
        "ja": "担当者がいません: 「{owner}」は退職済みです。引き継ぎを行い、新しい owner を指定してください",
    },
    "single-owner": {
        "en": "only {name} ({owner}) can run this procedure; add an available person to backup_owners",
        "ja": "この手順を実行できるのは {name}({owner})だけです(属人化)。backup_owners に対応可能な人を追加してください",
    },
    "owner-leaving/owner": {
        "en": "the owner {name} ({person}) is leaving{date_en}; hand over and name a new owner",
        "ja": "担当者 {name}({person})は退職予定です{date_ja}。引き継ぎを行い、新しい担当者を指定してください",
    },
    "owner-leaving/backup": {
        "en": "backup owner {name} ({person}) is leaving{date_en}; name another backup",
        "ja": "副担当 {name}({person})は退職予定です{date_ja}。別の副担当を指定してください",
    },
    "undocumented": {
        "en": "inventory entry \"{id}\" ({title}) has no procedure file; write one with id: {id}",
        "ja": "棚卸しの「{id}」({title})の手順ファイルがありません。id: {id} の手順を作成してください",
    },
    "review-overdue/never": {
        "en": "never reviewed: add \"reviewed: YYYY-MM-DD\" after checking the procedure is still right",
        "ja": "見直し記録がありません。内容を確認し「reviewed: YYYY-MM-DD」を追加してください",
    },
    "review-overdue": {
        "en": "review overdue since {due} (last reviewed {reviewed}); check the procedure and update \"reviewed\"",
        "ja": "見直し期限 {due} を過ぎています(前回 {reviewed})。内容を確認して reviewed を更新してください",
    },
    "improvement-overdue": {
        "en": "improvement \"{title}\" was due on {due} and is still {status_en}; finish it and set \"status: done\", or set a new \"due\"",
        "ja": "改善「{title}」は期限 {due} を過ぎていますが、まだ{status_ja}です。完了したら「status: done」にし、延期するなら新しい due を書いてください",
    },
    "minutes-missing": {
        "en": "step {number} ({step}) has no \"minutes\"; write how many minutes one run of the step takes (e.g. \"minutes: 30\") so its hours per year can be counted",
        "ja": "手順 {number} ({step}) に所要時間(minutes)がありません。1回あたりの分数を書いてください(例: 「minutes: 30」)。年間の業務量の計算に使います",
    },
    "volume-missing": {
        "en": "this procedure runs on demand but has no \"volume\", so its hours per year are unknown; write how often it runs, e.g. \"volume: {{count: 20, per: month}}\"",
        "ja": "随時(on-demand)の手順に件数(volume)がないため、年間の業務量を計算できません。「volume: {{count: 20, per: month}}」のように実施件数を書いてください",
    },
    "handover-late": {
        "en": "the owner {name} ({person}) leaves on {date}{days_en} and nobody else holds or is learning this "
              "procedure; add a backup or a trainee now. Candidates: {candidates_en}",
        "ja": "担当者 {name}({person})は {date} に退職・異動予定{days_ja}ですが、ほかに担える人も研修中の人も"
              "いません。今すぐ副担当(backup_owners)か研修中の人(trainees)を決めてください。候補: {candidates_ja}",
    },
    "trainee-holder/owner": {
        "en": "trainee {name} ({person}) is already the owner of this procedure; remove them from trainees",
        "ja": "研修中の人 {name}({person})はすでにこの手順の担当者です。trainees から外してください",
    },
    "trainee-holder/backup": {
        "en": "trainee {name} ({person}) is already a backup owner of this procedure; remove them from trainees",
        "ja": "研修中の人 {name}({person})はすでにこの手順の副担当です。trainees から外してください",
    },
    "unreachable-step": {
        "en": "step {number} ({step}) cannot be reached from the first step; point a \"next\" at it or remove it",
        "ja": "手順 {number} ({step}) には最初の手順から到達できません。どこかの next から参照するか削除してください",
    },
}

UI: dict[str, dict[str, str]] = {
    "summary": {
        "en": "procedures: {procedures} (covered {covered}, single owner {single_owner}, no owner {no_owner}), "
              "undocumented: {undocumented}; errors: {errors}, warnings: {warnings}",
        "ja": "手順 {procedures} 件: 複数担当 {covered}、単独担当 {single_owner}、担当者なし {no_owner}、"
              "未文書化 {undocumented}。エラー {errors} 件、警告 {warnings} 件",
    },
    "summary.unknown": {
        "en": "procedures: {procedures} (ownership unknown: _org.yaml could not be read), "
              "undocumented: {undocumented}; errors: {errors}, warnings: {warnings}",
        "ja": "手順 {procedures} 件: 担当状況は不明(_org.yaml を読めません)、"
              "未文書化 {undocumented}。エラー {errors} 件、警告 {warnings} 件",
    },
    "error": {"en": "error", "ja": "エラー"},
    "warning": {"en": "warning", "ja": "警告"},
}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _variant(problem: Finding) -> str | None:
    params = problem.params
    if problem.code == "review-overdue" and not params.get("due"):
        return "never"
    if problem.code == "unknown-step" and "title" in params:
        return "improvement"
    if problem.code in ("owner-leaving", "trainee-holder"):
        return str(params.get("role", "owner"))
    return params.get("kind") or params.get("reason")


def problem_message(problem: Finding, lang: str) -> str:
    """The problem's message in `lang` (ja or en; anything else falls back to en).
    Reporters and pages word every problem with this; a `Problem` does not word itself."""
    lang = lang if lang in LANGUAGES else FALLBACK
    variant = _variant(problem)
    key = f"{problem.code}/{variant}" if variant and f"{problem.code}/{variant}" in CATALOG else problem.code
    params: dict[str, Any] = _Blank(problem.params)
    params.update(_derived(problem.params, lang))
    if not problem.params.get("suggestion") and problem.code in _REFERENCE_FIXES:
        params["ref_fix_ja"], params["ref_fix_en"] = _REFERENCE_FIXES[problem.code]
    return CATALOG[key][lang].format_map(params)


_REFERENCE_FIXES = {  # what to do about a reference that names nothing known, when no close id is known
    "unknown-person": ("_org.yaml の people に追加するか、綴りを直してください",
                       "add the person to people in _org.yaml or fix the spelling"),
    "unknown-department": ("_org.yaml の departments に追加するか、綴りを直してください",
                           "add the department to departments in _org.yaml or fix the spelling"),
    "unknown-step": ("行き先をこの手順にある ID に直してください", "write one of this procedure's step ids"),
    "unknown-procedure": ("ID を直すか、related から外してください", "fix the id or remove it from related"),
}


_LISTS = {  # list field -> (Japanese noun, English noun) for "手順 2 (approve)" / "step 2 (approve)"
    "steps": ("手順", "step"), "people": ("人", "person"), "departments": ("部門", "department"),
    "procedures": ("棚卸しの項目", "inventory entry"), "references": ("参考資料", "reference"),
    "next": ("行き先", "next entry"), "trainees": ("研修中の人", "trainee"), "improvements": ("改善", "improvement"),
}
_KINDS = {  # a value's kind (schemas._kind_of) in words
    "text": ("文字", "text"), "number": ("数", "a number"), "list": ("一覧", "a list"),
    "mapping": ("「項目名: 値」の組", "a set of \"name: value\" fields"), "blank": ("空欄", "nothing"),
    "yes-no": ("真偽値(true/false)", "yes/no (true/false)"),
}
_TYPES = {  # JSON Schema type -> what to write, in words
    "string": ("文字", "text"), "integer": ("整数", "a whole number"), "number": ("数", "a number"),
    "array": ("一覧(例: [a, b] または「- 」で始まる行)", "a list ([a, b], or lines starting with \"- \")"),
    "object": ("「項目名: 値」の組", "\"name: value\" fields"), "boolean": ("true か false", "true or false"),
    "null": ("空欄", "nothing"),
}
_WHOLE_FILE = {  # what a whole file that is not "name: value" fields is, in words (schema/not-mapping)
    "text": ("1行の文になっています", "a single line of text"), "number": ("1つの数になっています", "a single number"),
    "list": ("一覧(- で始まる行)になっています", "a list (lines starting with \"- \")"), "blank": ("空です", "empty"),
    "yes-no": ("true か false の1語になっています", "a single true or false"),
}
_NUMBER_REASONS = {
    "fullwidth": ("全角の数字です", "uses full-width digits"),
    "colon": ("「時:分」の形です(分だけで書きます)", "is a time of day form (write minutes only)"),
    "unit": ("単位が付いています", "has a unit"),
    "negative": ("負の数です", "is negative"),
    "comma": ("桁区切りのカンマが付いています", "has a thousands separator"),
    "fraction": ("小数です", "has a fraction"),
    "not-number": ("数として読めません", "is not a number"),
}
_TAGS = {"!!bool": ("真偽値(true/false)", "true or false"), "!!int": ("整数", "a whole number"),
         "!!float": ("数", "a number"), "!!timestamp": ("日付(YYYY-MM-DD)", "a date (YYYY-MM-DD)"),
         "!!null": ("空欄", "blank")}


def place(parts: Any, lang: str) -> str:
    """Where a value is, in words: `手順 2 (approve) の title` / `title of step 2 (approve)`.
    `parts` as schemas.place_of gives them; empty means the whole file."""
    if not parts:
        return "ファイル全体" if lang == "ja" else "the file"
    words = []
    for part in parts:
        if isinstance(part, (list, tuple)):
            name, number, label = part
            noun_ja, noun_en = _LISTS.get(name, (f"{name} の", f"{name} item"))
            word = f"{noun_ja if lang == 'ja' else noun_en} {number}" + (f" ({label})" if label else "")
            if lang == "ja" and name not in _LISTS:
                word = f"{name} の {number} 件目" + (f" ({label})" if label else "")
            words.append(word)
        else:
            words.append(str(part))
    return " の ".join(words) if lang == "ja" else " of ".join(reversed(words))


def _quoted(value: str) -> str:
    return f"'{value}'" if '"' in value else f'"{value}"'


def _derived(params: Any, lang: str) -> dict[str, str]:
    """Optional clauses and words that read differently per language."""
    out = {}
    guess = params.get("guess")
    out["guess_en"] = f"; it looks like {guess}" if guess else ""
    out["guess_ja"] = f"。{guess} で保存されているようです" if guess else ""
    day = params.get("date")
    out["date_en"] = f" on {day}" if day else ""
    out["date_ja"] = f"({day})" if day else ""
    status = params.get("status")
    if status:
        out["status_en"] = {"idea": "an idea", "planned": "planned", "doing": "in progress"}.get(status, status)
        out["status_ja"] = {"idea": "案の段階", "planned": "計画済みで未着手", "doing": "実施中"}.get(status, status)
    if "candidates" in params:
        names = list(params["candidates"])  # (name, person id) pairs
        out["candidates_en"] = ", ".join(f"{n} ({i})" for n, i in names) or "nobody else in the department; look outside it"
        out["candidates_ja"] = "、".join(f"{n}({i})" for n, i in names) or "部門内にいません。部門外から選んでください"
    if "days" in params:
        days = int(params["days"])
        out["days_en"] = f" (in {days} days)" if days >= 0 else f" ({-days} days ago)"
        out["days_ja"] = f"(あと {days} 日)" if days >= 0 else f"({-days} 日前に過ぎています)"
    field = params.get("field")
    if "place" in params:
        out["place"] = place(params["place"], lang)
    elif "field" in params:
        out["place"] = field or place((), lang)
    out["where"] = f"{out['place']}: " if params.get("place") else ""
    out["where_ja"] = f"{out['place']} に" if params.get("place") else ""
    if "field" in params and not field:
        out["field"] = place((), lang)
    suggestion = params.get("suggestion")
    out["suggest_en"] = f" (did you mean \"{suggestion}\"?)" if suggestion else ""
    out["suggest_ja"] = f"。「{suggestion}」のことなら、そう書いてください" if suggestion else ""
    out["suggest_number_en"] = f"; write {suggestion}" if suggestion not in (None, "") else ""
    out["suggest_number_ja"] = f"。{suggestion} と書いてください" if suggestion not in (None, "") else "。"
    has_fraction = re.search(r"[0-9][.][0-9]", unicodedata.normalize("NFKC", str(params.get("found", ""))))
    if suggestion in (None, "") and has_fraction and params.get("whole", True) and params.get("kind") == "number":
        out["suggest_number_en"], out["suggest_number_ja"] = "; write a whole number", "。整数で書いてください"
    out["suggest_date_en"] = f"; write {suggestion}" if suggestion else ""
    out["suggest_date_ja"] = f"。{suggestion} と書いてください" if suggestion else "(例: 2026-04-01)"
    reason_ja, reason_en = _NUMBER_REASONS.get(params.get("reason", ""), ("", ""))
    out["reason_ja"], out["reason_en"] = reason_ja, reason_en
    whole, minimum = params.get("whole", True), params.get("minimum", 0)
    out["number_ja"] = f"{minimum}以上の整数" if whole else f"{minimum}以上の数"
    out["number_en"] = f"a whole number of at least {minimum}" if whole else f"a number of at least {minimum}"
    found_kind = params.get("found_kind", "")
    out["found_ja"], out["found_en"] = _KINDS.get(found_kind, (params.get("found", ""),) * 2)
    out["whole_ja"], out["whole_en"] = _WHOLE_FILE.get(params.get("found", ""), ("「項目名: 値」の形ではありません", "something else"))
    if found_kind in ("text", "number"):
        out["found_ja"] = f"「{params.get('found')}」"
        out["found_en"] = f"\"{params.get('found')}\""
    expected = str(params.get("expected", "")).split(" or ")
    names = [_TYPES.get(e, (e, e)) for e in expected if e != "null"] or [("", "")]
    out["expected_ja"] = "か".join(n[0] for n in names)
    out["expected_en"] = " or ".join(n[1] for n in names)
    text_expected = "string" in expected
    out["hint_ja"] = ("。値が「[」や「{」で始まる文字なら、値全体を引用符で囲んでください"
                      if text_expected and found_kind in ("list", "mapping") else "")
    out["hint_en"] = ("; text starting with [ or { must be put in quotes"
                      if text_expected and found_kind in ("list", "mapping") else "")
    out["space_ja"] = "全角スペース「　」" if params.get("space") == "fullwidth" else "空白"
    out["space_en"] = "a full-width space" if params.get("space") == "fullwidth" else "spaces"
    tag_ja, tag_en = _TAGS.get(params.get("tag", ""), ("値", "a value"))
    out["tag_ja"], out["tag_en"] = tag_ja, tag_en
    value = params.get("value")
    if isinstance(value, str):
        out["quoted"] = _quoted(value)
    if suggestion:
        out["ref_fix_ja"] = f"「{suggestion}」のことなら、そう書いてください"
        out["ref_fix_en"] = f"did you mean \"{suggestion}\"?"  # else problem_message words it per code
    return out


def ui(key: str, lang: str, **params: Any) -> str:
    """A line of `tebiki check` itself (the summary), in `lang`."""
    lang = lang if lang in LANGUAGES else FALLBACK
    if key == "summary" and params.get("covered") is None:
        key = "summary.unknown"  # _org.yaml could not be read: ownership is unknown
    return UI[key][lang].format(**params)
