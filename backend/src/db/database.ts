import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';
import type { Actor } from '../common/actor.js';
import { pgErrorOf, UnauthorizedError } from '../common/errors.js';

export type Db = NodePgDatabase<typeof schema>;
/** A query builder bound to one connection inside an open tenant transaction ($client: that connection). */
export type Tx = Db & { $client: pg.PoolClient };

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');
export interface DatabaseOptions {
  url: string;
  poolSize: number;
  /** A statement waiting this long for a lock fails (and the transaction is retried or answered), in ms. */
  lockTimeoutMs?: number;
  /** No statement of the API runs longer than this, in ms. */
  statementTimeoutMs?: number;
}

/** deadlock_detected, serialization_failure */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

interface TenantScope {
  clinicId: string;
  tx: Tx;
  /** The staff member whose status and role this transaction has checked, if any. */
  checkedUserId?: string;
}

/**
 * The application role's connection pool. Tenant data is only reached through a tenant transaction
 * (`transaction` for an actor, `withClinic` for internal steps), which sets `app.clinic_id`; forced
 * row-level security enforces the scope.
 *
 * The rule for transactions (docs/decisions.md, "Transactions"):
 * - A use case runs in one transaction. Nested `transaction`/`withClinic` calls for the same clinic join
 *   it (no savepoints): everything a request writes, its audit entries and the jobs it enqueues commit or
 *   roll back together. A nested call for another clinic throws.
 * - The outermost transaction is retried whole after a deadlock or serialization failure, so its work
 *   must have no effect outside the database: messages are never sent inside a transaction, they are
 *   enqueued in it (`currentTransaction()`), and the worker sends them after commit.
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
    const settings = ['-c timezone=UTC'];
    if (options.lockTimeoutMs) settings.push(`-c lock_timeout=${options.lockTimeoutMs}`);
    if (options.statementTimeoutMs) settings.push(`-c statement_timeout=${options.statementTimeoutMs}`);
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, options: settings.join(' ') });
    // A connection PostgreSQL drops (a restart, an admin's kill) must not take the process down: an idle
    // one is removed by the pool; a checked-out one fails its query, which answers 503, and its client's
    // own 'error' event (unhandled, it would crash the process) is absorbed here.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    this.db = drizzle({ client: this.pool, schema });
  }

  /**
   * Runs a use case for `actor` in its clinic's transaction. A staff member's current status and role
   * are read in the same round trip as BEGIN: a disabled user, or one whose role changed since the
   * access token was issued, gets 401 and the token must be renewed (which reads the new role).
   */
  transaction<T>(actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
    const userId = actor.kind === 'user' ? actor.userId : undefined;
    const check = userId ? { userId, role: actor.kind === 'user' ? actor.role : undefined } : undefined;
    return this.run(actor.clinicId, work, check);
  }

  /**
   * Runs `work` in a transaction that first sets `app.clinic_id`, or joins the open one for the same
   * clinic. For steps inside a use case and for flows that precede an actor (signup, login, invites).
   */
  withClinic<T>(clinicId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.run(clinicId, work, undefined);
  }

  /** The open tenant transaction, for work that must commit with it (enqueueing a job). Throws outside one. */
  currentTransaction(): Tx {
    const current = this.scope.getStore();
    if (!current) throw new Error('This must run inside a tenant transaction');
    return current.tx;
  }

  private async run<T>(clinicId: string, work: (tx: Tx) => Promise<T>, check: ActorCheck | undefined): Promise<T> {
    const current = this.scope.getStore();
    if (current) {
      if (current.clinicId !== clinicId) throw new Error('A tenant transaction cannot switch clinics');
      if (check && current.checkedUserId !== check.userId) {
        await assertActorCurrent(current.tx.$client, clinicId, check);
        current.checkedUserId = check.userId;
      }
      return work(current.tx);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runTenantTransaction(clinicId, work, check);
      } catch (error) {
        // A deadlock or serialization failure aborts the whole transaction, so running it again is safe.
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(pgErrorOf(error)?.code ?? '')) throw error;
      }
    }
  }

  private async runTenantTransaction<T>(clinicId: string, work: (tx: Tx) => Promise<T>, check: ActorCheck | undefined): Promise<T> {
    const client = await this.pool.connect();
    try {
      // BEGIN, the clinic setting and the actor check travel in one round trip (simple protocol, so values are escaped).
      const begin = `begin; select set_config('app.clinic_id', ${client.escapeLiteral(clinicId)}, true)`;
      if (check) {
        const results = (await client.query(`${begin}; ${actorQuery(client, clinicId, check.userId)}`)) as unknown as pg.QueryResult[];
        assertActorRow(results[2]?.rows[0] as ActorRow | undefined, check);
      } else {
        await client.query(begin);
      }
      const tx = this.bind(client);
      const result = await this.scope.run({ clinicId, tx, checkedUserId: check?.userId }, () => work(tx));
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

interface ActorCheck {
  userId: string;
  role: string | undefined;
}

interface ActorRow {
  status: string;
  role: string;
}

const actorQuery = (client: pg.PoolClient, clinicId: string, userId: string) =>
  `select status, role from users where clinic_id = ${client.escapeLiteral(clinicId)} and id = ${client.escapeLiteral(userId)}`;

async function assertActorCurrent(client: pg.PoolClient, clinicId: string, check: ActorCheck): Promise<void> {
  const result = await client.query<ActorRow>(actorQuery(client, clinicId, check.userId));
  assertActorRow(result.rows[0], check);
}

function assertActorRow(row: ActorRow | undefined, check: ActorCheck): void {
  if (!row || row.status !== 'active') throw new UnauthorizedError('This account is disabled.', 'account-disabled');
  if (row.role !== check.role) {
    throw new UnauthorizedError('Your role has changed since you logged in. Renew the session.', 'session-outdated');
  }
}
