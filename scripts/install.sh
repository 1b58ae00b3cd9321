#!/usr/bin/env bash
# Installs whatever the local stack is missing. Idempotent: a second run only checks.
#   - Debian packages: postgresql-$POSTGRES_MAJOR, chromium (browser tests; apt-get)
#   - a JDK >= $ENGINE_MIN_JAVA under /usr/lib/jvm, and Maven
#   - the Operaton engine host, built from engine/ with Maven (dependencies cached in ~/.m2),
#     again only when its sources changed
#   - npm dependencies (npm ci, only when package-lock.json changed)
#   - Python test tools (schemathesis) in .local/venv, only when their requirements changed
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$LOCAL_DIR"

t0=$(date +%s)
step "Checking what the stack needs (scripts/install.sh)"

# --- Debian packages ---------------------------------------------------------------
# PostgreSQL: the engine's state, the event outbox and the read model. The project runs its
# own cluster (scripts/stack/postgres.ts); the package's default cluster is not used.
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
apt_install() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
if [ ! -x "/usr/lib/postgresql/$POSTGRES_MAJOR/bin/postgres" ]; then
  run_step "Installing postgresql-$POSTGRES_MAJOR (Debian package, apt-get)" apt_install "postgresql-$POSTGRES_MAJOR"
  $SUDO systemctl disable --now postgresql >/dev/null 2>&1 || $SUDO service postgresql stop >/dev/null 2>&1 || true
fi
# The browser tests drive Debian's chromium through playwright-core (no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  run_step "Installing chromium (Debian package, apt-get; for the browser tests)" apt_install chromium
fi

# --- Java and the engine host ---------------------------------------------------------
JAVA_HOME_FOUND="$(find_java_home || true)"
[ -n "$JAVA_HOME_FOUND" ] || die "no JDK >= $ENGINE_MIN_JAVA under /usr/lib/jvm (the engine host needs it)"
command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is required to build the engine host (engine/)"

# The jar is rebuilt when the build's inputs changed (pom.xml, repo/, src/). Each build is
# copied to its own file named by that hash, which the stack runs: a rebuild never replaces
# the jar under a running engine.
ENGINE_SUM=$(cd "$ROOT_DIR/engine" && find pom.xml repo src -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
ENGINE_JAR="$LOCAL_DIR/engine/wsa-engine-$ENGINE_SUM.jar"
if [ ! -f "$ENGINE_JAR" ]; then
  run_step "Building the engine host (engine/, Maven; the first build downloads Operaton and Spring Boot, a few minutes)" \
    env JAVA_HOME="$JAVA_HOME_FOUND" mvn -B -q -f "$ROOT_DIR/engine/pom.xml" -Dmaven.repo.local="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}" package -DskipTests
  [ -f "$ROOT_DIR/engine/target/wsa-engine.jar" ] || die "the engine build reported success but engine/target/wsa-engine.jar is missing"
  mkdir -p "$LOCAL_DIR/engine"
  cp "$ROOT_DIR/engine/target/wsa-engine.jar" "$ENGINE_JAR.tmp" && mv "$ENGINE_JAR.tmp" "$ENGINE_JAR"
fi
echo "$ENGINE_JAR" > "$LOCAL_DIR/engine-jar"

# --- npm ------------------------------------------------------------------------------
LOCK_SUM=$(sha256sum "$ROOT_DIR/package-lock.json" | cut -d' ' -f1)
if [ ! -d "$ROOT_DIR/node_modules" ] || [ "$(cat "$LOCAL_DIR/npm-lock.sha256" 2>/dev/null)" != "$LOCK_SUM" ]; then
  # @carbon packages (via the bpmn-io UI libraries) start a telemetry collector on install: off.
  run_step "Installing npm dependencies (npm ci, package-lock.json changed)" \
    env -C "$ROOT_DIR" IBM_TELEMETRY_DISABLED=true npm ci --no-audit --no-fund --loglevel=error --progress=false
  echo "$LOCK_SUM" > "$LOCAL_DIR/npm-lock.sha256"
fi

# --- Python tools (schemathesis for the API fuzz test) ----------------------------------
PY_REQ="$ROOT_DIR/scripts/python/requirements.txt"
PY_SUM=$(sha256sum "$PY_REQ" | cut -d' ' -f1)
if [ ! -x "$LOCAL_DIR/venv/bin/st" ] || [ "$(cat "$LOCAL_DIR/python-req.sha256" 2>/dev/null)" != "$PY_SUM" ]; then
  command -v python3 >/dev/null 2>&1 || die "Python 3 is required for the API fuzz test"
  install_venv() {
    rm -rf "$LOCAL_DIR/venv"
    python3 -m venv "$LOCAL_DIR/venv"
    "$LOCAL_DIR/venv/bin/pip" install --quiet --disable-pip-version-check -r "$PY_REQ"
  }
  run_step "Installing Python test tools into .local/venv (pip)" install_venv
  echo "$PY_SUM" > "$LOCAL_DIR/python-req.sha256"
fi

echo "$JAVA_HOME_FOUND" > "$LOCAL_DIR/java-home"
step "Install check done in $(( $(date +%s) - t0 ))s (Java: $JAVA_HOME_FOUND)"
