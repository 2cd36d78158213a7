import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { type ParsedMail, simpleParser } from 'mailparser';

/** One message as the SMTP server took it (after its 250 reply). */
export interface ReceivedMail {
  messageId: string;
  notificationId: string | null;
  attempt: number | null;
  to: string[];
  raw: Buffer;
  receivedAt: number;
}

export interface SmtpSinkOptions {
  /** Refuse a recipient: 550 (permanent) or 451 (try later) with this text. */
  refuse?: (recipient: string) => { code: 550 | 451; message: string } | null;
  /** Wait this long before answering 250 to a message (a slow server). */
  acceptDelayMs?: number;
}

/**
 * A real SMTP server (npm smtp-server) on a loopback port, for tests and the benchmark: it takes every
 * message (plain SMTP, no TLS or auth) and keeps it. Recipients can be refused to test failures.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  private readonly waiters: { test: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
    // The server's callbacks reach the sink through this, once it exists.
    const holder: { sink?: SmtpSink } = {};
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      disableReverseLookup: true,
      logger: false,
      size: 20 * 1024 * 1024,
      maxClients: 1000,
      onRcptTo(address, _session, callback) {
        const refusal = options.refuse?.(address.address);
        if (!refusal) return callback();
        const error = new Error(refusal.message) as Error & { responseCode: number };
        error.responseCode = refusal.code;
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const accept = () => {
            holder.sink?.record(
              Buffer.concat(chunks),
              session.envelope.rcptTo.map((r) => r.address),
            );
            callback(null, 'queued');
          };
          if (options.acceptDelayMs) setTimeout(accept, options.acceptDelayMs);
          else accept();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.sink = new SmtpSink(server, (server.server.address() as AddressInfo).port);
    return holder.sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Distinct Message-IDs received. */
  messageIds(): Set<string> {
    return new Set(this.mails.map((m) => m.messageId));
  }

  /** Resolves with the first message (already received or arriving later) that passes `test`. */
  waitFor(test: (mail: ReceivedMail) => boolean, timeoutMs = 15_000): Promise<ReceivedMail> {
    const found = this.mails.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) {
          this.waiters.splice(index, 1);
          reject(new Error(`No matching email within ${timeoutMs} ms (${this.mails.length} received)`));
        }
      }, timeoutMs).unref();
    });
  }

  parse(mail: ReceivedMail): Promise<ParsedMail> {
    return simpleParser(mail.raw);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(raw: Buffer, to: string[]): void {
    const headers = headerBlock(raw);
    const mail: ReceivedMail = {
      messageId: headers.get('message-id') ?? '',
      notificationId: headers.get('x-notification-id') ?? null,
      attempt: headers.has('x-notification-attempt') ? Number(headers.get('x-notification-attempt')) : null,
      to,
      raw,
      receivedAt: Date.now(),
    };
    this.mails.push(mail);
    for (const waiter of [...this.waiters]) {
      if (waiter.test(mail)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(mail);
      }
    }
  }
}

/** The message's top-level headers, lower-cased names, folded lines unfolded (enough for ids). */
function headerBlock(raw: Buffer): Map<string, string> {
  const text = raw.subarray(0, Math.max(0, raw.indexOf('\r\n\r\n'))).toString('utf8');
  const map = new Map<string, string>();
  for (const line of text.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) map.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return map;
}
