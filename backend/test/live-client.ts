import { WebSocket } from 'ws';

export interface LiveMessage {
  type: string;
  data: any;
}

/** A test's socket on /api/live: every message it got, and a way to wait for the next one that matches. */
export interface LiveSocket {
  messages: LiveMessage[];
  /** Resolves with the first message (already received or coming) that matches, or fails after `timeoutMs`. */
  waitFor(match: (message: LiveMessage) => boolean, timeoutMs?: number): Promise<LiveMessage>;
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<number>;
  close(): void;
}

/** The answer to an upgrade the API refused: status and problem body. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: any,
  ) {
    super(`upgrade refused with ${status}`);
  }
}

export function liveUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}/api/live`;
}

/** Opens a socket with these handshake headers; rejects with a Refusal when the API answers without upgrading. */
export function openLive(baseUrl: string, headers: Record<string, string>, path = '/api/live'): Promise<LiveSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, { headers });
    const messages: LiveMessage[] = [];
    const waiters: { match: (m: LiveMessage) => boolean; resolve: (m: LiveMessage) => void }[] = [];
    const closed = new Promise<number>((done) => socket.once('close', (code) => done(code)));
    socket.on('message', (data) => {
      const message = JSON.parse((data as Buffer).toString('utf8')) as LiveMessage;
      messages.push(message);
      for (const waiter of [...waiters]) {
        if (waiter.match(message)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += String(chunk)));
      response.on('end', () => reject(new Refusal(response.statusCode ?? 0, text ? JSON.parse(text) : undefined)));
    });
    socket.once('error', (error) => reject(error));
    socket.once('open', () =>
      resolve({
        messages,
        closed,
        close: () => socket.close(),
        waitFor: (match, timeoutMs = 10_000) => {
          const found = messages.find(match);
          if (found) return Promise.resolve(found);
          return new Promise((done, fail) => {
            const timer = setTimeout(
              () => fail(new Error(`no matching live message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`)),
              timeoutMs,
            );
            waiters.push({
              match,
              resolve: (message) => {
                clearTimeout(timer);
                done(message);
              },
            });
          });
        },
      }),
    );
  });
}

/** The refusal of an upgrade that should not succeed. */
export async function refusedLive(baseUrl: string, headers: Record<string, string>, path?: string): Promise<Refusal> {
  try {
    const socket = await openLive(baseUrl, headers, path);
    socket.close();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('the upgrade was accepted');
}
