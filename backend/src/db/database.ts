import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');
export interface DatabaseOptions {
  url: string;
  poolSize: number;
}

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

  constructor(@Inject(DATABASE_OPTIONS) options: DatabaseOptions) {
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolSize });
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
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.clinic_id', ${clinicId}, true)`);
      return this.scope.run({ clinicId, tx }, () => work(tx));
    });
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
