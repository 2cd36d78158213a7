import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { newId } from '../common/ids.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { Client } from '../../test/http.js';
import {
  addStaff,
  assertProblem,
  bookableClinic,
  type BookableClinic,
  putDailySchedule,
  signupClinic,
  type Staff,
} from '../../test/factories.js';

interface Visit {
  patient: number;
  /** Local wall time in the clinic's zone with its offset, e.g. 2027-03-01T10:00+03:00. */
  start: string;
  minutes?: number;
  status?: string;
  /** When it was cancelled (status cancelled). */
  cancelledAt?: string;
  dentist?: Staff;
  room?: string;
}

describe('reports', () => {
  let app: TestApp;
  let c: BookableClinic;
  let second: Staff;
  let idle: Staff;
  let stranger: Staff;

  /** Appointments written straight to the table: the reports read what is there, whatever the booking rules. */
  const insertVisits = async (clinic: BookableClinic, visits: Visit[]) => {
    for (const v of visits) {
      const start = new Date(v.start);
      await app.admin.query(
        `insert into appointments (clinic_id, id, patient_id, dentist_id, service_id, room, start_at, end_at, status, cancelled_at, cancel_reason)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          clinic.owner.user.clinicId,
          newId(),
          clinic.patientIds[v.patient],
          (v.dentist ?? clinic.dentist).user.id,
          clinic.serviceId,
          v.room ?? null,
          start,
          new Date(start.getTime() + (v.minutes ?? 30) * 60_000),
          v.status ?? 'scheduled',
          v.cancelledAt ? new Date(v.cancelledAt) : null,
          v.cancelledAt ? 'Patient asked' : null,
        ],
      );
    }
  };

  const report = (who: Staff, path: string) => who.client.get(`/api/reports/${path}`, { token: who.token });

  before(async () => {
    app = await startTestApp();
    c = await bookableClinic(app.baseUrl, { patients: 4 });
    second = await addStaff(app.baseUrl, c.owner, 'HYGIENIST');
    idle = await addStaff(app.baseUrl, c.owner, 'DENTIST');
    await putDailySchedule(c.owner, second.user.id);
    // The first dentist is away on 2 March 2027.
    await putDailySchedule(c.owner, c.dentist.user.id, { exceptions: [{ from: '2027-03-02', to: '2027-03-02', kind: 'vacation' }] });
    await c.owner.client.patch('/api/clinics/me', { token: c.owner.token, body: { rooms: ['Chair 1', 'Chair 2'] } });
    stranger = (await signupClinic(app.baseUrl)).owner;
    await insertVisits(c, [
      { patient: 0, start: '2027-03-01T10:00+03:00', status: 'completed', room: 'Chair 1' },
      { patient: 1, start: '2027-03-01T11:00+03:00', status: 'no_show', room: 'Chair 1' },
      // Cancelled 13 hours before: late. And one cancelled weeks before.
      { patient: 1, start: '2027-03-02T09:00+03:00', status: 'cancelled', cancelledAt: '2027-03-01T20:00+03:00' },
      { patient: 1, start: '2027-03-03T09:00+03:00', status: 'cancelled', cancelledAt: '2027-02-20T10:00+03:00' },
      { patient: 2, start: '2027-03-03T10:00+03:00', minutes: 60, status: 'completed', dentist: second, room: 'Chair 2' },
      { patient: 0, start: '2027-03-15T10:00+03:00', status: 'completed' },
      // 23:30 on 31 March in Riyadh is 20:30Z: March. 00:15 on 1 April is 31 March 21:15Z: April.
      { patient: 3, start: '2027-03-31T23:30+03:00', status: 'confirmed' },
      { patient: 3, start: '2027-04-01T00:15+03:00', status: 'scheduled', dentist: second },
    ]);
  });
  after(() => app.close());

  describe('GET /api/reports/appointments', () => {
    it('counts by month in the clinic time zone, an empty month as a zero row, reconciling with the table', async () => {
      const response = await report(c.owner, 'appointments?from=2027-02-01&to=2027-04-30&groupBy=month');
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const { rows, totals } = response.body;
      assert.deepEqual(
        rows.map((r: any) => [r.key, r.label, r.total]),
        [
          ['2027-02-01', '2027-02', 0],
          ['2027-03-01', '2027-03', 7],
          ['2027-04-01', '2027-04', 1],
        ],
      );
      const march = rows[1];
      assert.deepEqual(
        [march.completed, march.noShow, march.cancelled, march.confirmed, march.scheduled, march.lateCancellations],
        [3, 1, 2, 1, 0, 1],
      );
      // 1 no-show of the 5 that were due; 2 cancelled of 7.
      assert.equal(march.noShowRate, 0.2);
      assert.equal(march.cancellationRate, 0.2857);
      // Patients 0, 2, 3 first visited in March; patient 0 came back in March too but counts once, as new.
      assert.deepEqual([march.newPatients, march.returningPatients], [3, 0]);
      assert.deepEqual([rows[0].noShowRate, rows[0].cancellationRate], [null, null]);
      const { rows: table } = await app.admin.query(
        `select count(*)::int as n from appointments where clinic_id = $1 and start_at >= '2027-01-31T21:00Z' and start_at < '2027-04-30T21:00Z'`,
        [c.owner.user.clinicId],
      );
      assert.equal(totals.total, table[0].n);
      assert.equal(
        totals.total,
        rows.reduce((sum: number, r: any) => sum + r.total, 0),
      );
      assert.equal(response.body.timezone, 'Asia/Riyadh');
    });

    it('counts a returning patient in a later period and a day with nothing as zeros', async () => {
      const response = await report(c.owner, 'appointments?from=2027-03-14&to=2027-03-16&groupBy=day');
      assert.deepEqual(
        response.body.rows.map((r: any) => [r.key, r.total, r.newPatients, r.returningPatients]),
        [
          ['2027-03-14', 0, 0, 0],
          ['2027-03-15', 1, 0, 1],
          ['2027-03-16', 0, 0, 0],
        ],
      );
    });

    it('has a row for every provider (one with nothing) and every active service', async () => {
      const byDentist = await report(c.owner, 'appointments?from=2027-03-01&to=2027-03-31&groupBy=dentist');
      const rows = new Map(byDentist.body.rows.map((r: any) => [r.key, r.total]));
      assert.deepEqual([rows.get(c.dentist.user.id), rows.get(second.user.id), rows.get(idle.user.id)], [6, 1, 0]);
      const byService = await report(c.owner, 'appointments?from=2027-03-01&to=2027-03-31&groupBy=service');
      assert.deepEqual(
        byService.body.rows.map((r: any) => [r.key, r.label, r.total]),
        [[c.serviceId, 'Check-up', 7]],
      );
    });

    it('gives a Dentist or Hygienist their own rows only; Accountant all; Assistant and Receptionist 403', async () => {
      const own = await report(second, 'appointments?from=2027-03-01&to=2027-04-30&groupBy=dentist');
      assert.equal(own.status, 200);
      assert.deepEqual(
        own.body.rows.map((r: any) => [r.key, r.total]),
        [[second.user.id, 2]],
      );
      assert.equal(own.body.totals.total, 2);
      // Patient 2 first visited with them; patient 3 had visited the other dentist the day before: returning.
      assert.deepEqual([own.body.totals.newPatients, own.body.totals.returningPatients], [1, 1]);
      const ownDays = await report(c.dentist, 'appointments?from=2027-03-01&to=2027-04-30&groupBy=month');
      assert.equal(ownDays.body.totals.total, 6);
      const accountant = await addStaff(app.baseUrl, c.owner, 'ACCOUNTANT');
      assert.equal((await report(accountant, 'appointments?from=2027-03-01&to=2027-04-30')).body.totals.total, 8);
      for (const role of ['ASSISTANT', 'RECEPTIONIST'] as const) {
        const staff = role === 'RECEPTIONIST' ? c.receptionist : await addStaff(app.baseUrl, c.owner, role);
        assertProblem(await report(staff, 'appointments?from=2027-03-01&to=2027-03-31'), 403);
        assertProblem(await report(staff, 'utilization?from=2027-03-01&to=2027-03-31'), 403);
      }
      assertProblem(await new Client(app.baseUrl).get('/api/reports/appointments?from=2027-03-01&to=2027-03-31'), 401);
    });

    it("never counts another clinic's appointments", async () => {
      const response = await report(stranger, 'appointments?from=2027-03-01&to=2027-04-30&groupBy=dentist');
      assert.equal(response.body.totals.total, 0);
      assert.ok(response.body.rows.every((r: any) => r.key !== c.dentist.user.id));
    });

    it('refuses a range that is reversed, too long or not dates, and unknown parameters', async () => {
      assertProblem(await report(c.owner, 'appointments?from=2027-03-02&to=2027-03-01'), 400, ['to']);
      assertProblem(await report(c.owner, 'appointments?from=2025-01-01&to=2027-01-02'), 400, ['to']);
      assertProblem(await report(c.owner, 'appointments?from=2027-02-30&to=2027-03-01'), 400, ['from']);
      assertProblem(await report(c.owner, 'appointments?from=2027-03-01'), 400, ['to']);
      assertProblem(await report(c.owner, 'appointments?from=2027-03-01&to=2027-03-02&groupBy=room'), 400, ['groupBy']);
      assertProblem(await report(c.owner, 'appointments?from=2027-03-01&to=2027-03-02&format=pdf'), 400, ['format']);
      assertProblem(await report(c.owner, 'appointments?from=2027-03-01&to=2027-03-02&clinicId=x'), 400, ['clinicId']);
      // Two years and a leap day is the longest.
      assert.equal((await report(c.owner, 'appointments?from=2027-01-01&to=2028-12-31&groupBy=month')).status, 200);
    });
  });

  describe('GET /api/reports/utilization', () => {
    it('sets booked minutes against working hours less breaks and absences, per dentist', async () => {
      const response = await report(c.owner, 'utilization?from=2027-03-01&to=2027-03-03&groupBy=dentist');
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const rows = new Map(response.body.rows.map((r: any) => [r.key, r]));
      // 09:00-17:00 less a 12:00-13:00 break is 420 minutes a day; the first dentist was away one day.
      const first: any = rows.get(c.dentist.user.id);
      assert.deepEqual([first.availableMinutes, first.bookedMinutes, first.utilization], [840, 60, 0.0714]);
      const hygienist: any = rows.get(second.user.id);
      assert.deepEqual([hygienist.availableMinutes, hygienist.bookedMinutes], [1260, 60]);
      const none: any = rows.get(idle.user.id);
      assert.deepEqual([none.availableMinutes, none.bookedMinutes, none.utilization], [0, 0, null]);
      assert.deepEqual([response.body.totals.availableMinutes, response.body.totals.bookedMinutes], [2100, 120]);
    });

    it('per day and per room: empty days are zero rows, rooms are open while anyone works', async () => {
      const days = await report(c.owner, 'utilization?from=2027-03-01&to=2027-03-04&groupBy=day');
      assert.deepEqual(
        days.body.rows.map((r: any) => [r.key, r.availableMinutes, r.bookedMinutes]),
        [
          ['2027-03-01', 840, 60],
          ['2027-03-02', 420, 0],
          ['2027-03-03', 840, 60],
          ['2027-03-04', 840, 0],
        ],
      );
      const rooms = await report(c.owner, 'utilization?from=2027-03-01&to=2027-03-03&groupBy=room');
      assert.deepEqual(
        rooms.body.rows.map((r: any) => [r.key, r.availableMinutes, r.bookedMinutes]),
        [
          ['Chair 1', 1260, 60],
          ['Chair 2', 1260, 60],
        ],
      );
    });

    it("gives a provider their own schedule's figures only", async () => {
      const own = await report(c.dentist, 'utilization?from=2027-03-01&to=2027-03-03&groupBy=day');
      assert.deepEqual(
        own.body.rows.map((r: any) => [r.availableMinutes, r.bookedMinutes]),
        [
          [420, 60],
          [0, 0],
          [420, 0],
        ],
      );
    });
  });

  describe('time zones with daylight saving', () => {
    it('puts appointments on their local day across the New York clock change, with wall-clock hours', async () => {
      const ny = await bookableClinic(app.baseUrl, { timezone: 'America/New_York', patients: 2 });
      await insertVisits(ny, [
        { patient: 0, start: '2027-03-14T00:30-05:00', status: 'completed' },
        { patient: 1, start: '2027-03-14T23:30-04:00', status: 'completed' },
        { patient: 0, start: '2027-03-15T00:10-04:00', status: 'no_show' },
      ]);
      const counts = await report(ny.owner, 'appointments?from=2027-03-13&to=2027-03-15&groupBy=day');
      assert.deepEqual(
        counts.body.rows.map((r: any) => [r.key, r.total]),
        [
          ['2027-03-13', 0],
          ['2027-03-14', 2],
          ['2027-03-15', 1],
        ],
      );
      const hours = await report(ny.owner, 'utilization?from=2027-03-13&to=2027-03-15&groupBy=day');
      assert.deepEqual(
        hours.body.rows.map((r: any) => r.availableMinutes),
        [420, 420, 420],
      );
    });
  });

  describe('exports', () => {
    it('streams CSV: RFC 4180 with a BOM, CRLF, a totals row, Arabic headings, formulas neutralised', async () => {
      await app.admin.query(`update users set first_name = '=HYPERLINK("x")', last_name = 'Ali, Jr' where id = $1`, [idle.user.id]);
      const response = await c.owner.client.get('/api/reports/appointments?from=2027-03-01&to=2027-03-31&groupBy=dentist&format=csv', {
        token: c.owner.token,
        binary: true,
      });
      assert.equal(response.status, 200);
      assert.equal(response.contentType, 'text/csv; charset=utf-8');
      assert.match(response.headers.get('content-disposition')!, /^attachment; filename="appointments-2027-03-01-2027-03-31\.csv"$/);
      const bytes: Buffer = response.body;
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      assert.equal(lines.at(-1), '');
      assert.equal(lines[0]!.split(',').length, 14);
      assert.match(lines[0]!, /^Dentist,Appointments,Scheduled,/);
      assert.ok(lines.includes(`"'=HYPERLINK(""x"") Ali, Jr",0,0,0,0,0,0,0,0,0,,,0,0`), lines.join('\n'));
      assert.match(lines.at(-2)!, /^Total,7,0,1,0,0,3,2,1,1,20\.00,28\.57,3,0$/);
      const arabic = await c.owner.client.get('/api/reports/utilization?from=2027-03-01&to=2027-03-03&format=csv&locale=ar', {
        token: c.owner.token,
        binary: true,
      });
      const text = (arabic.body as Buffer).toString('utf8');
      assert.match(text, /^\uFEFFالطبيب,الدقائق المتاحة,الدقائق المحجوزة,نسبة الإشغال \(%\)\r\n/);
      assert.match(text, /\r\nالإجمالي,2100,120,5\.71\r\n$/);
    });

    it('streams XLSX with typed cells, right to left in Arabic', async () => {
      const response = await c.owner.client.get(
        '/api/reports/utilization?from=2027-03-01&to=2027-03-03&groupBy=room&format=xlsx&locale=ar',
        {
          token: c.owner.token,
          binary: true,
        },
      );
      assert.equal(response.status, 200);
      assert.equal(response.contentType, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.body);
      const sheet = workbook.worksheets[0]!;
      assert.equal(sheet.views[0]?.rightToLeft, true);
      assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), [
        'الغرفة',
        'الدقائق المتاحة',
        'الدقائق المحجوزة',
        'نسبة الإشغال (%)',
      ]);
      assert.deepEqual((sheet.getRow(2).values as unknown[]).slice(1), ['Chair 1', 1260, 60, 0.0476]);
      assert.deepEqual((sheet.getRow(4).values as unknown[]).slice(1), ['الإجمالي', 2520, 120, 0.0476]);
      assert.equal(sheet.getRow(4).font?.bold, true);
    });

    it('answers a bad export request with a problem, not a half-written file', async () => {
      const response = await c.owner.client.get('/api/reports/utilization?from=2027-03-03&to=2027-03-01&format=xlsx', {
        token: c.owner.token,
      });
      assertProblem(response, 400, ['to']);
    });
  });
});
