#!/usr/bin/env bash
# Follows backend/Dockerfile and frontend/Dockerfile step by step without a Docker engine, with the `node`
# on PATH (put Node 24 first to match the images' node:24-bookworm-slim): each stage's `npm ci` and build
# in a folder of its own from the committed tree, then both images' commands, until both health checks
# answer 200 and the web server reaches the API.
# Usage: SERVER_URL=postgres://postgres@127.0.0.1:5432/postgres bash scripts/images-without-docker.sh
# (a PostgreSQL superuser URL; a database dental_images is created, migrated and left there).
set -euo pipefail
: "${SERVER_URL:?a PostgreSQL superuser URL}"
W="${TMPDIR:-/tmp}/dental-images"; rm -rf $W; mkdir -p $W/src
cd "$(dirname "$0")/.." && git archive HEAD | tar -x -C $W/src
S=$W/src
stage() { # $1 dir, $2 workspace
  mkdir -p $1/packages/shared $1/backend $1/frontend
  cp $S/package.json $S/package-lock.json $1/; cp $S/packages/shared/package.json $1/packages/shared/
  cp $S/backend/package.json $1/backend/; cp $S/frontend/package.json $1/frontend/
}
echo "== node $(node --version)"
# backend build
B=$W/api-build; stage $B; cd $B; npm ci --workspace backend --no-audit --no-fund >/dev/null 2>$W/api-build.err || { cat $W/api-build.err; exit 1; }
cp -r $S/packages/shared/. packages/shared/; cp -r $S/backend/. backend/
npm run build --workspace backend >/dev/null
# backend runtime
R=$W/api; stage $R; cd $R; NODE_ENV=production npm ci --workspace backend --omit=dev --no-audit --no-fund >/dev/null 2>$W/api-rt.err || { cat $W/api-rt.err; exit 1; }
mkdir -p packages/shared/dist backend/dist; cp -r $B/packages/shared/dist/. packages/shared/dist/; cp -r $B/backend/dist/. backend/dist/
cp -r $S/backend/drizzle backend/; cp -r $S/backend/assets backend/
# web build
F=$W/web-build; stage $F; cd $F; npm ci --workspace frontend --no-audit --no-fund >/dev/null 2>$W/web-build.err || { cat $W/web-build.err; exit 1; }
cp -r $S/packages/shared/. packages/shared/; cp -r $S/frontend/. frontend/
npm run build --workspace @dental/shared >/dev/null && NODE_ENV=production npm run build --workspace frontend >/dev/null
# web runtime
G=$W/web; stage $G; cd $G; NODE_ENV=production npm ci --workspace frontend --omit=dev --no-audit --no-fund >/dev/null 2>$W/web-rt.err || { cat $W/web-rt.err; exit 1; }
mkdir -p packages/shared/dist frontend/.next; cp -r $F/packages/shared/dist/. packages/shared/dist/; cp -r $F/frontend/.next/. frontend/.next/
cp $S/frontend/next.config.ts $S/frontend/server.mjs frontend/; cp -r $S/frontend/messages frontend/
echo "== built; running"
node -e "const pg=require('$R/node_modules/pg');const c=new pg.Client('$SERVER_URL');c.connect().then(()=>c.query('drop database if exists dental_images')).then(()=>c.query('create database dental_images')).then(()=>c.end())"
DB_URL=$(node -e "const u=new URL('$SERVER_URL');u.pathname='/dental_images';console.log(u.toString())")
(cd $R && exec env NODE_ENV=production HOST=127.0.0.1 API_PORT=3900 DATABASE_URL=$DB_URL \
  JWT_SECRET=$(openssl rand -hex 32) DB_APP_PASSWORD=$(openssl rand -hex 16) FILE_STORAGE_DIR=$W/files DATA_DIR=$W/data WEB_ORIGIN=http://127.0.0.1:3901 \
  node --enable-source-maps backend/dist/src/main.js) > $W/api.log 2>&1 &
API=$!
(cd $G/frontend && exec env NODE_ENV=production PORT=3901 HOSTNAME=127.0.0.1 API_ORIGIN=http://127.0.0.1:3900 node server.mjs --port 3901 --hostname 127.0.0.1) > $W/web.log 2>&1 &
WEB=$!
ok=0
for i in $(seq 1 60); do
  sleep 1
  a=$(node -e "fetch('http://127.0.0.1:3900/api/health').then(r=>console.log(r.status),()=>console.log(0))")
  w=$(node -e "fetch('http://127.0.0.1:3901/en/login').then(r=>console.log(r.status),()=>console.log(0))")
  if [ "$a" = 200 ] && [ "$w" = 200 ]; then ok=1; break; fi
done
echo "api health $a, web /en/login $w after ${i}s"
node -e "fetch('http://127.0.0.1:3901/api/health').then(async r=>console.log('web->api health', r.status, await r.text()))"
kill $API $WEB; wait $API $WEB 2>/dev/null || true
tail -5 $W/api.log; tail -5 $W/web.log
[ $ok = 1 ]
