"""The root `mkdocs.yml`: read it without losing custom tags, and write per-role configs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from portal.model.yamlsource import YamlError


YAML_BREAKS = ("\x85", "\u2028", "\u2029")


class Tagged:
    """A value under a custom YAML tag (`!ENV`, `!!python/name:...`), kept verbatim."""

    def __init__(self, tag: str, value: Any):
        self.tag, self.value = tag, value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tagged) and (self.tag, self.value) == (other.tag, other.value)

    def __repr__(self) -> str:
        return f"Tagged({self.tag!r}, {self.value!r})"


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):   # libyaml's emitter: same text, 6x faster
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)


def read_config(file: Path) -> dict[str, Any]:
    """The root settings as plain data (custom tags kept as `Tagged`)."""
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise YamlError(1, "file not found") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError((mark.line + 1) if mark else 1, f"malformed YAML: {exc.problem}") from None
    if not isinstance(data, dict):
        raise YamlError(1, "expected a mapping of settings")
    return data


def dump_config(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def dump_front_matter(meta: dict[str, Any], body: str) -> str:
    """Front matter as one line of JSON: valid YAML, and far faster to write than YAML."""
    text = json.dumps(meta, ensure_ascii=False)
    for char in YAML_BREAKS:          # line breaks to YAML, not to JSON: keep them escaped
        text = text.replace(char, f"\\u{ord(char):04x}")
    return "---\n" + text + "\n---\n" + body
