"""YAML that remembers where every key and item stands, so errors can name a line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Loc = tuple[str | int, ...]
FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml's parser when available


class YamlError(Exception):
    """Malformed YAML: carries the 1-based line of the problem."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Located:
    """Plain data plus the line of every key (by its path of keys and indexes)."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    duplicates: list[tuple[Loc, int]] = field(default_factory=list)
    first_line: int = 1

    def line(self, loc: Loc) -> int:
        """The line of the deepest part of `loc` that exists in the file."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.first_line


def parse(text: str, first_line: int = 1) -> Located:
    """Parse one YAML document; `first_line` shifts line numbers (front matter)."""
    loader = FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, first_line=first_line)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + first_line
        raise YamlError(line, f"malformed YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, f"malformed YAML: {exc}") from None
    finally:
        loader.dispose()
    located = Located(data, first_line=first_line)
    _record(node, (), located, first_line)
    return located


def _record(node: yaml.Node, loc: Loc, out: Located, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + offset
            if key in seen:
                out.duplicates.append((loc + (key,), line))
            seen.add(key)
            out.lines[loc + (key,)] = line
            _record(value_node, loc + (key,), out, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out.lines[loc + (index,)] = item.start_mark.line + offset
            _record(item, loc + (index,), out, offset)
