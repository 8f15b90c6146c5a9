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
});
