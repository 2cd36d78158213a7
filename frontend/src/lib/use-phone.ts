'use client';

import { useSyncExternalStore } from 'react';

/** Phone width: below Chakra's `md` breakpoint (48em, 768 px), as the CSS of the app uses. */
const PHONE_QUERY = '(max-width: 47.99em)';

const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

/** True on a phone-sized screen (kept current when the window is resized); false while rendering on the server. */
export function useIsPhone(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(PHONE_QUERY).matches,
    () => false,
  );
}
