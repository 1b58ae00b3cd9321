#!/usr/bin/env bash
# Installs whatever the local stack is missing. Idempotent: a second run only checks.
#   - Debian packages: postgresql-$POSTGRES_MAJOR, redis-server, chromium (browser tests; apt-get)
#   - a JDK >= $ZEEBE_MIN_JAVA (must already be under /usr/lib/jvm; Temurin on this machine kind)
#   - Zeebe broker distribution and the Redis exporter jar (Maven, cached in ~/.m2)
#   - npm dependencies (npm ci, only when package-lock.json changed)
#   - Python test tools (schemathesis) in .local/venv, only when their requirements changed
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$LOCAL_DIR/bin" "$LOCAL_DIR/zeebe"

t0=$(date +%s)

# --- Debian packages ---------------------------------------------------------------
if ! command -v redis-server >/dev/null 2>&1; then
  step "Installing redis-server (Debian package)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
  # Debian starts a system redis on 6379; the project runs its own instances.
  $SUDO systemctl disable --now redis-server >/dev/null 2>&1 || $SUDO service redis-server stop >/dev/null 2>&1 || true
fi
# PostgreSQL: the engine's state, the event outbox and the read model. The project runs its
# own cluster (scripts/stack/postgres.ts); the package's default cluster is not used.
if [ ! -x "/usr/lib/postgresql/$POSTGRES_MAJOR/bin/postgres" ]; then
  step "Installing postgresql-$POSTGRES_MAJOR (Debian package)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "postgresql-$POSTGRES_MAJOR" >/dev/null
  $SUDO systemctl disable --now postgresql >/dev/null 2>&1 || $SUDO service postgresql stop >/dev/null 2>&1 || true
fi
# The browser tests drive Debian's chromium through playwright-core (no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  step "Installing chromium (Debian package, for the browser tests)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# --- Java --------------------------------------------------------------------------
JAVA_HOME_FOUND="$(find_java_home || true)"
[ -n "$JAVA_HOME_FOUND" ] || die "no JDK >= $ZEEBE_MIN_JAVA under /usr/lib/jvm (Zeebe $ZEEBE_VERSION needs it)"
command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is required to fetch Zeebe"

# --- Zeebe broker and Redis exporter (Maven) ------------------------------------------
# `dependency:get -Dtransitive=false` of maven-dependency-plugin 2.8 resolves the artifact
# without reading its POM: the exporter's parent POM is missing from the registry, and every
# goal that reads descriptors (copy, 3.x get, a project dependency) fails on it.
M2_REPO="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
fetch_maven() { # groupId artifactId version packaging [classifier]
  local g="$1" a="$2" v="$3" p="$4" c="${5:-}"
  mvn -B -q "org.apache.maven.plugins:maven-dependency-plugin:$MAVEN_DEPENDENCY_PLUGIN_VERSION:get" \
    -Dmaven.repo.local="$M2_REPO" -Dtransitive=false -Dartifact="$g:$a:$v:$p${c:+:$c}" >&2
  local file="$M2_REPO/${g//.//}/$a/$v/$a-$v${c:+-$c}.$p"
  [ -f "$file" ] || die "Maven reported success but $file is missing"
  echo "$file"
}

ZEEBE_HOME="$(zeebe_home)"
if [ ! -x "$ZEEBE_HOME/bin/broker" ]; then
  step "Fetching Zeebe $ZEEBE_VERSION (Maven, cached in $M2_REPO)"
  archive=$(fetch_maven io.camunda camunda-zeebe "$ZEEBE_VERSION" tar.gz)
  info "unpacking"
  tar -xzf "$archive" -C "$LOCAL_DIR/zeebe"
  [ -x "$ZEEBE_HOME/bin/broker" ] || die "Zeebe archive did not contain bin/broker"
fi

EXPORTER_JAR="$(exporter_jar)"
if [ ! -f "$EXPORTER_JAR" ]; then
  step "Fetching zeebe-redis-exporter $ZEEBE_REDIS_EXPORTER_VERSION (Maven)"
  cp "$(fetch_maven io.zeebe.redis zeebe-redis-exporter "$ZEEBE_REDIS_EXPORTER_VERSION" jar jar-with-dependencies)" "$EXPORTER_JAR"
fi

# --- npm ------------------------------------------------------------------------------
LOCK_SUM=$(sha256sum "$ROOT_DIR/package-lock.json" | cut -d' ' -f1)
if [ ! -d "$ROOT_DIR/node_modules" ] || [ "$(cat "$LOCAL_DIR/npm-lock.sha256" 2>/dev/null)" != "$LOCK_SUM" ]; then
  step "Installing npm dependencies (npm ci)"
  (cd "$ROOT_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$LOCK_SUM" > "$LOCAL_DIR/npm-lock.sha256"
fi

# --- Python tools (schemathesis for the API fuzz test) ----------------------------------
PY_REQ="$ROOT_DIR/scripts/python/requirements.txt"
PY_SUM=$(sha256sum "$PY_REQ" | cut -d' ' -f1)
if [ ! -x "$LOCAL_DIR/venv/bin/st" ] || [ "$(cat "$LOCAL_DIR/python-req.sha256" 2>/dev/null)" != "$PY_SUM" ]; then
  command -v python3 >/dev/null 2>&1 || die "Python 3 is required for the API fuzz test"
  step "Installing Python test tools into .local/venv (pip)"
  rm -rf "$LOCAL_DIR/venv"
  python3 -m venv "$LOCAL_DIR/venv"
  "$LOCAL_DIR/venv/bin/pip" install --quiet --disable-pip-version-check -r "$PY_REQ"
  echo "$PY_SUM" > "$LOCAL_DIR/python-req.sha256"
fi

echo "$JAVA_HOME_FOUND" > "$LOCAL_DIR/java-home"
step "Install check done in $(( $(date +%s) - t0 ))s (Java: $JAVA_HOME_FOUND)"
