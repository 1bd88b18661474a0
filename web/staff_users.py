"""Staff accounts in a YAML (or JSON) file named by FRONTDOOR_STAFF_USERS.

    users:
      - username: alice
        password_hash: "scrypt$16384$8$1$...$..."

The file is re-read when it changes, so `python -m web add-staff` takes effect without a restart.
There is no default account and no default password.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml

from web.passwords import decoy_hash, hash_password, verify_password

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")


class StaffUsersError(ValueError):
    """The users file cannot be read or the username is not allowed."""


def normalise_username(username: str) -> str:
    return username.strip().lower()


def valid_username(username: str) -> bool:
    return bool(USERNAME.match(normalise_username(username)))


class StaffUsers:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._seen: tuple[float, int] | None = None
        self._hashes: dict[str, str] = {}

    def usernames(self) -> list[str]:
        return sorted(self._load())

    def any(self) -> bool:
        try:
            return bool(self._load())
        except StaffUsersError:
            return False

    def check(self, username: str, password: str) -> bool:
        """True when the password is right; as slow for unknown users as for known ones."""
        try:
            stored = self._load().get(normalise_username(username))
        except StaffUsersError:
            stored = None
        if stored is None:
            verify_password(password, decoy_hash())
            return False
        return verify_password(password, stored)

    def set_password(self, username: str, password: str) -> None:
        name = normalise_username(username)
        if not valid_username(name):
            raise StaffUsersError("a username is 1-64 letters, digits, dots, dashes, underscores or @")
        hashes = dict(self._load())
        hashes[name] = hash_password(password)
        self._write(hashes)

    def _load(self) -> dict[str, str]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._seen, self._hashes = None, {}
            return {}
        stamp = (stat.st_mtime, stat.st_size)
        if stamp != self._seen:
            self._hashes = _parse(self.path)
            self._seen = stamp
        return self._hashes

    def _write(self, hashes: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        document = {"users": [{"username": name, "password_hash": hashes[name]} for name in sorted(hashes)]}
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".staff-users-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write("# Front Door staff accounts: add or reset with `python -m web add-staff NAME`.\n")
                yaml.safe_dump(document, out, sort_keys=False)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, 0o600)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self._seen = None


def _parse(path: Path) -> dict[str, str]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise StaffUsersError(f"{path}: cannot read the staff users file ({type(error).__name__})") from error
    users = document.get("users", []) if isinstance(document, dict) else None
    if not isinstance(users, list):
        raise StaffUsersError(f"{path}: expected `users:` with a list of username and password_hash")
    hashes = {}
    for entry in users:
        if not (isinstance(entry, dict) and isinstance(entry.get("username"), str)
                and isinstance(entry.get("password_hash"), str)):
            raise StaffUsersError(f"{path}: each user needs a username and a password_hash")
        hashes[normalise_username(entry["username"])] = entry["password_hash"]
    return hashes
