import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startTestDatabase } from '../test/test-database.js';
import { Client } from '../test/http.js';
import { STRONG_PASSWORD, uniqueEmail } from '../test/harness.js';
import { fmt, percentile, printTable, startServer } from './report.js';

/**
 * `npm run bench` (files): a 20 MB upload and download through the API (local disk storage, the API in
 * its own process) in MB/s next to a plain streamed copy of the same file on this disk, and the API's
 * memory while 10 uploads of 20 MB run at once. Loopback only, bounded runs.
 */
const SIZE = 20 * 1024 * 1024;
const RUNS = Number(process.env.BENCH_FILE_RUNS ?? 5);
const CONCURRENT = 10;
const MB = 1024 * 1024;

async function main() {
  const work = await mkdtemp(path.join(os.tmpdir(), 'dental-files-bench-'));
  process.env.FILE_STORAGE_DIR = path.join(work, 'storage');
  process.env.FILE_MAX_BYTES = String(64 * MB);
  const database = await startTestDatabase();
  const api = await startServer('api', database.appUrl);
  try {
    const client = new Client(api.url);
    const signup = await client.post('/api/auth/signup', {
      body: { clinicName: 'Bench Files', email: uniqueEmail('owner'), password: STRONG_PASSWORD, firstName: 'Bench', lastName: 'Owner' },
    });
    const token = signup.body.accessToken as string;
    const patient = await client.post('/api/patients', { token, body: { firstName: 'Bench', lastName: 'Patient' } });
    const fields = { entityType: 'patient', entityId: patient.body.id as string };

    // A PNG signature, then incompressible bytes: nothing on the way can shrink it.
    const source = path.join(work, 'radiograph.png');
    const ihdr = Buffer.concat([
      Buffer.from([0, 0, 0, 13]),
      Buffer.from('IHDR'),
      Buffer.from([0, 0, 8, 0, 0, 0, 6, 0, 8, 0, 0, 0, 0]),
      Buffer.alloc(4),
    ]);
    const head = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, Buffer.alloc(4), Buffer.from('IDAT')]);
    head.writeUInt32BE(SIZE - head.length, head.length - 8);
    await writeFile(source, Buffer.concat([head, randomBytes(SIZE - head.length)]));

    const copy: number[] = [];
    const upload: number[] = [];
    const download: number[] = [];
    let fileId = '';
    for (let run = 0; run < RUNS; run++) {
      copy.push(await timed(() => pipeline(createReadStream(source), createWriteStream(path.join(work, `copy-${run}`), { flush: true }))));
      upload.push(
        await timed(async () => {
          fileId = await uploadFromDisk(api.url, token, fields, source);
        }),
      );
      download.push(await timed(() => downloadToNothing(api.url, token, fileId)));
    }
    const mbps = (ms: number) => SIZE / MB / (ms / 1000);
    const median = (runs: number[]) => percentile(runs, 50);
    const copyRate = mbps(median(copy));
    console.log(`\nFiles: ${SIZE / MB} MB through the API (local disk storage, fsync'd), ${RUNS} runs each (medians)\n`);
    printTable([
      ['operation', 'MB/s', 'ms', 'vs plain disk copy'],
      ['plain disk copy (stream read -> write, flush)', fmt(copyRate), fmt(median(copy)), '1.00x'],
      [
        'upload (POST /api/files, multipart)',
        fmt(mbps(median(upload))),
        fmt(median(upload)),
        `${(mbps(median(upload)) / copyRate).toFixed(2)}x`,
      ],
      [
        'download (GET /api/files/:id/content)',
        fmt(mbps(median(download))),
        fmt(median(download)),
        `${(mbps(median(download)) / copyRate).toFixed(2)}x`,
      ],
    ]);

    const before = rssMb(api.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(api.pid))), 20);
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENT }, () => uploadFromDisk(api.url, token, fields, source)));
    const elapsed = performance.now() - started;
    clearInterval(sampler);
    console.log(
      `\n${CONCURRENT} concurrent uploads of ${SIZE / MB} MB: ${fmt(elapsed)} ms (${fmt((CONCURRENT * SIZE) / MB / (elapsed / 1000))} MB/s together); ` +
        `API RSS ${fmt(before)} MB before, ${fmt(peak)} MB at the peak (+${fmt(peak - before)} MB for ${(CONCURRENT * SIZE) / MB} MB in flight)\n`,
    );
  } finally {
    await api.stop();
    await database.stop();
    await rm(work, { recursive: true, force: true });
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Resident memory of a process, from /proc (the last reading if it is gone). */
let lastRss = 0;
function rssMb(pid: number): number {
  try {
    const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (line) lastRss = Number(line[1]) / 1024;
  } catch {
    // gone: keep the last reading
  }
  return lastRss;
}

/** The file streamed from disk as a browser's form: the fields, then the file. */
async function uploadFromDisk(baseUrl: string, token: string, fields: Record<string, string>, file: string): Promise<string> {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const head = Object.entries(fields)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('');
  const preamble = `${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="radiograph.png"\r\nContent-Type: image/png\r\n\r\n`;
  const ending = `\r\n--${boundary}--\r\n`;
  const length = Buffer.byteLength(preamble) + (await stat(file)).size + Buffer.byteLength(ending);
  async function* body() {
    yield Buffer.from(preamble);
    yield* createReadStream(file, { highWaterMark: 256 * 1024 });
    yield Buffer.from(ending);
  }
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}/api/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (response.statusCode !== 201) reject(new Error(`upload: ${response.statusCode} ${text}`));
        else resolve(JSON.parse(text).id);
      });
    });
    request.on('error', reject);
    Readable.from(body()).pipe(request);
  });
}

async function downloadToNothing(baseUrl: string, token: string, id: string): Promise<void> {
  const response = await fetch(`${baseUrl}/api/files/${id}/content`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok || !response.body) throw new Error(`download: ${response.status}`);
  let bytes = 0;
  // A reader, not for-await: with billing's DOM types (@xmldom) the body is DOM's ReadableStream.
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.length;
  if (bytes !== SIZE) throw new Error(`download: ${bytes} bytes`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
