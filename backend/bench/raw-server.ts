import http from 'node:http';
import { createVerifier } from 'fast-jwt';
import pg from 'pg';

/**
 * The baseline: the same two reads as the API (verify the bearer JWT, one transaction that sets the
 * clinic, one SELECT) on bare node:http + pg, with no framework, validation or logging.
 */
export async function startRawServer(databaseUrl: string, jwtSecret: string, poolSize: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const verify = createVerifier({ key: jwtSecret, algorithms: ['HS256'], allowedIss: 'dental-api' });
  const columns = 'id, clinic_id, email, first_name, last_name, role, status, phone, created_at, updated_at';

  async function inClinic(clinicId: string, text: string, values: unknown[]) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query("select set_config('app.clinic_id', $1, true)", [clinicId]);
      const result = await client.query(text, values);
      await client.query('commit');
      return result.rows;
    } finally {
      client.release();
    }
  }

  const server = http.createServer((req, res) => void respond(req, res));
  async function respond(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token) throw new Error('no token');
      const payload = verify(token) as { sub: string; cid: string };
      const clinicId = String(payload.cid);
      let body: unknown;
      if (req.url === '/api/users/me') {
        body = (await inClinic(clinicId, `select ${columns} from users where clinic_id = $1 and id = $2`, [clinicId, payload.sub]))[0];
      } else if (req.url?.startsWith('/api/users')) {
        const rows = await inClinic(clinicId, `select ${columns} from users where clinic_id = $1 order by id limit 51`, [clinicId]);
        body = { items: rows.slice(0, 50), nextCursor: rows.length > 50 ? 'x' : null };
      } else {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    } catch {
      res.writeHead(401).end();
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
