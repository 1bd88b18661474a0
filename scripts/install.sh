#!/usr/bin/env bash
# Create .venv with the machine's Python 3.11 and install the exact lock.
# Idempotent: a stamp file holds the lock's hash, so a second run with nothing changed is instant.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=requirements.lock
STAMP=.venv/.lock-installed
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
want=$(sha256sum "$LOCK" | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x .venv/bin/python ]; then
  exit 0
fi
version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ "$version" != "3.11" ]; then
  echo "Front Door needs Python 3.11 (found $version as $PYTHON). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
echo "Installing Front Door's dependencies into .venv (first time: a few minutes, about 3 GB) ..."
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# --no-deps: Rasa 3.6's own metadata pins packages with no Python 3.11 build; the lock is complete.
.venv/bin/python -m pip install --disable-pip-version-check --no-deps --ignore-requires-python -r "$LOCK"
echo "$want" > "$STAMP"
echo "Dependencies installed."
