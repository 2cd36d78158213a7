import http from 'node:http';
import { fmt, percentile } from './report.js';

/**
 * The timing side of the clinic benchmark, in a process of its own (`node latency-client.js <job.json>`):
 * sequential GETs over one kept-alive connection, timed to the last byte of the body. It loads nothing
 * but node:http: run inside the orchestrating process (seeding, servers, the app's modules in its
 * heap), that process's own mark-compact pauses of 5-12 ms landed inside the timed requests.
 */
export interface LatencyJob {
  baseUrl: string;
  token: string;
  samples: number;
  /** Each request is timed over its paths in turn (one path: the same request every time). */
  requests: { label: string; paths: string[]; count: string }[];
}

/** One printed line per request: JSON of `LatencyResult`. */
export interface LatencyResult {
  label: string;
  p50: string;
  p99: string;
  /** Items in the last response, under its `count` key ("slots", "items"), or its length when `count` is "bytes". */
  size: number;
}

const WARM_UP = 10;

async function main() {
  const job = JSON.parse(process.argv[2]!) as LatencyJob;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (const request of job.requests) {
    const times: number[] = [];
    let last: Buffer | undefined;
    for (let i = 0; i < job.samples + WARM_UP; i++) {
      const keepBody = i === job.samples + WARM_UP - 1;
      const started = performance.now();
      const response = await get(agent, `${job.baseUrl}${request.paths[i % request.paths.length]}`, job.token, keepBody);
      const elapsed = performance.now() - started;
      if (response.status !== 200) throw new Error(`${request.label}: HTTP ${response.status} ${response.body?.toString('utf8')}`);
      if (i >= WARM_UP) times.push(elapsed);
      if (keepBody) last = response.body;
    }
    const size =
      request.count === 'bytes' ? last!.length : (JSON.parse(last!.toString('utf8')) as Record<string, unknown[]>)[request.count]!.length;
    const result: LatencyResult = { label: request.label, p50: fmt(percentile(times, 50)), p99: fmt(percentile(times, 99)), size };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  agent.destroy();
}

/** GET whose body is only kept when asked: no client-side garbage while timing. */
function get(agent: http.Agent, url: string, token: string, keepBody: boolean): Promise<{ status: number; body?: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
        const keep = keepBody || response.statusCode !== 200;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => keep && chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: keep ? Buffer.concat(chunks) : undefined }));
      })
      .on('error', reject);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
