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

  it('works on a first visit from a clean profile: one key loads the schema, and every example tab runs as it opens', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
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

    await page.goto(`${stack.gatewayUrl}/`);
    await page.locator('.graphiql-container').waitFor({ timeout: 20_000 });
    // Before a key there is a prompt for one, not a failed schema load.
    await expect.poll(() => page.locator('.key-state').innerText()).toContain('Enter a key');
    await page.locator('button[aria-label="Show Documentation Explorer"]').click();
    expect(await page.locator('body').innerText()).not.toMatch(/Error fetching schema/i);

    await page.locator('#api-key').fill('dev-analyst');
    await page.locator('.key-bar button').click();
    await page.locator('.graphiql-container').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.key-state').innerText()).toContain('Every tab sends this key');

    // The schema arrived by introspection with that key: the doc explorer lists the root types.
    if (!(await page.locator('.graphiql-doc-explorer').isVisible())) await page.locator('button[aria-label="Show Documentation Explorer"]').click();
    await expect.poll(() => page.locator('.graphiql-doc-explorer').innerText(), { timeout: 10_000 }).toContain('Query');

    // Every tab (the welcome query and one per registered query) runs without editing anything.
    const tabs = page.locator('.graphiql-tab');
    const count = await tabs.count();
    expect(count).toBeGreaterThanOrEqual(4);
    for (let index = 0; index < count; index++) {
      await tabs.nth(index).locator('.graphiql-tab-button').click();
      // The editor holds the tab's document once GraphiQL has switched to it.
      await expect.poll(() => tabs.nth(index).getAttribute('aria-selected')).toBe('true');
      await page.waitForTimeout(200);
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(async () => page.locator('.result-window').innerText(), { timeout: 15_000 }).toMatch(/"data"/);
      const result = await page.locator('.result-window').innerText();
      expect(result, `tab ${index}`).not.toMatch(/"errors"/);
    }

    // The query builder is there too.
    const sidebar = await page.locator('.graphiql-sidebar button').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
    expect(sidebar).toContain('Show GraphiQL Explorer');
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: '.data/explorer.png' });
    await context.close();
  });

  it('has example variables for every registered query, and each runs on the demo data without errors', async () => {
    const examples = (await (await fetch(`${stack.gatewayUrl}/explorer/operations.json`)).json()) as { name: string; body: string; variables?: Record<string, unknown> }[];
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const example of examples) {
      expect(example.variables, example.name).toBeDefined();
      const { status, body } = await stack.execute(example.body, example.variables, { 'x-api-key': 'dev-analyst' });
      expect(status, example.name).toBe(200);
      expect(body.errors, `${example.name}: ${JSON.stringify(body.errors)}`).toBeUndefined();
      expect(Object.values(body.data ?? {}).every((value) => value !== null), example.name).toBe(true);
    }
  });
});
