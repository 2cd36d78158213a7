#!/usr/bin/env node
// `npm start`: builds what is out of date, then runs the API (with its embedded PostgreSQL unless
// DATABASE_URL is set) and the web app, which reaches the API on the same origin through /api.
// Arguments after `--` go to the API (e.g. `npm start -- --demo`).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebIfStale } from './build-web.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const frontend = join(root, 'frontend');
const host = process.env.HOST ?? '127.0.0.1';
const apiPort = process.env.API_PORT ?? '3000';
const webPort = process.env.WEB_PORT ?? '3001';

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('npm', ['run', 'build', '--workspace', 'backend', '--silent'], root);
const webBuild = buildWebIfStale();
if (webBuild !== 0) process.exit(webBuild);

const children = [];
let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref();
  Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null))).then(() =>
    process.exit(code),
  );
}

function start(name, command, args, options) {
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  child.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`${name} stopped (${signal ?? `exit code ${code}`}); stopping everything.\n`);
    stopAll(code ?? 1);
  });
  children.push(child);
  return child;
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

// Requests reach the API through the web app's proxy on this machine. The proxy proves itself with a
// secret the two processes share (a fresh one each start), so only its X-Forwarded-For is believed.
const proxySecret = process.env.API_PROXY_SECRET ?? randomBytes(32).toString('base64url');
start('API', process.execPath, ['--enable-source-maps', 'dist/src/main.js', ...process.argv.slice(2)], {
  cwd: join(root, 'backend'),
  env: { ...process.env, API_PROXY_SECRET: proxySecret },
});
if (!(await waitForHealth(`http://127.0.0.1:${apiPort}/api/health`, 120_000))) {
  process.stderr.write('The API did not become healthy within 2 minutes.\n');
  stopAll(1);
} else {
  start('Web app', process.execPath, ['server.mjs', '--port', webPort, '--hostname', host], {
    cwd: frontend,
    env: {
      ...process.env,
      API_ORIGIN: process.env.API_ORIGIN ?? `http://127.0.0.1:${apiPort}`,
      API_PROXY_SECRET: proxySecret,
      NODE_ENV: 'production',
    },
  });
  if (await waitForHealth(`http://127.0.0.1:${webPort}/api/health`, 60_000)) {
    const shown = host === '0.0.0.0' ? 'localhost' : host;
    process.stdout.write(`\n  Web app:  http://${shown}:${webPort}/  (English: /en, Arabic: /ar)\n\n`);
  }
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
