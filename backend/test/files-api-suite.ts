import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { newId } from '../src/common/ids.js';
import { startTestApp, type TestApp } from './harness.js';
import { addStaff, assertProblem, bookableClinic, type BookableClinic, signupClinic, type Staff } from './factories.js';
import { getBytes, sampleFiles, uploadFile, type UploadInput } from './files.js';
import { startS3Server, type TestS3Server } from './s3-server.js';
import type { FileStorage } from '../src/files/storage/file-storage.js';
import { LocalFileStorage } from '../src/files/storage/local.driver.js';
import { S3FileStorage } from '../src/files/storage/s3.driver.js';

type Samples = Awaited<ReturnType<typeof sampleFiles>>;

/**
 * The files API end to end, on one storage driver: `files.spec.ts` runs it on the local disk and
 * `files-s3.spec.ts` on a real S3-protocol server (s3rver) started here.
 */
export function describeFilesApi(driver: 'local' | 's3'): void {
  describe(`files API (${driver} storage)`, () => {
    let app: TestApp;
    let c: BookableClinic;
    let accountant: Staff;
    let assistant: Staff;
    let stranger: Staff;
    let samples: Samples;
    let storage: FileStorage;
    let s3: TestS3Server | undefined;
    let folder: string | undefined;
    let patientId: string;
    let appointmentId: string;
    let invoiceId: string;

    before(async () => {
      let env: Record<string, string>;
      if (driver === 's3') {
        s3 = await startS3Server();
        env = { ...s3.env, FILE_MAX_BYTES: String(2 * 1024 * 1024) };
        storage = new S3FileStorage({
          endpoint: s3.endpoint,
          region: 'us-east-1',
          bucket: s3.bucket,
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
          forcePathStyle: true,
        });
      } else {
        folder = await mkdtemp(path.join(tmpdir(), 'dental-files-'));
        env = { FILE_STORAGE_DIR: folder, FILE_MAX_BYTES: String(2 * 1024 * 1024) };
        storage = new LocalFileStorage(folder);
      }
      app = await startTestApp(env);
      c = await bookableClinic(app.baseUrl, { patients: 3 });
      [accountant, assistant] = [await addStaff(app.baseUrl, c.owner, 'ACCOUNTANT'), await addStaff(app.baseUrl, c.owner, 'ASSISTANT')];
      stranger = (await signupClinic(app.baseUrl)).owner;
      samples = await sampleFiles();
      patientId = c.patientIds[0]!;
      const booked = await c.owner.client.post('/api/appointments', {
        token: c.owner.token,
        body: { patientId, dentistId: c.dentist.user.id, serviceId: c.serviceId, startAt: '2027-03-01T09:00:00+03:00' },
      });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      appointmentId = booked.body.id;
      // An invoice (a draft through the billing API) to attach files to.
      const invoice = await c.owner.client.post('/api/invoices', {
        token: c.owner.token,
        body: { patientId, items: [{ serviceId: c.serviceId, quantity: 1 }] },
      });
      assert.equal(invoice.status, 201, JSON.stringify(invoice.body));
      invoiceId = invoice.body.id as string;
    });
    after(async () => {
      await app.close();
      await storage.close();
      await s3?.stop();
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    const upload = (by: Staff, input: Partial<UploadInput> & { bytes: Buffer; fileName: string }) =>
      uploadFile(app.baseUrl, by, { entityType: 'patient', entityId: patientId, ...input });
    const clinicId = () => c.owner.user.clinicId;
    const rowCount = async () =>
      Number((await app.admin.query('select count(*) from file_attachments where clinic_id = $1', [clinicId()])).rows[0].count);
    const storedKeys = () => storage.list(clinicId());

    /** Runs `work` and checks it left no row and no object behind. */
    async function leavesNothing(work: () => Promise<void>): Promise<void> {
      const [rowsBefore, keysBefore] = [await rowCount(), await storedKeys()];
      await work();
      assert.equal(await rowCount(), rowsBefore, 'no row was written');
      assert.deepEqual(await storedKeys(), keysBefore, 'nothing was left in storage');
    }

    describe('upload', () => {
      it('stores every accepted type under the type found in its bytes, whatever the name and header say', async () => {
        for (const [kind, sample] of Object.entries(samples)) {
          const response = await upload(c.dentist, { bytes: sample.bytes, fileName: sample.name, declaredType: 'application/x-anything' });
          assert.equal(response.status, 201, `${kind}: ${JSON.stringify(response.body)}`);
          assert.equal(response.body.mimeType, sample.mimeType, kind);
          assert.equal(response.body.sizeBytes, sample.bytes.length);
          assert.equal(response.body.fileName, sample.name);
          assert.equal(response.body.patientId, patientId);
          assert.equal(response.body.uploadedById, c.dentist.user.id);
          assert.match(response.body.sha256, /^[0-9a-f]{64}$/);
          const { rows } = await app.admin.query('select storage_key, sha256 from file_attachments where id = $1', [response.body.id]);
          assert.match(rows[0].storage_key, new RegExp(`^${clinicId()}/[0-9a-f-]{36}$`), 'the key is the clinic and a generated id');
          assert.ok(!rows[0].storage_key.includes(sample.name));
          const stored = await getBytes(app.baseUrl, c.dentist, `/api/files/${response.body.id}/content`);
          assert.ok(stored.bytes.equals(sample.bytes), `${kind} comes back byte for byte`);
        }
      });

      it('answers with the metadata, the category given (or one from the type) and the note; audits FILE_UPLOADED', async () => {
        const xray = await upload(c.receptionist, {
          bytes: samples.png.bytes,
          fileName: 'pano.png',
          category: 'xray',
          note: ' upper left ',
        });
        assert.equal(xray.status, 201, JSON.stringify(xray.body));
        assert.deepEqual(Object.keys(xray.body).sort(), [
          'category',
          'createdAt',
          'entityId',
          'entityType',
          'fileName',
          'hasThumbnail',
          'id',
          'mimeType',
          'note',
          'patientId',
          'sha256',
          'sizeBytes',
          'uploadedById',
        ]);
        assert.equal(xray.body.category, 'xray');
        assert.equal(xray.body.note, 'upper left');
        assert.equal(xray.body.createdAt, app.clock.now().toISOString());
        const dicom = await upload(c.dentist, { bytes: samples.dicom.bytes, fileName: 'a.dcm' });
        assert.equal(dicom.body.category, 'xray');
        assert.equal((await upload(c.dentist, { bytes: samples.jpeg.bytes, fileName: 'a.jpg' })).body.category, 'photo');
        assert.equal((await upload(c.dentist, { bytes: samples.pdf.bytes, fileName: 'a.pdf' })).body.category, 'document');
        const { rows } = await app.admin.query('select action, user_id, metadata from audit_logs where entity_id = $1', [xray.body.id]);
        assert.equal(rows.length, 1);
        assert.equal(rows[0].action, 'FILE_UPLOADED');
        assert.equal(rows[0].user_id, c.receptionist.user.id);
        assert.equal(rows[0].metadata.sizeBytes, samples.png.bytes.length);
      });

      it('keeps an Arabic file name as sent (UTF-8) and drops folders and direction overrides from names', async () => {
        const arabic = await upload(c.dentist, { bytes: samples.pdf.bytes, fileName: 'إقرار الموافقة.pdf' });
        assert.equal(arabic.body.fileName, 'إقرار الموافقة.pdf');
        const sneaky = await upload(c.dentist, { bytes: samples.text.bytes, fileName: 'C:\\Users\\x\\note\u202Etxt.exe' });
        assert.equal(sneaky.status, 201, JSON.stringify(sneaky.body));
        assert.equal(sneaky.body.fileName, 'notetxt.exe');
      });

      it('attaches files to an appointment and an invoice, with their patient', async () => {
        const onVisit = await upload(c.dentist, {
          entityType: 'appointment',
          entityId: appointmentId,
          bytes: samples.jpeg.bytes,
          fileName: 'v.jpg',
        });
        assert.equal(onVisit.status, 201, JSON.stringify(onVisit.body));
        assert.equal(onVisit.body.patientId, patientId);
        const onInvoice = await upload(accountant, {
          entityType: 'invoice',
          entityId: invoiceId,
          bytes: samples.pdf.bytes,
          fileName: 'receipt.pdf',
        });
        assert.equal(onInvoice.status, 201, JSON.stringify(onInvoice.body));
        assert.equal(onInvoice.body.patientId, patientId);
      });

      it('refuses what is not an accepted type (415), an HTML page named x.png included, keeping nothing', async () => {
        const refused: Record<string, Buffer> = {
          'x.png': Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'),
          'page.txt': Buffer.from('  <html><head><title>hi</title></head></html>'),
          'drawing.svg': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
          'notes.txt': Buffer.from('almost text\u0000with a NUL'),
          'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
          'archive.zip': Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.alloc(100)]),
          'anim.gif': Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;', 'latin1'),
          'program.exe': Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)]),
        };
        for (const [name, bytes] of Object.entries(refused)) {
          await leavesNothing(async () => {
            const response = await upload(c.dentist, { bytes, fileName: name, declaredType: 'image/png' });
            assertProblem(response, 415);
            assert.equal(response.body.type, 'unsupported-file-type', name);
          });
        }
      });

      it('refuses a text file that stops being text after its first bytes (415), keeping nothing', async () => {
        const bytes = Buffer.concat([Buffer.alloc(10_000, 'a'), Buffer.from([0xff, 0xfe, 0x00]), Buffer.alloc(100, 'b')]);
        await leavesNothing(async () => assertProblem(await upload(c.dentist, { bytes, fileName: 'log.txt' }), 415));
      });

      it('refuses a file over FILE_MAX_BYTES with 413, keeping nothing in storage or the database', async () => {
        const big = Buffer.concat([samples.png.bytes, Buffer.alloc(2 * 1024 * 1024, 1)]);
        await leavesNothing(async () => {
          const response = await upload(c.dentist, { bytes: big, fileName: 'huge.png' });
          assertProblem(response, 413);
          assert.equal(response.body.type, 'file-too-large');
          assert.equal(response.body.maxBytes, 2 * 1024 * 1024);
        });
        const exactly = Buffer.concat([samples.png.bytes, Buffer.alloc(2 * 1024 * 1024 - samples.png.bytes.length, 1)]);
        assert.equal((await upload(c.dentist, { bytes: exactly, fileName: 'limit.png' })).status, 201, 'exactly the limit is fine');
      });

      it('answers bad forms with 400 and keeps nothing', async () => {
        await leavesNothing(async () => {
          assertProblem(await upload(c.dentist, { entityType: 'tooth', bytes: samples.png.bytes, fileName: 'a.png' }), 400, ['entityType']);
          assertProblem(await upload(c.dentist, { entityId: 'nope', bytes: samples.png.bytes, fileName: 'a.png' }), 400, ['entityId']);
          assertProblem(await upload(c.dentist, { category: 'selfie', bytes: samples.png.bytes, fileName: 'a.png' }), 400, ['category']);
          assertProblem(await upload(c.dentist, { note: 'x'.repeat(2001), bytes: samples.png.bytes, fileName: 'a.png' }), 400, ['note']);
          assertProblem(await upload(c.dentist, { bytes: Buffer.alloc(0), fileName: 'empty.png' }), 400, ['file']);
          const fileFirst = await upload(c.dentist, { bytes: samples.png.bytes, fileName: 'a.png', fileFirst: true });
          assertProblem(fileFirst, 400, ['entityId', 'entityType']);
          assert.match(fileFirst.body.detail, /text fields must come before the file/);
          const noFile = await c.dentist.client.post('/api/files', {
            token: c.dentist.token,
            body: { entityType: 'patient', entityId: patientId },
          });
          assertProblem(noFile, 400, ['file']);
        });
      });

      it("answers another clinic's records, and records that do not exist, with 404", async () => {
        const theirs = (
          await stranger.client.post('/api/patients', { token: stranger.token, body: { firstName: 'Other', lastName: 'Clinic' } })
        ).body.id as string;
        await leavesNothing(async () => {
          for (const [entityType, entityId] of [
            ['patient', theirs],
            ['patient', newId()],
            ['appointment', newId()],
            ['invoice', newId()],
          ] as const) {
            assertProblem(await upload(c.owner, { entityType, entityId, bytes: samples.png.bytes, fileName: 'a.png' }), 404);
          }
        });
      });

      it('keeps the roles apart: no patient files for the Accountant, no invoice files for clinical staff', async () => {
        await leavesNothing(async () => {
          assertProblem(await upload(accountant, { bytes: samples.png.bytes, fileName: 'a.png' }), 403);
          assertProblem(
            await upload(accountant, { entityType: 'appointment', entityId: appointmentId, bytes: samples.png.bytes, fileName: 'a.png' }),
            403,
          );
          assertProblem(
            await upload(c.dentist, { entityType: 'invoice', entityId: invoiceId, bytes: samples.pdf.bytes, fileName: 'a.pdf' }),
            403,
          );
          assertProblem(
            await upload(assistant, { entityType: 'invoice', entityId: invoiceId, bytes: samples.pdf.bytes, fileName: 'a.pdf' }),
            403,
          );
        });
        for (const by of [c.owner, c.dentist, assistant, c.receptionist]) {
          assert.equal((await upload(by, { bytes: samples.png.bytes, fileName: 'ok.png' })).status, 201, by.user.role);
        }
        assert.equal(
          (await upload(c.receptionist, { entityType: 'invoice', entityId: invoiceId, bytes: samples.pdf.bytes, fileName: 'r.pdf' }))
            .status,
          201,
        );
      });

      it('adds no files to an archived patient (409), nor to their visits, whose existing files stay readable', async () => {
        const patient = c.patientIds[2]!;
        const before = await upload(c.dentist, { entityId: patient, bytes: samples.png.bytes, fileName: 'before.png' });
        assert.equal(before.status, 201);
        const visit = await c.owner.client.post('/api/appointments', {
          token: c.owner.token,
          body: { patientId: patient, dentistId: c.dentist.user.id, serviceId: c.serviceId, startAt: '2027-03-02T09:00:00+03:00' },
        });
        assert.equal(visit.status, 201, JSON.stringify(visit.body));
        assert.equal((await c.owner.client.request('DELETE', `/api/patients/${patient}`, { token: c.owner.token })).status, 204);
        await leavesNothing(async () => {
          const response = await upload(c.dentist, { entityId: patient, bytes: samples.png.bytes, fileName: 'after.png' });
          assertProblem(response, 409);
          assert.equal(response.body.type, 'patient-archived');
          const onVisit = await upload(c.dentist, {
            entityType: 'appointment',
            entityId: visit.body.id,
            bytes: samples.png.bytes,
            fileName: 'visit.png',
          });
          assertProblem(onVisit, 409);
          assert.equal(onVisit.body.type, 'patient-archived');
        });
        const list = await c.dentist.client.get(`/api/files?patientId=${patient}`, { token: c.dentist.token });
        assert.deepEqual(
          list.body.items.map((f: { id: string }) => f.id),
          [before.body.id],
        );
        assert.equal((await getBytes(app.baseUrl, c.dentist, `/api/files/${before.body.id}/content`)).status, 200);
      });

      it('takes concurrent uploads to one patient, each stored whole', async () => {
        const bytes = await Promise.all(
          [1, 2, 3, 4, 5].map((i) =>
            sharp({ create: { width: 50 + i, height: 50, channels: 3, background: '#123456' } })
              .png()
              .toBuffer(),
          ),
        );
        const responses = await Promise.all(
          bytes.map((b, i) => upload(c.dentist, { entityId: c.patientIds[1]!, bytes: b, fileName: `p${i}.png` })),
        );
        assert.deepEqual(
          responses.map((r) => r.status),
          [201, 201, 201, 201, 201],
        );
        for (const [i, response] of responses.entries()) {
          assert.ok((await getBytes(app.baseUrl, c.dentist, `/api/files/${response.body.id}/content`)).bytes.equals(bytes[i]!));
        }
      });
    });

    describe('reading', () => {
      let photo: { id: string };
      let consent: { id: string };
      let dicom: { id: string };
      let text: { id: string };
      before(async () => {
        photo = (await upload(c.dentist, { bytes: samples.jpeg.bytes, fileName: 'صورة الابتسامة.jpg', category: 'photo' })).body;
        consent = (await upload(c.dentist, { bytes: samples.pdf.bytes, fileName: 'إقرار.pdf', category: 'consent' })).body;
        dicom = (await upload(c.dentist, { bytes: samples.dicom.bytes, fileName: 'pa.dcm' })).body;
        text = (await upload(c.dentist, { bytes: samples.text.bytes, fileName: 'referral.txt' })).body;
      });

      it('serves the bytes with their type, nosniff, no caching, and the name in RFC 6266 form (Arabic kept)', async () => {
        const response = await getBytes(app.baseUrl, c.receptionist, `/api/files/${consent.id}/content`);
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('content-type'), 'application/pdf');
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(response.headers.get('cache-control'), 'private, no-store');
        assert.equal(response.headers.get('accept-ranges'), 'bytes');
        assert.equal(response.headers.get('content-length'), String(samples.pdf.bytes.length));
        const disposition = response.headers.get('content-disposition')!;
        assert.match(disposition, /^inline; filename="?file\.pdf"?; filename\*=UTF-8''/);
        assert.equal(decodeURIComponent(disposition.split("UTF-8''")[1]!), 'إقرار.pdf');
        assert.ok(response.bytes.equals(samples.pdf.bytes));
      });

      it('shows images and PDF inline and makes everything else (and ?download=1) an attachment', async () => {
        const disposition = async (id: string, query = '') =>
          (await getBytes(app.baseUrl, c.dentist, `/api/files/${id}/content${query}`)).headers.get('content-disposition')!.split(';')[0];
        assert.equal(await disposition(photo.id), 'inline');
        assert.equal(await disposition(consent.id), 'inline');
        assert.equal(await disposition(dicom.id), 'attachment');
        assert.equal(await disposition(text.id), 'attachment');
        assert.equal(await disposition(photo.id, '?download=1'), 'attachment');
        const textResponse = await getBytes(app.baseUrl, c.dentist, `/api/files/${text.id}/content`);
        assert.equal(textResponse.headers.get('content-type'), 'text/plain; charset=utf-8');
      });

      it('lets the web app frame an inline file (its PDF preview), same origin only, and nobody frame an attachment', async () => {
        const framing = async (id: string, query = '') => {
          const { headers } = await getBytes(app.baseUrl, c.dentist, `/api/files/${id}/content${query}`);
          return [headers.get('x-frame-options'), headers.get('content-security-policy')];
        };
        assert.deepEqual(await framing(consent.id), ['SAMEORIGIN', "frame-ancestors 'self'"]);
        assert.deepEqual(await framing(photo.id), ['SAMEORIGIN', "frame-ancestors 'self'"]);
        assert.deepEqual(await framing(consent.id, '?download=1'), ['DENY', "frame-ancestors 'none'"]);
        assert.deepEqual(await framing(text.id), ['DENY', "frame-ancestors 'none'"]);
        const metadata = await c.dentist.client.get(`/api/files/${consent.id}`, { token: c.dentist.token });
        assert.equal(metadata.headers.get('x-frame-options'), 'DENY', 'the rest of the API stays unframeable');
      });

      it('answers Range requests with 206 and the slice, and 416 past the end', async () => {
        const size = samples.pdf.bytes.length;
        const cases: [string, number, number][] = [
          ['bytes=0-9', 0, 9],
          ['bytes=10-', 10, size - 1],
          ['bytes=-20', size - 20, size - 1],
          [`bytes=5-${size + 100}`, 5, size - 1],
        ];
        for (const [range, start, end] of cases) {
          const response = await getBytes(app.baseUrl, c.dentist, `/api/files/${consent.id}/content`, { range });
          assert.equal(response.status, 206, range);
          assert.equal(response.headers.get('content-range'), `bytes ${start}-${end}/${size}`, range);
          assert.equal(response.headers.get('content-length'), String(end - start + 1));
          assert.ok(response.bytes.equals(samples.pdf.bytes.subarray(start, end + 1)), range);
        }
        const past = await getBytes(app.baseUrl, c.dentist, `/api/files/${consent.id}/content`, { range: `bytes=${size}-` });
        assert.equal(past.status, 416);
        assert.equal(past.headers.get('content-range'), `bytes */${size}`);
        const several = await getBytes(app.baseUrl, c.dentist, `/api/files/${consent.id}/content`, { range: 'bytes=0-1,5-6' });
        assert.equal(several.status, 200, 'several ranges: the whole file');
        const etag = (await getBytes(app.baseUrl, c.dentist, `/api/files/${consent.id}/content`)).headers.get('etag')!;
        assert.equal(
          (await getBytes(app.baseUrl, c.dentist, `/api/files/${consent.id}/content`, { range: 'bytes=0-9', 'if-range': etag })).status,
          206,
        );
        assert.equal(
          (await getBytes(app.baseUrl, c.dentist, `/api/files/${consent.id}/content`, { range: 'bytes=0-9', 'if-range': '"old"' })).status,
          200,
        );
      });

      it('audits a read from the start as FILE_VIEWED, not every later range', async () => {
        const count = async () =>
          Number(
            (await app.admin.query("select count(*) from audit_logs where entity_id = $1 and action = 'FILE_VIEWED'", [consent.id])).rows[0]
              .count,
          );
        const before = await count();
        await getBytes(app.baseUrl, c.dentist, `/api/files/${consent.id}/content`);
        await getBytes(app.baseUrl, c.dentist, `/api/files/${consent.id}/content`, { range: 'bytes=100-' });
        assert.equal(await count(), before + 1);
      });

      it('makes a WebP thumbnail of at most 256 px for images, and none for other types (415)', async () => {
        const big = await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#808080' } })
          .jpeg()
          .toBuffer();
        const uploaded = (await upload(c.dentist, { bytes: big, fileName: 'wide.jpg' })).body;
        assert.equal(uploaded.hasThumbnail, true);
        for (let i = 0; i < 2; i++) {
          const thumb = await getBytes(app.baseUrl, c.dentist, `/api/files/${uploaded.id}/thumbnail`);
          assert.equal(thumb.status, 200);
          assert.equal(thumb.headers.get('content-type'), 'image/webp');
          assert.equal(thumb.headers.get('cache-control'), 'private, no-store');
          const meta = await sharp(thumb.bytes).metadata();
          assert.equal(meta.format, 'webp');
          assert.deepEqual([meta.width, meta.height], [256, 128]);
        }
        for (const file of [consent, dicom, text]) {
          assertProblem(await c.dentist.client.get(`/api/files/${file.id}/thumbnail`, { token: c.dentist.token }), 415);
        }
      });

      it('lists files newest first by patient or by record, with paging, only of kinds the role may see', async () => {
        const all = await c.dentist.client.get(`/api/files?patientId=${patientId}&limit=200`, { token: c.dentist.token });
        assert.equal(all.status, 200, JSON.stringify(all.body));
        assert.ok(
          all.body.items.every((f: { entityType: string }) => f.entityType !== 'invoice'),
          'clinical staff see no invoice files',
        );
        const forReception = await c.receptionist.client.get(`/api/files?patientId=${patientId}&limit=200`, {
          token: c.receptionist.token,
        });
        assert.ok(forReception.body.items.some((f: { entityType: string }) => f.entityType === 'invoice'));
        const forAccountant = await accountant.client.get(`/api/files?patientId=${patientId}&limit=200`, { token: accountant.token });
        assert.ok(forAccountant.body.items.length > 0);
        assert.ok(forAccountant.body.items.every((f: { entityType: string }) => f.entityType === 'invoice'));
        const visit = await c.dentist.client.get(`/api/files?entityType=appointment&entityId=${appointmentId}`, { token: c.dentist.token });
        assert.ok(visit.body.items.length >= 1);
        assert.ok(visit.body.items.every((f: { entityId: string }) => f.entityId === appointmentId));
        const pages: string[] = [];
        let cursor: string | null = null;
        do {
          const page: any = await c.dentist.client.get(`/api/files?patientId=${patientId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, {
            token: c.dentist.token,
          });
          pages.push(...page.body.items.map((f: { id: string }) => f.id));
          cursor = page.body.nextCursor;
        } while (cursor);
        assert.deepEqual(
          pages,
          all.body.items.map((f: { id: string }) => f.id),
        );
        assertProblem(await c.dentist.client.get('/api/files', { token: c.dentist.token }), 400, ['patientId']);
        assertProblem(await c.dentist.client.get(`/api/files?entityType=patient`, { token: c.dentist.token }), 400, ['entityId']);
        assertProblem(await accountant.client.get(`/api/files?entityType=patient&entityId=${patientId}`, { token: accountant.token }), 403);
        assertProblem(await c.dentist.client.get(`/api/files?entityType=invoice&entityId=${invoiceId}`, { token: c.dentist.token }), 403);
      });

      it("answers another clinic's files and records with 404 everywhere", async () => {
        for (const path of [`/api/files/${photo.id}`, `/api/files/${photo.id}/content`, `/api/files/${photo.id}/thumbnail`]) {
          assertProblem(await stranger.client.get(path, { token: stranger.token }), 404);
        }
        assertProblem(await stranger.client.request('DELETE', `/api/files/${photo.id}`, { token: stranger.token }), 404);
        assertProblem(await stranger.client.get(`/api/files?patientId=${patientId}`, { token: stranger.token }), 404);
        assertProblem(
          await stranger.client.get(`/api/files?entityType=appointment&entityId=${appointmentId}`, { token: stranger.token }),
          404,
        );
        assertProblem(await c.dentist.client.get(`/api/files/${newId()}`, { token: c.dentist.token }), 404);
        assertProblem(await c.dentist.client.get('/api/files/not-an-id/content', { token: c.dentist.token }), 404);
      });

      it('keeps patient files from the Accountant (403) and answers the metadata to the others', async () => {
        assertProblem(await accountant.client.get(`/api/files/${photo.id}`, { token: accountant.token }), 403);
        assertProblem(await accountant.client.get(`/api/files/${photo.id}/content`, { token: accountant.token }), 403);
        const meta = await c.receptionist.client.get(`/api/files/${photo.id}`, { token: c.receptionist.token });
        assert.equal(meta.status, 200);
        assert.equal(meta.body.fileName, 'صورة الابتسامة.jpg');
      });
    });

    describe('delete and purge', () => {
      it('removes a file from the API at once (404 after), audits FILE_DELETED, and keeps the bytes until the purge', async () => {
        const file = (await upload(c.dentist, { bytes: samples.png.bytes, fileName: 'mistake.png' })).body;
        await getBytes(app.baseUrl, c.dentist, `/api/files/${file.id}/thumbnail`);
        const deleted = await c.dentist.client.request('DELETE', `/api/files/${file.id}`, { token: c.dentist.token });
        assert.equal(deleted.status, 204);
        for (const path of [`/api/files/${file.id}`, `/api/files/${file.id}/content`, `/api/files/${file.id}/thumbnail`]) {
          assertProblem(await c.dentist.client.get(path, { token: c.dentist.token }), 404);
        }
        assertProblem(await c.dentist.client.request('DELETE', `/api/files/${file.id}`, { token: c.dentist.token }), 404);
        const list = await c.dentist.client.get(`/api/files?patientId=${patientId}&limit=200`, { token: c.dentist.token });
        assert.ok(!list.body.items.some((f: { id: string }) => f.id === file.id));
        const { rows } = await app.admin.query('select storage_key, deleted_by_id from file_attachments where id = $1', [file.id]);
        assert.equal(rows[0].deleted_by_id, c.dentist.user.id);
        assert.ok(await storage.head(rows[0].storage_key), 'the bytes wait for the purge');
        const audit = await app.admin.query("select user_id from audit_logs where entity_id = $1 and action = 'FILE_DELETED'", [file.id]);
        assert.equal(audit.rows[0].user_id, c.dentist.user.id);
      });

      it('lets only the uploader or a manager delete a file', async () => {
        const file = (await upload(c.dentist, { bytes: samples.png.bytes, fileName: 'theirs.png' })).body;
        assertProblem(await assistant.client.request('DELETE', `/api/files/${file.id}`, { token: assistant.token }), 403);
        assertProblem(await accountant.client.request('DELETE', `/api/files/${file.id}`, { token: accountant.token }), 403);
        assert.equal((await c.owner.client.request('DELETE', `/api/files/${file.id}`, { token: c.owner.token })).status, 204);
      });
    });
  });
}
