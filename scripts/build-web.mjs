#!/usr/bin/env node
// Builds the web app for production unless its last build is newer than every source file.
// Used by `npm start` (imported) and by the browser tests and web benchmark (run as a command).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const frontend = join(root, 'frontend');

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function webBuildIsCurrent() {
  const buildId = join(frontend, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const sources = ['src', 'messages', 'next.config.ts', 'package.json'].map((name) => join(frontend, name));
  return Math.max(...sources.map(newestChange)) < statSync(buildId).mtimeMs;
}

/** Returns the build's exit status (0 when nothing needed building). */
export function buildWebIfStale() {
  if (webBuildIsCurrent()) return 0;
  process.stdout.write('Building the web app (once, and again after its sources change)...\n');
  const next = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  return spawnSync(process.execPath, [next, 'build'], { cwd: frontend, stdio: 'inherit' }).status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(buildWebIfStale());
