import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from './config.js';

/** The key `npm start` used to sign with, published in this repository's history. */
const PUBLISHED_KEY = 'dev-only-jwt-secret-change-me-in-production-0123456789';

describe('secrets of a deployment that set none', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'dental-config-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  const development = (dataDir: string, extra: Record<string, string> = {}) =>
    loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, INIT_CWD: dir, ...extra });

  it('generates a random signing key and database password on first start, kept in DATA_DIR with mode 0600', async () => {
    const first = development('one');
    assert.notEqual(first.auth.jwtSecret, PUBLISHED_KEY);
    assert.ok(first.auth.jwtSecret.length >= 32);
    assert.ok((first.database.appPassword ?? '').length >= 12);
    const file = path.join(dir, 'one', 'secrets.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const stored = JSON.parse(await readFile(file, 'utf8'));
    assert.deepEqual(stored, { jwtSecret: first.auth.jwtSecret, dbAppPassword: first.database.appPassword });
  });

  it('reuses them on later starts, and another installation gets its own', () => {
    const again = development('one');
    const other = development('two');
    assert.equal(again.auth.jwtSecret, development('one').auth.jwtSecret);
    assert.notEqual(other.auth.jwtSecret, again.auth.jwtSecret);
    assert.notEqual(other.database.appPassword, again.database.appPassword);
  });

  it('uses the secrets given in the environment, and writes no file then', async () => {
    const given = development('three', { JWT_SECRET: 'k'.repeat(40), DB_APP_PASSWORD: 'p'.repeat(20) });
    assert.equal(given.auth.jwtSecret, 'k'.repeat(40));
    assert.equal(given.database.appPassword, 'p'.repeat(20));
    await assert.rejects(stat(path.join(dir, 'three', 'secrets.json')), { code: 'ENOENT' });
  });

  it('refuses to start in production without explicit secrets', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', DB_APP_PASSWORD: 'p'.repeat(20) }), /JWT_SECRET must be set/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(40) }), /DB_APP_PASSWORD/);
    assert.doesNotThrow(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(40), DB_APP_PASSWORD: 'p'.repeat(20) }));
  });

  it('refuses the signing key and database password .env.example once published, in every mode, with a clear message', () => {
    const published = { JWT_SECRET: PUBLISHED_KEY, DB_APP_PASSWORD: 'dental_app_dev_password' };
    const fine = { JWT_SECRET: 'k'.repeat(40), DB_APP_PASSWORD: 'p'.repeat(20) };
    for (const NODE_ENV of ['production', 'development', 'test']) {
      for (const [name, value] of Object.entries(published)) {
        assert.throws(
          () => loadConfig({ NODE_ENV, DATA_DIR: 'five', INIT_CWD: dir, ...fine, [name]: value }),
          new RegExp(`${name} is a value published in this project's \\.env\\.example`),
          `${NODE_ENV} ${name}`,
        );
      }
      assert.doesNotThrow(() => loadConfig({ NODE_ENV, DATA_DIR: 'five', INIT_CWD: dir, ...fine }));
    }
  });

  it('gives each test process fresh secrets and writes nothing', () => {
    const a = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'four', INIT_CWD: dir });
    const b = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'four', INIT_CWD: dir });
    assert.notEqual(a.auth.jwtSecret, b.auth.jwtSecret);
  });
});
