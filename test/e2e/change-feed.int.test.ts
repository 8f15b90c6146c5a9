import { Database } from '@inventory/platform';
import { parseFeedPayload } from '@inventory/schema/feed';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';

interface Page {
  events: { id: string; topic: string; occurredAt: string; payload: Record<string, unknown> }[];
  next: string;
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
    const afterTwo = await readAll(start.cursor);
    expect(afterTwo.events.map((event) => event.payload.movementId)).toEqual(first);
    for (const event of afterTwo.events) expect(parseFeedPayload('movement.posted', event.payload)).toEqual(event.payload);
    const second = [await receive(), await receive(), await receive()];
    const afterFive = await readAll(afterTwo.cursor);
    expect(afterFive.events.map((event) => event.payload.movementId)).toEqual(second);
    expect((await readAll(afterFive.cursor)).events).toEqual([]);
  });

  it('never skips an event whose transaction commits after a later one', async () => {
    const { cursor } = await readAll('');
    // A transaction takes its place in the feed first and commits last.
    const slow = await db.transaction(async (tx) => {
      await tx.query('insertLateChange', `SELECT outbox.record_change('movement.posted', '{"movementId": "999999999"}'::jsonb)`);
      const quick = await receive();
      // The quick one has committed, but the slow one is still open: nothing after it shows yet.
      expect((await readAll(cursor)).events).toEqual([]);
      return quick;
    });
    const { events } = await readAll(cursor);
    expect(events.map((event) => event.payload.movementId)).toEqual(['999999999', slow]);
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
    const unauthenticated = await fetch(`${stack.gatewayUrl}/feed`);
    expect(unauthenticated.status).toBe(401);
  });
});
