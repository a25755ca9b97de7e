"""Read the editors' files into typed models: modules from `content/`, paths from `paths/`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from portal.model import schema_errors
from portal.checks.links import Link, find_links
from portal.model.messages import say
from portal.model.problems import Problems
from portal.model.schema import SLUG, LearningPath, ModuleMeta
from portal.model.yamlsource import Located, YamlError, parse


@dataclass
class Module:
    id: str
    source: Path                 # content/<id>.md or content/<id>/index.md
    meta: ModuleMeta
    body: str
    body_line: int               # file line of the body's first line
    links: list[Link] = field(default_factory=list)
    lines: Located | None = None

    @property
    def folder(self) -> Path:
        return self.source.parent

    @property
    def source_dir(self) -> str:
        """The module file's folder relative to `content/`: "" or the id."""
        return self.id if self.source.name == "index.md" else ""


@dataclass
class PathSource:
    role: str
    source: Path
    path: LearningPath
    lines: Located


@dataclass
class Sources:
    modules: dict[str, Module]
    paths: dict[str, PathSource]
    module_ids: frozenset[str] = frozenset()   # every module file's id, valid front matter or not


def load_sources(content_dir: Path, paths_dir: Path, problems: Problems) -> Sources:
    """Read every module and path; problems are collected, never raised."""
    if not content_dir.is_dir():
        problems.error(content_dir, 1, "content", say("folder_not_found"))
    if not paths_dir.is_dir():
        problems.error(paths_dir, 1, "paths", say("folder_not_found"))
    module_ids = frozenset(module_id for module_id, _ in module_files(content_dir))
    return Sources(load_modules(content_dir, problems), load_paths(paths_dir, problems), module_ids)


def module_files(content_dir: Path) -> list[tuple[str, Path]]:
    """`(id, file)` for every `content/<id>.md` and `content/<id>/index.md`."""
    found = []
    if not content_dir.is_dir():
        return found
    for entry in sorted(content_dir.iterdir()):
        if entry.is_file() and entry.suffix == ".md":
            found.append((entry.stem, entry))
        elif entry.is_dir() and (entry / "index.md").is_file():
            found.append((entry.name, entry / "index.md"))
    return found


def load_modules(content_dir: Path, problems: Problems) -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for module_id, file in module_files(content_dir):
        if not SLUG.match(module_id):
            problems.error(file, 1, "id", say("module_id_slug", id=module_id))
            continue
        if module_id in modules:
            other = problems.name(modules[module_id].source)
            problems.error(file, 1, "id", say("duplicate_module", id=module_id, other=other))
            continue
        module = load_module(module_id, file, problems)
        if module is not None:
            modules[module_id] = module
    return modules


def read_text(file: Path, problems: Problems) -> str | None:
    """The file as UTF-8 text, or None after reporting why it cannot be read."""
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = file.read_bytes()[: exc.start].count(b"\n") + 1
        problems.error(file, line, "encoding", say("not_utf8"))
    except OSError as exc:
        problems.error(file, 1, "file", say("cannot_read", reason=exc.strerror or exc))
    return None


def load_module(module_id: str, file: Path, problems: Problems) -> Module | None:
    text = read_text(file, problems)
    if text is None:
        return None
    split = split_front_matter(text)
    if split is None:
        problems.error(file, 1, "front matter", say("front_matter_missing"))
        return None
    if isinstance(split, int):
        problems.error(file, 1, "front matter", say("front_matter_open", line=split))
        return None
    yaml_text, body, body_line = split
    located = _parse(yaml_text, file, problems, first_line=2)
    if located is None:
        return None
    meta = _validate(ModuleMeta, located, file, problems, "front matter")
    if meta is None:
        return None
    return Module(module_id, file, meta, body, body_line, find_links(body), located)


def split_front_matter(text: str) -> tuple[str, str, int] | int | None:
    """`(yaml, body, body_line)`; None without front matter; 1 when it is not closed."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return 1


def load_paths(paths_dir: Path, problems: Problems) -> dict[str, PathSource]:
    paths: dict[str, PathSource] = {}
    seen: dict[str, Path] = {}
    if not paths_dir.is_dir():
        return paths
    for file in sorted(paths_dir.iterdir()):
        if file.suffix not in (".yml", ".yaml") or not file.is_file():
            continue
        role = file.stem
        if not SLUG.match(role):
            problems.error(file, 1, "role", say("path_file_slug", name=file.name))
            continue
        if role in seen:
            problems.error(file, 1, "role", say("duplicate_path", role=role, other=problems.name(seen[role])))
            continue
        seen[role] = file
        text = read_text(file, problems)
        located = _parse(text, file, problems) if text is not None else None
        if located is None:
            continue
        path = _validate(LearningPath, located, file, problems, "path")
        if path is not None:
            paths[role] = PathSource(role, file, path, located)
    return paths


def _parse(text: str, file: Path, problems: Problems, first_line: int = 1) -> Located | None:
    try:
        located = parse(text, first_line)
    except YamlError as exc:
        problems.error(file, exc.line, "yaml", say("malformed_yaml", problem=exc.message.removeprefix("malformed YAML: ")))
        return None
    for loc, line in located.duplicates:
        problems.error(file, line, schema_errors.field_name(loc), say("duplicate_key"))
    return located


def _validate(model: type[BaseModel], located: Located, file: Path, problems: Problems, what: str):
    if not isinstance(located.data, dict):
        problems.error(file, located.first_line, what, say("not_a_mapping", found=_kind_of(located.data)))
        return None
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        schema_errors.report(exc, model, located, file, problems)
        return None


def _kind_of(data) -> str:
    """What an editor wrote instead of fields, in words: a list or text."""
    return say("type_list") if isinstance(data, list) else say("type_text")
