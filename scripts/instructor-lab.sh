#!/usr/bin/env bash
# An instructor's JupyterLab on a course root: formgrader (grades, manual grading, feedback) and the
# assignment-authoring tools; no student Assignment List.
# Usage: bash scripts/instructor-lab.sh [COURSE_ROOT] [jupyter lab options...]
#   COURSE_ROOT  the folder holding nbgrader_config.py, source/ and release/ (default: this repository)
# Environment: COURSE_EXCHANGE (the exchange folder, when it is not the course's exchange/).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
course="${1:-$repo}"
[ $# -gt 0 ] && shift
[ -x "$repo/.venv/bin/jupyter" ] || bash "$repo/scripts/bootstrap.sh"
if [ ! -f "$course/nbgrader_config.py" ]; then
    echo "$course is not a course root (no nbgrader_config.py)" >&2
    exit 2
fi
export JUPYTER_CONFIG_DIR="$repo/classroom/instructor"
# Settings and workspaces stay the user's own, not in the shared classroom/ folder.
export JUPYTERLAB_SETTINGS_DIR="${JUPYTERLAB_SETTINGS_DIR:-$HOME/.jupyter/lab/user-settings}"
export JUPYTERLAB_WORKSPACES_DIR="${JUPYTERLAB_WORKSPACES_DIR:-$HOME/.jupyter/lab/workspaces}"
export PATH="$repo/.venv/bin:$PATH"   # formgrader's gradebook runs the alembic beside this Python
# Our templates first: formgrader's grading page without MathJax from a CDN (classroom/share/nbconvert/templates).
export JUPYTER_PATH="$repo/classroom/share${JUPYTER_PATH:+:$JUPYTER_PATH}"
root=()
[ "$(id -u)" -eq 0 ] && root=(--allow-root)
cd "$course"
exec "$repo/.venv/bin/jupyter" lab --ServerApp.root_dir="$PWD" "${root[@]}" "$@"
