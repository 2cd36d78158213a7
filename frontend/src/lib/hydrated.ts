import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False in the server's HTML and while React hydrates it, true after: for content the server cannot
 * render identically (text from the browser's own Intl data, which differs from Node's), and for forms
 * that must not be used before they work.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
