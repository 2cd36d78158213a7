import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ensureWebBuild, frontendRoot, startStack } from './stack.js';

/**
 * The browser tests: a production build of the web app, the real API and PostgreSQL, Debian's Chromium.
 * `npm run test:e2e -- calendar` runs the files whose name contains "calendar".
 */
async function main(): Promise<number> {
  const dir = path.join(frontendRoot, 'e2e-dist');
  const filter = process.argv.slice(2);
  const files = (await readdir(dir))
    .filter((name) => name.endsWith('.e2e.js') && (filter.length === 0 || filter.some((f) => name.includes(f))))
    .map((name) => path.join(dir, name));
  if (files.length === 0) {
    console.log(`No browser test matches ${filter.join(', ')}.`);
    return 0;
  }
  ensureWebBuild();
  const stack = await startStack();
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files], {
        stdio: 'inherit',
        env: { ...process.env, WEB_URL: stack.webUrl, API_URL: stack.apiUrl },
      });
      child.on('exit', (code) => resolve(code ?? 1));
    });
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
