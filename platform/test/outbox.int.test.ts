import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Database, OutboxConsumer, publishEvent, recordAudit, silentLogger, type OutboxEvent, type Queryable } from '../src/index.ts';

describe('the transactional outbox', () => {
  let db: Database;
  const topic = `test.${randomUUID()}`;
  const caller = { subject: 'outbox-test', roles: [] };

  /** The consumer's visible effect: one audit row per applied event, written in the consumer's transaction. */
  const applyByAuditing = async (tx: Queryable, event: OutboxEvent) => {
    await recordAudit(tx, 'catalog', { action: topic, entityType: 'event', entityId: event.id, before: null, after: event.payload, caller, requestId: 'test' });
  };
  const effects = async () =>
    (await db.query<{ entityId: string }>('t', `SELECT entity_id AS "entityId" FROM catalog.audit_event WHERE action = $1 ORDER BY id`, [topic])).map((row) => row.entityId);
  const publish = (payload: unknown) => db.transaction((tx) => publishEvent(tx, { topic, payload, producer: 'test' }));

  beforeAll(() => {
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'outbox-test' });
  });
  afterAll(() => db?.close());

  it('publishes nothing when the producing transaction rolls back', async () => {
    await expect(
      db.transaction(async (tx) => {
        await publishEvent(tx, { topic, payload: { lost: true }, producer: 'test' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const [row] = await db.query<{ count: number }>('t', `SELECT count(*)::int AS count FROM outbox.event WHERE topic = $1`, [topic]);
    expect(row!.count).toBe(0);
  });

  it('applies each event exactly once with two consumers draining at the same time', async () => {
    const ids = [];
    for (let n = 0; n < 20; n++) ids.push(await publish({ n }));
    const replicas = [1, 2].map(() => new OutboxConsumer({ db, schema: 'catalog', topics: [topic], handle: applyByAuditing, logger: silentLogger }));
    const [first, second] = await Promise.all(replicas.map((consumer) => consumer.drain()));
    expect(first! + second!).toBe(20);
    // Each applied once; two replicas may interleave, so the order of effects is not the order of ids.
    expect([...(await effects())].sort()).toEqual([...ids].sort());
    expect(await replicas[0]!.drain()).toBe(0);
  });

  it('retries an event whose handler failed, without applying anything of the failed attempt', async () => {
    const id = await publish({ flaky: true });
    let attempts = 0;
    const consumer = new OutboxConsumer({
      db,
      schema: 'catalog',
      topics: [topic],
      logger: silentLogger,
      handle: async (tx, event) => {
        await applyByAuditing(tx, event);
        attempts++;
        // The process "dies" after writing its effect but before the inbox row commits.
        if (attempts === 1) throw new Error('crash between steps');
      },
    });
    expect(await consumer.drain()).toBe(0);
    expect(await effects()).not.toContain(id);
    expect(await consumer.drain()).toBe(1);
    expect((await effects()).filter((entity) => entity === id)).toEqual([id]);
  });

  it('wakes a started consumer through LISTEN/NOTIFY when an event commits', async () => {
    const consumer = new OutboxConsumer({ db, schema: 'catalog', topics: [topic], handle: applyByAuditing, logger: silentLogger, pollIntervalMs: 60_000 });
    await consumer.start(inject('databaseUrl'));
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const id = await publish({ notified: true });
      const deadline = Date.now() + 5_000;
      while (!(await effects()).includes(id) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await effects()).toContain(id);
    } finally {
      await consumer.stop();
    }
  });

  it('listens again after losing its connection, reports it meanwhile, and is woken by the next event at once', async () => {
    const listenerName = `test-listener-${randomUUID().slice(0, 8)}`;
    const consumer = new OutboxConsumer({ db, schema: 'catalog', topics: [topic], handle: applyByAuditing, logger: silentLogger, pollIntervalMs: 600_000, listenerName });
    await consumer.start();
    try {
      expect(consumer.healthy()).toBe(true);
      await db.query('t', 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [listenerName]);
      await expect.poll(() => consumer.healthy(), { interval: 5, timeout: 2_000 }).toBe(false);
      const lostAt = performance.now();
      await expect.poll(() => consumer.healthy(), { interval: 20, timeout: 2_000 }).toBe(true);
      expect(performance.now() - lostAt).toBeLessThan(2_000);
      const eventId = await publish({ after: 'reconnect' });
      // Polling is ten minutes away: only the notification can apply it this fast.
      await expect.poll(effects, { interval: 20, timeout: 2_000 }).toContain(eventId);
    } finally {
      await consumer.stop();
    }
  });
});
