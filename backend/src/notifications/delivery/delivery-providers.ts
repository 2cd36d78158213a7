import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { DeliveryProvider } from './delivery.js';
import { LogSmsProvider, OutboxProvider, TwilioSmsProvider, UnifonicSmsProvider } from './providers.js';
import { SmtpEmailProvider } from './smtp-email.provider.js';

/** The provider of each channel, as configured (SMTP_URL, SMS_PROVIDER); the outbox when none is. */
@Injectable()
export class DeliveryProviders implements OnModuleDestroy {
  private email?: DeliveryProvider;
  private sms?: DeliveryProvider;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Which provider a channel's messages go to, without connecting to it. */
  nameOf(channel: 'email' | 'sms'): string {
    if (channel === 'email') return this.config.email.smtpUrl ? 'smtp' : 'outbox';
    return this.config.sms.provider ?? 'outbox';
  }

  /** Made on first use: an API process never opens an SMTP pool. */
  for(channel: 'email' | 'sms'): DeliveryProvider {
    if (channel === 'email') return (this.email ??= this.makeEmail());
    return (this.sms ??= this.makeSms());
  }

  private makeEmail(): DeliveryProvider {
    const { smtpUrl, from, maxConnections } = this.config.email;
    return smtpUrl ? new SmtpEmailProvider({ url: smtpUrl, from, maxConnections }) : new OutboxProvider();
  }

  private makeSms(): DeliveryProvider {
    const { provider, timeoutMs, twilio, unifonic } = this.config.sms;
    if (provider === 'twilio') return new TwilioSmsProvider({ ...twilio, timeoutMs });
    if (provider === 'unifonic') return new UnifonicSmsProvider({ ...unifonic, timeoutMs });
    if (provider === 'log') return new LogSmsProvider();
    return new OutboxProvider();
  }

  async onModuleDestroy(): Promise<void> {
    await this.email?.close?.();
    await this.sms?.close?.();
  }
}
