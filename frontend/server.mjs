#!/usr/bin/env node
// The web app's production server: Next.js behind a plain Node HTTP server that owns one decision Next
// leaves to the client. Next keeps an X-Forwarded-For the client sent, and the API would then record and
// rate-limit whatever address a client chose; here the header is set to the address this server saw
// (or, behind a trusted load balancer, WEB_TRUST_PROXY=true, that address is appended to the balancer's).
// Usage: node server.mjs [--port 3001] [--hostname 127.0.0.1]  (PORT / HOSTNAME in the environment too)
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import next from 'next';

const { values } = parseArgs({ options: { port: { type: 'string' }, hostname: { type: 'string' } } });
const port = Number(values.port ?? process.env.PORT ?? 3001);
const hostname = values.hostname ?? process.env.HOSTNAME ?? '127.0.0.1';
const trustForwarded = process.env.WEB_TRUST_PROXY === 'true';

const app = next({ dev: false, dir: fileURLToPath(new URL('.', import.meta.url)), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  const seen = request.socket.remoteAddress ?? '';
  const given = request.headers['x-forwarded-for'];
  request.headers['x-forwarded-for'] = trustForwarded && given ? `${given}, ${seen}` : seen;
  void handle(request, response);
});
server.listen(port, hostname);

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
