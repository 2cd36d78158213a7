import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SecretBox } from '../common/secret-box.js';
import { MessageRenderers, type RenderContext, type RenderOutcome } from './message-renderers.js';
import { type InviteDetails, renderInvite } from './templates/invite-message.js';
import { type ReminderDetails, renderReminder } from './templates/reminder-message.js';

export const REMINDER_TEMPLATE = 'appointment_reminder';
export const INVITE_TEMPLATE = 'staff_invite';
/** Rendered by billing (InvoiceEmailsService registers it): an issued invoice with its PDF. */
export const INVOICE_TEMPLATE = 'invoice';

/** The invite email's payload: everything but the link's token is plain; the token is sealed. */
export interface InvitePayload extends Omit<InviteDetails, 'link'> {
  inviteId: string;
  /** The accept-invite page without its token. */
  linkBase: string;
  sealedToken: string;
}

/** The templates this module owns, registered with MessageRenderers. */
@Injectable()
export class NotificationTemplates implements OnModuleInit {
  readonly secrets: SecretBox;

  constructor(
    private readonly renderers: MessageRenderers,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secrets = new SecretBox(config.notifications.secretKeyMaterial, 'notification-secrets');
  }

  onModuleInit(): void {
    this.renderers.register(REMINDER_TEMPLATE, (context) => this.reminder(context));
    this.renderers.register(INVITE_TEMPLATE, (context) => this.invite(context));
  }

  /** The invite email's payload, with the link's token sealed (only the worker opens it, to send). */
  invitePayload(details: InviteDetails, inviteId: string): InvitePayload {
    const url = new URL(details.link);
    const token = url.searchParams.get('token') ?? '';
    url.searchParams.delete('token');
    const base = url.toString();
    const { link: _link, ...rest } = details;
    return { ...rest, inviteId, linkBase: `${base}${base.includes('?') ? '&' : '?'}token=`, sealedToken: this.secrets.seal(token) };
  }

  private reminder(context: RenderContext): RenderOutcome {
    const details = context.payload as unknown as ReminderDetails;
    // A reminder that could only arrive after the appointment began is no reminder.
    if (Date.parse(details.startAt) <= context.now.getTime()) return { skip: 'The appointment has already started' };
    return { message: renderReminder(details, context.locale, context.type) };
  }

  private invite(context: RenderContext): RenderOutcome {
    const payload = context.payload as unknown as InvitePayload;
    const message = renderInvite(
      { ...payload, link: `${payload.linkBase}${encodeURIComponent(this.secrets.open(payload.sealedToken))}` },
      context.locale,
    );
    // The row keeps the message without a usable link: the outbox is readable by more people than the invitee.
    const kept = renderInvite({ ...payload, link: `${payload.linkBase}…` }, context.locale);
    return { message, kept: { subject: kept.subject ?? null, body: kept.text } };
  }
}
