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
    .map((zone) => ({ ...timeZoneOption(zone, locale, at), offset: offsetMinutes(zone, at) }))
    .sort((a, b) => a.offset - b.offset || a.label.localeCompare(b.label, locale))
    .map(({ value, label }) => ({ value, label }));
}

function timeZoneOption(zone: string, locale: string, at: Date): TimeZoneOption {
  const city = zone === 'UTC' ? 'UTC' : (zone.split('/').pop() ?? zone).replaceAll('_', ' ');
  return {
    value: zone,
    label: `${zoneName(zone, locale, 'longGeneric', at)} (${zoneName(zone, locale, 'shortOffset', at)}) · ${FSI}${city}${PDI}`,
  };
}

/**
 * The time-zone options for a select. Before hydration only the current zone is listed, by its id:
 * the server's and the browser's Intl name zones differently, and the two renders must match. The
 * clinic's zone is always an option, also when the browser lists it under another name (the API keeps
 * IANA's Asia/Kolkata; some browsers list only ICU's older Asia/Calcutta).
 */
export function useTimeZoneOptions(current: string): TimeZoneOption[] {
  const locale = useLocale();
  const hydrated = useHydrated();
  return useMemo(() => {
    if (!hydrated) return [{ value: current, label: current }];
    const options = timeZoneOptions(locale);
    return !current || options.some((option) => option.value === current)
      ? options
      : [timeZoneOption(current, locale, new Date()), ...options];
  }, [hydrated, locale, current]);
}
