import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { addStaff, assertProblem, signupClinic, type Staff } from '../../test/factories.js';

describe('patients', () => {
  let app: TestApp;
  let owner: Staff;
  let dentist: Staff;
  let receptionist: Staff;
  let accountant: Staff;
  let stranger: Staff;
  before(async () => {
    app = await startTestApp();
    owner = (await signupClinic(app.baseUrl)).owner;
    [dentist, receptionist, accountant] = await Promise.all([
      addStaff(app.baseUrl, owner, 'DENTIST'),
      addStaff(app.baseUrl, owner, 'RECEPTIONIST'),
      addStaff(app.baseUrl, owner, 'ACCOUNTANT'),
    ]);
    stranger = (await signupClinic(app.baseUrl, { clinicName: 'Stranger Dental' })).owner;
  });
  after(() => app.close());

  const create = (by: Staff, body: Record<string, unknown>) => by.client.post('/api/patients', { token: by.token, body });
  const search = async (by: Staff, q: string) => {
    const response = await by.client.get(`/api/patients?q=${encodeURIComponent(q)}&limit=200`, { token: by.token });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.items as { id: string; firstName: string }[];
  };
  const patientCount = async (clinicId: string) =>
    Number((await app.admin.query('select count(*) from patients where clinic_id = $1', [clinicId])).rows[0].count);

  describe('POST /api/patients', () => {
    it("registers a patient, normalising the phone to E.164 in the clinic's country", async () => {
      const response = await create(receptionist, {
        firstName: 'مُحَمَّد',
        lastName: 'العتيبي',
        phone: '050 123 4567',
        email: 'M.Otaibi@Example.com',
        dateOfBirth: '1990-05-01',
        gender: 'male',
        preferredLanguage: 'ar',
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.body.phone, '+966501234567');
      assert.equal(response.body.email, 'm.otaibi@example.com');
      assert.equal(response.body.dateOfBirth, '1990-05-01');
      assert.equal(response.body.allergies, undefined, 'a receptionist does not get clinical fields back');
      const { rows } = await app.admin.query('select action from audit_logs where entity_id = $1', [response.body.id]);
      assert.deepEqual(
        rows.map((r) => r.action),
        ['PATIENT_CREATED'],
      );
    });

    const badBodies: [string, Record<string, unknown>, string[]][] = [
      ['missing names', { phone: '0501234567' }, ['firstName', 'lastName']],
      ['a bad email', { firstName: 'A', lastName: 'B', email: 'nope' }, ['email']],
      ['an invalid phone number', { firstName: 'A', lastName: 'B', phone: '12345' }, ['phone']],
      ['a birth date in the future', { firstName: 'A', lastName: 'B', dateOfBirth: '2999-01-01' }, ['dateOfBirth']],
      ['an impossible date', { firstName: 'A', lastName: 'B', dateOfBirth: '2001-02-30' }, ['dateOfBirth']],
      ['an unknown gender', { firstName: 'A', lastName: 'B', gender: 'robot' }, ['gender']],
      ["another clinic's id smuggled in", { firstName: 'A', lastName: 'B', clinicId: 'x', id: 'y' }, ['clinicId', 'id']],
      ['wrong types', { firstName: 1, lastName: ['B'] }, ['firstName', 'lastName']],
    ];
    for (const [label, body, paths] of badBodies) {
      it(`rejects ${label} with 400 and writes nothing`, async () => {
        const before = await patientCount(owner.user.clinicId);
        assertProblem(await create(owner, body), 400, paths);
        assert.equal(await patientCount(owner.user.clinicId), before);
      });
    }

    it("refuses a birth date after the clinic's today by the API's clock, not the machine's, on create and edit", async () => {
      app.clock.set('2026-11-02T06:00:00Z'); // 09:00 on 2 November in Riyadh
      const before = await patientCount(owner.user.clinicId);
      const tomorrow = await create(owner, { firstName: 'Not', lastName: 'Yet', dateOfBirth: '2026-11-03' });
      assertProblem(tomorrow, 400, ['dateOfBirth']);
      assert.equal(tomorrow.body.type, 'validation-error');
      assert.equal(tomorrow.body.errors[0].code, 'invalid_date_of_birth');
      assert.equal(await patientCount(owner.user.clinicId), before);
      const today = await create(owner, { firstName: 'Born', lastName: 'Today', dateOfBirth: '2026-11-02' });
      assert.equal(today.status, 201, JSON.stringify(today.body));
      assert.equal(today.body.dateOfBirth, '2026-11-02');
      const edit = await owner.client.patch(`/api/patients/${today.body.id}`, { token: owner.token, body: { dateOfBirth: '2026-11-03' } });
      assertProblem(edit, 400, ['dateOfBirth']);
      const { rows } = await app.admin.query(`select to_char(date_of_birth, 'YYYY-MM-DD') as born from patients where id = $1`, [
        today.body.id,
      ]);
      assert.equal(rows[0].born, '2026-11-02');
      // The clinic's own day: in Los Angeles it is still 1 November (22:00).
      const west = (await signupClinic(app.baseUrl, { timezone: 'America/Los_Angeles' })).owner;
      assertProblem(await create(west, { firstName: 'Not', lastName: 'Yet', dateOfBirth: '2026-11-02' }), 400, ['dateOfBirth']);
      assert.equal((await create(west, { firstName: 'Born', lastName: 'Today', dateOfBirth: '2026-11-01' })).status, 201);
    });

    it('rejects malformed JSON with 400', async () => {
      assertProblem(await owner.client.post('/api/patients', { token: owner.token, rawBody: '{"firstName":' }), 400);
    });

    it('refuses an Accountant (403) and clinical fields from a Receptionist (403), writing nothing', async () => {
      const before = await patientCount(owner.user.clinicId);
      assertProblem(await create(accountant, { firstName: 'No', lastName: 'Way' }), 403);
      assertProblem(await create(receptionist, { firstName: 'No', lastName: 'Way', allergies: 'Penicillin' }), 403);
      assert.equal(await patientCount(owner.user.clinicId), before);
    });
  });

  describe('GET /api/patients (search)', () => {
    before(async () => {
      for (const patient of [
        { firstName: 'أحمد', lastName: 'الزهراني' },
        { firstName: 'فاطمة', lastName: 'الشهري' },
        { firstName: 'José', lastName: 'Muñoz', email: 'jose.munoz@example.com' },
        { firstName: 'Mohammed', lastName: 'Khan', phone: '+966 55 987 6543' },
        { firstName: 'Sara', lastName: '100%_real' },
      ])
        assert.equal((await create(dentist, patient)).status, 201);
      await create(stranger, { firstName: 'أحمد', lastName: 'غريب' });
    });

    const names = (items: { firstName: string }[]) => items.map((p) => p.firstName).sort();

    it('matches Arabic names without diacritics and with any alef form', async () => {
      assert.deepEqual(names(await search(owner, 'محمد')), ['مُحَمَّد']);
      assert.deepEqual(names(await search(owner, 'احمد')), ['أحمد']);
      assert.deepEqual(names(await search(owner, 'فاطمه')), ['فاطمة']);
    });

    it('matches Latin names in any case, without accents, by part of a name', async () => {
      assert.deepEqual(names(await search(owner, 'JOSE munoz')), ['José']);
      assert.deepEqual(names(await search(owner, 'hamm')), ['Mohammed']);
    });

    it('matches a phone number in local or international notation, and an email', async () => {
      assert.deepEqual(names(await search(owner, '0559876543')), ['Mohammed']);
      assert.deepEqual(names(await search(owner, '55 987')), ['Mohammed']);
      assert.deepEqual(names(await search(owner, '+966 50 123 4567')), ['مُحَمَّد']);
      assert.deepEqual(names(await search(owner, 'jose.munoz@')), ['José']);
    });

    it('treats punctuation as a separator, never as a wildcard', async () => {
      assert.deepEqual(names(await search(owner, '100%_')), ['Sara']);
      assert.deepEqual(await search(owner, '%'), []);
      assert.deepEqual(await search(owner, '_'), []);
      assert.deepEqual(names(await search(owner, 'sar 100')), ['Sara'], 'every word must match');
      assert.deepEqual(await search(owner, 'sar khan'), []);
    });

    it("never returns another clinic's patients", async () => {
      const everyone = await search(owner, 'أحمد');
      assert.equal(everyone.length, 1);
      assert.equal((await search(stranger, 'أحمد')).length, 1);
      assert.notEqual(everyone[0]!.id, (await search(stranger, 'أحمد'))[0]!.id);
    });

    it('pages alphabetically with a cursor, every patient exactly once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await owner.client.get(`/api/patients?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: owner.token });
        assert.equal(page.status, 200);
        seen.push(...page.body.items.map((p: { id: string }) => p.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.equal(seen.length, await patientCount(owner.user.clinicId));
      assert.equal(new Set(seen).size, seen.length);
    });

    it('pages search results with a cursor, alphabetically', async () => {
      for (const last of ['Pager C', 'Pager A', 'Pager B']) await create(owner, { firstName: 'Zed', lastName: last });
      const first = await owner.client.get('/api/patients?q=zed%20pager&limit=2', { token: owner.token });
      assert.deepEqual(
        first.body.items.map((p: { lastName: string }) => p.lastName),
        ['Pager A', 'Pager B'],
      );
      const second = await owner.client.get(`/api/patients?q=zed%20pager&limit=2&cursor=${first.body.nextCursor}`, { token: owner.token });
      assert.deepEqual(
        second.body.items.map((p: { lastName: string }) => p.lastName),
        ['Pager C'],
      );
      assert.equal(second.body.nextCursor, null);
    });

    it('shows clinical fields to clinical roles only', async () => {
      await create(dentist, { firstName: 'Clinical', lastName: 'Case', allergies: 'Latex', medicalHistory: 'Diabetes', notes: 'Anxious' });
      const forDentist = (await search(dentist, 'clinical case'))[0] as Record<string, unknown>;
      assert.equal(forDentist.allergies, 'Latex');
      for (const member of [receptionist, accountant]) {
        const item = (await search(member, 'clinical case'))[0] as Record<string, unknown>;
        assert.equal(item.firstName, 'Clinical');
        assert.ok(!('allergies' in item) && !('medicalHistory' in item) && !('notes' in item));
      }
    });

    it('rejects bad query parameters with 400', async () => {
      for (const query of ['limit=0', 'q=' + 'x'.repeat(101), 'includeArchived=maybe', 'cursor=abc', 'sort=name']) {
        assertProblem(await owner.client.get(`/api/patients?${query}`, { token: owner.token }), 400);
      }
    });
  });

  describe('GET, PATCH, DELETE /api/patients/:id', () => {
    let patientId: string;
    before(async () => {
      patientId = (await create(dentist, { firstName: 'Huda', lastName: 'Nasser', allergies: 'Penicillin' })).body.id;
    });

    it('returns the record and audits the view', async () => {
      const response = await dentist.client.get(`/api/patients/${patientId}`, { token: dentist.token });
      assert.equal(response.status, 200);
      assert.equal(response.body.allergies, 'Penicillin');
      const { rows } = await app.admin.query("select user_id from audit_logs where entity_id = $1 and action = 'PATIENT_VIEWED'", [
        patientId,
      ]);
      assert.deepEqual(
        rows.map((r) => r.user_id),
        [dentist.user.id],
      );
      const forAccountant = await accountant.client.get(`/api/patients/${patientId}`, { token: accountant.token });
      assert.equal(forAccountant.body.allergies, undefined);
    });

    it("answers 404 for another clinic's patient, an unknown id and a malformed id, on every verb", async () => {
      const foreign = (await create(stranger, { firstName: 'Hidden', lastName: 'Person' })).body.id;
      for (const id of [foreign, '01900000-0000-7000-8000-000000000000', 'nope']) {
        assertProblem(await owner.client.get(`/api/patients/${id}`, { token: owner.token }), 404);
        assertProblem(await owner.client.patch(`/api/patients/${id}`, { token: owner.token, body: { firstName: 'X' } }), 404);
        assertProblem(await owner.client.request('DELETE', `/api/patients/${id}`, { token: owner.token }), 404);
      }
      const { rows } = await app.admin.query('select first_name, archived_at from patients where id = $1', [foreign]);
      assert.deepEqual(rows[0], { first_name: 'Hidden', archived_at: null });
    });

    it('updates fields and audits which ones changed', async () => {
      const response = await receptionist.client.patch(`/api/patients/${patientId}`, {
        token: receptionist.token,
        body: { phone: '+971 50 123 4567', address: 'Olaya St, Riyadh' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.phone, '+971501234567');
      const { rows } = await app.admin.query("select metadata from audit_logs where entity_id = $1 and action = 'PATIENT_UPDATED'", [
        patientId,
      ]);
      assert.deepEqual(rows[0].metadata.changedFields.sort(), ['address', 'phone']);
    });

    it('rejects bad updates with 400 (and clinical edits by a Receptionist with 403), changing nothing', async () => {
      const before = (await app.admin.query('select * from patients where id = $1', [patientId])).rows[0];
      assertProblem(await owner.client.patch(`/api/patients/${patientId}`, { token: owner.token, body: {} }), 400, ['']);
      assertProblem(await owner.client.patch(`/api/patients/${patientId}`, { token: owner.token, body: { phone: 'abc' } }), 400);
      assertProblem(await owner.client.patch(`/api/patients/${patientId}`, { token: owner.token, body: { archivedAt: null } }), 400, [
        'archivedAt',
      ]);
      assertProblem(
        await receptionist.client.patch(`/api/patients/${patientId}`, { token: receptionist.token, body: { notes: 'x' } }),
        403,
      );
      assertProblem(
        await accountant.client.patch(`/api/patients/${patientId}`, { token: accountant.token, body: { firstName: 'x' } }),
        403,
      );
      assert.deepEqual((await app.admin.query('select * from patients where id = $1', [patientId])).rows[0], before);
    });

    it('keeps nationality for everyone and the national ID for billing and admin roles only', async () => {
      const created = await create(receptionist, { firstName: 'Nora', lastName: 'Saud', nationality: 'SA', nationalId: '1000000008' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.nationalId, '1000000008');
      const id = created.body.id;
      for (const member of [owner, receptionist, accountant]) {
        const seen = await member.client.get(`/api/patients/${id}`, { token: member.token });
        assert.deepEqual([seen.body.nationality, seen.body.nationalId], ['SA', '1000000008']);
      }
      const forDentist = (await dentist.client.get(`/api/patients/${id}`, { token: dentist.token })).body;
      assert.equal(forDentist.nationality, 'SA');
      assert.ok(!('nationalId' in forDentist), 'a dentist does not see the national ID');
      assert.ok(!('nationalId' in (await search(dentist, 'nora saud'))[0]!));
      assertProblem(await dentist.client.patch(`/api/patients/${id}`, { token: dentist.token, body: { nationalId: '1000000008' } }), 403);
      // The number must fit the nationality (Saudi national ID with its check digit; Iqama for residents).
      assertProblem(await owner.client.patch(`/api/patients/${id}`, { token: owner.token, body: { nationalId: '1000000009' } }), 400, [
        'nationalId',
      ]);
      assertProblem(await owner.client.patch(`/api/patients/${id}`, { token: owner.token, body: { nationality: 'EG' } }), 400, [
        'nationalId',
      ]);
      assertProblem(await create(owner, { firstName: 'A', lastName: 'B', nationality: 'Saudi' }), 400, ['nationality']);
      const moved = await owner.client.patch(`/api/patients/${id}`, {
        token: owner.token,
        body: { nationality: 'EG', nationalId: '2000000006' },
      });
      assert.deepEqual([moved.status, moved.body.nationalId], [200, '2000000006']);
    });

    it('archives (Owner/Admin only): gone from search, record and history kept', async () => {
      const id = (await create(owner, { firstName: 'Archie', lastName: 'Ved' })).body.id;
      assertProblem(await receptionist.client.request('DELETE', `/api/patients/${id}`, { token: receptionist.token }), 403);
      assert.equal((await owner.client.request('DELETE', `/api/patients/${id}`, { token: owner.token })).status, 204);
      assert.equal((await owner.client.request('DELETE', `/api/patients/${id}`, { token: owner.token })).status, 204, 'idempotent');
      assert.deepEqual(await search(owner, 'archie'), []);
      const withArchived = await owner.client.get('/api/patients?q=archie&includeArchived=true', { token: owner.token });
      assert.equal(withArchived.body.items.length, 1);
      const record = await owner.client.get(`/api/patients/${id}`, { token: owner.token });
      assert.ok(record.body.archivedAt);
      assertProblem(await owner.client.patch(`/api/patients/${id}`, { token: owner.token, body: { firstName: 'Back' } }), 409);
      assert.equal((await app.admin.query('select 1 from patients where id = $1', [id])).rowCount, 1, 'the row is kept');
    });
  });
});
