import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { assertProblem, bookableClinic, type BookableClinic, signupClinic, type Staff } from '../../test/factories.js';
import { dicomFile, getBytes, minimalPdf, uploadFile } from '../../test/files.js';
import { startS3Server, type TestS3Server } from '../../test/s3-server.js';

/**
 * S3_PRESIGNED_DOWNLOADS=true on a real S3-protocol server (s3rver): the API answers a file's content
 * with a 302 to a presigned URL of at most 5 minutes, and the bucket serves the bytes with the type,
 * disposition and caching the API would have sent.
 */
describe('files: presigned S3 downloads', () => {
  let s3: TestS3Server;
  let app: TestApp;
  let c: BookableClinic;
  let stranger: Staff;

  before(async () => {
    s3 = await startS3Server();
    app = await startTestApp({ ...s3.env, S3_PRESIGNED_DOWNLOADS: 'true' });
    c = await bookableClinic(app.baseUrl, { patients: 1 });
    stranger = (await signupClinic(app.baseUrl)).owner;
  });
  after(async () => {
    await app.close();
    await s3.stop();
  });

  const upload = async (bytes: Buffer, fileName: string) => {
    const response = await uploadFile(app.baseUrl, c.dentist, { entityType: 'patient', entityId: c.patientIds[0]!, bytes, fileName });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body.id as string;
  };

  /** The API's redirect, then the bucket's answer to it (no credentials of ours go along). */
  async function followed(path: string) {
    const redirect = await getBytes(app.baseUrl, c.dentist, path);
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get('cache-control'), 'private, no-store');
    const location = new URL(redirect.headers.get('location') ?? '');
    assert.equal(location.origin, s3.endpoint, 'the bucket serves it');
    assert.equal(location.searchParams.get('X-Amz-Expires'), '300', 'valid for 5 minutes at most');
    const served = await fetch(location);
    return { served, bytes: Buffer.from(await served.arrayBuffer()) };
  }

  it('redirects to the bucket, which sends the bytes inline with their type; audited as viewed', async () => {
    const pdf = minimalPdf();
    const id = await upload(pdf, 'موافقة.pdf');
    const { served, bytes } = await followed(`/api/files/${id}/content`);
    assert.equal(served.status, 200);
    assert.ok(bytes.equals(pdf), 'byte for byte');
    assert.equal(served.headers.get('content-type'), 'application/pdf');
    assert.match(served.headers.get('content-disposition') ?? '', /^inline; filename="?file\.pdf"?; filename\*=UTF-8''%D9%85%D9%88%D8%A7/);
    assert.equal(served.headers.get('cache-control'), 'private, no-store');
    const audit = await app.admin.query("select count(*) from audit_logs where action = 'FILE_VIEWED' and entity_id = $1", [id]);
    assert.equal(Number(audit.rows[0].count), 1);
  });

  it('redirects to an attachment for DICOM and for ?download=1', async () => {
    const dicom = dicomFile();
    const id = await upload(dicom, 'periapical.dcm');
    const { served, bytes } = await followed(`/api/files/${id}/content`);
    assert.ok(bytes.equals(dicom));
    assert.equal(served.headers.get('content-type'), 'application/dicom');
    assert.match(served.headers.get('content-disposition') ?? '', /^attachment; filename="?periapical\.dcm"?$/);
    const pdfId = await upload(minimalPdf(), 'consent.pdf');
    const downloaded = await followed(`/api/files/${pdfId}/content?download=1`);
    assert.match(downloaded.served.headers.get('content-disposition') ?? '', /^attachment; filename="?consent\.pdf"?$/);
  });

  it("answers another clinic's file with 404, not a redirect", async () => {
    const id = await upload(minimalPdf(), 'private.pdf');
    const response = await getBytes(app.baseUrl, stranger, `/api/files/${id}/content`);
    assert.equal(response.headers.get('location'), null);
    assertProblem({ status: response.status, contentType: response.headers.get('content-type') ?? '', body: response.json }, 404);
  });
});
