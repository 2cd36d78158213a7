import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { CalendarEntry } from '@/api/types';
import { billingKeys, keys } from './queries';

/** A message from /api/live (backend/src/live/live-messages.ts). */
export interface LiveMessage {
  type: string;
  data: { id: string; partial?: boolean } & Record<string, unknown>;
}

/**
 * Applies a live message to what the page has cached: a changed appointment is put into (or taken out of)
 * every cached calendar range and patient history it belongs to, at once; what cannot be patched in place
 * (free slots, patient lists, invoices, files) is marked stale and refetched by the pages showing it.
 */
export function applyLiveMessage(client: QueryClient, message: LiveMessage): void {
  if (message.type === 'resync' || message.data.partial) {
    refetchEverything(client);
    return;
  }
  if (message.type.startsWith('appointment.')) {
    applyEntry(client, message.data as unknown as CalendarEntry);
    // The dashboard's money cards count this week's no-shows.
    if (message.type === 'appointment.status_changed') void client.invalidateQueries({ queryKey: keys.reportsSummary });
    return;
  }
  // Invoices change (issued, paid, credited, fell overdue): what shows them refetches.
  if (message.type.startsWith('invoice.')) {
    for (const key of [...billingKeys, keys.reportsSummary]) void client.invalidateQueries({ queryKey: key });
    return;
  }
  if (message.type.startsWith('file.')) {
    void client.invalidateQueries({ queryKey: ['files'] });
    return;
  }
  if (message.type.startsWith('patient.')) {
    const patient = message.data as { id: string; firstName?: string; lastName?: string; mergedIntoId?: string };
    void client.invalidateQueries({ queryKey: ['patients'] });
    void client.invalidateQueries({ queryKey: keys.patient(patient.id) });
    if (message.type === 'patient.merged') {
      void client.invalidateQueries({ queryKey: keys.appointments });
      return;
    }
    if (patient.firstName !== undefined && patient.lastName !== undefined)
      renamePatient(client, patient.id, `${patient.firstName} ${patient.lastName}`);
  }
}

/** After a reconnect: anything may have changed meanwhile. */
export function refetchEverything(client: QueryClient): void {
  for (const key of [
    keys.appointments,
    ['appointment'],
    keys.availability,
    ['patients'],
    ['patient'],
    ...billingKeys,
    ['files'],
  ] as QueryKey[]) {
    void client.invalidateQueries({ queryKey: key });
  }
}

function applyEntry(client: QueryClient, entry: CalendarEntry): void {
  const start = Date.parse(entry.startAt);
  const end = Date.parse(entry.endAt);
  for (const [key, list] of client.getQueriesData<CalendarEntry[]>({ queryKey: keys.appointments })) {
    if (!list) continue;
    const belongs =
      key[1] === 'range'
        ? start < Date.parse(String(key[3])) && end > Date.parse(String(key[2]))
        : key[1] === 'patient'
          ? entry.patientId === key[2]
          : undefined;
    if (belongs === undefined) {
      void client.invalidateQueries({ queryKey: key, exact: true });
      continue;
    }
    const next = upsert(list, entry, belongs, key[1] === 'patient');
    if (next !== list) client.setQueryData(key, next);
  }
  client.setQueryData<Record<string, unknown>>(keys.appointment(entry.id), (current) =>
    current && Number(current.version) <= entry.version ? { ...current, ...entry } : current,
  );
  void client.invalidateQueries({ queryKey: keys.availability });
}

/** The list with the entry in place (in start order; a patient's history newest first), or without it. */
function upsert(list: CalendarEntry[], entry: CalendarEntry, belongs: boolean, newestFirst: boolean): CalendarEntry[] {
  const index = list.findIndex((item) => item.id === entry.id);
  if (index >= 0 && list[index]!.version > entry.version) return list; // an older message than what was fetched
  if (!belongs) return index >= 0 ? list.filter((item) => item.id !== entry.id) : list;
  const rest = index >= 0 ? list.filter((item) => item.id !== entry.id) : list;
  const order = (a: CalendarEntry, b: CalendarEntry) => a.startAt.localeCompare(b.startAt) || a.id.localeCompare(b.id);
  const at = rest.findIndex((item) => (newestFirst ? order(entry, item) > 0 : order(entry, item) < 0));
  return at === -1 ? [...rest, entry] : [...rest.slice(0, at), entry, ...rest.slice(at)];
}

function renamePatient(client: QueryClient, patientId: string, name: string): void {
  for (const [key, list] of client.getQueriesData<CalendarEntry[]>({ queryKey: keys.appointments })) {
    if (!list?.some((item) => item.patientId === patientId && item.patientName !== name)) continue;
    client.setQueryData(
      key,
      list.map((item) => (item.patientId === patientId ? { ...item, patientName: name } : item)),
    );
  }
}
