"""Staff passwords: scrypt with a per-user salt (PBKDF2-SHA256 hashes are also accepted).

Stored form: `scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>` or `pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # bounds the work one login attempt can cause


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check; a malformed stored hash never matches."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        scheme, *parts = stored.split("$")
        if scheme == "scrypt" and len(parts) == 5:
            n, r, p = (int(value) for value in parts[:3])
            if n > 2**17 or r > 16 or p > 4:  # refuse hashes that would exhaust memory
                return False
            expected = _unb64(parts[4])
            actual = hashlib.scrypt(password.encode("utf-8"), salt=_unb64(parts[3]), n=n, r=r, p=p,
                                    dklen=len(expected), maxmem=2**27)
        elif scheme == "pbkdf2_sha256" and len(parts) == 3:
            expected = _unb64(parts[2])
            actual = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), _unb64(parts[1]), int(parts[0]),
                                         dklen=len(expected))
        else:
            return False
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must be at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"the password must be at most {MAX_PASSWORD_LENGTH} characters"
    return None


# Checked when a username is unknown, so a wrong name takes as long as a wrong password.
_DECOY_HASH: str | None = None  # made on first use, not at import


def decoy_hash() -> str:
    global _DECOY_HASH
    if _DECOY_HASH is None:
        _DECOY_HASH = hash_password(secrets.token_urlsafe(16))
    return _DECOY_HASH


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
