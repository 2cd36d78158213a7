import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DeliveryError, type OutgoingMessage } from './delivery.js';
import { TwilioSmsProvider, UnifonicSmsProvider } from './providers.js';

interface Captured {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as sent. */
  raw: Buffer;
}

/** A stand-in for the provider's HTTP API: records each request, answers what the test says. */
function fakeApi() {
  const requests: Captured[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method!, path: req.url!, headers: req.headers, raw: Buffer.concat(chunks) });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  return {
    requests,
    answer: (status: number, body: unknown) => (answer = { status, body }),
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ARABIC = 'عيادة الابتسامة: تذكير بموعد فحص دوري مع د. سارة يوم الأربعاء الساعة 10:30 ص';
const message = (text: string): OutgoingMessage => ({
  notificationId: '01900000-0000-7000-8000-000000000001',
  channel: 'sms',
  to: '+966501234567',
  text,
  attempt: 1,
});
const never = new AbortController().signal;

describe('Twilio adapter (Messages API)', () => {
  const api = fakeApi();
  let provider: TwilioSmsProvider;
  before(async () => {
    const apiUrl = await api.start();
    provider = new TwilioSmsProvider({
      accountSid: 'AC0123456789abcdef',
      authToken: 's3cret',
      from: 'SmileClinic',
      apiUrl,
      timeoutMs: 5000,
    });
  });
  after(() => api.stop());
  beforeEach(() => (api.requests.length = 0));

  it('posts a form with HTTP Basic auth, To in E.164, From and the UTF-8 body, and keeps the SID', async () => {
    api.answer(201, { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' });
    const receipt = await provider.send(message(ARABIC), never);
    assert.deepEqual(receipt, { provider: 'twilio', providerMessageId: 'SM0123456789abcdef0123456789abcdef' });
    const [request] = api.requests;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.path, '/2010-04-01/Accounts/AC0123456789abcdef/Messages.json');
    assert.equal(request!.headers.authorization, `Basic ${Buffer.from('AC0123456789abcdef:s3cret').toString('base64')}`);
    assert.equal(request!.headers['content-type'], 'application/x-www-form-urlencoded');
    const form = new URLSearchParams(request!.raw.toString('ascii'));
    assert.deepEqual([...form.keys()].sort(), ['Body', 'From', 'To']);
    assert.equal(form.get('To'), '+966501234567');
    assert.equal(form.get('From'), 'SmileClinic');
    assert.equal(form.get('Body'), ARABIC);
    // Arabic travels as percent-encoded UTF-8 bytes: the body is plain ASCII on the wire.
    assert.match(request!.raw.toString('latin1'), /Body=%D8%B9%D9%8A%D8%A7%D8%AF%D8%A9/);
  });

  it('sends MessagingServiceSid instead of From when configured', async () => {
    api.answer(201, { sid: 'SM1' });
    const viaService = new TwilioSmsProvider({
      accountSid: 'AC1',
      authToken: 't',
      messagingServiceSid: 'MG0123',
      apiUrl: `http://127.0.0.1:${new URL(provider['options'].apiUrl).port}`,
      timeoutMs: 5000,
    });
    await viaService.send(message('Hello'), never);
    const form = new URLSearchParams(api.requests[0]!.raw.toString('ascii'));
    assert.equal(form.get('MessagingServiceSid'), 'MG0123');
    assert.equal(form.get('From'), null);
  });

  it("treats Twilio's 400 (bad number) as permanent and 429/5xx as worth retrying", async () => {
    api.answer(400, { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 });
    await assert.rejects(
      provider.send(message('x'), never),
      (e: DeliveryError) => e.permanent && /not a valid phone number\. \(code 21211\)/.test(e.message),
    );
    api.answer(429, { code: 20429, message: 'Too Many Requests' });
    await assert.rejects(provider.send(message('x'), never), (e: DeliveryError) => !e.permanent);
    api.answer(503, {});
    await assert.rejects(provider.send(message('x'), never), (e: DeliveryError) => !e.permanent && /HTTP 503/.test(e.message));
  });

  it('treats an unreachable API as worth retrying', async () => {
    const down = new TwilioSmsProvider({ accountSid: 'AC1', authToken: 't', from: 'X', apiUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    await assert.rejects(down.send(message('x'), never), (e: DeliveryError) => e instanceof DeliveryError && !e.permanent);
  });
});

describe('Unifonic adapter (REST SMS API)', () => {
  const api = fakeApi();
  let provider: UnifonicSmsProvider;
  before(async () => {
    provider = new UnifonicSmsProvider({ appSid: 'AppSid-123', senderId: 'SmileClinic', apiUrl: await api.start(), timeoutMs: 5000 });
  });
  after(() => api.stop());
  beforeEach(() => (api.requests.length = 0));

  it('posts a form with the AppSid in the body, the recipient without +, the sender and the UTF-8 body', async () => {
    api.answer(200, {
      success: true,
      message: '',
      errorCode: 'ER-00',
      data: { MessageID: 42000348806924, Status: 'Sent', NumberOfUnits: 2 },
    });
    const receipt = await provider.send(message(ARABIC), never);
    assert.deepEqual(receipt, { provider: 'unifonic', providerMessageId: '42000348806924' });
    const [request] = api.requests;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.path, '/rest/SMS/messages');
    assert.equal(request!.headers.authorization, undefined);
    assert.equal(request!.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(request!.headers.accept, 'application/json');
    const form = new URLSearchParams(request!.raw.toString('ascii'));
    assert.equal(form.get('AppSid'), 'AppSid-123');
    assert.equal(form.get('Recipient'), '966501234567');
    assert.equal(form.get('SenderID'), 'SmileClinic');
    assert.equal(form.get('Body'), ARABIC);
    assert.equal(form.get('responseType'), 'JSON');
    assert.equal(form.get('CorrelationID'), '01900000-0000-7000-8000-000000000001');
    assert.match(request!.raw.toString('latin1'), /Body=%D8%B9%D9%8A%D8%A7%D8%AF%D8%A9/);
  });

  it('fails on "success": false even with HTTP 200, and keeps the error code', async () => {
    api.answer(200, { success: false, message: 'Dest num is too short', errorCode: 'ER-04', data: {} });
    await assert.rejects(
      provider.send(message('x'), never),
      (e: DeliveryError) => e.permanent && e.message === 'Unifonic: Dest num is too short (ER-04)',
    );
    api.answer(502, {});
    await assert.rejects(provider.send(message('x'), never), (e: DeliveryError) => !e.permanent);
  });
});
