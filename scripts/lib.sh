# Shared helpers for the stack scripts. Source it; do not run it.
# shellcheck shell=bash

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="${WSA_LOCAL_DIR:-$ROOT_DIR/.local}"
# shellcheck source=../versions.env
source "$ROOT_DIR/versions.env"

step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Prints JAVA_HOME of the newest JDK under /usr/lib/jvm whose feature release is at least
# $ZEEBE_MIN_JAVA. The Debian default (17) cannot run the broker.
find_java_home() {
  local best="" best_ver=0 dir ver
  for dir in /usr/lib/jvm/*/; do
    dir="${dir%/}"
    [ -x "$dir/bin/java" ] || continue
    [ -L "$dir" ] && continue
    ver=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
    ver="${ver%%.*}"
    [[ "$ver" =~ ^[0-9]+$ ]] || continue
    if [ "$ver" -ge "$ZEEBE_MIN_JAVA" ] && [ "$ver" -gt "$best_ver" ]; then
      best="$dir"; best_ver="$ver"
    fi
  done
  [ -n "$best" ] && echo "$best"
}

zeebe_home() { echo "$LOCAL_DIR/zeebe/camunda-zeebe-$ZEEBE_VERSION"; }
exporter_jar() { echo "$LOCAL_DIR/zeebe/zeebe-redis-exporter-$ZEEBE_REDIS_EXPORTER_VERSION-jar-with-dependencies.jar"; }
