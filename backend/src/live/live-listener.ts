import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { DATABASE_OPTIONS, type DatabaseOptions } from '../db/database.js';
import { LIVE_CHANNEL } from './live-events.js';
import { type LiveEnvelope, unpackEnvelope } from './live-messages.js';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 15_000;

/**
 * The one PostgreSQL connection of this API process that LISTENs for live events (outside the pool:
 * a pooled connection is shared and reset, a listening one must stay). When it drops it reconnects with
 * backoff; events committed while it was away are lost, so it reports a resync and the gateway tells
 * every client to refetch.
 */
@Injectable()
export class LiveListener implements OnModuleDestroy {
  private readonly logger = new Logger(LiveListener.name);
  /** The connection being opened or open. */
  private client: pg.Client | undefined;
  private connected = false;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private everConnected = false;
  private stopped = false;
  private readonly envelopeHandlers: ((envelope: LiveEnvelope) => void)[] = [];
  private readonly resyncHandlers: (() => void)[] = [];

  constructor(@Inject(DATABASE_OPTIONS) private readonly options: DatabaseOptions) {}

  onEnvelope(handler: (envelope: LiveEnvelope) => void): void {
    this.envelopeHandlers.push(handler);
  }

  /** Called after the connection came back: events may have been missed. */
  onResync(handler: () => void): void {
    this.resyncHandlers.push(handler);
  }

  get listening(): boolean {
    return this.connected;
  }

  /**
   * Started by the gateway of an HTTP server, before it takes requests (a script or job context has no
   * sockets to feed); if PostgreSQL is not there yet, it keeps trying.
   */
  async start(): Promise<void> {
    if (this.client || this.stopped) return;
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.url, keepAlive: true });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel !== LIVE_CHANNEL || !message.payload) return;
      const envelope = unpackEnvelope(message.payload);
      if (envelope) for (const handler of this.envelopeHandlers) handler(envelope);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${LIVE_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.stopped || this.client !== client) {
      await client.end().catch(() => undefined);
      return;
    }
    this.connected = true;
    this.failures = 0;
    if (this.everConnected) {
      this.logger.log('listening for live events again');
      for (const handler of this.resyncHandlers) handler();
    }
    this.everConnected = true;
  }

  private lost(client: pg.Client, error?: unknown): void {
    // Only the current connection's first failure counts (an 'error' is followed by 'end').
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    this.connected = false;
    client.end().catch(() => undefined);
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures++);
    this.logger.warn(`live events connection lost (${error instanceof Error ? error.message : 'closed'}); retrying in ${delay} ms`);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, delay);
    this.retry.unref();
  }
}
