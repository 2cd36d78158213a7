import { DateTime } from 'luxon';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { ensureWebBuild, startStack } from './stack.js';

/**
 * `npm run bench` (web part), on a production build against the real API:
 * 1. first-load JavaScript of every route (what a browser with an empty cache downloads), and
 * 2. the time until the week calendar holding 300 appointments is rendered and answers a click.
 */
const ZONE = 'Asia/Riyadh';
const PASSWORD = 'Molar-Canine-2026';
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 7);

class ApiClient {
  constructor(
    readonly base: string,
    private token = '',
  ) {}
  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = response.status === 204 ? undefined : await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json as T;
  }
  as(token: string) {
    return new ApiClient(this.base, token);
  }
}

/** A clinic with five dentists and 300 appointments in one week (Sunday to Saturday, next week). */
async function seedClinic(apiUrl: string) {
  const anonymous = new ApiClient(apiUrl);
  const email = `bench-${Date.now()}@clinic.test`;
  const signup = await anonymous.call('POST', '/api/auth/signup', {
    clinicName: 'Bench Dental',
    email,
    password: PASSWORD,
    firstName: 'Bench',
    lastName: 'Owner',
  });
  const owner = anonymous.as(signup.accessToken);
  await owner.call('PATCH', '/api/clinics/me', { rooms: ['Chair 1', 'Chair 2', 'Chair 3', 'Chair 4', 'Chair 5'] });
  const dentists: string[] = [];
  for (let i = 0; i < 5; i++) {
    const invite = await owner.call('POST', '/api/auth/invite', { email: `dentist${i}-${email}`, role: 'DENTIST' });
    const accepted = await anonymous.call('POST', '/api/auth/accept-invite', {
      token: invite.inviteToken,
      password: PASSWORD,
      firstName: `Dentist${i}`,
      lastName: `Bench${i}`,
    });
    dentists.push(accepted.user.id);
    const weekly = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '08:00', end: '20:00' }));
    await owner.call('PUT', `/api/staff/${accepted.user.id}/schedule`, { weekly, breaks: [], exceptions: [] });
  }
  const service = await owner.call('POST', '/api/services', { name: 'Check-up', price: '150.00', durationMinutes: 30 });
  const patients: string[] = [];
  for (let i = 0; i < 60; i++) {
    patients.push(
      (await owner.call('POST', '/api/patients', { firstName: i % 2 ? `مريض${i}` : `Patient${i}`, lastName: i % 2 ? 'العتيبي' : 'Smith' }))
        .id,
    );
  }
  const sunday = DateTime.now()
    .setZone(ZONE)
    .startOf('day')
    .plus({ days: 7 - (DateTime.now().setZone(ZONE).weekday % 7) });
  let booked = 0;
  for (let day = 0; day < 7 && booked < 300; day++) {
    for (let slot = 0; slot < 9 && booked < 300; slot++) {
      for (let d = 0; d < dentists.length && booked < 300; d++) {
        const startAt = sunday
          .plus({ days: day, hours: 9, minutes: slot * 45 })
          .toUTC()
          .toISO()!;
        await owner.call('POST', '/api/appointments', {
          patientId: patients[(booked * 7) % patients.length],
          dentistId: dentists[d],
          serviceId: service.id,
          room: `Chair ${d + 1}`,
          startAt,
        });
        booked++;
      }
    }
  }
  return { email, week: sunday.toISODate()!, patientId: patients[0]!, dentistId: dentists[0]! };
}

async function loggedInState(browser: Browser, webUrl: string, email: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${webUrl}/en/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/en\/dashboard$/);
  const state = await context.storageState();
  await context.close();
  return state;
}

/** Bytes of JavaScript a cold browser fetches to show the route: transferred (compressed) and decoded. */
async function firstLoadJs(context: BrowserContext, url: string) {
  const page = await context.newPage();
  const requests: Promise<{ transferred: number; decoded: number }>[] = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() !== 'script') return;
    requests.push(
      Promise.all([request.sizes(), request.response().then((response) => response?.body())]).then(([sizes, body]) => ({
        transferred: sizes.responseBodySize,
        decoded: body?.length ?? 0,
      })),
    );
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const sizes = await Promise.all(requests);
  await page.close();
  return {
    scripts: sizes.length,
    transferred: sizes.reduce((sum, s) => sum + s.transferred, 0),
    decoded: sizes.reduce((sum, s) => sum + s.decoded, 0),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  ensureWebBuild();
  const stack = await startStack();
  const browser = await launchBrowser();
  try {
    process.stdout.write('Seeding a clinic with 300 appointments in one week...\n');
    const seed = await seedClinic(`${stack.webUrl}`);
    const storageState = await loggedInState(browser, stack.webUrl, seed.email);
    const calendarUrl = `${stack.webUrl}/en/calendar?view=week&day=${seed.week}`;
    const allOnScreen = () => document.querySelectorAll('[data-testid="calendar-entry"]').length === 300;

    // BENCH_WEB_PROFILE=1: instead of the figures, the CPU profile of one week-calendar load (where the time goes).
    if (process.env.BENCH_WEB_PROFILE) {
      const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${stack.webUrl}/en/dashboard`);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      await page.goto(calendarUrl);
      await page.waitForFunction(allOnScreen, undefined, { timeout: 30_000 });
      const { profile } = await cdp.send('Profiler.stop');
      const selfTime = new Map<string, number>();
      const byNode = new Map<number, number>();
      profile.samples!.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
      for (const node of profile.nodes) {
        const key = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}`;
        selfTime.set(key, (selfTime.get(key) ?? 0) + (byNode.get(node.id) ?? 0) / 1000);
      }
      process.stdout.write(
        `${[...selfTime.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 25)
          .map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`)
          .join('\n')}\n`,
      );
      return;
    }

    const routes: [string, boolean][] = [
      ['/en/login', false],
      ['/en/signup', false],
      ['/en/accept-invite?token=x', false],
      ['/en/dashboard', true],
      ['/en/calendar', true],
      ['/en/patients', true],
      [`/en/patients/${seed.patientId}`, true],
      ['/en/services', true],
      ['/en/staff', true],
      [`/en/staff/${seed.dentistId}`, true],
      ['/en/settings', true],
    ];
    process.stdout.write('\nFirst-load JavaScript per route (empty cache)\n');
    process.stdout.write(`${'route'.padEnd(34)} ${'scripts'.padStart(7)} ${'transferred'.padStart(12)} ${'decoded'.padStart(10)}\n`);
    for (const [route, signedIn] of routes) {
      const context = await browser.newContext(signedIn ? { storageState } : {});
      const size = await firstLoadJs(context, `${stack.webUrl}${route}`);
      await context.close();
      const name = route.replace(seed.patientId, ':id').replace(seed.dentistId, ':id');
      process.stdout.write(
        `${name.padEnd(34)} ${String(size.scripts).padStart(7)} ${kb(size.transferred).padStart(12)} ${kb(size.decoded).padStart(10)}\n`,
      );
    }

    process.stdout.write(`\nWeek calendar with 300 appointments (${RUNS} runs, warm HTTP cache after the first)\n`);
    const context = await browser.newContext({ storageState, viewport: { width: 1280, height: 900 } });
    const shell: number[] = [];
    const rendered: number[] = [];
    const answered: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await context.newPage();
      // When the app shell (its navigation) first appears, by the page's own clock.
      await page.addInitScript(() => {
        const observer = new MutationObserver(() => {
          if (!document.querySelector('[data-testid="nav-dashboard"]')) return;
          (window as unknown as { shellAt: number }).shellAt = performance.now();
          observer.disconnect();
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      const tracing = process.env.BENCH_WEB_TIMELINE && run === RUNS - 1;
      if (tracing) await browser.startTracing(page, { categories: ['devtools.timeline', 'v8.execute', 'blink.user_timing'] });
      await page.goto(calendarUrl);
      await page.waitForFunction(allOnScreen, undefined, { timeout: 30_000, polling: 'raf' });
      if (tracing) {
        const trace = JSON.parse((await browser.stopTracing()).toString()) as {
          traceEvents: { name: string; ph: string; dur?: number; tid: number; pid: number }[];
        };
        const main = trace.traceEvents.find((e) => e.name === 'ParseHTML');
        const totals = new Map<string, number>();
        for (const e of trace.traceEvents) {
          if (e.ph !== 'X' || !e.dur || !main || e.tid !== main.tid || e.pid !== main.pid) continue;
          totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
        }
        process.stdout.write(
          `${[...totals.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 15)
            .map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ms ${k}`)
            .join('\n')}\n`,
        );
        const timeline = await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const lines = [
            `document ${nav.responseStart.toFixed(0)}-${nav.responseEnd.toFixed(0)} dcl ${nav.domContentLoadedEventEnd.toFixed(0)} load ${nav.loadEventEnd.toFixed(0)}`,
          ];
          for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
            lines.push(
              `${entry.initiatorType} ${entry.name.split('/').slice(-2).join('/').slice(0, 50)} ${entry.startTime.toFixed(0)}-${entry.responseEnd.toFixed(0)}`,
            );
          }
          return lines.join('\n');
        });
        process.stdout.write(`${timeline}\n`);
      }
      rendered.push(await page.evaluate(() => performance.now()));
      shell.push(await page.evaluate(() => (window as unknown as { shellAt: number }).shellAt));
      const clickStart = Date.now();
      await page.getByTestId('calendar-entry').nth(150).click();
      await page.getByTestId('appointment-details').waitFor();
      answered.push(Date.now() - clickStart);
      await page.close();
    }
    await context.close();
    const runs = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
    process.stdout.write(
      `  navigation start -> app shell (user and clinic loaded): median ${median(shell).toFixed(0)} ms (runs: ${runs(shell)})\n`,
    );
    process.stdout.write(
      `  navigation start -> 300 appointments on screen:        median ${median(rendered).toFixed(0)} ms (runs: ${runs(rendered)})\n`,
    );
    process.stdout.write(
      `  click an appointment -> its details open:            median ${median(answered)} ms (runs: ${runs(answered)})\n`,
    );
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
