import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';

/**
 * Test data through the API (bearer tokens), for browser tests that start from a clinic in a known state
 * rather than clicking it together: a clinic, its staff, hours, services, patients and appointments.
 */
const API = process.env.API_URL!;
export const PASSWORD = 'Molar-Canine-2026';
export const ZONE = 'Asia/Riyadh';

let counter = 0;
export const uniqueEmail = (who: string) => `${who}-${Date.now().toString(36)}-${++counter}@clinic.test`;

export interface Staff {
  token: string;
  id: string;
  email: string;
}

export async function api<T = any>(method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(`${API}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** GET on the API as a member of staff (asserting a 2xx answer). */
export function apiGet<T = any>(staff: Staff, path: string): Promise<T> {
  return api<T>('GET', path, staff.token);
}

/** A new clinic in Riyadh and its Owner (the clinic has no dentist, service or patient yet). */
export async function signupClinic(clinicName = 'Riyadh Smiles'): Promise<Staff> {
  const email = uniqueEmail('owner');
  const body = await api('POST', '/auth/signup', undefined, {
    clinicName,
    email,
    password: PASSWORD,
    firstName: 'Sara',
    lastName: 'Haddad',
    timezone: ZONE,
  });
  return { token: body.accessToken, id: body.user.id, email };
}

/** An open invitation (not accepted): its id and the token its link carries. */
export async function inviteOnly(
  owner: Staff,
  role: string,
  name?: [string, string],
): Promise<{ id: string; inviteToken: string; email: string }> {
  const email = uniqueEmail(role.toLowerCase());
  const body = await api('POST', '/auth/invite', owner.token, { email, role, ...(name ? { firstName: name[0], lastName: name[1] } : {}) });
  return { id: body.id, inviteToken: body.inviteToken, email };
}

/** Invites and accepts a colleague, who works every day 09:00-17:00 when `hours` is set. */
export async function addStaff(owner: Staff, role: string, name: [string, string], hours = false): Promise<Staff> {
  const email = uniqueEmail(role.toLowerCase());
  const invite = await api('POST', '/auth/invite', owner.token, { email, role });
  const accepted = await api('POST', '/auth/accept-invite', undefined, {
    token: invite.inviteToken,
    password: PASSWORD,
    firstName: name[0],
    lastName: name[1],
  });
  const staff = { token: accepted.accessToken, id: accepted.user.id, email };
  if (hours) {
    const days = [0, 1, 2, 3, 4, 5, 6];
    await api('PUT', `/staff/${staff.id}/schedule`, owner.token, {
      weekly: days.map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
      breaks: [],
    });
  }
  return staff;
}

export async function addService(owner: Staff, name: string, nameAr: string): Promise<string> {
  return (await api('POST', '/services', owner.token, { name, nameAr, price: '150.00', durationMinutes: 30 })).id;
}

export async function addPatient(owner: Staff, firstName: string, lastName: string, phone?: string): Promise<string> {
  return (await api('POST', '/patients', owner.token, { firstName, lastName, ...(phone ? { phone } : {}) })).id;
}

export interface Booked {
  id: string;
  version: number;
}

export async function book(
  owner: Staff,
  appointment: { patientId: string; dentistId: string; serviceId: string; startAt: string },
): Promise<Booked> {
  // Tests book "today 09:00" whatever the hour they run at: a time already past is recorded as a back-entry.
  const past = Date.parse(appointment.startAt) < Date.now();
  const { id, version } = await api('POST', '/appointments', owner.token, { ...appointment, ...(past ? { backEntry: true } : {}) });
  return { id, version };
}

export async function cancel(owner: Staff, appointment: Booked, reason: string): Promise<void> {
  await api('POST', `/appointments/${appointment.id}/cancel`, owner.token, { reason, version: appointment.version });
}

/** Gives the clinic the tax profile a tax invoice needs, and issues an invoice for one visit's service. */
export async function issuedInvoice(owner: Staff, patientId: string, serviceId: string): Promise<string> {
  await api('PATCH', '/clinics/me', owner.token, { legalNameEn: 'Smiles Dental Co.', vatNumber: '310122393500003' });
  const draft = await api('POST', '/invoices', owner.token, { patientId, items: [{ serviceId, quantity: 1 }] });
  await api('POST', `/invoices/${draft.id}/issue`, owner.token);
  return draft.id as string;
}

/** Records a cash payment on an issued invoice. */
export async function pay(owner: Staff, invoiceId: string, amount: string): Promise<void> {
  const response = await fetch(`${API}/api/invoices/${invoiceId}/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ amount, method: 'cash' }),
  });
  assert.equal(response.status, 201, await response.text());
}

/** Logs in through the login page (in the page's language) and waits for the dashboard. */
export async function logIn(page: Page, web: string, email: string, locale: 'en' | 'ar' = 'en'): Promise<void> {
  await page.goto(`${web}/${locale}/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(new RegExp(`/${locale}/dashboard$`));
}
