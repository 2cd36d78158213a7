import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

/** A notification's row as stored (read as the superuser, past row-level security). */
export const notificationRow = async (admin: pg.Pool, id: string) =>
  (await admin.query('select * from notifications where id = $1', [id])).rows[0];

/** Waits until the worker is done with a notification (it left pending and sending) and returns its row. */
export async function settledNotification(admin: pg.Pool, id: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await notificationRow(admin, id);
    if (!['pending', 'sending'].includes(current.status)) return current;
    if (Date.now() > deadline) throw new Error(`notification ${id} still ${current.status} (${current.error ?? 'no error'})`);
    await sleep(50);
  }
}
