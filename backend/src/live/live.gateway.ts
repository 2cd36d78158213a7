import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { fastifyCookie } from '@fastify/cookie';
import { canReadClinical, type Role } from '@dental/shared';
import { WebSocket, WebSocketServer } from 'ws';
import { AccessTokenService } from '../auth/access-token.service.js';
import { userActor } from '../common/actor.js';
import { ACCESS_COOKIE } from '../common/auth/cookies.js';
import { Clock } from '../common/clock.js';
import { DomainError, ForbiddenError, UnauthorizedError } from '../common/errors.js';
import { Database } from '../db/database.js';
import { LiveListener } from './live-listener.js';
import { CONTROL_TYPES, type LiveEnvelope, messageFor, reaches } from './live-messages.js';

export const LIVE_PATH = '/api/live';

/** Close codes a client acts on (see frontend/src/lib/live.ts). */
export const CLOSE_SESSION_ENDED = 4001;
const CLOSE_GOING_AWAY = 1001;

const HEARTBEAT_MS = 30_000;
/** A client this far behind (a stalled connection) is dropped rather than buffered for without end. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

interface LiveClient {
  socket: WebSocket;
  clinicId: string;
  userId: string;
  role: Role;
  alive: boolean;
  sessionEnd: NodeJS.Timeout;
}

/**
 * The WebSocket at /api/live on the API's own HTTP server (Fastify's Node server; `ws` in noServer
 * mode on its 'upgrade' event, for every upgrade path). An upgrade is authenticated before it is
 * accepted, like any request: the access token from `Authorization: Bearer` or the access_token cookie
 * (then the Origin must be this site's), and the user's current status and role are checked in the
 * database. Anything else is answered with a problem+json status and the socket closed.
 *
 * Messages arrive from LiveListener (PostgreSQL NOTIFY, after commit, from any API process) and go to
 * this process's sockets of the event's clinic, as each role may see them. A socket lives no longer than
 * its access token; a disabled user's (or one whose role changed) are closed at once.
 */
@Injectable()
export class LiveGateway implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LiveGateway.name);
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  private readonly clinics = new Map<string, Set<LiveClient>>();
  private heartbeat: NodeJS.Timeout | undefined;
  private httpServer: Server | undefined;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(request, socket, head);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly accessTokens: AccessTokenService,
    private readonly database: Database,
    private readonly listener: LiveListener,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // An application context (a script, a job runner) has no HTTP server and no sockets.
    this.httpServer = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!this.httpServer) return;
    this.httpServer.on('upgrade', this.onUpgrade);
    this.listener.onEnvelope((envelope) => this.deliver(envelope));
    this.listener.onResync(() => this.broadcastResync());
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_MS);
    this.heartbeat.unref();
    await this.listener.start();
  }

  onModuleDestroy(): void {
    this.close();
  }

  /**
   * Closes every socket (server going away): clients reconnect to another process or when this one is back.
   * Shutdown calls it before closing the HTTP server, which would otherwise wait for the sockets.
   */
  close(): void {
    clearInterval(this.heartbeat);
    this.httpServer?.off('upgrade', this.onUpgrade);
    for (const clients of this.clinics.values()) for (const client of clients) this.drop(client, CLOSE_GOING_AWAY, 'server shutting down');
    this.server.close();
  }

  /** Open sockets in this process (for tests and the benchmark). */
  get socketCount(): number {
    let count = 0;
    for (const clients of this.clinics.values()) count += clients.size;
    return count;
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const path = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '').toLowerCase();
    if (path !== LIVE_PATH) return refuse(socket, 404, 'not-found', 'There is no WebSocket at this path.');
    let session: { clinicId: string; userId: string; role: Role; expiresAt: number };
    try {
      session = await this.authenticate(request);
    } catch (error) {
      if (error instanceof DomainError) return refuse(socket, error.status, error.type, error.message);
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      return refuse(socket, 500, 'internal-error', 'An unexpected error occurred.');
    }
    if (socket.destroyed) return;
    this.server.handleUpgrade(request, socket, head, (ws) => this.register(ws, session));
  }

  private async authenticate(request: IncomingMessage): Promise<{ clinicId: string; userId: string; role: Role; expiresAt: number }> {
    const header = request.headers.authorization;
    let token: string | undefined;
    if (header) {
      token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (!token) throw new UnauthorizedError('The Authorization header must be "Bearer <token>".');
    } else {
      token = request.headers.cookie ? fastifyCookie.parse(request.headers.cookie)[ACCESS_COOKIE] : undefined;
      if (!token) throw new UnauthorizedError();
      assertSameOrigin(request);
    }
    const { user, expiresAt } = this.accessTokens.verifyWithExpiry(token);
    // Disabled, or a role changed since the token was issued: 401 here as on any request.
    await this.database.transaction(userActor(user), () => Promise.resolve());
    return { ...user, expiresAt };
  }

  private register(socket: WebSocket, session: { clinicId: string; userId: string; role: Role; expiresAt: number }): void {
    const lifetime = Math.max(0, session.expiresAt - this.clock.nowMs());
    const client: LiveClient = {
      socket,
      clinicId: session.clinicId,
      userId: session.userId,
      role: session.role,
      alive: true,
      // The socket ends with the access token; the client renews its session and reconnects.
      sessionEnd: setTimeout(() => this.drop(client, CLOSE_SESSION_ENDED, 'session expired'), Math.min(lifetime, 2 ** 31 - 1)),
    };
    client.sessionEnd.unref();
    let clients = this.clinics.get(client.clinicId);
    if (!clients) this.clinics.set(client.clinicId, (clients = new Set()));
    clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('message', () => undefined); // clients have nothing to say yet; frames are size-limited
    socket.on('error', () => socket.terminate());
    socket.on('close', () => this.forget(client));
  }

  private deliver(envelope: LiveEnvelope): void {
    const clients = this.clinics.get(envelope.clinicId);
    if (!clients) return;
    if (CONTROL_TYPES.has(envelope.type)) {
      if (envelope.type === 'session.ended') {
        for (const client of clients) if (client.userId === envelope.data.id) this.drop(client, CLOSE_SESSION_ENDED, 'session ended');
      }
      return;
    }
    // Serialised once per kind of reader (clinical or not), not once per socket.
    const serialised = new Map<boolean, string>();
    for (const client of clients) {
      if (!reaches(envelope, client.role) || client.socket.readyState !== WebSocket.OPEN) continue;
      if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        client.socket.terminate();
        continue;
      }
      const clinical = canReadClinical(client.role);
      let text = serialised.get(clinical);
      if (text === undefined) serialised.set(clinical, (text = JSON.stringify(messageFor(envelope, client.role))));
      client.socket.send(text);
    }
  }

  private broadcastResync(): void {
    const text = JSON.stringify({ type: 'resync', data: {} });
    for (const clients of this.clinics.values())
      for (const client of clients) if (client.socket.readyState === WebSocket.OPEN) client.socket.send(text);
  }

  private checkAlive(): void {
    for (const clients of this.clinics.values()) {
      for (const client of clients) {
        if (!client.alive) {
          client.socket.terminate();
          continue;
        }
        client.alive = false;
        client.socket.ping();
      }
    }
  }

  private drop(client: LiveClient, code: number, reason: string): void {
    this.forget(client);
    if (client.socket.readyState === WebSocket.OPEN || client.socket.readyState === WebSocket.CONNECTING) client.socket.close(code, reason);
  }

  private forget(client: LiveClient): void {
    clearTimeout(client.sessionEnd);
    const clients = this.clinics.get(client.clinicId);
    if (!clients?.delete(client)) return;
    if (clients.size === 0) this.clinics.delete(client.clinicId);
  }
}

/**
 * A browser sends the session cookie on a cross-site WebSocket handshake too (no CORS applies): a
 * cookie-authenticated upgrade must come from a page of this site. The web app's proxy passes the host
 * the browser used as X-Forwarded-Host.
 */
function assertSameOrigin(request: IncomingMessage): void {
  const origin = request.headers.origin;
  if (!origin) return; // not a browser
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new ForbiddenError('The Origin header is not valid.', 'origin-refused');
  }
  const forwarded = String(request.headers['x-forwarded-host'] ?? '')
    .split(',')
    .map((h) => h.trim());
  if (host !== request.headers.host && !forwarded.includes(host)) {
    throw new ForbiddenError('A cookie-authenticated connection must come from this site.', 'origin-refused');
  }
}

/** Answers an upgrade it will not accept with a plain HTTP problem response, then closes the socket. */
function refuse(socket: Duplex, status: number, type: string, detail: string): void {
  if (socket.destroyed) return;
  const title = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ type, title, status, detail, instance: LIVE_PATH });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
