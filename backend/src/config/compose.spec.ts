import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import YAML from 'yaml';

/** docker-compose.yml as compose reads it (there is no docker engine here: its shape is what is checked). */
interface ComposeFile {
  services: Record<string, { environment?: Record<string, string | number>; ports?: (string | number | { host_ip?: string })[] }>;
}

const repoFile = (name: string) => readFile(new URL(`../../../../${name}`, import.meta.url), 'utf8');

/** Every ${VARIABLE...} compose substitutes in a value. */
const variablesOf = (value: string) => [...value.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!);

describe('docker-compose.yml', () => {
  let text: string;
  let compose: ComposeFile;
  let envExample: string;
  before(async () => {
    text = await repoFile('docker-compose.yml');
    compose = YAML.parse(text) as ComposeFile;
    envExample = await repoFile('.env.example');
  });

  it('gives the api, the worker and the web app one required API_PROXY_SECRET from the environment, never a value', () => {
    const secrets = ['api', 'worker', 'web'].map((name) => compose.services[name]?.environment?.API_PROXY_SECRET);
    for (const secret of secrets) assert.match(String(secret), /^\$\{API_PROXY_SECRET:\?[^}]+\}$/);
    assert.equal(new Set(secrets).size, 1);
  });

  it('trusts no forwarded address by default and publishes the API on no outside interface', () => {
    const api = compose.services.api!;
    assert.match(String(api.environment?.TRUST_PROXY), /^\$\{TRUST_PROXY:-false\}$/);
    for (const port of api.ports ?? []) {
      const bound = typeof port === 'object' ? port.host_ip : String(port).split(':').length === 3 ? String(port).split(':')[0] : undefined;
      assert.equal(bound, '127.0.0.1', `the API's port ${JSON.stringify(port)} is published beyond loopback`);
    }
  });

  it('commits no secret: each one is taken from the environment and compose refuses to start without it', () => {
    for (const service of Object.values(compose.services)) {
      for (const [name, value] of Object.entries(service.environment ?? {})) {
        if (/SECRET|PASSWORD/.test(name)) assert.match(String(value), new RegExp(`^\\$\\{${name}:\\?[^}]+\\}$`), name);
      }
    }
    assert.match(String(compose.services.api?.environment?.DATABASE_URL), /^postgres:\/\/postgres:\$\{POSTGRES_PASSWORD\}@/);
  });

  it('uses only variables that .env.example documents', () => {
    const used = new Set(variablesOf(text));
    assert.ok(used.size > 10);
    const missing = [...used].filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(envExample));
    assert.deepEqual(missing, []);
  });
});
