import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * Starts bench/serve.js (`api` or `raw`) in its own process and waits for the URL it prints.
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server to that folder.
 */
export async function startServer(kind: 'api' | 'raw', appDatabaseUrl: string) {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.js'), kind], {
    env: { ...process.env, BENCH_APP_DATABASE_URL: appDatabaseUrl, BENCH_JWT_SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString().split('\n')[0]!).url));
  });
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
