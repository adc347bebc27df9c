"""Why a file could not be read or written, in the user's language (rule 9): the
operating system's own text (`Permission denied`) is English whatever the handbook's
language, so the usual causes are worded here by errno."""

from __future__ import annotations

import errno

WORDS = {
    errno.EACCES: ("権限がありません", "permission denied"),
    errno.EPERM: ("権限がありません", "operation not permitted"),
    errno.ENOENT: ("ファイルかフォルダがありません", "no such file or folder"),
    errno.ENOTDIR: ("途中がフォルダではありません", "a part of the path is not a folder"),
    errno.EISDIR: ("フォルダです(ファイル名を指定してください)", "it is a folder (give a file name)"),
    errno.ENOSPC: ("ディスクの空きがありません", "no space left on the disk"),
    errno.EROFS: ("読み取り専用の場所です", "the place is read-only"),
    errno.EEXIST: ("同じ名前のものがあります", "something of that name is already there"),
    errno.ENAMETOOLONG: ("名前が長すぎます", "the name is too long"),
}


def os_reason(error: OSError, lang: str) -> str:
    """A short reason for `error` in `lang` (ja or en)."""
    ja, en = WORDS.get(error.errno or 0, ("読み書きできませんでした", error.strerror or str(error)))
    return ja if lang == "ja" else en
