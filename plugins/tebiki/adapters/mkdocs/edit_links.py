"""The edit button of a generated page opens its YAML file, through MkDocs' own
`File.edit_uri`: `repo_url`, `edit_uri` and `edit_uri_template` then apply to it as
to any page. The path itself is engine-free (`siteplan.edit_uri`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig

from ...siteplan import edit_uri


def edit_button_works(config: MkDocsConfig) -> bool:
    """MkDocs makes a working edit link from `repo_url`, or from an `edit_uri` /
    `edit_uri_template` that is itself a full URL; anything else would be a broken,
    site-relative link, so the handbook's pages then get none."""
    target = config.edit_uri_template or config.edit_uri
    if not target:
        return False
    return bool(config.repo_url) or bool(urlsplit(target).scheme and urlsplit(target).netloc)


@dataclass(frozen=True)
class EditLinks:
    """Where the edit buttons of one build's generated pages point."""

    root: Path  # the folder of mkdocs.yml
    docs_dir: Path
    works: bool  # `edit_button_works` for this configuration

    @classmethod
    def of(cls, config: MkDocsConfig, root: Path) -> "EditLinks":
        return cls(root, Path(config.docs_dir), edit_button_works(config))

    def uri(self, edit_file: str | None) -> str | None:
        """`File.edit_uri` of a page made from `edit_file` (relative to `root`); None: no button."""
        return edit_uri(edit_file, self.root, self.docs_dir) if self.works else None
