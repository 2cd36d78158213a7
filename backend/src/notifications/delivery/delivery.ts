/** A rendered message on its way to a provider. */
export interface OutgoingMessage {
  notificationId: string;
  channel: 'email' | 'sms';
  /** An email address, or a phone number in E.164. */
  to: string;
  subject?: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  /** Which attempt this is (1 on the first), for the email's X-Notification-Attempt header. */
  attempt: number;
}

/** What the provider said when it took the message. */
export interface DeliveryReceipt {
  /** The provider that carried it ('smtp', 'twilio', 'unifonic', 'log', 'outbox'). */
  provider: string;
  /** Its id or reply for the message (SMTP response, Twilio SID, Unifonic MessageID). */
  providerMessageId: string | null;
}

export interface DeliveryProvider {
  readonly name: string;
  send(message: OutgoingMessage, signal: AbortSignal): Promise<DeliveryReceipt>;
  close?(): Promise<void> | void;
}

/**
 * A send that failed. `permanent`: sending the same message again will fail the same way (a rejected
 * address, a refused request), so it is not retried; otherwise it is retried with backoff.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Error text kept on the row: short and single-line. */
export const describeError = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim().slice(0, 500) || 'Unknown error';
