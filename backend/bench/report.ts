import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LatencyJob, LatencyResult } from './latency-client.js';
import { OpenApiContract, registerContract } from '../test/openapi-contract.js';

/** Shared by the benchmarks: number formatting, percentiles, tables, and servers in their own processes. */
export const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(n >= 10 ? 1 : 2));

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
}

export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0001';

/** The server's memory right after a full garbage collection (what it still holds), in bytes. */
export interface LiveMemory {
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
}

/**
 * Starts bench/serve.js (`api` or `raw`) in its own process and waits for the URL it prints.
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server to that folder. With `measureLiveMemory`
 * the server runs with --expose-gc and `liveMemory()` collects its garbage before reading its memory.
 */
export async function startServer(kind: 'api' | 'raw', appDatabaseUrl: string, options: { measureLiveMemory?: boolean } = {}) {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const gc = options.measureLiveMemory ? ['--expose-gc'] : [];
  const child = spawn(process.execPath, [...profile, ...gc, path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.js'), kind], {
    env: { ...process.env, BENCH_APP_DATABASE_URL: appDatabaseUrl, BENCH_JWT_SECRET },
    stdio: ['ignore', 'pipe', 'inherit', ...(options.measureLiveMemory ? (['ipc'] as const) : [])],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString().split('\n')[0]!).url));
  });
  // The test client (setup requests, files) holds every response to the API's document and refuses a base
  // URL with none registered, as in the tests.
  if (kind === 'api') registerContract(url, await OpenApiContract.load(url));
  return {
    url,
    pid: child.pid!,
    liveMemory: () =>
      new Promise<LiveMemory>((resolve, reject) => {
        if (!child.send) return reject(new Error('started without measureLiveMemory'));
        child.once('message', (message) => resolve(message as LiveMemory));
        child.send('live-memory');
      }),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * CPU seconds a process has used so far (user + system, from /proc): unlike requests per second, CPU
 * per request barely moves when other work shares the machine.
 */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After the command name: field 14 (utime) and 15 (stime) of proc(5) are at 11 and 12, in clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Times API reads in a lean process of its own (latency-client.ts), so the benchmark's own work does not count. */
export async function timeReads(job: LatencyJob): Promise<LatencyResult[]> {
  const client = spawn(
    process.execPath,
    [path.join(path.dirname(fileURLToPath(import.meta.url)), 'latency-client.js'), JSON.stringify(job)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  client.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => client.once('exit', resolve));
  if (code !== 0) throw new Error(`latency client exited with ${code}`);
  return output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LatencyResult);
}
