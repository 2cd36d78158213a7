import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { randomUUID } from 'node:crypto';
import { addStaff, billingClinic, bookableClinic, type BookableClinic, signupClinic, type Staff } from '../../test/factories.js';
import { minimalPdf, uploadFile } from '../../test/files.js';
import { type LiveMessage, type LiveSocket, openLive, refusedLive } from '../../test/live-client.js';
import { LIVE_CHANNEL } from './live-events.js';

const at = (local: string) => `${local}:00+03:00`;
const bearer = (staff: Staff) => ({ authorization: `Bearer ${staff.token}` });
const cookieHeader = (staff: Staff) => [...staff.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

describe('live updates over /api/live', () => {
  // Two API processes on one database, as behind a load balancer: they share the signing key.
  let one: TestApp;
  let two: TestApp;
  let c: BookableClinic;
  let stranger: Staff;
  const sockets: LiveSocket[] = [];
  const open = async (app: TestApp, headers: Record<string, string>) => {
    const socket = await openLive(app.baseUrl, headers);
    sockets.push(socket);
    return socket;
  };
  before(async () => {
    one = await startTestApp();
    two = await startTestApp({ JWT_SECRET: one.jwtSecret });
    c = await bookableClinic(one.baseUrl, { patients: 4 });
    stranger = (await signupClinic(one.baseUrl)).owner;
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    await two.close();
    await one.close();
  });

  const book = (by: Staff, startLocal: string, patient = 0, extra: Record<string, unknown> = {}) =>
    by.client.post('/api/appointments', {
      token: by.token,
      body: { patientId: c.patientIds[patient], dentistId: c.dentist.user.id, serviceId: c.serviceId, startAt: at(startLocal), ...extra },
    });
  const isAbout = (id: string, type?: string) => (m: LiveMessage) => m.data.id === id && (!type || m.type === type);

  describe('the handshake', () => {
    it('refuses an upgrade without a session with 401, before upgrading', async () => {
      const refusal = await refusedLive(one.baseUrl, {});
      assert.equal(refusal.status, 401);
      assert.equal(refusal.body.type, 'unauthorized');
    });

    it('refuses a forged or malformed token, and a token in the URL is no credential', async () => {
      assert.equal((await refusedLive(one.baseUrl, { authorization: 'Bearer not-a-token' })).status, 401);
      assert.equal((await refusedLive(one.baseUrl, { authorization: 'Basic abc' })).status, 401);
      assert.equal((await refusedLive(one.baseUrl, {}, `/api/live?access_token=${c.owner.token}`)).status, 401);
    });

    it('answers 404 for an upgrade on any other path', async () => {
      assert.equal((await refusedLive(one.baseUrl, bearer(c.owner), '/api/appointments')).status, 404);
    });

    it('accepts the session cookie from a page of the same site, and refuses it from another site (403)', async () => {
      const host = new URL(one.baseUrl).host;
      const socket = await open(one, { cookie: cookieHeader(c.owner), origin: `http://${host}` });
      assert.ok(socket);
      const proxied = await open(one, {
        cookie: cookieHeader(c.owner),
        origin: 'http://clinic.example',
        'x-forwarded-host': 'clinic.example',
      });
      assert.ok(proxied);
      const foreign = await refusedLive(one.baseUrl, { cookie: cookieHeader(c.owner), origin: 'http://evil.example' });
      assert.equal(foreign.status, 403);
      assert.equal(foreign.body.type, 'origin-refused');
    });
  });

  describe('delivery', () => {
    it("sends a booking made through one API process to the clinic's sockets on another, and nothing to another clinic", async () => {
      const receptionistOnTwo = await open(two, bearer(c.receptionist));
      const ownerOnOne = await open(one, bearer(c.owner));
      const strangerOnOne = await open(one, bearer(stranger));
      const strangerOnTwo = await open(two, bearer(stranger));

      const booked = await book(c.receptionist, '2027-03-01T09:00');
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      const message = await receptionistOnTwo.waitFor(isAbout(booked.body.id));
      assert.equal(message.type, 'appointment.created');
      assert.equal(message.data.patientName, 'Patient0 Test');
      assert.equal(message.data.startAt, '2027-03-01T06:00:00.000Z');
      assert.equal(message.data.status, 'scheduled');
      assert.equal(message.data.version, 1);
      await ownerOnOne.waitFor(isAbout(booked.body.id, 'appointment.created'));

      // The other clinic's next event reaches its sockets after anything published before it (one ordered channel):
      // had they received this clinic's booking, it would be there now.
      const theirs = await stranger.client.post('/api/patients', {
        token: stranger.token,
        body: { firstName: 'Other', lastName: 'Clinic' },
      });
      for (const socket of [strangerOnOne, strangerOnTwo]) {
        await socket.waitFor(isAbout(theirs.body.id, 'patient.created'));
        assert.deepEqual(
          socket.messages.map((m) => m.type),
          ['patient.created'],
        );
      }
    });

    it('sends moves, status changes and cancellations as their own types, with the new version', async () => {
      const socket = await open(two, bearer(c.receptionist));
      const booked = (await book(c.receptionist, '2027-03-02T09:00', 1)).body;
      const moved = await c.receptionist.client.patch(`/api/appointments/${booked.id}`, {
        token: c.receptionist.token,
        body: { version: 1, startAt: at('2027-03-02T10:00') },
      });
      assert.equal(moved.status, 200);
      const update = await socket.waitFor(isAbout(booked.id, 'appointment.updated'));
      assert.equal(update.data.startAt, '2027-03-02T07:00:00.000Z');
      assert.equal(update.data.version, 2);
      await c.receptionist.client.post(`/api/appointments/${booked.id}/status`, {
        token: c.receptionist.token,
        body: { status: 'confirmed' },
      });
      assert.equal((await socket.waitFor(isAbout(booked.id, 'appointment.status_changed'))).data.status, 'confirmed');
      await c.receptionist.client.post(`/api/appointments/${booked.id}/cancel`, {
        token: c.receptionist.token,
        body: { reason: 'Travelling' },
      });
      const cancelled = await socket.waitFor(isAbout(booked.id, 'appointment.cancelled'));
      assert.equal(cancelled.data.status, 'cancelled');
      assert.equal(cancelled.data.cancelReason, 'Travelling');
    });

    it('keeps clinical text to clinical roles: the receptionist gets the entry without its notes', async () => {
      const receptionist = await open(one, bearer(c.receptionist));
      const dentist = await open(two, bearer(c.dentist));
      const booked = await book(c.dentist, '2027-03-03T09:00', 2, { notes: 'Suspected abscess' });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      assert.equal((await dentist.waitFor(isAbout(booked.body.id))).data.notes, 'Suspected abscess');
      assert.equal('notes' in (await receptionist.waitFor(isAbout(booked.body.id))).data, false);

      const patient = c.patientIds[3]!;
      await c.dentist.client.patch(`/api/patients/${patient}`, {
        token: c.dentist.token,
        body: { allergies: 'Penicillin', phone: '0501234567' },
      });
      const forDentist = await dentist.waitFor(isAbout(patient, 'patient.updated'));
      assert.equal(forDentist.data.allergies, 'Penicillin');
      const forReceptionist = await receptionist.waitFor(isAbout(patient, 'patient.updated'));
      assert.equal(forReceptionist.data.phone, '+966501234567');
      assert.equal('allergies' in forReceptionist.data, false);
    });

    it('delivers only after commit, and never for a rolled-back transaction', async () => {
      const socket = await open(two, bearer(c.owner));
      const clinicId = c.owner.user.clinicId;
      const payload = (id: string) => JSON.stringify({ clinicId, type: 'patient.updated', data: { id } });
      const connection = await one.admin.connect();
      try {
        await connection.query('begin');
        await connection.query('select pg_notify($1, $2)', [LIVE_CHANNEL, payload('rolled-back')]);
        await connection.query('rollback');
        await connection.query('begin');
        await connection.query('select pg_notify($1, $2)', [LIVE_CHANNEL, payload('committed')]);
        // Open transaction: a marker committed by another connection arrives first, the pending one not at all yet.
        await one.admin.query('select pg_notify($1, $2)', [LIVE_CHANNEL, payload('marker')]);
        await socket.waitFor(isAbout('marker'));
        assert.equal(socket.messages.filter((m) => m.data.id === 'committed').length, 0);
        await connection.query('commit');
      } finally {
        connection.release();
      }
      await socket.waitFor(isAbout('committed'));
      assert.equal(socket.messages.filter((m) => m.data.id === 'rolled-back').length, 0);
    });
  });

  describe('billing and files', () => {
    it('tell the billing roles an invoice changed (drafted, issued, paid, deleted), and no one else', async () => {
      const b = await billingClinic(one.baseUrl);
      const accountant = await open(two, bearer(b.accountant));
      const receptionist = await open(one, bearer(b.receptionist));
      const dentist = await open(one, bearer(b.dentist));
      const owner = b.owner;
      const draft = await owner.client.post('/api/invoices', {
        token: owner.token,
        body: { patientId: b.residentId, items: [{ serviceId: b.serviceIds.scaling, quantity: 1 }] },
      });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      const created = await accountant.waitFor(isAbout(draft.body.id, 'invoice.created'));
      assert.deepEqual(created.data, { id: draft.body.id, patientId: b.residentId });
      assert.equal((await owner.client.post(`/api/invoices/${draft.body.id}/issue`, { token: owner.token })).status, 200);
      await accountant.waitFor(isAbout(draft.body.id, 'invoice.updated'));
      const paid = await owner.client.post(`/api/invoices/${draft.body.id}/payments`, {
        token: owner.token,
        body: { amount: '100.00', method: 'cash' },
        headers: { 'idempotency-key': randomUUID() },
      });
      assert.equal(paid.status, 201, JSON.stringify(paid.body));
      // Issued, then paid: two updates.
      const updates = () => receptionist.messages.filter(isAbout(draft.body.id, 'invoice.updated')).length;
      await receptionist.waitFor(() => updates() >= 2);

      const other = await owner.client.post('/api/invoices', {
        token: owner.token,
        body: { patientId: b.saudiId, items: [{ serviceId: b.serviceIds.fluoride, quantity: 1 }] },
      });
      assert.equal((await owner.client.request('DELETE', `/api/invoices/${other.body.id}`, { token: owner.token })).status, 204);
      await accountant.waitFor(isAbout(other.body.id, 'invoice.deleted'));

      // A marker every socket of the clinic receives: by then the dentist would have had any invoice event.
      await owner.client.patch(`/api/patients/${b.residentId}`, { token: owner.token, body: { phone: '0501112233' } });
      await dentist.waitFor(isAbout(b.residentId, 'patient.updated'));
      assert.deepEqual(
        dentist.messages.filter((m) => m.type.startsWith('invoice.')),
        [],
      );
    });

    it('tell the front desk a patient file was added or deleted', async () => {
      const receptionist = await open(two, bearer(c.receptionist));
      const uploaded = await uploadFile(one.baseUrl, c.owner, {
        entityType: 'patient',
        entityId: c.patientIds[0]!,
        bytes: minimalPdf(),
        fileName: 'consent.pdf',
      });
      assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
      const added = await receptionist.waitFor(isAbout(uploaded.body.id, 'file.created'));
      assert.deepEqual(added.data, { id: uploaded.body.id, patientId: c.patientIds[0], entityType: 'patient', entityId: c.patientIds[0] });
      assert.equal((await c.owner.client.request('DELETE', `/api/files/${uploaded.body.id}`, { token: c.owner.token })).status, 204);
      await receptionist.waitFor(isAbout(uploaded.body.id, 'file.deleted'));
    });
  });

  describe("a user's sockets", () => {
    it('are closed in every process when the user is disabled, and a new upgrade is refused', async () => {
      const assistant = await addStaff(one.baseUrl, c.owner, 'ASSISTANT');
      const onOne = await open(one, bearer(assistant));
      const onTwo = await open(two, bearer(assistant));
      const colleague = await open(two, bearer(c.receptionist));
      const disabled = await c.owner.client.patch(`/api/users/${assistant.user.id}`, {
        token: c.owner.token,
        body: { status: 'disabled' },
      });
      assert.equal(disabled.status, 200);
      assert.equal(await onOne.closed, 4001);
      assert.equal(await onTwo.closed, 4001);
      const refusal = await refusedLive(two.baseUrl, bearer(assistant));
      assert.equal(refusal.status, 401);
      assert.equal(refusal.body.type, 'account-disabled');
      // Colleagues stay connected.
      const booked = await book(c.receptionist, '2027-03-04T09:00');
      await colleague.waitFor(isAbout(booked.body.id));
    });

    it('are closed when their role changes (the token names the old role)', async () => {
      const hygienist = await addStaff(one.baseUrl, c.owner, 'HYGIENIST');
      const socket = await open(two, bearer(hygienist));
      await c.owner.client.patch(`/api/users/${hygienist.user.id}`, { token: c.owner.token, body: { role: 'DENTIST' } });
      assert.equal(await socket.closed, 4001);
      assert.equal((await refusedLive(one.baseUrl, bearer(hygienist))).body.type, 'session-outdated');
    });
  });
});
