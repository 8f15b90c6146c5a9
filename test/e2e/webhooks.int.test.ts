import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Database } from '@inventory/platform';
import { createApiKey, revokeApiKey } from '../../gateway/src/api-keys.ts';
import { isAllowedTarget, refuseWebhookUrl } from '../../gateway/src/webhooks/targets.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/eventually.ts';

const RECORD = `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { id status approval { id } } userErrors { code message } } }`;
const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) { approvalRequest { status } userErrors { code message } } }`;
const MOVEMENT = `query ($id: ID!) { movement(id: $id) { status approval { id } } }`;

/** A partner's receiving endpoint on loopback, answering `status()` and keeping what it got. */
async function startReceiver() {
  const received: { at: number; headers: IncomingHttpHeaders; body: string }[] = [];
  let status = 200;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ at: Date.now(), headers: request.headers, body });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    answer: (value: number) => void (status = value),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('webhooks', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let partNumberId: string;
  let locationId: string;
  let db: Database;

  const api = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await fetch(`${stack.gatewayUrl}${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: response.status === 204 ? null : ((await response.json()) as any) };
  };
  const record = async (input: Record<string, unknown>) => {
    const { body } = await stack.execute(RECORD, { input: { idempotencyKey: randomUUID(), partNumberId, ...input } }, { 'x-api-key': 'dev-operator' });
    expect(body.data.recordMovement.userErrors).toEqual([]);
    return body.data.recordMovement.movement as { id: string; status: string };
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-webhooks', maxConnections: 2 });
    stack = await startStack(inject('databaseUrl'), { gatewayEnv: { WEBHOOK_INTERVAL_MS: '100', WEBHOOK_DISABLE_AFTER_FAILURES: '3' } });
    const part = await stack.execute('{ partNumber(code: "PN-CAB-0001") { id balances { location { id } } } }');
    partNumberId = part.body.data.partNumber.id;
    locationId = part.body.data.partNumber.balances[0].location.id;
  });
  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
    await db?.close();
  });

  it('delivers a signed event to a partner soon after an approval posts a movement, and logs it', async () => {
    const created = await api('POST', '/webhooks', 'dev-partner', { url: receiver.url, topics: ['movement.posted'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: receiver.url, topics: ['movement.posted'], enabled: true });
    expect(created.body.secret).toMatch(/^whsec_/);

    const pending = await record({ type: 'ADJUSTMENT', quantity: '1', fromLocationId: locationId, reason: 'Found damaged' });
    expect(pending.status).toBe('PENDING_APPROVAL');
    const requestId = (await eventually(() => stack.execute(MOVEMENT, { id: pending.id }), (answer) => answer.body.data.movement.approval !== null)).body.data.movement.approval.id;
    const decidedAt = Date.now();
    const decided = await stack.execute(DECIDE, { input: { requestId, decision: 'APPROVE' } }, { 'x-api-key': 'dev-approver' });
    expect(decided.body.data.decideApproval.userErrors).toEqual([]);

    const delivery = await eventually(
      async () => receiver.received.find((entry) => JSON.parse(entry.body).data.movementId === pending.id),
      (entry) => entry !== undefined,
    );
    process.stdout.write(`webhooks: movement approved -> signed delivery received after ${delivery!.at - decidedAt} ms\n`);
    // Signed as Standard Webhooks says: the reference library verifies it with the secret.
    const verified = new Webhook(created.body.secret).verify(delivery!.body, delivery!.headers as Record<string, string>) as { type: string; data: { movementId: string } };
    expect(verified).toMatchObject({ type: 'movement.posted', data: { movementId: pending.id } });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(delivery!.body, delivery!.headers as Record<string, string>)).toThrow();

    const log = await eventually(
      () => api('GET', `/webhooks/${created.body.id}/deliveries`, 'dev-partner'),
      (answer) => answer.body.deliveries.some((entry: { status: string }) => entry.status === 'DELIVERED'),
    );
    expect(log.body.deliveries[0]).toMatchObject({ topic: 'movement.posted', status: 'DELIVERED', attempts: [{ statusCode: 200, error: null }] });
  });

  it('lets a caller see and manage only its own webhooks', async () => {
    const mine = (await api('GET', '/webhooks', 'dev-partner')).body.webhooks;
    expect(mine.length).toBeGreaterThan(0);
    expect((await api('GET', '/webhooks', 'dev-operator')).body.webhooks).toEqual([]);
    expect((await api('DELETE', `/webhooks/${mine[0].id}`, 'dev-operator')).status).toBe(404);
    expect((await api('GET', `/webhooks/${mine[0].id}/deliveries`, 'dev-operator')).status).toBe(404);
    expect((await api('POST', '/webhooks', 'dev-partner', { url: receiver.url, topics: ['approval.decided'] })).status).toBe(403);
    expect((await api('POST', '/webhooks', 'dev-partner', { url: 'http://169.254.169.254/latest/meta-data', topics: ['movement.posted'] })).body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await api('POST', '/webhooks', 'dev-partner', { url: receiver.url, topics: ['movement.moved'] })).status).toBe(400);
  });

  it('stops what a key set up when the key is revoked, and keeps a key bound to operations out', async () => {
    const name = `hooks-${Date.now()}`;
    const created = await createApiKey(db, { name, roles: ['partner'] }, { subject: 'test', roles: ['admin'] });
    if (!created.ok) throw new Error(created.message);
    const hook = await api('POST', '/webhooks', created.key, { url: receiver.url, topics: ['movement.posted'] });
    expect(hook.status).toBe(201);
    expect(await revokeApiKey(db, name, { subject: 'test', roles: ['admin'] })).toBe(true);
    const [row] = await db.query<{ enabled: boolean; disabledReason: string }>('t', 'SELECT enabled, disabled_reason AS "disabledReason" FROM gateway.webhook WHERE id = $1', [hook.body.id]);
    expect(row).toEqual({ enabled: false, disabledReason: 'its key was revoked' });

    const bound = await createApiKey(db, { name: `${name}-bound`, roles: ['analyst'], operations: ['StockByPartCode'] }, { subject: 'test', roles: ['admin'] });
    if (!bound.ok) throw new Error(bound.message);
    expect((await api('GET', '/webhooks', bound.key)).status).toBe(403);
    expect((await api('GET', '/feed', bound.key)).status).toBe(403);
  });

  it('retries a failed delivery on request, and disables a webhook that keeps failing, saying so in the feed', async () => {
    const failing = await startReceiver();
    failing.answer(500);
    try {
      const created = await api('POST', '/webhooks', 'dev-operator', { url: failing.url, topics: ['movement.posted'] });
      expect(created.status).toBe(201);
      for (let n = 0; n < 3; n++) await record({ type: 'INBOUND', quantity: '1', toLocationId: locationId, unitCost: '1' });
      const disabled = await eventually(
        async () => (await api('GET', '/webhooks', 'dev-operator')).body.webhooks.find((webhook: { id: string }) => webhook.id === created.body.id),
        (webhook) => webhook.enabled === false,
      );
      expect(disabled.disabledReason).toMatch(/3 failed deliveries in a row/);
      const feed = await api('GET', '/feed?topics=webhook.disabled&limit=500', 'dev-admin');
      expect(feed.body.events.map((event: { payload: { webhookId: string } }) => event.payload.webhookId)).toContain(created.body.id);

      const log = (await api('GET', `/webhooks/${created.body.id}/deliveries`, 'dev-operator')).body.deliveries;
      expect(log).toHaveLength(3);
      expect(log.every((entry: { status: string; attempts: { statusCode: number }[] }) => entry.status === 'PENDING' && entry.attempts[0]!.statusCode === 500)).toBe(true);

      failing.answer(204);
      expect((await api('POST', `/webhooks/${created.body.id}/enable`, 'dev-operator')).body.enabled).toBe(true);
      expect((await api('POST', `/webhooks/${created.body.id}/deliveries/${log[0].id}/redeliver`, 'dev-operator')).status).toBe(202);
      await eventually(
        async () => (await api('GET', `/webhooks/${created.body.id}/deliveries`, 'dev-operator')).body.deliveries.find((entry: { id: string }) => entry.id === log[0].id),
        (entry) => entry.status === 'DELIVERED',
      );
      // Every attempt of the same event carries the same webhook-id, so the receiver can drop repeats.
      const ids = failing.received.map((entry) => entry.headers['webhook-id']);
      expect(ids.filter((id) => id === ids.at(-1)).length).toBeGreaterThanOrEqual(2);
    } finally {
      await failing.close();
    }
  });
});

describe('webhook targets', () => {
  it('reach only public addresses in production, and loopback too elsewhere', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '192.168.0.9', '172.16.5.5', '169.254.169.254', '::1', 'fc00::1', 'fe80::1', '0.0.0.0', '::ffff:127.0.0.1', '224.0.0.1']) {
      expect(isAllowedTarget(address, true), address).toBe(false);
    }
    expect(isAllowedTarget('93.184.216.34', true)).toBe(true);
    expect(isAllowedTarget('2606:2800:220:1:248:1893:25c8:1946', true)).toBe(true);
    expect(isAllowedTarget('127.0.0.1', false)).toBe(true);
    expect(isAllowedTarget('10.1.2.3', false)).toBe(false);
    expect(refuseWebhookUrl('http://hooks.example.com/x', true)).toBe('must use https');
    expect(refuseWebhookUrl('https://user:pw@hooks.example.com/x', true)).toBe('must not carry credentials');
    expect(refuseWebhookUrl('https://[::1]/x', true)).toBe('points at an address that is not public');
    expect(refuseWebhookUrl('https://hooks.example.com/x', true)).toBeNull();
    // IPv4-compatible and other non-global IPv6 forms of internal addresses.
    expect(isAllowedTarget('::7f00:1', true)).toBe(false);
    expect(isAllowedTarget('::a9fe:a9fe', true)).toBe(false);
  });
});
