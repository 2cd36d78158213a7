import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startTestApp, TEST_NOW, type TestApp } from './harness.js';
import { bookableClinic, type BookableClinic, signupClinic } from './factories.js';
import { startServer } from '../bench/report.js';
import { getBytes, sampleFiles, streamUpload, uploadFile } from './files.js';
import { startS3Server, type TestS3Server } from './s3-server.js';
import { FilePurgeService, PURGE_JOB } from '../src/files/file-purge.service.js';
import { JobRegistry } from '../src/jobs/job-registry.js';
import { type FileStorage, thumbnailKey } from '../src/files/storage/file-storage.js';
import { LocalFileStorage } from '../src/files/storage/local.driver.js';
import { S3FileStorage } from '../src/files/storage/s3.driver.js';

const MB = 1024 * 1024;
const DAY_MS = 24 * 3600_000;

/**
 * A 100 MB upload streamed within the memory limit, and the purge of deleted files' bytes, on one storage
 * driver: `files-limits.spec.ts` runs it on the local disk, then on s3rver.
 */
export function describeFileLimits(driver: 'local' | 's3'): void {
  describe(`files: large uploads and the purge (${driver} storage)`, () => {
    let app: TestApp;
    let c: BookableClinic;
    let storage: FileStorage;
    /** Where the API keeps files (the driver's variables), with a 128 MB limit. */
    let storageEnv: Record<string, string>;
    let folder: string | undefined;
    let s3: TestS3Server | undefined;
    before(async () => {
      if (driver === 's3') {
        s3 = await startS3Server();
        storageEnv = s3.env;
        storage = new S3FileStorage({
          endpoint: s3.endpoint,
          region: 'us-east-1',
          bucket: s3.bucket,
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
          forcePathStyle: true,
        });
      } else {
        folder = await mkdtemp(path.join(tmpdir(), 'dental-files-'));
        storageEnv = { FILE_STORAGE_DIR: folder };
        storage = new LocalFileStorage(folder);
      }
      storageEnv = { ...storageEnv, FILE_MAX_BYTES: String(128 * MB) };
      app = await startTestApp({ ...storageEnv, FILE_RETENTION_DAYS: '30' });
      c = await bookableClinic(app.baseUrl, { patients: 1 });
    });
    after(async () => {
      await app.close();
      await storage.close();
      await s3?.stop();
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    it('streams a 100 MB upload to storage while the memory the API holds grows by less than 50 MB', async () => {
      // The API in a process of its own (as in production), so only its memory is measured, not this client's.
      // Each sample follows a full collection in that process: what the upload holds, not the socket buffers
      // already done with that V8 has not collected yet (on Node 24, with its larger young generation, those
      // reach ~60 MB between collections whatever the file's size; docs/decisions.md, "Files").
      const saved = Object.fromEntries(Object.keys(storageEnv).map((name) => [name, process.env[name]]));
      Object.assign(process.env, storageEnv);
      const api = await startServer('api', process.env.TEST_APP_DATABASE_URL!, { measureLiveMemory: true }).finally(() => {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      });
      try {
        const owner = (await signupClinic(api.url)).owner;
        const patient = await owner.client.post('/api/patients', { token: owner.token, body: { firstName: 'Large', lastName: 'Scan' } });
        const fields = { entityType: 'patient', entityId: patient.body.id as string, category: 'xray' };
        await streamUpload(api.url, owner, fields, 8 * MB); // warm-up: code paths, pools, buffers
        const before = await api.liveMemory();
        const peak = { ...before };
        let uploading = true;
        const sampler = (async () => {
          while (uploading) {
            const now = await api.liveMemory();
            peak.rss = Math.max(peak.rss, now.rss);
            peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
            peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
            await setTimeout(100); // a collection each time the upload has moved on by some 10 MB, not back to back
          }
        })();
        const result = await streamUpload(api.url, owner, fields, 100 * MB).finally(() => (uploading = false));
        await sampler;
        assert.equal(result.status, 201, JSON.stringify(result.body));
        assert.equal(result.body.sizeBytes, 100 * MB);
        assert.equal(result.body.sha256, result.sha256, 'the SHA-256 computed while streaming matches what was sent');
        const grew = (key: 'rss' | 'heapUsed' | 'arrayBuffers') => (peak[key] - before[key]) / MB;
        const figures = `RSS +${grew('rss').toFixed(1)} MB, heap +${grew('heapUsed').toFixed(1)} MB, buffers +${grew('arrayBuffers').toFixed(1)} MB`;
        assert.ok(grew('rss') < 50, figures);
        assert.ok(grew('heapUsed') + grew('arrayBuffers') < 50, figures);
        const { rows } = await app.admin.query('select storage_key from file_attachments where id = $1', [result.body.id]);
        assert.deepEqual(await storage.head(rows[0].storage_key), { size: 100 * MB });
        const tail = await getBytes(api.url, owner, `/api/files/${result.body.id}/content`, { range: 'bytes=-16' });
        assert.equal(tail.status, 206);
        assert.ok(tail.bytes.equals(Buffer.alloc(16, 0x5a)));
      } finally {
        await api.stop();
      }
    });

    it('purges the bytes (and thumbnail) of files deleted more than FILE_RETENTION_DAYS ago, in every clinic, once', async () => {
      const samples = await sampleFiles();
      const other = await signupClinic(app.baseUrl);
      const otherPatient = (
        await other.owner.client.post('/api/patients', { token: other.owner.token, body: { firstName: 'B', lastName: 'B' } })
      ).body.id;
      const mine = (
        await uploadFile(app.baseUrl, c.dentist, {
          entityType: 'patient',
          entityId: c.patientIds[0]!,
          bytes: samples.png.bytes,
          fileName: 'a.png',
        })
      ).body;
      const theirs = (
        await uploadFile(app.baseUrl, other.owner, {
          entityType: 'patient',
          entityId: otherPatient,
          bytes: samples.pdf.bytes,
          fileName: 'b.pdf',
        })
      ).body;
      const kept = (
        await uploadFile(app.baseUrl, c.dentist, {
          entityType: 'patient',
          entityId: c.patientIds[0]!,
          bytes: samples.jpeg.bytes,
          fileName: 'c.jpg',
        })
      ).body;
      assert.equal((await getBytes(app.baseUrl, c.dentist, `/api/files/${mine.id}/thumbnail`)).status, 200);
      const keyOf = async (id: string) =>
        (await app.admin.query('select storage_key from file_attachments where id = $1', [id])).rows[0].storage_key as string;
      const [mineKey, theirsKey, keptKey] = [await keyOf(mine.id), await keyOf(theirs.id), await keyOf(kept.id)];
      const deletedAt = app.clock.now();
      assert.equal((await c.dentist.client.request('DELETE', `/api/files/${mine.id}`, { token: c.dentist.token })).status, 204);
      assert.equal((await other.owner.client.request('DELETE', `/api/files/${theirs.id}`, { token: other.owner.token })).status, 204);

      // Other test files share the database and delete files at the same test time: only these rows are checked.
      const purge = app.get(FilePurgeService);
      const purgedAt = async () =>
        (await app.admin.query('select id, purged_at from file_attachments where id = any($1)', [[mine.id, theirs.id, kept.id]])).rows.map(
          (row) => [row.id as string, row.purged_at !== null] as const,
        );
      app.clock.set(new Date(deletedAt.getTime() + 30 * DAY_MS - 60_000));
      assert.equal((await purge.purgeExpired(app.clock)).failed, 0);
      assert.ok(
        (await purgedAt()).every(([, purged]) => !purged),
        'not before the retention period is over',
      );
      assert.ok(await storage.head(mineKey));

      app.clock.set(new Date(deletedAt.getTime() + 30 * DAY_MS + 60_000));
      const first = await purge.purgeExpired(app.clock);
      assert.ok(first.purged >= 2 && first.failed === 0, JSON.stringify(first));
      assert.equal(await storage.head(mineKey), undefined);
      assert.equal(await storage.head(thumbnailKey(mineKey)), undefined);
      assert.equal(await storage.head(theirsKey), undefined);
      assert.ok(await storage.head(keptKey), 'files not deleted stay');
      assert.deepEqual(
        new Map(await purgedAt()),
        new Map([
          [mine.id, true],
          [theirs.id, true],
          [kept.id, false],
        ]),
      );
      const audited = async () =>
        (
          await app.admin.query(
            "select entity_id, system_job, user_id from audit_logs where action = 'FILE_PURGED' and entity_id = any($1)",
            [[mine.id, theirs.id]],
          )
        ).rows;
      assert.equal((await audited()).length, 2);
      assert.ok((await audited()).every((row) => row.system_job === 'files-purge' && row.user_id === null));
      await purge.purgeExpired(app.clock);
      assert.equal((await audited()).length, 2, 'nothing twice');
    });

    it("runs as the worker's daily job for each clinic, purging only that clinic's expired files", async () => {
      app.clock.set(new Date(TEST_NOW)); // the test before moved the clock past the tokens' life
      const daily = app.get(JobRegistry).findDailyJob(PURGE_JOB);
      assert.equal(daily?.localTime, '03:30');
      const samples = await sampleFiles();
      const other = await signupClinic(app.baseUrl);
      const otherPatient = (
        await other.owner.client.post('/api/patients', { token: other.owner.token, body: { firstName: 'D', lastName: 'D' } })
      ).body.id;
      const upload = async (who: typeof c.dentist, entityId: string) =>
        (await uploadFile(app.baseUrl, who, { entityType: 'patient', entityId, bytes: samples.png.bytes, fileName: 'd.png' })).body
          .id as string;
      const mine = await upload(c.dentist, c.patientIds[0]!);
      const theirs = await upload(other.owner, otherPatient);
      const deletedAt = app.clock.now();
      assert.equal((await c.dentist.client.request('DELETE', `/api/files/${mine}`, { token: c.dentist.token })).status, 204);
      assert.equal((await other.owner.client.request('DELETE', `/api/files/${theirs}`, { token: other.owner.token })).status, 204);
      const purged = async () =>
        new Map(
          (await app.admin.query('select id, purged_at from file_attachments where id = any($1)', [[mine, theirs]])).rows.map(
            (row) => [row.id as string, row.purged_at !== null] as const,
          ),
        );

      app.clock.set(new Date(deletedAt.getTime() + 30 * DAY_MS + 60_000));
      const result = await app.get(FilePurgeService).purgeClinic(c.dentist.user.clinicId, app.clock);
      assert.ok(result.purged >= 1 && result.failed === 0, JSON.stringify(result));
      assert.deepEqual(
        await purged(),
        new Map([
          [mine, true],
          [theirs, false],
        ]),
        "another clinic's files wait for that clinic's run",
      );
      await daily.run(other.owner.user.clinicId, '2026-12-03', {
        jobId: 'test',
        attempt: 1,
        maxAttempts: 1,
        workerPoolId: 'test',
        signal: AbortSignal.timeout(60_000),
      });
      assert.equal((await purged()).get(theirs), true);
    });
  });
}
