import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express, Response } from 'express';
import type { RegisteredOperations } from './persisted-operations.ts';

const require = createRequire(import.meta.url);

/** A file inside an installed package, found past its `exports` map (which hides the UMD builds). */
function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}
const EXPLORER_DIR = fileURLToPath(new URL('../explorer/', import.meta.url));
/** Variables for each registered operation that work on the demo data, so an example tab runs as it opens. */
const EXAMPLE_VARIABLES = fileURLToPath(new URL('../../schema/operations/examples.json', import.meta.url));

/** Files of the explorer page, served from the installed packages: nothing comes from a CDN. */
const VENDOR_FILES: Record<string, { path: string; type: string }> = {
  'react.production.min.js': { path: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.production.min.js': { path: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.min.js': { path: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.min.css': { path: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
  'plugin-explorer.umd.js': { path: packageFile('@graphiql/plugin-explorer', 'dist/index.umd.js'), type: 'text/javascript' },
  'plugin-explorer.css': { path: packageFile('@graphiql/plugin-explorer', 'dist/style.css'), type: 'text/css' },
};

// Scripts and styles from this origin only; GraphiQL's editor sets inline
// styles, and its bundles need no eval. Nothing may be fetched from elsewhere.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function sendFile(response: Response, body: Buffer | string, type: string, maxAge: number): void {
  response
    .status(200)
    .set({ 'content-type': `${type}; charset=utf-8`, 'cache-control': `public, max-age=${maxAge}`, 'x-content-type-options': 'nosniff' })
    .send(body);
}

/**
 * Serves GraphiQL at `/` (with the query-builder explorer plugin and one API
 * key field that every tab uses), its assets under `/explorer/`, and the
 * registered queries as example tabs with variables that work on the demo
 * data. The page is public; every query it runs needs a key like any other
 * client.
 */
export function mountExplorer(app: Express, registered: RegisteredOperations): void {
  const page = readFileSync(`${EXPLORER_DIR}index.html`);
  const script = readFileSync(`${EXPLORER_DIR}app.js`);
  const vendor = new Map(Object.entries(VENDOR_FILES).map(([name, file]) => [name, { body: readFileSync(file.path), type: file.type }]));
  const variables = JSON.parse(readFileSync(EXAMPLE_VARIABLES, 'utf8')) as Record<string, Record<string, unknown>>;
  const examples = JSON.stringify(
    [...registered.byId.values()]
      .filter((operation) => operation.type === 'query' && !operation.supersededBy)
      .map(({ name, body }) => ({ name, body, ...(variables[name] ? { variables: variables[name] } : {}) })),
  );

  app.get('/', (_request, response) => {
    response.set({ 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-frame-options': 'DENY' });
    sendFile(response, page, 'text/html', 0);
  });
  app.get('/explorer/app.js', (_request, response) => sendFile(response, script, 'text/javascript', 300));
  app.get('/explorer/operations.json', (_request, response) => sendFile(response, examples, 'application/json', 60));
  app.get('/explorer/vendor/:file', (request, response) => {
    const file = vendor.get(request.params.file);
    if (!file) {
      response.status(404).json({ errors: [{ message: 'No such file.', extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    sendFile(response, file.body, file.type, 86_400);
  });
}
