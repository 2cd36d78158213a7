import { Logger } from '@nestjs/common';
import { type DeliveryProvider, type DeliveryReceipt, DeliveryError, type OutgoingMessage } from './delivery.js';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  from?: string;
  messagingServiceSid?: string;
  /** https://api.twilio.com, or a test server. */
  apiUrl: string;
  timeoutMs: number;
}

export interface UnifonicOptions {
  appSid: string;
  senderId?: string;
  /** https://el.cloud.unifonic.com, or a test server. */
  apiUrl: string;
  timeoutMs: number;
}

/** One HTTP call with a deadline; network failures and timeouts are worth retrying. */
async function post(url: string, init: RequestInit, timeoutMs: number, signal: AbortSignal, provider: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, method: 'POST', signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
  } catch (error) {
    throw new DeliveryError(`${provider}: ${(error as Error).message}`, false);
  }
}

/** HTTP statuses worth another try: the provider is busy or failing, not refusing this message. */
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Twilio Programmable Messaging: POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded,
 * HTTP Basic with the Account SID and Auth Token; To in E.164; From (a number or an alphanumeric
 * sender) or MessagingServiceSid. https://www.twilio.com/docs/messaging/api/message-resource
 */
export class TwilioSmsProvider implements DeliveryProvider {
  readonly name = 'twilio';

  constructor(private readonly options: TwilioOptions) {}

  async send(message: OutgoingMessage, signal: AbortSignal): Promise<DeliveryReceipt> {
    const o = this.options;
    const form = new URLSearchParams({ To: message.to, Body: message.text });
    if (o.messagingServiceSid) form.set('MessagingServiceSid', o.messagingServiceSid);
    else form.set('From', o.from ?? '');
    const url = `${o.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(o.accountSid)}/Messages.json`;
    const response = await post(
      url,
      {
        headers: {
          Authorization: `Basic ${Buffer.from(`${o.accountSid}:${o.authToken}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: form,
      },
      o.timeoutMs,
      signal,
      'Twilio',
    );
    const body = (await response.json().catch(() => ({}))) as { sid?: string; message?: string; code?: number };
    if (!response.ok) {
      const detail = body.message ? `${body.message}${body.code ? ` (code ${body.code})` : ''}` : `HTTP ${response.status}`;
      throw new DeliveryError(`Twilio: ${detail}`, !retryable(response.status));
    }
    return { provider: this.name, providerMessageId: body.sid ?? null };
  }
}

/**
 * Unifonic: POST /rest/SMS/messages, form-encoded, the AppSid in the body (no auth header), Recipient
 * in international format without + or 00, SenderID optional; success is `"success": true` in the
 * JSON answer, not the HTTP status alone. https://docs.unifonic.com/reference/sms-api
 */
export class UnifonicSmsProvider implements DeliveryProvider {
  readonly name = 'unifonic';

  constructor(private readonly options: UnifonicOptions) {}

  async send(message: OutgoingMessage, signal: AbortSignal): Promise<DeliveryReceipt> {
    const o = this.options;
    const form = new URLSearchParams({
      AppSid: o.appSid,
      Recipient: message.to.replace(/^\+|^00/, ''),
      Body: message.text,
      responseType: 'JSON',
      // Lets the message be found at Unifonic by our id (it is a correlation id, not a de-duplication key).
      CorrelationID: message.notificationId,
    });
    if (o.senderId) form.set('SenderID', o.senderId);
    const response = await post(
      `${o.apiUrl}/rest/SMS/messages`,
      { headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: form },
      o.timeoutMs,
      signal,
      'Unifonic',
    );
    const body = (await response.json().catch(() => ({}))) as {
      success?: boolean | string;
      message?: string;
      errorCode?: string;
      data?: { MessageID?: string | number };
    };
    const succeeded = body.success === true || body.success === 'true';
    if (!response.ok || !succeeded) {
      const detail =
        body.message || body.errorCode
          ? `${body.message ?? ''}${body.errorCode ? ` (${body.errorCode})` : ''}`.trim()
          : `HTTP ${response.status}`;
      throw new DeliveryError(`Unifonic: ${detail}`, !retryable(response.status));
    }
    const id = body.data?.MessageID;
    return { provider: this.name, providerMessageId: id === undefined ? null : String(id) };
  }
}

/** SMS_PROVIDER=log: writes each text message to the worker's log (and the notification keeps it). */
export class LogSmsProvider implements DeliveryProvider {
  readonly name = 'log';
  private readonly logger = new Logger('SMS');

  send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    this.logger.log(`SMS to ${message.to}: ${message.text}`);
    return Promise.resolve({ provider: this.name, providerMessageId: null });
  }
}

/**
 * No provider configured: the message is kept in the outbox (the notification row holds its text and
 * the web app's Notifications page shows it), never silently dropped.
 */
export class OutboxProvider implements DeliveryProvider {
  readonly name = 'outbox';

  send(): Promise<DeliveryReceipt> {
    return Promise.resolve({ provider: this.name, providerMessageId: null });
  }
}
