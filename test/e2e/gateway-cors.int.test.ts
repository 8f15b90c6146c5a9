import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Database, silentLogger, type RunningServer } from '@inventory/platform';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readConfig } from '../../gateway/src/config.ts';
import { start as startGateway } from '../../gateway/src/server.ts';
import { startStack, type Stack } from '../support/stack.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A page that calls the gateway from its own origin and writes what happened into its body. */
function appPage(gatewayUrl: string): string {
  return `<!doctype html><meta charset="utf-8"><title>app</title><body>calling<script>
fetch(${JSON.stringify(`${gatewayUrl}/graphql`)}, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': 'dev-analyst' },
  body: JSON.stringify({ query: '{ asset(serialNumber: "SN-000001") { serialNumber } }' }),
})
  .then(async (response) => {
    const body = await response.json();
    document.body.textContent = 'ok ' + JSON.stringify({ serial: body.data.asset.serialNumber, requestId: response.headers.get('x-request-id'), remaining: response.headers.get('ratelimit-remaining') });
  })
  .catch((error) => { document.body.textContent = 'refused ' + error.name; });
</script>`;
}

async function servePage(host: string, html: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => void response.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${(server.address() as AddressInfo).port}/` };
}

const preflight = (url: string, origin: string) =>
  fetch(`${url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' },
  });

describe('browsers on other origins', () => {
  let stack: Stack;
  let production: { gateway: RunningServer; db: Database };

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'), { gatewayEnv: { RATE_LIMIT_PER_MINUTE: '1000' } });
    const db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-cors-production', maxConnections: 2 });
    const secrets = Object.fromEntries(['catalog', 'stock', 'cmdb', 'approvals'].map((name) => [`SUBGRAPH_${name.toUpperCase()}_SECRET`, `test-secret-${name}`.padEnd(40, '-')]));
    production = {
      db,
      gateway: await startGateway({
        db,
        logger: silentLogger,
        config: readConfig({ NODE_ENV: 'production', PORT: '0', METRICS_PORT: '0', DATABASE_URL: inject('databaseUrl'), CORS_ORIGINS: 'https://app.example.com', ...secrets }),
      }),
    };
  });
  afterAll(async () => {
    await production?.gateway.stop();
    await production?.db.close();
    await stack?.stop();
  });

  it('answers a preflight before authentication, allowing the credential headers and exposing the request id and rate limits', async () => {
    const response = await preflight(stack.gatewayUrl, 'http://localhost:3000');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/x-api-key/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const actual = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:5173', 'content-type': 'application/json', 'x-api-key': 'dev-analyst' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(actual.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(actual.headers.get('access-control-expose-headers')).toBe('x-request-id,ratelimit-limit,ratelimit-remaining,ratelimit-reset,retry-after');
  });

  it('allows no other origin outside production, and in production only the configured ones', async () => {
    expect((await preflight(stack.gatewayUrl, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(production.gateway.url, 'http://localhost:3000')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(production.gateway.url, 'https://app.example.com')).headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });

  it('refuses an origin list that is not a list of origins', () => {
    expect(() => readConfig({ NODE_ENV: 'test', DATABASE_URL: inject('databaseUrl'), CORS_ORIGINS: 'https://app.example.com/path,*' })).toThrow(/CORS_ORIGINS must list origins/);
  });

  describe.skipIf(!existsSync(CHROMIUM))('in a real browser', () => {
    let browser: Browser;
    const pages: Server[] = [];

    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    });
    afterAll(async () => {
      await browser?.close();
      for (const server of pages) server.close();
    });

    const open = async (host: string) => {
      const { server, url } = await servePage(host, appPage(stack.gatewayUrl));
      pages.push(server);
      const page = await browser.newPage();
      await page.goto(url);
      await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).not.toBe('calling');
      const text = await page.locator('body').innerText();
      await page.close();
      return text;
    };

    it('lets a web app on a localhost port call the gateway and read the request id and rate-limit headers', async () => {
      const text = await open('127.0.0.1');
      expect(text.startsWith('ok '), text).toBe(true);
      const answer = JSON.parse(text.slice(3)) as { serial: string; requestId: string | null; remaining: string | null };
      expect(answer.serial).toBe('SN-000001');
      expect(answer.requestId).toMatch(/.+/);
      expect(Number(answer.remaining)).toBeGreaterThan(0);
    });

    it('withholds the answer from a page on an origin that is not allowed', async () => {
      expect(await open('127.0.0.2')).toBe('refused TypeError');
    });
  });
});
