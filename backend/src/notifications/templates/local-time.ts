import { DateTime } from 'luxon';

export type Locale = 'en' | 'ar';

/** An instant on a clinic's wall clock, written in `locale`. */
export function localTime(iso: string, zone: string, locale: Locale) {
  const at = DateTime.fromISO(iso, { zone }).setLocale(locale);
  return {
    /** "Tuesday, January 12, 2027" / "الثلاثاء، 12 يناير 2027" */
    longDate: at.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    /** "Tue, Jan 12" */
    shortDate: at.toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' }),
    /** "10:30 AM" / "10:30 ص" */
    time: at.toLocaleString({ hour: 'numeric', minute: '2-digit' }),
    /** "Saudi Arabia Time": the zone's name in the language, or its IANA name when the runtime has none. */
    zoneName: zoneName(at.toJSDate(), zone, locale),
  };
}

/** Intl formatters are costly to make (a worker writes hundreds of messages a second): one per zone, language and style. */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(zone: string, locale: Locale, style: 'shortGeneric' | 'longGeneric'): Intl.DateTimeFormat {
  const key = `${zone}|${locale}|${style}`;
  let format = zoneFormats.get(key);
  if (!format) zoneFormats.set(key, (format = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style })));
  return format;
}

/** The country's name for the zone ("Saudi Arabia Time"), or its long name where that is an abbreviation ("ET"). */
function zoneName(at: Date, zone: string, locale: Locale): string {
  try {
    const name = (style: 'shortGeneric' | 'longGeneric') =>
      zoneFormat(zone, locale, style)
        .formatToParts(at)
        .find((p) => p.type === 'timeZoneName')?.value;
    let value = name('shortGeneric');
    if (value && /^[A-Z]{1,5}$/.test(value)) value = name('longGeneric');
    return value && !/^GMT|^UTC|غرينتش/.test(value) ? value : zone;
  } catch {
    return zone;
  }
}
