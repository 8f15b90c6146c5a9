import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type pg from 'pg';
import { statementFor, type FloorSettings } from './queries.ts';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * The floor's HTTP server (not yet listening): `GET /healthz`, and any POST
 * answered with the one statement `statementFor` picks, its single row's
 * `body` column sent as the response. 404 for what the floor does not answer.
 */
export function createFloorServer(pool: pg.Pool, settings: FloorSettings): Server {
  const server = createServer(async (request, response) => {
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    try {
      const { operationName, variables } = JSON.parse(await readBody(request)) as { operationName?: unknown; variables?: unknown };
      const statement = request.method === 'POST' ? statementFor(operationName, variables, settings, randomUUID()) : { unsupported: 'POST only' };
      if ('unsupported' in statement) {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: statement.unsupported }] }));
        return;
      }
      const { rows } = await pool.query<{ body: string }>({ name: statement.name, text: statement.text, values: [...statement.values] });
      response.writeHead(200, { 'content-type': 'application/json' }).end(rows[0]!.body);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(error) }] }));
    }
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
