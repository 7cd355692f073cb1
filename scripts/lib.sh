# Shared helpers for scripts/run and scripts/test (sourced, not executed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Create the virtualenv and install the pinned requirements (only when they changed).
ensure_python() {
  if [ ! -x "$PY" ]; then
    log "Creating virtualenv in .venv"
    python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.requirements.sha256"
  local want
  want="$(sha256sum requirements.txt | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "Installing Python requirements"
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install --quiet -r requirements.txt
    echo "$want" > "$stamp"
  fi
}

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "Need to install $* but not root: please install them with your package manager." >&2
    return 1
  fi
  log "Installing $* with apt-get"
  # Wait for another apt (a second test worker, an unattended upgrade) rather than fail.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

# PostgreSQL on 127.0.0.1:5432: start it where installed, install it where missing.
ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql postgresql-client
  fi
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n1)"
  log "Starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start" >&2; return 1; }
  # A fresh Debian cluster only trusts the postgres role over the socket:
  # let our test role connect over loopback and create test databases.
  if ! psql -h 127.0.0.1 -U postgres -c 'select 1' >/dev/null 2>&1; then
    su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" || true
    export PGPASSWORD=postgres
  fi
}

# Redis on 127.0.0.1:6379: start it where installed, install it where missing.
ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return 0; fi
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  log "Starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/folio.log
  for _ in $(seq 1 20); do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "Redis did not start" >&2
  return 1
}

# A free TCP port on 127.0.0.1 (the OS picks it).
free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# moto's S3 in server mode on a free loopback port, for the tests that talk to S3
# over real HTTP. Exports TEST_S3_ENDPOINT_URL and stops moto when the script exits.
start_moto() {
  local port log
  port="$(free_port)"
  log="$(mktemp -t folio-moto.XXXXXX.log)"
  log "Starting moto S3 on 127.0.0.1:$port"
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  MOTO_PID=$!
  trap 'kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true' EXIT
  export TEST_S3_ENDPOINT_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 50); do
    if "$PY" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
      "$TEST_S3_ENDPOINT_URL/moto-api/" >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$MOTO_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "moto did not start; its log:" >&2
  cat "$log" >&2
  return 1
}
