"""Where a build reads from and writes to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
THEME = PACKAGE / "theme"


@dataclass(frozen=True)
class Settings:
    root: Path          # the project: relative names in messages start here
    content: Path
    paths: Path
    config: Path        # the root mkdocs.yml every portal inherits
    out: Path           # site/: one folder per role and index.html
    stage: Path         # one staged MkDocs project per role
    theme: Path = THEME
    tracker: str | None = None   # `--tracker URL`; None: mkdocs.yml's extra.leerpad.tracker

    @classmethod
    def at(cls, root: Path, content=None, paths=None, config=None, out=None, stage=None,
           tracker: str | None = None) -> "Settings":
        """Defaults relative to `root`; the stage sits beside the output folder."""
        root = root.resolve()
        out = Path(out or root / "site").resolve()
        return cls(
            root=root,
            content=Path(content or root / "content").resolve(),
            paths=Path(paths or root / "paths").resolve(),
            config=Path(config or root / "mkdocs.yml").resolve(),
            out=out,
            stage=Path(stage or out.parent / ".stage" / out.name).resolve(),
            tracker=tracker,
        )
