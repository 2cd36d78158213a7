import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { startS3Server, type TestS3Server } from '../../../test/s3-server.js';
import { assertStorageKey, type FileStorage, newStorageKey, thumbnailKey } from './file-storage.js';
import { LocalFileStorage } from './local.driver.js';
import { S3FileStorage } from './s3.driver.js';

const read = async (stream: Readable) => Buffer.concat(await stream.toArray());
const bytes = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31) % 251));
/** A stream that gives `good` bytes and then fails, as an upload cut off or refused midway does. */
const failingAfter = (good: Buffer) =>
  new Readable({
    read() {
      if (this.readableLength === 0 && !this.destroyed) {
        this.push(good);
        setImmediate(() => this.destroy(new Error('client went away')));
      }
    },
  });

/** One contract, both drivers: what FileStorage promises its callers. */
function describeContract(name: string, open: () => Promise<{ storage: FileStorage; close: () => Promise<void> }>) {
  describe(`file storage contract: ${name}`, () => {
    let storage: FileStorage;
    let close: () => Promise<void>;
    const clinicId = uuidv7();
    before(async () => ({ storage, close } = await open()));
    after(() => close());

    it('passes its own check', () => storage.test());

    it('stores a stream and gives it back whole, with its size', async () => {
      const key = newStorageKey(clinicId);
      const content = bytes(12 * 1024 * 1024 + 7);
      await storage.upload(key, Readable.from([content.subarray(0, 5_000_000), content.subarray(5_000_000)]), 'image/png');
      assert.deepEqual(await storage.head(key), { size: content.length });
      assert.ok((await read(await storage.createReadStream(key))).equals(content));
    });

    it('reads inclusive byte ranges', async () => {
      const key = newStorageKey(clinicId);
      const content = bytes(1000);
      await storage.upload(key, Readable.from([content]), 'application/pdf');
      assert.ok((await read(await storage.createReadStream(key, { start: 0, end: 0 }))).equals(content.subarray(0, 1)));
      assert.ok((await read(await storage.createReadStream(key, { start: 100, end: 199 }))).equals(content.subarray(100, 200)));
      assert.ok((await read(await storage.createReadStream(key, { start: 990, end: 999 }))).equals(content.subarray(990)));
    });

    it('leaves nothing under the key when the stream fails midway', async () => {
      const key = newStorageKey(clinicId);
      const before = await storage.list(clinicId);
      await assert.rejects(storage.upload(key, failingAfter(bytes(6 * 1024 * 1024)), 'image/jpeg'), /client went away/);
      assert.equal(await storage.head(key), undefined);
      assert.deepEqual(await storage.list(clinicId), before);
    });

    it('deletes, and deleting what is not there is fine', async () => {
      const key = newStorageKey(clinicId);
      await storage.upload(key, Readable.from([Buffer.from('x')]), 'text/plain');
      await storage.delete(key);
      await storage.delete(key);
      assert.equal(await storage.head(key), undefined);
      await assert.rejects(storage.createReadStream(key), /No stored object/);
    });

    it("lists a clinic's keys only", async () => {
      const other = uuidv7();
      const mine = newStorageKey(clinicId);
      const theirs = newStorageKey(other);
      await storage.upload(mine, Readable.from([Buffer.from('a')]), 'text/plain');
      await storage.upload(theirs, Readable.from([Buffer.from('b')]), 'text/plain');
      await storage.upload(thumbnailKey(mine), Readable.from([Buffer.from('c')]), 'image/webp');
      const listed = await storage.list(clinicId);
      assert.ok(listed.includes(mine) && listed.includes(thumbnailKey(mine)));
      assert.ok(!listed.includes(theirs));
      assert.deepEqual(await storage.list(other), [theirs]);
    });

    it('refuses keys it did not make: no path tricks, no other shapes', async () => {
      for (const key of [
        '../etc/passwd',
        `${clinicId}/../../x`,
        `${clinicId}/`,
        'a/b',
        `${clinicId}/${uuidv7()}/x`,
        `/${clinicId}/${uuidv7()}`,
      ]) {
        await assert.rejects(storage.head(key), /Not a storage key/, key);
        await assert.rejects(storage.upload(key, Readable.from([Buffer.from('x')]), 'text/plain'), /Not a storage key/, key);
        await assert.rejects(storage.delete(key), /Not a storage key/, key);
      }
      assert.throws(() => newStorageKey('../x'), /Not a clinic id/);
    });
  });
}

describe('local storage folders', () => {
  it('keeps its own folder private but leaves the shared data folder above it as the system makes it', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'dental-files-mode-'));
    try {
      // DATA_DIR also holds the embedded PostgreSQL cluster, which its own user must be able to reach.
      await new LocalFileStorage(path.join(base, 'data', 'files')).test();
      const mode = async (dir: string) => (await stat(path.join(base, dir))).mode & 0o777;
      assert.notEqual(await mode('data'), 0o700);
      assert.equal(await mode('data/files'), 0o700);
      assert.equal(await mode('data/files/.incoming'), 0o700);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});

describe('storage keys', () => {
  it('are the clinic id and a UUIDv7, and a thumbnail key derives from its file key', () => {
    const clinicId = uuidv7();
    const key = newStorageKey(clinicId);
    assert.match(key, new RegExp(`^${clinicId}/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$`));
    assert.equal(assertStorageKey(key), key);
    assert.equal(thumbnailKey(key), `${key}.thumb.webp`);
    assert.throws(() => thumbnailKey(thumbnailKey(key)));
  });
});

describeContract('local disk', async () => {
  const folder = await mkdtemp(path.join(tmpdir(), 'dental-storage-'));
  const storage = new LocalFileStorage(folder);
  return {
    storage,
    close: async () => {
      assert.deepEqual(await readdir(path.join(folder, '.incoming')), [], 'no draft left behind');
      await rm(folder, { recursive: true, force: true });
    },
  };
});

describeContract('S3 (s3rver)', async () => {
  const server: TestS3Server = await startS3Server();
  const storage = new S3FileStorage({
    endpoint: server.endpoint,
    region: 'us-east-1',
    bucket: server.bucket,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    forcePathStyle: true,
  });
  return {
    storage,
    close: async () => {
      await storage.close();
      await server.stop();
    },
  };
});

describe('S3 presigned downloads', () => {
  let server: TestS3Server;
  let storage: S3FileStorage;
  before(async () => {
    server = await startS3Server();
    storage = new S3FileStorage({
      endpoint: server.endpoint,
      region: 'us-east-1',
      bucket: server.bucket,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
    });
  });
  after(async () => {
    await storage.close();
    await server.stop();
  });

  it('are valid for at most 5 minutes and carry the type and disposition', async () => {
    const key = newStorageKey(uuidv7());
    await storage.upload(key, Readable.from([Buffer.from('%PDF-1.4 test')]), 'application/pdf');
    const url = new URL(
      await storage.presignedGetUrl(key, {
        expiresInSeconds: 3600,
        contentType: 'application/pdf',
        contentDisposition: 'inline; filename="a.pdf"',
      }),
    );
    assert.equal(url.searchParams.get('X-Amz-Expires'), '300');
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(response.headers.get('content-disposition'), 'inline; filename="a.pdf"');
    assert.equal(await response.text(), '%PDF-1.4 test');
  });
});
