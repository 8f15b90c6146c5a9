import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// CI installs Debian's chromium (.ci/run); a developer machine without it skips this file and says so.
describe.skipIf(!existsSync(CHROMIUM))('the explorer in a real browser with the outside network blocked', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('loads from the gateway alone, shows the docs, and runs a query with the key from the header editor', async () => {
    const page = await browser.newPage();
    const gatewayOrigin = new URL(stack.gatewayUrl).origin;
    const outside: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(gatewayOrigin) || url.startsWith('data:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    // Runs in the page, where localStorage exists (this file is compiled without DOM types).
    await page.addInitScript(() => {
      const storage = (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage;
      storage.setItem('graphiql:headers', JSON.stringify({ 'x-api-key': 'dev-analyst' }));
      storage.setItem('graphiql:query', '{ asset(serialNumber: "SN-000001") { serialNumber location { code } } }');
    });

    await page.goto(`${stack.gatewayUrl}/`);
    await page.locator('.graphiql-container').waitFor({ timeout: 20_000 });

    // The schema arrived by introspection with the analyst's key: the doc explorer lists the root types.
    await page.locator('button[aria-label="Show Documentation Explorer"]').click();
    await expect.poll(() => page.locator('.graphiql-doc-explorer').innerText(), { timeout: 10_000 }).toContain('Query');

    await page.locator('.graphiql-execute-button').click();
    await expect
      .poll(async () => page.locator('.result-window').innerText(), { timeout: 15_000 })
      .toContain('CDC-Z1-S01-B01');

    // The query builder and the registered operations are there too.
    const sidebar = await page.locator('.graphiql-sidebar button').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
    expect(sidebar).toContain('Show GraphiQL Explorer');
    const tabs = await page.locator('.graphiql-tab').count();
    expect(tabs).toBeGreaterThanOrEqual(3);
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: '.data/explorer.png' });
  });
});
