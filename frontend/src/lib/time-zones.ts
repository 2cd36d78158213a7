'use client';

import { useLocale } from 'next-intl';
import { useMemo } from 'react';
import { useHydrated } from './hydrated';

export interface TimeZoneOption {
  value: string;
  label: string;
}

const FSI = '\u2068';
const PDI = '\u2069';

function zoneName(zone: string, locale: string, style: 'longGeneric' | 'shortOffset', at: Date): string {
  return (
    new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style }).formatToParts(at).find((p) => p.type === 'timeZoneName')
      ?.value ?? ''
  );
}

function offsetMinutes(zone: string, at: Date): number {
  const offset = zoneName(zone, 'en-US', 'shortOffset', at); // "GMT+5:30", "GMT-5", "GMT"
  const match = /GMT([+-])(\d{1,2})(?::(\d\d))?/.exec(offset);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0)) : 0;
}

/**
 * Every IANA time zone, named in the page's language: "Arabian Standard Time (GMT+3) · Riyadh",
 * "التوقيت العربي الرسمي (غرينتش+3) · Riyadh", ordered by offset. The city comes from the zone's id
 * (Intl names no cities), isolated so it reads correctly inside Arabic.
 */
export function timeZoneOptions(locale: string, at = new Date()): TimeZoneOption[] {
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Riyadh'];
  const zones = supported.includes('UTC') ? supported : [...supported, 'UTC'];
  return zones
    .map((zone) => {
      const city = zone === 'UTC' ? 'UTC' : (zone.split('/').pop() ?? zone).replaceAll('_', ' ');
      const label = `${zoneName(zone, locale, 'longGeneric', at)} (${zoneName(zone, locale, 'shortOffset', at)}) · ${FSI}${city}${PDI}`;
      return { value: zone, label, offset: offsetMinutes(zone, at) };
    })
    .sort((a, b) => a.offset - b.offset || a.label.localeCompare(b.label, locale))
    .map(({ value, label }) => ({ value, label }));
}

/**
 * The time-zone options for a select. Before hydration only the current zone is listed, by its id:
 * the server's and the browser's Intl name zones differently, and the two renders must match.
 */
export function useTimeZoneOptions(current: string): TimeZoneOption[] {
  const locale = useLocale();
  const hydrated = useHydrated();
  return useMemo(() => (hydrated ? timeZoneOptions(locale) : [{ value: current, label: current }]), [hydrated, locale, current]);
}
