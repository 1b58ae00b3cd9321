# Shared helpers for the stack scripts. Source it; do not run it.
# shellcheck shell=bash

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="${WSA_LOCAL_DIR:-$ROOT_DIR/.local}"
# shellcheck source=../versions.env
source "$ROOT_DIR/versions.env"

step() { if [ -t 2 ]; then printf '\033[1m==> %s\033[0m\n' "$*" >&2; else printf '==> %s\n' "$*" >&2; fi; }
info() { printf '    %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# run_step LABEL COMMAND...: a long step (download, build) with a line before, a line every
# 15 s while it runs (its own output is mostly quiet) and the elapsed seconds after.
run_step() {
  local label="$1" t0 rc=0 ticker
  shift
  step "$label"
  t0=$(date +%s)
  ( while sleep 15; do info "... still working ($(( $(date +%s) - t0 ))s)"; done ) &
  ticker=$!
  "$@" || rc=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  if [ "$rc" -ne 0 ]; then
    printf 'error: %s failed after %ss\n' "$label" "$(( $(date +%s) - t0 ))" >&2
    return "$rc"
  fi
  info "done in $(( $(date +%s) - t0 ))s"
}

# Prints JAVA_HOME of the JDK the engine host runs on: the oldest feature release under
# /usr/lib/jvm that is at least $ENGINE_MIN_JAVA (the release Operaton is built and tested for,
# rather than whatever newest JDK is installed beside it).
find_java_home() {
  local best="" best_ver=0 dir ver
  for dir in /usr/lib/jvm/*/; do
    dir="${dir%/}"
    [ -x "$dir/bin/java" ] || continue
    [ -L "$dir" ] && continue
    ver=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
    ver="${ver%%.*}"
    [[ "$ver" =~ ^[0-9]+$ ]] || continue
    if [ "$ver" -ge "$ENGINE_MIN_JAVA" ] && { [ "$best_ver" = 0 ] || [ "$ver" -lt "$best_ver" ]; }; then
      best="$dir"; best_ver="$ver"
    fi
  done
  [ -n "$best" ] && echo "$best"
}
