'use client';

import { useLocale } from 'next-intl';
import { useMemo } from 'react';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
// Codes Intl names that are not countries (European Union, Eurozone, United Nations, unknown, pseudo-regions).
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'ZZ', 'QO', 'XA', 'XB', 'XK']);

/** Every ISO 3166 country Intl can name, in the user's language, Saudi Arabia first (the clinics' default). */
export function useCountryOptions(): { value: string; label: string }[] {
  const locale = useLocale();
  return useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    const options: { value: string; label: string }[] = [];
    for (const first of LETTERS) {
      for (const second of LETTERS) {
        const code = first + second;
        const label = NOT_COUNTRIES.has(code) ? undefined : names.of(code);
        if (label) options.push({ value: code, label });
      }
    }
    options.sort((a, b) => (a.value === 'SA' ? -1 : b.value === 'SA' ? 1 : a.label.localeCompare(b.label, locale)));
    return options;
  }, [locale]);
}
