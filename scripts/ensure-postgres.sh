#!/usr/bin/env bash
# Makes sure a PostgreSQL the tests can use answers on 127.0.0.1:5432 with database "test" and
# trust auth for user postgres: starts the Debian cluster when it is down, and on a machine
# without PostgreSQL (CI, or as root) installs it from Debian's packages first.
set -euo pipefail

ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

start_cluster() {
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 60); do ready && return 0; sleep 0.5; done
  return 1
}

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [[ "$(id -u)" != 0 ]]; then
    echo "ensure-postgres: PostgreSQL is not installed and this user cannot install it;" \
         "install the 'postgresql' package or set DRAGNET_TEST_POSTGRES_URL." >&2
    exit 1
  fi
  echo "ensure-postgres: installing PostgreSQL from Debian's packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  # tests connect over loopback as user postgres without a password, like the CI machines
  sed -i '1i host all all 127.0.0.1/32 trust' "/etc/postgresql/$version/main/pg_hba.conf"
fi

ready || start_cluster || { echo "ensure-postgres: PostgreSQL did not start" >&2; exit 1; }

if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" postgres | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" postgres >/dev/null
fi
echo "ensure-postgres: PostgreSQL is ready on 127.0.0.1:5432" >&2
