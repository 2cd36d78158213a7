'use client';

import { useFormatter, useLocale } from 'next-intl';
import { formatMoney } from '@dental/shared';
import type { Service } from '@/api/types';

/** A day written long (a page's title), short (a week column) or narrow (a week column on a phone). */
const DAY_STYLES = {
  long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' },
  short: { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' },
  narrow: { weekday: 'narrow', day: 'numeric', timeZone: 'UTC' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * Formatting in the user's language and the clinic's time zone (set by the app shell's provider). One
 * date style everywhere, in both languages: day, month name, year ("2 April 1988", "2 أبريل 1988"), with
 * Western digits in Arabic too (the `ar` locale's default, as Saudi clinics write dates and amounts).
 */
export function useFormats() {
  const format = useFormatter();
  const locale = useLocale();
  return {
    time: (instant: string) => format.dateTime(new Date(instant), { hour: 'numeric', minute: '2-digit' }),
    dateTime: (instant: string) =>
      format.dateTime(new Date(instant), { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' }),
    /** An instant's calendar day in clinic time. */
    dateOf: (instant: string) => format.dateTime(new Date(instant), { day: 'numeric', month: 'short', year: 'numeric' }),
    /** A calendar date ("1988-04-02", a date of birth), whatever the zone. */
    date: (isoDate: string) =>
      format.dateTime(new Date(`${isoDate}T12:00:00Z`), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
    /** A clinic-local day ("2026-12-01"), read at noon UTC so no zone moves it to another day. */
    day: (day: string, style: 'long' | 'short' | 'narrow' = 'long') => format.dateTime(new Date(`${day}T12:00:00Z`), DAY_STYLES[style]),
    money: (amount: string, currency: string) => formatMoney(amount, currency, locale),
    number: (value: number) => format.number(value),
    /** A VAT rate given in percent ("15.00"), for display only. */
    percent: (rate: string) => format.number(Number(rate) / 100, { style: 'percent', maximumFractionDigits: 2 }),
    serviceName: (service: Pick<Service, 'name' | 'nameAr'> | undefined) =>
      service ? (locale === 'ar' && service.nameAr ? service.nameAr : service.name) : '',
  };
}
