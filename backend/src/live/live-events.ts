import { Global, Injectable, Module } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import type { Role } from '@dental/shared';
import type { Tx } from '../db/database.js';
import { type LiveData, type LiveEventType, packEnvelope } from './live-messages.js';

/** The PostgreSQL channel every API process listens on (live-listener.ts). */
export const LIVE_CHANNEL = 'dental_live';

/**
 * Publishes a live update from inside the business transaction that caused it, with one call:
 *
 *   await this.live.publish(tx, actor.clinicId, 'appointment.created', entry);
 *
 * It is a `pg_notify` in that transaction, so PostgreSQL delivers it to every API process only when the
 * transaction commits, never for a rolled-back (or retried and abandoned) attempt, and in commit order.
 * Each process then sends it to its own sockets of that clinic (live.gateway.ts).
 */
@Injectable()
export class LiveEvents {
  async publish(
    tx: Tx,
    clinicId: string,
    type: LiveEventType,
    data: LiveData,
    options: { audience?: readonly Role[] } = {},
  ): Promise<void> {
    const payload = packEnvelope({ clinicId, type, data, ...(options.audience ? { audience: options.audience } : {}) });
    await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`);
  }
}

/** Global, so any feature module can publish without importing the gateway's dependencies. */
@Global()
@Module({ providers: [LiveEvents], exports: [LiveEvents] })
export class LiveEventsModule {}
