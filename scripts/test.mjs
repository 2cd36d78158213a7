#!/usr/bin/env node
// `npm test [-- filter...]`: the shared rules' unit tests, the API's tests, then the browser tests; the
// last two limited to the files whose names contain a filter word when one is given.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);
const suites = [
  ['@dental/shared', 'test', []],
  ['backend', 'test', filters],
  ['frontend', 'test:e2e', filters],
];
for (const [workspace, script, args] of suites) {
  const result = spawnSync('npm', ['run', script, '--workspace', workspace, '--', ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
