"""Reading a data file that people edit (YAML) against a JSON schema, with errors that name the line.

Council staff edit these files, not code; a mistake must stop start-up with a message they can act on:
    hours.yml line 24: teams/duty_team/opening_hours/monday: '9am to 5pm' should be written like "09:00-17:00" or closed

`load_checked(path, schema)` returns the data as ruamel's round-trip mappings and lists (dict and
list subclasses) so a caller's own checks after the schema can name lines too, with `line_of`.
Generalised from bot/triage/rules_file.py, which reads rules.yml the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

MAX_BYTES = 5_000_000


class DataFileError(ValueError):
    """A data file is missing, is not YAML, or fails its schema; the message names the file and line."""


Explain = Callable[[jsonschema.ValidationError], str]


def load_checked(path: str | Path, schema: dict, *, error: type[ValueError] = DataFileError,
                 explain: Explain | None = None, max_bytes: int = MAX_BYTES) -> Any:
    """The YAML in `path`, checked against the JSON schema `schema` (Draft 7).

    Raises `error` (a ValueError subclass of the caller's choosing) whose message starts with the
    file and, when there is one, the line: "<path> line <n>: <where>: <what is wrong>".
    `explain` turns a schema error into words for the file's editors (default: `in_words`).
    """
    source = Path(path)
    data = read_yaml(source, error=error, max_bytes=max_bytes)
    problem = first_problem(data, schema)
    if problem is not None:
        raise error(f"{source} line {problem_line(data, problem)}: {where(problem)}: "
                    f"{(explain or in_words)(problem)}")
    return data


def read_yaml(source: Path, *, error: type[ValueError] = DataFileError, max_bytes: int = MAX_BYTES) -> Any:
    """The YAML in `source` (round-trip types, so lines are known); `error` names the file, and the line
    of a syntax error."""
    try:
        raw = source.read_bytes()
    except OSError as problem:
        raise error(f"{source}: cannot read ({problem.strerror or problem})") from problem
    if len(raw) > max_bytes:
        raise error(f"{source}: the file is too large ({len(raw):,} bytes; at most {max_bytes:,})")
    try:
        return YAML(typ="rt").load(raw.decode("utf-8"))
    except UnicodeDecodeError as problem:
        raise error(f"{source}: not UTF-8 text ({problem.reason})") from problem
    except MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        line = mark.line + 1 if mark else 1
        raise error(f"{source} line {line}: YAML syntax error: {problem.problem or problem}") from problem
    except Exception as problem:  # ruamel raises a few unmarked errors on junk input
        raise error(f"{source}: not a YAML file ({problem})") from problem


def first_problem(data: Any, schema: dict) -> jsonschema.ValidationError | None:
    """The schema error nearest the top of the file; inside a oneOf/anyOf, the most relevant branch."""
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(data),
                    key=lambda e: (problem_line(data, e), len(e.absolute_path), e.message))
    return jsonschema.exceptions.best_match(errors[:1]) if errors else None


def problem_line(data: Any, problem: jsonschema.ValidationError) -> int:
    """The line to fix: for a key nobody expects, that key's own line rather than its mapping's."""
    path = list(problem.absolute_path)
    if problem.validator == "additionalProperties" and isinstance(problem.instance, dict):
        known = problem.schema.get("properties") or {}
        patterns = [re.compile(p) for p in problem.schema.get("patternProperties") or {}]
        extra = [key for key in problem.instance
                 if key not in known and not any(p.search(str(key)) for p in patterns)]
        if extra:
            path.append(extra[0])
    return line_of(data, path)


def where(problem: jsonschema.ValidationError) -> str:
    """The path to the failing entry, e.g. "teams/duty_team/opening_hours/monday"."""
    return "/".join(str(part) for part in problem.absolute_path) or "top level"


def in_words(problem: jsonschema.ValidationError) -> str:
    """A schema error in words an editor can act on."""
    if problem.instance is None and not problem.absolute_path:
        return "the file is empty"
    if problem.validator == "required":
        return f"missing '{problem.message.split(chr(39))[1]}'"
    if problem.validator == "additionalProperties":
        return f"{problem.message} (check the spelling of the key)"
    return problem.message


def line_of(data: Any, path: Sequence) -> int:
    """1-based line of the deepest node on `path` whose position ruamel recorded (1 when none is)."""
    node, line = data, 0
    for part in path:
        try:
            if isinstance(node, CommentedMap):
                line = node.lc.key(part)[0]
            elif isinstance(node, CommentedSeq):
                line = node.lc.item(part)[0]
            node = node[part]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    if isinstance(node, CommentedMap):
        line = node.lc.line
    return line + 1
