import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestDatabase } from './test-database.js';

/**
 * `npm test`: one migrated throw-away database for the whole run, then node's test runner over every
 * compiled *.spec.js (each file in its own process, each starting its own API on a free port).
 */
const distRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function specFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return specFiles(full);
      return Promise.resolve(entry.name.endsWith('.spec.js') ? [full] : []);
    }),
  );
  return nested.flat().sort();
}

async function main(): Promise<number> {
  const filter = process.argv.slice(2);
  const files = [...(await specFiles(path.join(distRoot, 'src'))), ...(await specFiles(path.join(distRoot, 'test')))].filter(
    (file) => filter.length === 0 || filter.some((f) => file.includes(f)),
  );
  const database = await startTestDatabase();
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
        stdio: 'inherit',
        env: { ...process.env, TEST_ADMIN_DATABASE_URL: database.adminUrl, TEST_APP_DATABASE_URL: database.appUrl },
      });
      child.on('exit', (code) => resolve(code ?? 1));
    });
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
