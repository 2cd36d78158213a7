'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import { PROVIDERS } from '@dental/shared';

export const keys = {
  me: ['me'] as const,
  clinic: ['clinic'] as const,
  staff: ['staff'] as const,
  services: ['services'] as const,
  patients: (q: string) => ['patients', q] as const,
  patient: (id: string) => ['patient', id] as const,
  appointments: ['appointments'] as const,
  schedule: (userId: string) => ['schedule', userId] as const,
  invoices: ['invoices'] as const,
  invoice: (id: string) => ['invoice', id] as const,
  statement: (patientId: string) => ['statement', patientId] as const,
  billingSummary: ['billing-summary'] as const,
};

/** Everything a payment, refund, credit note or issue changes. */
export const billingKeys = [['invoices'], ['invoice'], ['statement'], ['billing-summary']] as const;

/** Every item of a cursor-paged list: a busy week can hold more appointments than one page. */
export async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Every staff member (a clinic has tens, not thousands: one page of 200). */
export function useStaff() {
  return useQuery({
    queryKey: keys.staff,
    queryFn: () => call(api.GET('/api/users', { params: { query: { limit: 200 } } })).then((page) => page.items),
  });
}

/** The clinicians an appointment can be booked with, active ones only. */
export function useProviders() {
  const staff = useStaff();
  const data = useMemo(() => staff.data?.filter((user) => PROVIDERS.includes(user.role) && user.status === 'active'), [staff.data]);
  return { ...staff, data };
}

export function useServices() {
  return useQuery({
    queryKey: keys.services,
    queryFn: () => allPages((cursor) => call(api.GET('/api/services', { params: { query: { limit: 200, cursor } } }))),
  });
}
