import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { marked } from 'marked';

const PARTNER_DOCS = fileURLToPath(new URL('../../schema/operations/PARTNERS.md', import.meta.url));

/** Nothing on the page runs or loads from elsewhere: it is generated text and one stylesheet of its own. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font:14px/1.4 ui-monospace,monospace}pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}`;

/**
 * The partner contract (`schema/operations/PARTNERS.md`, generated from the
 * registered operations by `npm run operations`): as a page at
 * `/docs/partners` and as Markdown at `/docs/partners.md`. Public, like the
 * operations it describes: it holds no data and no secret.
 */
export function mountPartnerDocs(app: Express): void {
  const markdown = readFileSync(PARTNER_DOCS, 'utf8');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Partner operations</title><style>${STYLE}</style></head><body>${marked.parse(markdown, { async: false })}</body></html>`;
  app.get('/docs/partners', (_request, response) => {
    response.set({ 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CONTENT_SECURITY_POLICY, 'cache-control': 'public, max-age=300' }).send(html);
  });
  app.get('/docs/partners.md', (_request, response) => {
    response.set({ 'content-type': 'text/markdown; charset=utf-8', 'cache-control': 'public, max-age=300' }).send(markdown);
  });
}
