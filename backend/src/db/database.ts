import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';
import { pgErrorOf } from '../common/errors.js';

export type Db = NodePgDatabase<typeof schema>;
/** A query builder bound to one connection inside an open tenant transaction ($client: that connection). */
export type Tx = Db & { $client: pg.PoolClient };

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');
export interface DatabaseOptions {
  url: string;
  poolSize: number;
}

/** deadlock_detected, serialization_failure */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

interface TenantScope {
  clinicId: string;
  tx: Tx;
}

/**
 * The application role's connection pool. Tenant data is only reached through `withClinic`, which
 * runs the work in one transaction scoped to a clinic; row-level security enforces the scope.
 */
@Injectable()
export class Database implements OnModuleDestroy {
  readonly pool: pg.Pool;
  readonly db: Db;
  private readonly scope = new AsyncLocalStorage<TenantScope>();
  /** One Drizzle instance per pooled connection, made once and reused by every transaction on it. */
  private readonly boundTo = new WeakMap<pg.PoolClient, Tx>();

  constructor(@Inject(DATABASE_OPTIONS) options: DatabaseOptions) {
    // Sessions in UTC: timestamptz text is then always "...+00", whatever the server's default zone.
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, options: '-c timezone=UTC' });
    // A dropped idle connection must not take the process down; the pool replaces it.
    this.pool.on('error', () => undefined);
    this.db = drizzle({ client: this.pool, schema });
  }

  /**
   * Runs `work` in a transaction that first sets `app.clinic_id`. Nested calls for the same clinic
   * join the outer transaction, so one request's writes (and its audit entries) commit together.
   */
  async withClinic<T>(clinicId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    const current = this.scope.getStore();
    if (current) {
      if (current.clinicId !== clinicId) throw new Error('A tenant transaction cannot switch clinics');
      return work(current.tx);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runTenantTransaction(clinicId, work);
      } catch (error) {
        // A deadlock or serialization failure aborts the whole transaction, so running it again is safe.
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(pgErrorOf(error)?.code ?? '')) throw error;
      }
    }
  }

  private async runTenantTransaction<T>(clinicId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      // BEGIN and the clinic setting travel in one round trip (simple protocol, so the id is escaped).
      await client.query(`begin; select set_config('app.clinic_id', ${client.escapeLiteral(clinicId)}, true)`);
      const tx = this.bind(client);
      const result = await this.scope.run({ clinicId, tx }, () => work(tx));
      await client.query('commit');
      client.release();
      return result;
    } catch (error) {
      await client.query('rollback').then(
        () => client.release(),
        () => client.release(true), // a broken connection is discarded, not returned to the pool
      );
      throw error;
    }
  }

  private bind(client: pg.PoolClient): Tx {
    let tx = this.boundTo.get(client);
    if (!tx) {
      tx = drizzle({ client, schema });
      this.boundTo.set(client, tx);
    }
    return tx;
  }

  /** For the few queries that precede knowing a clinic (auth look-ups through SECURITY DEFINER functions). */
  get unscoped(): Db {
    return this.db;
  }

  async ping(): Promise<void> {
    await this.pool.query('select 1');
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
