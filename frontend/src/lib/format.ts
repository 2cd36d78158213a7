'use client';

import { useFormatter, useLocale } from 'next-intl';
import { formatMoney } from '@dental/shared';
import type { Service } from '@/api/types';

/** Formatting in the user's language and the clinic's time zone (set by the app shell's provider). */
export function useFormats() {
  const format = useFormatter();
  const locale = useLocale();
  return {
    time: (instant: string) => format.dateTime(new Date(instant), { hour: 'numeric', minute: '2-digit' }),
    dateTime: (instant: string) => format.dateTime(new Date(instant), { dateStyle: 'medium', timeStyle: 'short' }),
    date: (instant: string) => format.dateTime(new Date(instant), { dateStyle: 'medium' }),
    /** A clinic-local day ("2026-12-01"), read at noon UTC so no zone moves it to another day. */
    day: (day: string, style: 'long' | 'short' = 'long') =>
      format.dateTime(
        new Date(`${day}T12:00:00Z`),
        style === 'long'
          ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
          : { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' },
      ),
    money: (amount: string, currency: string) => formatMoney(amount, currency, locale),
    number: (value: number) => format.number(value),
    /** A VAT rate given in percent ("15.00"), for display only. */
    percent: (rate: string) => format.number(Number(rate) / 100, { style: 'percent', maximumFractionDigits: 2 }),
    serviceName: (service: Pick<Service, 'name' | 'nameAr'> | undefined) =>
      service ? (locale === 'ar' && service.nameAr ? service.nameAr : service.name) : '',
  };
}
