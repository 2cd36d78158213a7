#!/usr/bin/env node
// Builds the web app for production unless its last build is newer than every source file.
// Used by `npm start` (imported) and by the browser tests and web benchmark (run as a command).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const frontend = join(root, 'frontend');

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

// Written only after a build succeeds: a failed or interrupted build leaves .next/BUILD_ID behind.
const completeStamp = join(frontend, '.next', 'build-complete');
const shared = join(root, 'packages', 'shared');

function webBuildIsCurrent() {
  if (!existsSync(completeStamp)) return false;
  const sources = [...['src', 'messages', 'next.config.ts', 'package.json'].map((name) => join(frontend, name)), join(shared, 'src')];
  return Math.max(...sources.map(newestChange)) < statSync(completeStamp).mtimeMs;
}

/** Returns the build's exit status (0 when nothing needed building). */
export function buildWebIfStale() {
  const sharedBuild = spawnSync('npx', ['tsc', '-b', shared], { cwd: root, stdio: 'inherit' }).status ?? 1;
  if (sharedBuild !== 0) return sharedBuild;
  if (webBuildIsCurrent()) return 0;
  process.stdout.write('Building the web app (once, and again after its sources change)...\n');
  rmSync(completeStamp, { force: true });
  const next = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  // A production build whatever the caller's shell says: Next's prerender breaks under NODE_ENV=development.
  const env = { ...process.env, NODE_ENV: 'production' };
  const status = spawnSync(process.execPath, [next, 'build'], { cwd: frontend, stdio: 'inherit', env }).status ?? 1;
  if (status === 0) writeFileSync(completeStamp, `${new Date().toISOString()}\n`);
  return status;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(buildWebIfStale());
