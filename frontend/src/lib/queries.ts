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
  invites: ['invites'] as const,
  services: ['services'] as const,
  patients: (q: string) => ['patients', q] as const,
  patient: (id: string) => ['patient', id] as const,
  /** Every list of appointments (calendar ranges, a patient's history): live updates patch them all. */
  appointments: ['appointments'] as const,
  appointmentRange: (from: string, to: string) => ['appointments', 'range', from, to] as const,
  patientAppointments: (patientId: string) => ['appointments', 'patient', patientId] as const,
  appointment: (id: string) => ['appointment', id] as const,
  availability: ['availability'] as const,
  schedule: (userId: string) => ['schedule', userId] as const,
  invoices: ['invoices'] as const,
  invoice: (id: string) => ['invoice', id] as const,
  statement: (patientId: string) => ['statement', patientId] as const,
  billingSummary: ['billing-summary'] as const,
  reportsSummary: ['reports-summary'] as const,
};

/** Everything a payment, refund, credit note or issue changes. */
export const billingKeys = [['invoices'], ['invoice'], ['statement'], ['billing-summary'], ['reports-summary']] as const;

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

/** Every appointment overlapping [from, to) (the calendar, the dashboard), kept current by live updates. */
export function useAppointmentRange(from: string, to: string) {
  return useQuery({
    queryKey: keys.appointmentRange(from, to),
    queryFn: () => allPages((cursor) => call(api.GET('/api/appointments', { params: { query: { from, to, limit: 2000, cursor } } }))),
  });
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

/**
 * The dashboard's money figures (Owner, Admin, Accountant). Money has no live updates: the figures are
 * read again every minute, when the window regains focus, and after this browser records a payment.
 */
export function useReportsSummary() {
  return useQuery({
    queryKey: keys.reportsSummary,
    queryFn: () => call(api.GET('/api/reports/summary')),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
}
