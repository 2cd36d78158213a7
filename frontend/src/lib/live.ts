'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { endSession, refreshSession } from '@/api/client';
import { applyLiveMessage, refetchEverything, type LiveMessage } from './live-cache';

/** The server closes a socket with this code when the session behind it ended (expired, disabled, new role). */
const CLOSE_SESSION_ENDED = 4001;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
/** A connection that stayed up this long resets the backoff. */
const STABLE_MS = 10_000;

/** 'connecting' while (re)connecting quietly; 'offline' once that has lasted a few seconds (worth telling the user). */
export type LiveStatus = 'connecting' | 'live' | 'offline';
const QUIET_RECONNECT_MS = 3000;

let status: LiveStatus = 'connecting';
let escalation: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();
function publishStatus(next: LiveStatus) {
  if (next === status) return;
  status = next;
  for (const listener of listeners) listener();
}
function setStatus(next: 'connecting' | 'live') {
  if (next === 'live') {
    clearTimeout(escalation);
    escalation = undefined;
    publishStatus('live');
    return;
  }
  if (status === 'live') publishStatus('connecting');
  escalation ??= setTimeout(() => publishStatus('offline'), QUIET_RECONNECT_MS);
}

/** Whether the calendar is receiving live updates right now (for the top bar's indicator). */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => status,
    () => 'connecting',
  );
}

/** Delay before reconnect attempt `n` (0-based): exponential, capped, with jitter so clients do not return in step. */
export function backoffMs(attempt: number, random = Math.random()): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/**
 * Keeps one WebSocket to /api/live (same origin: the session cookie authenticates it) while the app shell
 * is mounted, applying each message to the query cache. A dropped connection comes back with backoff,
 * and everything cached is then refetched, since changes may have been missed meanwhile; a session that
 * ended (the access token expired) is renewed first.
 */
export function useLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let connectedBefore = false;
    let openedAt = 0;
    let stopped = false;

    const schedule = () => {
      if (stopped) return;
      setStatus('connecting');
      retry = setTimeout(connect, backoffMs(attempt++));
    };

    function connect() {
      const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/live`;
      const current = new WebSocket(url);
      socket = current;
      current.onopen = () => {
        openedAt = Date.now();
        setStatus('live');
        if (connectedBefore) refetchEverything(queryClient);
        connectedBefore = true;
      };
      current.onmessage = (event: MessageEvent<string>) => {
        try {
          applyLiveMessage(queryClient, JSON.parse(event.data) as LiveMessage);
        } catch {
          // not a message this version understands
        }
      };
      current.onclose = (event) => {
        if (socket !== current || stopped) return;
        socket = null;
        if (openedAt && Date.now() - openedAt > STABLE_MS) attempt = 0;
        openedAt = 0;
        // An ended session (or a refused upgrade, which a browser reports as 1006) is renewed before trying again.
        if (event.code === CLOSE_SESSION_ENDED || event.code === 1006) {
          void refreshSession().then((renewed) => (renewed ? schedule() : endSession()));
        } else {
          schedule();
        }
      };
    }

    const onOnline = () => {
      if (socket || stopped) return;
      clearTimeout(retry);
      attempt = 0;
      connect();
    };
    window.addEventListener('online', onOnline);
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      window.removeEventListener('online', onOnline);
      socket?.close(1000);
      socket = null;
      clearTimeout(escalation);
      escalation = undefined;
      publishStatus('connecting');
    };
  }, [queryClient]);
}
