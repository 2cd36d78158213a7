import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Role } from '../src/db/schema/enums.js';
import { Client } from './http.js';
import { STRONG_PASSWORD, uniqueEmail } from './harness.js';

export interface Staff {
  client: Client;
  token: string;
  user: { id: string; clinicId: string; email: string; role: Role };
}

export interface SignedUpClinic {
  owner: Staff;
  clinic: { id: string; name: string; timezone: string; locale: string };
}

/** Signs a new clinic up and returns its Owner's session. */
export async function signupClinic(baseUrl: string, overrides: Record<string, unknown> = {}): Promise<SignedUpClinic> {
  const client = new Client(baseUrl);
  const response = await client.post('/api/auth/signup', {
    body: {
      clinicName: 'Smile Dental',
      email: uniqueEmail('owner'),
      password: STRONG_PASSWORD,
      firstName: 'Sara',
      lastName: 'Haddad',
      ...overrides,
    },
  });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return { owner: { client, token: response.body.accessToken, user: response.body.user }, clinic: response.body.clinic };
}

/** Invites a colleague with `role` and accepts the invite in a fresh client. */
export async function addStaff(baseUrl: string, inviter: Staff, role: Role): Promise<Staff> {
  const email = uniqueEmail(role.toLowerCase());
  const invite = await inviter.client.post('/api/auth/invite', { token: inviter.token, body: { email, role } });
  assert.equal(invite.status, 201, JSON.stringify(invite.body));
  const client = new Client(baseUrl);
  const accepted = await client.post('/api/auth/accept-invite', {
    body: { token: invite.body.inviteToken, password: STRONG_PASSWORD, firstName: 'Test', lastName: role },
  });
  assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
  return { client, token: accepted.body.accessToken, user: accepted.body.user };
}

/** Asserts an RFC 9457 problem response, optionally with the field paths of its validation errors. */
export function assertProblem(response: { status: number; contentType: string; body: any }, status: number, paths?: string[]): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.match(response.contentType, /^application\/problem\+json/);
  assert.equal(response.body.status, status);
  assert.equal(typeof response.body.type, 'string');
  assert.equal(typeof response.body.title, 'string');
  assert.doesNotMatch(JSON.stringify(response.body), /\bat \S+:\d+:\d+|node_modules|SELECT |INSERT |violates/i);
  if (paths) {
    const actual = (response.body.errors ?? []).map((e: { path: string }) => e.path).sort();
    assert.deepEqual(actual, [...paths].sort());
  }
}

export interface BookableClinic {
  owner: Staff;
  dentist: Staff;
  receptionist: Staff;
  serviceId: string;
  patientIds: string[];
}

/** A clinic with a 30-minute service, a dentist working every day 09:00-17:00 (break 12:00-13:00), and patients. */
export async function bookableClinic(baseUrl: string, options: { timezone?: string; patients?: number } = {}): Promise<BookableClinic> {
  const { owner } = await signupClinic(baseUrl, { timezone: options.timezone ?? 'Asia/Riyadh' });
  const [dentist, receptionist] = [await addStaff(baseUrl, owner, 'DENTIST'), await addStaff(baseUrl, owner, 'RECEPTIONIST')];
  const service = await owner.client.post('/api/services', {
    token: owner.token,
    body: { name: 'Check-up', price: '150', durationMinutes: 30 },
  });
  assert.equal(service.status, 201, JSON.stringify(service.body));
  await putDailySchedule(owner, dentist.user.id);
  const patientIds: string[] = [];
  for (let i = 0; i < (options.patients ?? 3); i++) {
    const patient = await owner.client.post('/api/patients', { token: owner.token, body: { firstName: `Patient${i}`, lastName: 'Test' } });
    assert.equal(patient.status, 201, JSON.stringify(patient.body));
    patientIds.push(patient.body.id);
  }
  return { owner, dentist, receptionist, serviceId: service.body.id, patientIds };
}

export async function putDailySchedule(by: Staff, userId: string, extra: Record<string, unknown> = {}): Promise<void> {
  const days = [0, 1, 2, 3, 4, 5, 6];
  const response = await by.client.request('PUT', `/api/staff/${userId}/schedule`, {
    token: by.token,
    body: {
      weekly: days.map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
      breaks: days.map((weekday) => ({ weekday, start: '12:00', end: '13:00' })),
      ...extra,
    },
  });
  assert.equal(response.status, 200, JSON.stringify(response.body));
}

export interface BillingClinic {
  clinicId: string;
  owner: Staff;
  accountant: Staff;
  receptionist: Staff;
  dentist: Staff;
  /** A 250.00 procedure and a 33.33 one. */
  serviceIds: { scaling: string; fluoride: string };
  /** A Saudi patient with a national ID (zero-rated), and an Egyptian resident (15 %). */
  saudiId: string;
  residentId: string;
}

/** The clinic's tax profile as ZATCA needs it on a tax invoice. */
export const TAX_PROFILE = {
  legalNameEn: 'Smile Dental Clinic Co.',
  legalNameAr: 'شركة عيادة الابتسامة لطب الأسنان',
  vatNumber: '310122393500003',
  commercialRegistration: '1010010000',
  address: {
    street: 'King Fahd Road',
    buildingNumber: '1234',
    additionalNumber: '5678',
    district: 'Al Olaya',
    city: 'Riyadh',
    postalCode: '12211',
  },
};

/** A Riyadh clinic ready to invoice: tax profile, staff of the billing and clinical roles, two services, two patients. */
export async function billingClinic(baseUrl: string, options: { taxProfile?: boolean } = {}): Promise<BillingClinic> {
  const { owner } = await signupClinic(baseUrl, { clinicName: 'Smile Dental' });
  if (options.taxProfile ?? true) {
    const profile = await owner.client.patch('/api/clinics/me', { token: owner.token, body: TAX_PROFILE });
    assert.equal(profile.status, 200, JSON.stringify(profile.body));
  }
  const [accountant, receptionist, dentist] = [
    await addStaff(baseUrl, owner, 'ACCOUNTANT'),
    await addStaff(baseUrl, owner, 'RECEPTIONIST'),
    await addStaff(baseUrl, owner, 'DENTIST'),
  ];
  const service = async (name: string, price: string) => {
    const response = await owner.client.post('/api/services', { token: owner.token, body: { name, price, durationMinutes: 30 } });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.id as string;
  };
  const patient = async (body: Record<string, unknown>) => {
    const response = await owner.client.post('/api/patients', { token: owner.token, body });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.id as string;
  };
  return {
    clinicId: owner.user.clinicId,
    owner,
    accountant,
    receptionist,
    dentist,
    serviceIds: { scaling: await service('Scaling', '250'), fluoride: await service('Fluoride varnish', '33.33') },
    saudiId: await patient({ firstName: 'محمد', lastName: 'القحطاني', nationality: 'SA', nationalId: '1000000008' }),
    residentId: await patient({ firstName: 'Omar', lastName: 'Hassan', nationality: 'EG', nationalId: '2000000006' }),
  };
}

/** A fresh Idempotency-Key header (payments, refunds, credit notes); give the key to send a retry. */
export const idempotencyKey = (key: string = randomUUID()): Record<string, string> => ({ 'idempotency-key': key });
