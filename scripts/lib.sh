# Shared shell helpers for the service scripts: logging, port checks, installs.
# Sourced, never run. Everything binds to loopback.

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${STATE_DIR:-$ROOT_DIR/.services}"
FERRETDB_VERSION="v1.24.2"

log() { printf '\033[1;34m[services]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[services] FAILED:\033[0m %s\n' "$*" >&2; exit 1; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_port PORT SECONDS NAME
wait_port() {
  local port=$1 secs=$2 name=$3 i
  for ((i = 0; i < secs * 10; i++)); do
    port_open "$port" && return 0
    sleep 0.1
  done
  return 1
}

APT_UPDATED=""
# ensure_apt BINARY PACKAGE: install PACKAGE from Debian when BINARY is missing.
ensure_apt() {
  local bin=$1 pkg=$2
  command -v "$bin" >/dev/null 2>&1 && return 0
  log "installing $pkg from Debian (missing $bin)"
  if [ -z "$APT_UPDATED" ]; then
    apt-get update -qq >"$STATE_DIR/apt-update.log" 2>&1 || die "apt-get update failed (see $STATE_DIR/apt-update.log); install $pkg by hand"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >"$STATE_DIR/apt-$pkg.log" 2>&1 \
    || die "could not install $pkg (see $STATE_DIR/apt-$pkg.log); run: apt-get install $pkg"
  command -v "$bin" >/dev/null 2>&1 || die "$pkg installed but $bin is still missing"
}

# ferretdb_bin: path of a working FerretDB binary, built once from the Go module proxy.
# `go install ...@v1.24.2` alone yields a binary that panics at start (the module lacks the
# generated build/version/version.txt), so we build from the downloaded module with that file added.
FERRETDB_CACHE="${FERRETDB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/runbook-dashboard}"
ferretdb_bin() {
  local out="$FERRETDB_CACHE/ferretdb-$FERRETDB_VERSION" src moddir
  if [ -x "$out" ] && "$out" --version >/dev/null 2>&1; then echo "$out"; return 0; fi
  command -v go >/dev/null 2>&1 || die "FerretDB is missing and Go is not installed; install Go, or set MONGODB_URL to a running MongoDB"
  log "building FerretDB $FERRETDB_VERSION from the Go module proxy (once; about a minute)"
  mkdir -p "$FERRETDB_CACHE"
  moddir=$(cd /tmp && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" 2>"$STATE_DIR/ferretdb-build.log" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$moddir" ] && [ -d "$moddir" ] || die "go mod download of FerretDB failed (see $STATE_DIR/ferretdb-build.log)"
  src="$STATE_DIR/ferretdb-src"
  rm -rf "$src" && cp -r "$moddir" "$src" && chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"
  (cd "$src" && go build -o "$out" ./cmd/ferretdb) >>"$STATE_DIR/ferretdb-build.log" 2>&1 \
    || die "building FerretDB failed (see $STATE_DIR/ferretdb-build.log)"
  rm -rf "$src"
  "$out" --version >/dev/null 2>&1 || die "the FerretDB build at $out does not run (see $STATE_DIR/ferretdb-build.log)"
  echo "$out"
}

# start_ferretdb PORT DEBUG_PORT DATA_DIR LOGFILE: start FerretDB (SQLite backend) in the background.
start_ferretdb() {
  local port=$1 debug_port=$2 dir=$3 logfile=$4 bin
  bin="$(ferretdb_bin)" || exit 1
  mkdir -p "$dir"
  nohup "$bin" --handler=sqlite --sqlite-url="file:$dir/" --state-dir="$dir" \
    --listen-addr="127.0.0.1:$port" --debug-addr="127.0.0.1:$debug_port" --telemetry=disable \
    --log-level=warn >"$logfile" 2>&1 &
  echo $! >"$dir/ferretdb.pid"
  wait_port "$port" 30 FerretDB || die "FerretDB did not listen on 127.0.0.1:$port within 30 s (see $logfile)"
}

# redis_url_ok URL: true when redis-cli can PING it.
redis_url_ok() { timeout 3 redis-cli -u "$1" ping 2>/dev/null | grep -q PONG; }
