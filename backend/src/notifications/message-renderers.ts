import { Injectable } from '@nestjs/common';
import type { RenderedMessage } from './templates/message-document.js';

/** What a renderer knows about the notification it renders, at send time. */
export interface RenderContext {
  notificationId: string;
  clinicId: string;
  type: 'email' | 'sms';
  locale: 'en' | 'ar';
  recipient: string;
  payload: Record<string, unknown>;
  now: Date;
}

export type RenderOutcome =
  | {
      message: RenderedMessage & { attachments?: { filename: string; content: Buffer; contentType: string }[] };
      /** What the row keeps of it (e.g. the text with an invite link's token removed); the message itself if absent. */
      kept?: { subject: string | null; body: string | null };
    }
  /** Not worth sending any more (the appointment has begun): the notification ends as skipped with this reason. */
  | { skip: string };

export type Renderer = (context: RenderContext) => RenderOutcome | Promise<RenderOutcome>;

/**
 * Turns a notification into its message when it is sent, by template. The notifications module
 * registers the appointment reminder and the staff invite; other modules add theirs (billing: an
 * 'invoice' template whose renderer fetches the invoice PDF from BillingService and attaches it).
 */
@Injectable()
export class MessageRenderers {
  private readonly renderers = new Map<string, Renderer>();

  register(template: string, renderer: Renderer): void {
    if (this.renderers.has(template)) throw new Error(`Template ${template} is registered twice`);
    this.renderers.set(template, renderer);
  }

  async render(template: string, context: RenderContext): Promise<RenderOutcome> {
    const renderer = this.renderers.get(template);
    if (!renderer) throw new Error(`No renderer for template ${template}`);
    return renderer(context);
  }
}
