'use client';

import createCache, { type EmotionCache } from '@emotion/cache';
import { CacheProvider } from '@emotion/react';
import { useServerInsertedHTML } from 'next/navigation';
import { useState, type ReactNode } from 'react';

interface Inserted {
  name: string;
  global: boolean;
}

/** An Emotion cache that remembers which styles a server render inserted, to hand them to the page head. */
function recordingCache(): { cache: EmotionCache; flush: () => Inserted[] } {
  const cache = createCache({ key: 'css' });
  cache.compat = true;
  let inserted: Inserted[] = [];
  const insert = cache.insert.bind(cache);
  cache.insert = (selector, serialized, sheet, shouldCache) => {
    if (cache.inserted[serialized.name] === undefined) inserted.push({ name: serialized.name, global: !selector });
    return insert(selector, serialized, sheet, shouldCache);
  };
  return {
    cache,
    flush: () => {
      const flushed = inserted;
      inserted = [];
      return flushed;
    },
  };
}

/**
 * Chakra's styles (Emotion) in the server-rendered <head> instead of inline <style> tags beside the
 * components: React found those tags where the client renders none, and every full page load ended in a
 * hydration error (React #418) and a second, client-side render.
 */
export function EmotionRegistry({ children }: { children: ReactNode }) {
  const [{ cache, flush }] = useState(recordingCache);
  useServerInsertedHTML(() => {
    const inserted = flush();
    if (inserted.length === 0) return null;
    const css = (name: string) => {
      const style = cache.inserted[name];
      return typeof style === 'string' ? style : '';
    };
    const scoped = inserted.filter((entry) => !entry.global && css(entry.name));
    return (
      <>
        {inserted
          .filter((entry) => entry.global && css(entry.name))
          .map(({ name }) => (
            <style key={name} data-emotion={`${cache.key}-global ${name}`} dangerouslySetInnerHTML={{ __html: css(name) }} />
          ))}
        {scoped.length > 0 && (
          <style
            data-emotion={`${cache.key} ${scoped.map((entry) => entry.name).join(' ')}`}
            dangerouslySetInnerHTML={{ __html: scoped.map((entry) => css(entry.name)).join('') }}
          />
        )}
      </>
    );
  });
  return <CacheProvider value={cache}>{children}</CacheProvider>;
}
