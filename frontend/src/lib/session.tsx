'use client';

import { createContext, useContext } from 'react';
import type { Clinic, User } from '@/api/types';

export interface Session {
  user: User;
  clinic: Clinic;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user and their clinic; only inside the app shell. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the app shell');
  return session;
}
