"""load_checked: every data-file mistake names the file and, where there is one, the line."""

from __future__ import annotations

import pytest

from core.checked_yaml import DataFileError, load_checked

SCHEMA = {
    "type": "object",
    "required": ["version", "teams"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "teams": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 1}}}},
    },
}


def _check(tmp_path, text: str | bytes):
    path = tmp_path / "teams.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return load_checked(path, SCHEMA)


def test_a_good_file_loads_as_plain_mappings(tmp_path):
    data = _check(tmp_path, "version: 1\nteams:\n  duty:\n    name: duty team\n")
    assert data == {"version": 1, "teams": {"duty": {"name": "duty team"}}}


@pytest.mark.parametrize("text, expected", [
    ("version: 1\nteams:\n  duty:\n    name: ''\n", "teams.yml line 4: teams/duty/name: '' is too short"),
    ("version: 1\nteams:\n  duty:\n    nmae: x\n", "teams.yml line 4: teams/duty: missing 'name'"),
    ("version: 1\nteams: {}\ncolour: red\n", "teams.yml line 3: top level: Additional properties are not allowed"),
    ("version: 2\nteams: {}\n", "teams.yml line 1: version: 1 was expected"),
    ("", "teams.yml line 1: top level: the file is empty"),
    ("version: 1\nteams: [oops\n", "teams.yml line 3: YAML syntax error"),
])
def test_a_mistake_names_the_line(tmp_path, text, expected):
    with pytest.raises(DataFileError) as error:
        _check(tmp_path, text)
    assert expected in str(error.value)


def test_unreadable_files_name_the_file(tmp_path):
    with pytest.raises(DataFileError, match="teams.yml: not UTF-8"):
        _check(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\xff")
    with pytest.raises(DataFileError, match="nowhere.yml: cannot read"):
        load_checked(tmp_path / "nowhere.yml", SCHEMA)


def test_the_caller_chooses_the_error_and_the_words(tmp_path):
    class TeamsError(ValueError):
        pass

    path = tmp_path / "teams.yml"
    path.write_text("version: 1\nteams:\n  duty:\n    name: ''\n")
    with pytest.raises(TeamsError, match="line 4: teams/duty/name: give the team a name"):
        load_checked(path, SCHEMA, error=TeamsError, explain=lambda problem: "give the team a name")
