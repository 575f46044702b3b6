#!/usr/bin/env bash
# Create .venv (Python 3.11) with the pinned requirements and this project installed.
# Re-installs only when requirements.txt or pyproject.toml changed since the last run, and the project alone
# when its editable install names a clone that no longer exists.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1; then PY="$candidate"; break; fi
  done
fi
if [ -z "$PY" ] || ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  echo "This course needs Python 3.11 (found: ${PY:-none}). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv with $("$PY" --version)"
  "$PY" -m venv .venv
fi
want=$(.venv/bin/python -c 'import hashlib; print(hashlib.sha256(open("requirements.txt","rb").read() + open("pyproject.toml","rb").read()).hexdigest())')
if [ "$(cat .venv/.installed 2>/dev/null || true)" != "$want" ]; then
  echo "Installing pinned requirements into .venv (first run takes a minute or two)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
  echo "$want" > .venv/.installed
fi
# A .venv shared with another clone keeps pointing at that clone (tests share theirs with temporary copies
# this way); one whose clone is gone (the last set up was deleted) is pointed here.
venv_python="$(pwd)/.venv/bin/python"
if ! (cd / && "$venv_python" -c 'import autograder, utils' 2>/dev/null); then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
fi
