#!/usr/bin/env bash
# Set up and run the whole test suite (extra arguments go to pytest), then the numeric tests again under the
# CPU kernels of another machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
# The browser tests (marker `browser`) drive the distribution's Chromium through Playwright. Where this runs as
# root on Debian (CI), install it; elsewhere those tests skip and say why.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" -eq 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; then
    echo "== installing Debian's chromium for the browser tests"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
        || echo "== chromium could not be installed: the browser tests will skip"
fi
# The slowest tests are listed at the end of each run: CI's time budget is watched there.
.venv/bin/python -m pytest --durations=20 "$@"

# The last digits of a long training run or a BLAS sum depend on which SIMD kernels numpy dispatches to and
# which OpenBLAS kernels it loads. A test that holds only for this machine's digits would fail on a student's
# (or CI's) machine, so the tests marked `numeric` run again with the kernels of an AVX2 machine without
# AVX-512. On an AVX-512 machine this changes last digits (and the Regularization baseline's accuracies).
if [ "$(uname -m)" != x86_64 ]; then
    echo "== not an x86_64 machine: the numeric tests are not run again under other kernels"
    exit 0
fi
marks=numeric
args=("$@")
for i in "${!args[@]}"; do   # keep the caller's -m selection, narrowed to the numeric tests
    case "${args[$i]}" in
        -m) marks="numeric and (${args[$((i + 1))]})" ;;
        -m?*) marks="numeric and (${args[$i]#-m})" ;;
    esac
done
alt_npy="X86_V4 AVX512_ICL AVX512_SPR"
alt_blas=Haswell
echo "== tests marked $marks, again with NPY_DISABLE_CPU_FEATURES=\"$alt_npy\" OPENBLAS_CORETYPE=$alt_blas"
status=0
NPY_DISABLE_CPU_FEATURES="$alt_npy" OPENBLAS_CORETYPE="$alt_blas" .venv/bin/python -m pytest --durations=10 "$@" -m "$marks" || status=$?
# 5: the caller's selection holds no numeric test
[ "$status" -eq 5 ] && exit 0
exit "$status"
