#!/usr/bin/env bash
# A student's JupyterLab: the Assignment List (fetch, submit, fetch feedback) and Validate, no instructor tools.
# Usage: bash scripts/student-lab.sh [FOLDER] [jupyter lab options...]
#   FOLDER  where fetched assignments and feedback go (default ~/practical-deep-learning; created if missing)
# Environment: COURSE_EXCHANGE (the exchange folder, when it is not the course's exchange/),
#              COURSE_STUDENT (the name submissions carry, when it is not your Unix user name).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
folder="${1:-$HOME/practical-deep-learning}"
[ $# -gt 0 ] && shift
[ -x "$repo/.venv/bin/jupyter" ] || bash "$repo/scripts/bootstrap.sh"
mkdir -p "$folder"
export JUPYTER_CONFIG_DIR="$repo/classroom/student"
# Settings and workspaces stay the user's own, not in the shared classroom/ folder.
export JUPYTERLAB_SETTINGS_DIR="${JUPYTERLAB_SETTINGS_DIR:-$HOME/.jupyter/lab/user-settings}"
export JUPYTERLAB_WORKSPACES_DIR="${JUPYTERLAB_WORKSPACES_DIR:-$HOME/.jupyter/lab/workspaces}"
export PATH="$repo/.venv/bin:$PATH"
root=()
[ "$(id -u)" -eq 0 ] && root=(--allow-root)
cd "$folder"
exec "$repo/.venv/bin/jupyter" lab --ServerApp.root_dir="$PWD" "${root[@]}" "$@"
