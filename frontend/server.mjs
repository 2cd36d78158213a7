#!/usr/bin/env node
// The web app's production server: Next.js behind a plain Node HTTP server that owns one decision Next
// leaves to the client. Next keeps an X-Forwarded-For the client sent, and the API would then record and
// rate-limit whatever address a client chose; here the header is set to the address this server saw
// (or, behind a trusted load balancer, WEB_TRUST_PROXY=true, that address is appended to the balancer's).
// It also carries everything under /api to the API itself, streamed both ways: Next's own proxy
// (frontend/src/proxy.ts, which still serves `next dev`) keeps a copy of each request body in memory and
// cuts it at 10 MB, then gives up after 30 s, which a 25 MB radiograph upload would meet. Plain requests
// and the live calendar's WebSocket upgrade (/api/live) follow the same rules: X-Forwarded-For as below,
// the proxy secret replaced by this server's, X-Forwarded-Host the host the browser used.
// Usage: node server.mjs [--port 3001] [--hostname 127.0.0.1]  (PORT / HOSTNAME in the environment too)
import { EventEmitter } from 'node:events';
import { Agent, createServer, request as httpRequest, STATUS_CODES } from 'node:http';
import { pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import next from 'next';

const { values } = parseArgs({ options: { port: { type: 'string' }, hostname: { type: 'string' } } });
const port = Number(values.port ?? process.env.PORT ?? 3001);
const hostname = values.hostname ?? process.env.HOSTNAME ?? '127.0.0.1';
const trustForwarded = process.env.WEB_TRUST_PROXY === 'true';
const apiOrigin = process.env.API_ORIGIN ?? `http://127.0.0.1:${process.env.API_PORT ?? '3000'}`;
const PROXY_SECRET_HEADER = 'x-dental-proxy-secret';
const LIVE_PATH = '/api/live';
/** Connections to the API, kept open between requests. */
const apiAgent = new Agent({ keepAlive: true });
/** Headers that belong to one hop (RFC 9110 7.6.1; Host is the API's, Expect was answered here), not passed on. */
const HOP_BY_HOP = /^(connection|keep-alive|proxy-connection|proxy-authenticate|proxy-authorization|te|trailer|upgrade|host|expect)$/i;

// Next would attach its own 'upgrade' listener to the server a request arrived on (and answer the same
// handshake a second time, through its rewrite to the API); given a server of its own that never
// emits one, upgrades are this file's alone.
const upgradesHandledHere = new EventEmitter();
const app = next({ dev: false, dir: fileURLToPath(new URL('.', import.meta.url)), hostname, port, httpServer: upgradesHandledHere });
const handle = app.getRequestHandler();
await app.prepare();

/** X-Forwarded-For is the address this server saw (appended to a trusted balancer's list). */
function setForwardedFor(request) {
  const seen = request.socket.remoteAddress ?? '';
  const given = request.headers['x-forwarded-for'];
  request.headers['x-forwarded-for'] = trustForwarded && given ? `${given}, ${seen}` : seen;
}

/** The headers a request to the API carries: the client's, with this server's X-Forwarded-* and proxy secret. */
function apiHeaders(request) {
  setForwardedFor(request);
  const headers = { ...request.headers };
  delete headers[PROXY_SECRET_HEADER];
  if (process.env.API_PROXY_SECRET) headers[PROXY_SECRET_HEADER] = process.env.API_PROXY_SECRET;
  headers['x-forwarded-host'] = request.headers.host ?? '';
  return headers;
}

const isApiPath = (url) => {
  const path = (url ?? '/').split('?')[0];
  return path === '/api' || path.startsWith('/api/');
};

/** An /api request, piped to the API and its answer piped back, neither held in memory. */
function toApi(request, response) {
  const headers = apiHeaders(request);
  for (const name of Object.keys(headers)) if (HOP_BY_HOP.test(name)) delete headers[name];
  const upstream = httpRequest(new URL(request.url, apiOrigin), { method: request.method, headers, agent: apiAgent });
  upstream.on('response', (answer) => {
    const kept = [];
    for (let i = 0; i < answer.rawHeaders.length; i += 2) {
      if (!HOP_BY_HOP.test(answer.rawHeaders[i]) && !/^transfer-encoding$/i.test(answer.rawHeaders[i]))
        kept.push(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
    }
    response.writeHead(answer.statusCode ?? 502, answer.statusMessage, kept);
    pipeline(answer, response, () => {});
  });
  // The API unreachable is a 502; an answer broken off half way is broken off here too.
  upstream.on('error', () => {
    if (response.headersSent) response.destroy();
    else response.writeHead(502, { 'content-type': 'text/plain' }).end(STATUS_CODES[502]);
  });
  // A client that goes away (or sends a broken body) drops the API's request with it.
  pipeline(request, upstream, () => {});
  response.on('close', () => {
    if (!response.writableFinished) upstream.destroy();
  });
}

const server = createServer((request, response) => {
  if (isApiPath(request.url)) return toApi(request, response);
  setForwardedFor(request);
  void handle(request, response);
});

/** Open live sockets, closed on shutdown (server.close would wait for them). */
const live = new Set();

server.on('upgrade', (request, socket, head) => {
  socket.on('error', () => socket.destroy());
  const path = (request.url ?? '/').split('?')[0];
  if (path !== LIVE_PATH && path !== `${LIVE_PATH}/`) return refuse(socket, 404);
  // The API checks a cookie-authenticated upgrade's Origin against the host the browser used (X-Forwarded-Host).
  const headers = apiHeaders(request);
  const target = new URL(request.url, apiOrigin);
  const upstream = httpRequest(target, { method: request.method, headers });
  upstream.on('upgrade', (answer, apiSocket, apiHead) => {
    live.add(socket);
    socket.on('close', () => live.delete(socket));
    socket.write(rawHead(101, answer.statusMessage, answer.rawHeaders));
    if (apiHead.length) socket.write(apiHead);
    if (head.length) apiSocket.write(head);
    apiSocket.on('error', () => socket.destroy());
    socket.on('close', () => apiSocket.destroy());
    apiSocket.on('close', () => socket.destroy());
    apiSocket.pipe(socket).pipe(apiSocket);
  });
  // A refused upgrade (401, 403...): the API's answer goes back as it is.
  upstream.on('response', (answer) => {
    const kept = [];
    for (let i = 0; i < answer.rawHeaders.length; i += 2) {
      if (!/^(transfer-encoding|connection|keep-alive)$/i.test(answer.rawHeaders[i]))
        kept.push(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
    }
    socket.write(rawHead(answer.statusCode ?? 502, answer.statusMessage, [...kept, 'Connection', 'close']));
    answer.pipe(socket);
  });
  upstream.on('error', () => refuse(socket, 502));
  upstream.end();
});
server.listen(port, hostname);

function rawHead(status, message, rawHeaders) {
  let text = `HTTP/1.1 ${status} ${message || STATUS_CODES[status] || ''}\r\n`;
  for (let i = 0; i < rawHeaders.length; i += 2) text += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return `${text}\r\n`;
}

function refuse(socket, status) {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

const stop = () => {
  server.close(() => process.exit(0));
  for (const socket of live) socket.destroy();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
