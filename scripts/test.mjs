#!/usr/bin/env node
// `npm test [-- filter...]`: the API's tests, then the browser tests, each limited to the files whose
// names contain a filter word when one is given.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);
for (const workspace of [
  ['backend', 'test'],
  ['frontend', 'test:e2e'],
]) {
  const result = spawnSync('npm', ['run', workspace[1], '--workspace', workspace[0], '--', ...filters], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
