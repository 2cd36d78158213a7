import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../common/logger.js';
import { createApp, openApiDocument } from '../app.js';

/**
 * Writes the API's OpenAPI document to a file (default: the web app's copy, from which its typed client
 * is generated). No database is needed: the pool connects lazily and nothing here queries.
 */
async function main(): Promise<void> {
  const target = resolve(process.argv[2] ?? '../frontend/src/api/openapi.json');
  const config = loadConfig();
  const app = await createApp(config, 'postgres://openapi-export@127.0.0.1:1/none', createLogger('silent'));
  await writeFile(target, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
  process.stdout.write(`OpenAPI document written to ${target}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
