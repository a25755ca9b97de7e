"""Problems found in the sources: each names its file, line and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from portal.model.messages import say

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        prefix = f"{say('warning')}: " if self.severity == WARNING else ""
        return f"{self.file}:{self.line}: {self.field}: {prefix}{self.message}"


@dataclass
class Problems:
    """Collects every problem so the editor sees them all at once."""

    root: Path | None = None
    items: list[Problem] = field(default_factory=list)

    def name(self, path: Path | str) -> str:
        """Show a path relative to the project root when it lies inside it."""
        path = Path(path)
        if self.root is not None:
            try:
                return str(path.resolve().relative_to(self.root.resolve()))
            except ValueError:
                pass
        return str(path)

    def error(self, file: Path | str, line: int, field: str, message: str) -> None:
        self.items.append(Problem(self.name(file), line, field, message, ERROR))

    def warn(self, file: Path | str, line: int, field: str, message: str) -> None:
        self.items.append(Problem(self.name(file), line, field, message, WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.file, p.line, p.field, p.message))
