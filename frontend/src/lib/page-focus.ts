'use client';

import { useEffect, useRef } from 'react';
import { MAIN_CONTENT } from './main-content';

/**
 * Sets the document's title, and sets it again if the framework's metadata rewrites it afterwards (a
 * navigation or a language switch updates Next's <title> at a moment of its own choosing).
 */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    if (!title) return;
    const apply = () => {
      if (document.title !== title) document.title = title;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [title]);
}

/** The path the browser loaded this document at (after any server redirect). */
function loadedPath(): string | undefined {
  const entry = performance.getEntriesByType('navigation')[0];
  return entry ? new URL(entry.name).pathname : undefined;
}

/**
 * After a client-side navigation (a menu link, a login, a language switch) focus goes to the new page's
 * <h1>, once it is on screen, so a screen reader starts reading the new page and Tab continues from
 * there. On a full page load focus stays where the browser puts it; focus the user has already moved
 * into the page is left alone.
 */
export function useFocusHeadingOnNavigation(pathname: string) {
  const mounted = useRef(false);
  useEffect(() => {
    const first = !mounted.current;
    mounted.current = true;
    if (first && window.location.pathname === loadedPath()) return;
    const focusHeading = (): boolean => {
      const main = document.getElementById(MAIN_CONTENT);
      const heading = main?.querySelector('h1');
      if (!main || !heading) return false;
      if (document.activeElement && document.activeElement !== heading && main.contains(document.activeElement)) return true;
      heading.focus();
      return true;
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const giveUp = setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      observer.disconnect();
      clearTimeout(giveUp);
    };
  }, [pathname]);
}
