#!/usr/bin/env bash
# Main job: set up, generate the student releases, grade the example class, print scores, write feedback.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python -m examples.demo --out build/demo "$@"
