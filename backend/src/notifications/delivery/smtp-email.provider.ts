import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { type DeliveryProvider, type DeliveryReceipt, DeliveryError, type OutgoingMessage } from './delivery.js';
import { messageIdFor } from './message-id.js';

export interface SmtpOptions {
  url: string;
  from: string;
  maxConnections: number;
}

/**
 * Email over SMTP (nodemailer), a few pooled connections carrying many messages each. Every message
 * has a Message-ID derived from its notification, identical on every attempt.
 */
export class SmtpEmailProvider implements DeliveryProvider {
  readonly name = 'smtp';
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;

  /** MAIL FROM: the address part of MAIL_FROM. */
  private readonly fromAddress: string;

  constructor(private readonly options: SmtpOptions) {
    this.fromAddress = /<([^>]+)>\s*$/.exec(options.from)?.[1] ?? options.from.trim();
    this.transport = nodemailer.createTransport({
      url: options.url,
      pool: true,
      maxConnections: options.maxConnections,
      // The default, 100, reconnects every 100 messages.
      maxMessages: 1000,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      // A send stays in doubt at most this long without a byte from the server: far below the
      // notification's lease, so no other worker takes over a message this one may still be sending.
      socketTimeout: 30_000,
      // By default the pool silently sends a message again when its connection drops mid-send; that
      // copy is a duplicate if the server had taken it. Report the failure instead: the job retries,
      // with the same Message-ID, and the row records the error.
      maxRequeues: 0,
    });
  }

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    try {
      // The message is built whole first and handed over as one buffer: streamed part by part, it
      // went to the socket in dozens of small writes, a fifth of the worker's time (docs/benchmarks.md).
      const raw = await new MailComposer({
        from: this.options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: message.attachments,
        messageId: messageIdFor(message.notificationId, this.options.from),
        headers: { 'X-Notification-Id': message.notificationId, 'X-Notification-Attempt': String(message.attempt) },
      })
        .compile()
        .build();
      const info = (await this.transport.sendMail({ envelope: { from: this.fromAddress, to: [message.to] }, raw })) as {
        response?: unknown;
      };
      return { provider: this.name, providerMessageId: typeof info.response === 'string' ? info.response.slice(0, 200) : null };
    } catch (error) {
      const e = error as Error & { responseCode?: number; code?: string };
      // 5xx is the server's final word on this message (bad recipient, refused content); anything
      // else (4xx, a dropped connection, a timeout) may work next time.
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.code !== 'EAUTH';
      throw new DeliveryError(`SMTP: ${e.message}`, permanent);
    }
  }

  close(): void {
    this.transport.close();
  }
}
