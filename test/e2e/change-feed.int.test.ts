import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Database } from '@inventory/platform';
import { chromium, type Browser } from 'playwright-core';
import { parseFeedPayload } from '@inventory/schema/feed';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';

interface Page {
  events: { id: string; topic: string; occurredAt: string; payload: Record<string, unknown> }[];
  next: string;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A web app page that follows the feed's stream with fetch (sending its key) and shows each movement it hears of. */
function streamPage(gatewayUrl: string): string {
  return `<!doctype html><meta charset="utf-8"><title>feed</title><body>waiting<script>
(async () => {
  const response = await fetch(${JSON.stringify(`${gatewayUrl}/feed/stream?topics=movement.posted`)}, { headers: { 'x-api-key': 'dev-analyst', 'last-event-id': new URLSearchParams(location.search).get('after') } });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const blocks = buffer.split('\\n\\n');
    buffer = blocks.pop();
    for (const block of blocks) {
      const data = block.split('\\n').find((line) => line.startsWith('data: '));
      if (data) document.body.textContent = 'movement ' + JSON.parse(data.slice(6)).payload.movementId;
    }
  }
})().catch((error) => { document.body.textContent = 'failed ' + error; });
</script>`;
}

const RECEIVE = `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { id status } userErrors { code message } } }`;

describe('the change feed', () => {
  let stack: Stack;
  let db: Database;
  let partNumberId: string;
  let locationId: string;
  let run = 0;

  const page = async (query: string, apiKey = 'dev-analyst') => {
    const response = await fetch(`${stack.gatewayUrl}/feed?${query}`, { headers: { 'x-api-key': apiKey } });
    return { status: response.status, body: (await response.json()) as Page & { errors?: { extensions: { code: string } }[] } };
  };
  /** Reads the whole feed of `topics` after `cursor`, page by page. */
  const readAll = async (cursor: string, topics = 'movement.posted') => {
    const events: Page['events'] = [];
    for (;;) {
      const { status, body } = await page(`topics=${topics}&limit=50&after=${cursor}`);
      expect(status).toBe(200);
      events.push(...body.events);
      cursor = body.next;
      if (body.events.length < 50) return { events, cursor };
    }
  };
  /**
   * Reads after `cursor` until the movements `ids` have shown (an event shows once
   * every older transaction, anyone's, has ended: a moment later), then once
   * more to be sure nothing else follows.
   */
  const readUntil = async (cursor: string, ids: readonly string[]) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const read = await readAll(cursor);
      if (ids.every((id) => read.events.some((event) => event.payload.movementId === id)) || Date.now() > deadline) return read;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** The movement ids among `events` that are in `ids` (other tests post movements at the same time), in feed order. */
  const ours = (events: Page['events'], ids: readonly string[]) => events.map((event) => event.payload.movementId as string).filter((id) => ids.includes(id));
  const receive = async (quantity = '1') => {
    const answer = await stack.execute(RECEIVE, {
      input: { idempotencyKey: `feed-${process.pid}-${++run}-${Date.now()}`, type: 'INBOUND', partNumberId, toLocationId: locationId, quantity, unitCost: '1' },
    });
    expect(answer.body.data.recordMovement.userErrors).toEqual([]);
    return answer.body.data.recordMovement.movement.id as string;
  };

  beforeAll(async () => {
    stack = await startStack(inject('databaseUrl'));
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-feed', maxConnections: 3 });
    const part = await stack.execute('{ partNumber(code: "PN-CAB-0001") { id balances { location { id } } } }');
    partNumberId = part.body.data.partNumber.id;
    locationId = part.body.data.partNumber.balances[0].location.id;
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('gives a reader that stores its cursor every posted movement exactly once, each payload in its contract', async () => {
    const start = await readAll('');
    const first = [await receive(), await receive()];
    const afterTwo = await readUntil(start.cursor, first);
    expect(ours(afterTwo.events, first)).toEqual(first);
    for (const event of afterTwo.events) expect(parseFeedPayload('movement.posted', event.payload)).toEqual(event.payload);
    const second = [await receive(), await receive(), await receive()];
    const afterFive = await readUntil(afterTwo.cursor, second);
    expect(ours(afterFive.events, [...first, ...second])).toEqual(second);
    expect(ours((await readAll(afterFive.cursor)).events, [...first, ...second])).toEqual([]);
  });

  it('never skips an event whose transaction commits after a later one', async () => {
    const { cursor } = await readAll('');
    // A transaction takes its place in the feed first and commits last.
    const slow = await db.transaction(async (tx) => {
      await tx.query('insertLateChange', `SELECT outbox.record_change('movement.posted', '{"movementId": "999999999", "type": "INBOUND", "partNumberId": "1", "quantity": "1", "toLocationId": "1", "postedAt": "2026-01-01T00:00:00.000000Z"}'::jsonb)`);
      const quick = await receive();
      // The quick one has committed, but the slow one is still open: neither shows yet.
      expect(ours((await readAll(cursor)).events, ['999999999', quick])).toEqual([]);
      return quick;
    });
    const { events } = await readUntil(cursor, ['999999999', slow]);
    expect(ours(events, ['999999999', slow])).toEqual(['999999999', slow]);
  });

  it('streams the same events as Server-Sent Events, resumable from Last-Event-ID', async () => {
    const { cursor } = await readAll('');
    const movementId = await receive();
    const controller = new AbortController();
    const response = await fetch(`${stack.gatewayUrl}/feed/stream?topics=movement.posted`, {
      headers: { 'x-api-key': 'dev-partner', 'last-event-id': cursor },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('data: ')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const event = text.split('\n\n').find((block) => block.includes('data: '))!;
    expect(event).toMatch(/^id: \S+\nevent: movement\.posted\ndata: /);
    expect(JSON.parse(event.split('data: ')[1]!).payload.movementId).toBe(movementId);
  });

  it('shows each role only the topics it may read, and refuses a bad cursor or topic with a clear code', async () => {
    expect((await page('topics=approval.decided', 'dev-partner')).body.errors![0]!.extensions.code).toBe('FORBIDDEN');
    const partnerTopics = new Set((await page('limit=500', 'dev-partner')).body.events.map((event) => event.topic));
    expect(partnerTopics.has('approval.requested')).toBe(false);
    expect((await page('after=not-a-cursor')).status).toBe(400);
    expect((await page('topics=movement.moved')).body.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect((await page('limit=0')).status).toBe(400);
    // A cursor past what the columns hold, and a parameter given twice, are refused, not a 500 or a replay from the start.
    expect((await page(`after=${Buffer.from('1.9999999999999999999').toString('base64url')}`)).status).toBe(400);
    expect((await page('after=a&after=b')).status).toBe(400);
    // webhook.disabled names other callers' webhooks: admins only.
    expect((await page('topics=webhook.disabled', 'dev-operator')).status).toBe(403);
    const unauthenticated = await fetch(`${stack.gatewayUrl}/feed`);
    expect(unauthenticated.status).toBe(401);
  });

  it('holds a caller to five open streams, and frees a place when one closes', async () => {
    const controllers = Array.from({ length: 6 }, () => new AbortController());
    const open = (controller: AbortController) =>
      fetch(`${stack.gatewayUrl}/feed/stream?topics=movement.posted`, { headers: { 'x-api-key': 'dev-approver' }, signal: controller.signal });
    try {
      const first = [];
      for (const controller of controllers.slice(0, 5)) first.push(await open(controller));
      expect(first.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
      const sixth = await open(controllers[5]!);
      expect(sixth.status).toBe(429);
      expect(sixth.headers.get('retry-after')).toBe('5');
      controllers[0]!.abort();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const again = await open(new AbortController());
      expect(again.status).toBe(200);
      await again.body?.cancel();
    } finally {
      for (const controller of controllers) controller.abort();
    }
  });

  describe.skipIf(!existsSync(CHROMIUM))('in a browser tab', () => {
    let browser: Browser;
    let server: Server;

    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      const html = streamPage(stack.gatewayUrl);
      server = createServer((_request, response) => void response.writeHead(200, { 'content-type': 'text/html' }).end(html));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await browser?.close();
      server?.close();
    });

    it('receives a movement over the stream as soon as it is posted', async () => {
      const { cursor } = await readAll('');
      const page = await browser.newPage();
      await page.goto(`http://localhost:${(server.address() as AddressInfo).port}/?after=${cursor}`);
      const movementId = await receive();
      await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toBe(`movement ${movementId}`);
      await page.close();
    });
  });
});
