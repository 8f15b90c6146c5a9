/**
 * The answer check run before anything is measured: every operation is sent
 * to every target that runs it, with the same variables, and the answers
 * must be identical (deep equality of the parsed JSON; the reference is this
 * gateway's answer, or the first target's). A measurement of a target that
 * answers differently is not a like-for-like comparison, so every
 * disagreement is reported, per operation.
 *
 * Reads: each operation's first few requests (`readRequests`), answers
 * compared as they are. An answer carrying GraphQL `errors` counts as a
 * disagreement too, even when all targets agree on it.
 *
 * recordMovement writes, and ids and times differ between two writes, so for
 * each case every target gets its own idempotency key (the benchmark's key
 * plus the target's name) with otherwise identical input, and what is
 * compared is:
 * - the answer with `movement.id` replaced by a placeholder (it must be an id);
 * - that the same request sent again answers with the very same movement
 *   (idempotency), and what a reuse of the key with another quantity answers
 *   (the CONFLICT refusal);
 * - the rows written, read back from the database: the ledger row (all
 *   columns but id, key, created_at and posted_at, which must be set exactly
 *   when POSTED; the request hash is compared, so both sides hash the input
 *   alike), the audit record of its recording (the `after` row without those
 *   same fields; later decisions are not waited for) and
 *   its outbox events (payload without the movement id), with the acting
 *   caller replaced by a placeholder when it is the one the target acts as
 *   (the peer signs as `bench-peer`);
 * - the balance: it must grow by exactly the quantity of each POSTED movement.
 * The cases: the benchmark's own requests, one into a location that does not
 * exist (the refusal), and one whose value reaches stock's default approval
 * threshold (PENDING_APPROVAL with its outbox event).
 */
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { postGraphQL } from './load.ts';
import { BENCH_HEADERS, requestBody, type Fixtures, type Operation, type OperationName } from './operations.ts';

export interface OperationAnswers {
  /** The targets whose answers were compared. */
  readonly targets: readonly string[];
  /** Requests (or recordMovement cases) compared. */
  readonly compared: number;
  readonly disagreements: readonly string[];
  /** Why the operation was not compared, when it was not. */
  readonly notCompared?: string;
}

export interface AnswerCheck {
  readonly allAgree: boolean;
  readonly operations: Partial<Record<OperationName, OperationAnswers>>;
  /** Every disagreement, prefixed with its operation. */
  readonly disagreements: readonly string[];
}

/** A target and the operations it runs. */
export interface CheckedTarget {
  readonly name: string;
  readonly url: string;
  /** The caller this target records writes as. */
  readonly actor: string;
  readonly runs: (operation: OperationName) => boolean;
}

async function send(url: string, body: string): Promise<unknown> {
  const { ok, status, text } = await postGraphQL(url, BENCH_HEADERS, body);
  try {
    const parsed: unknown = JSON.parse(text);
    return ok ? parsed : { httpStatus: status, body: parsed };
  } catch {
    return { httpStatus: status, body: text.slice(0, 300) };
  }
}

const hasErrors = (answer: unknown) => typeof answer === 'object' && answer !== null && ('errors' in answer || 'httpStatus' in answer);

/** Where two JSON values first differ, for the report (`data.partNumbers.edges[3].node.stock.onHand: "5" vs "4"`). */
export function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (isDeepStrictEqual(a, b)) return '';
  const show = (value: unknown) => (JSON.stringify(value) ?? 'undefined').slice(0, 120);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (!isDeepStrictEqual(a[i], b[i])) return i < a.length && i < b.length ? firstDifference(a[i], b[i], `${path}[${i}]`) : `${path}: ${a.length} items vs ${b.length}`;
    }
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const x = (a as Record<string, unknown>)[key];
      const y = (b as Record<string, unknown>)[key];
      if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, path ? `${path}.${key}` : key);
    }
  }
  return `${path || '(answer)'}: ${show(a)} vs ${show(b)}`;
}

/** Compares `answers` (by target) with the reference one; returns the disagreements. */
function compare(answers: Readonly<Record<string, unknown>>, what: string, errorsDisagree = true): string[] {
  const names = Object.keys(answers);
  const referenceName = names.includes('gateway') ? 'gateway' : names[0]!;
  const reference = answers[referenceName];
  const found: string[] = [];
  for (const name of names) {
    if (name === referenceName) continue;
    const difference = firstDifference(answers[name], reference);
    if (difference) found.push(`${name} differs from ${referenceName} for ${what}: ${difference}`);
  }
  for (const [name, answer] of Object.entries(answers)) {
    if (errorsDisagree && hasErrors(answer)) found.push(`${name} answered ${what} with errors: ${JSON.stringify(answer).slice(0, 300)}`);
  }
  return found;
}

async function checkRead(operation: Operation, targets: readonly CheckedTarget[], fixtures: Fixtures, requests: number): Promise<OperationAnswers> {
  const body = requestBody(operation, fixtures, 'check');
  const disagreements: string[] = [];
  for (let n = 0; n < requests; n++) {
    const answers: Record<string, unknown> = {};
    for (const target of targets) answers[target.name] = await send(target.url, body(n));
    disagreements.push(...compare(answers, `variables ${JSON.stringify(operation.variables(n, fixtures, 'check'))}`));
  }
  return { targets: targets.map((target) => target.name), compared: requests, disagreements };
}

type Input = Record<string, unknown> & { idempotencyKey: string; partNumberId: string; toLocationId: string; quantity: string };

/** The answer with its movement id replaced (it must look like an id). */
function withoutMovementId(answer: unknown): unknown {
  const payload = (answer as { data?: { recordMovement?: { movement?: { id?: unknown } | null } } } | null)?.data?.recordMovement;
  if (!payload?.movement) return answer;
  const id = payload.movement.id;
  return { ...(answer as object), data: { recordMovement: { ...payload, movement: { ...payload.movement, id: typeof id === 'string' && /^\d+$/.test(id) ? '<id>' : id } } } };
}

const VOLATILE_MOVEMENT_COLUMNS = ['id', 'idempotency_key', 'created_at', 'posted_at'];
const VOLATILE_AUDIT_FIELDS = ['id', 'idempotencyKey', 'createdAt', 'postedAt'];

function omit(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}

/** Everything a target wrote for one movement, with what must differ between two writes taken out. */
async function writtenRows(client: pg.Client, key: string, actor: string): Promise<unknown> {
  const asCaller = (value: unknown) => (value === actor ? '<caller>' : value);
  const { rows: movements } = await client.query<Record<string, unknown>>(
    `SELECT m.*, m.quantity::text AS quantity, m.unit_cost::text AS unit_cost, m.confidence_score::text AS confidence_score
     FROM stock.movement m WHERE m.idempotency_key = $1`,
    [key],
  );
  const movement = movements[0];
  if (!movement) return null;
  const { rows: audits } = await client.query<Record<string, unknown>>(
    `SELECT action, entity_type, before, after, actor, actor_roles FROM stock.audit_event
     WHERE entity_type = 'Movement' AND entity_id = $1 ORDER BY id LIMIT 1`,
    [String(movement.id)],
  );
  const { rows: events } = await client.query<{ topic: string; producer: string; payload: Record<string, unknown> }>(
    `SELECT topic, producer, payload FROM outbox.event WHERE payload ->> 'movementId' = $1 ORDER BY id`,
    [String(movement.id)],
  );
  const timestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
  return {
    movement: { ...omit(movement, VOLATILE_MOVEMENT_COLUMNS), created_by: asCaller(movement.created_by), postedWhenPosted: (movement.posted_at !== null) === (movement.status === 'POSTED') },
    audits: audits.map((audit) => {
      const after = audit.after as Record<string, unknown> | null;
      return {
        ...audit,
        actor: asCaller(audit.actor),
        after: after && {
          ...omit(after, VOLATILE_AUDIT_FIELDS),
          createdBy: asCaller(after.createdBy),
          idOfTheMovement: after.id === String(movement.id),
          timesAreIso: timestamp.test(String(after.createdAt)) && (after.postedAt === null || timestamp.test(String(after.postedAt))),
        },
      };
    }),
    events: events.map((event) => ({ ...event, payload: { ...omit(event.payload, ['movementId', 'requestedBy']), requestedBy: asCaller(event.payload.requestedBy) } })),
  };
}

async function checkRecordMovement(
  operation: Operation,
  targets: readonly CheckedTarget[],
  fixtures: Fixtures,
  databaseUrl: string,
  runId: string,
  requests: number,
): Promise<OperationAnswers> {
  const base = (n: number) => (operation.variables(n, fixtures, `check-${runId}`) as { input: Input }).input;
  const cases: { what: string; input: Input }[] = [
    ...Array.from({ length: requests }, (_, n) => ({ what: `benchmark request ${n}`, input: base(n) })),
    { what: 'a location that does not exist', input: { ...base(requests), idempotencyKey: `${base(requests).idempotencyKey}-nowhere`, toLocationId: '999999999999' } },
    { what: 'a value at the approval threshold', input: { ...base(requests + 1), idempotencyKey: `${base(requests + 1).idempotencyKey}-costly`, unitCost: '10000' } },
  ];
  const bodyOf = (input: Input) => JSON.stringify({ query: operation.document, operationName: operation.operationName, variables: { input } });
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-answer-check' });
  await client.connect();
  const disagreements: string[] = [];
  try {
    const onHand = async (input: Input) =>
      (await client.query<{ on_hand: string | null }>(
        'SELECT (SELECT on_hand::text FROM stock.balance WHERE part_number_id = $1 AND location_id = $2) AS on_hand',
        [input.partNumberId, input.toLocationId],
      )).rows[0]!.on_hand ?? '0';
    for (const { what, input } of cases) {
      const before = await onHand(input);
      const answers: Record<string, unknown> = {};
      const conflicts: Record<string, unknown> = {};
      const rows: Record<string, unknown> = {};
      let posted = 0;
      for (const target of targets) {
        const own = { ...input, idempotencyKey: `${input.idempotencyKey}-${target.name}` };
        const first = await send(target.url, bodyOf(own));
        const again = await send(target.url, bodyOf(own));
        if (!isDeepStrictEqual(again, first)) disagreements.push(`${target.name} answers the same key differently the second time for ${what}: ${firstDifference(again, first)}`);
        conflicts[target.name] = await send(target.url, bodyOf({ ...own, quantity: '2' }));
        answers[target.name] = withoutMovementId(first);
        rows[target.name] = await writtenRows(client, own.idempotencyKey, target.actor);
        if ((first as { data?: { recordMovement?: { movement?: { status?: string } } } }).data?.recordMovement?.movement?.status === 'POSTED') posted++;
      }
      disagreements.push(...compare(answers, what));
      disagreements.push(...compare(conflicts, `${what}, key reused with another quantity`));
      disagreements.push(...compare(rows, `${what}, rows written`, false));
      const after = await onHand(input);
      const expected = (Number(before) + posted * Number(input.quantity)).toString();
      if (Number(after) !== Number(expected)) disagreements.push(`balance of part ${input.partNumberId} at ${input.toLocationId} went from ${before} to ${after} after ${posted} posted movements of ${input.quantity} (for ${what})`);
    }
  } finally {
    await client.end();
  }
  return { targets: targets.map((target) => target.name), compared: cases.length, disagreements };
}

/**
 * Sends every operation to every target that runs it and compares the
 * answers (see the top of this file). `readRequests` requests per read
 * operation; recordMovement checks `readRequests / 2` benchmark requests
 * plus its two extra cases.
 */
export async function checkSameAnswers(
  operations: readonly Operation[],
  targets: readonly CheckedTarget[],
  fixtures: Fixtures,
  databaseUrl: string,
  runId: string,
  readRequests = 10,
): Promise<AnswerCheck> {
  const result: Partial<Record<OperationName, OperationAnswers>> = {};
  const all: string[] = [];
  for (const operation of operations) {
    const running = targets.filter((target) => target.runs(operation.name));
    if (running.length < 2) {
      result[operation.name] = { targets: running.map((target) => target.name), compared: 0, disagreements: [], notCompared: 'fewer than two targets run it' };
      continue;
    }
    try {
      const answers = operation.name === 'recordMovement'
        ? await checkRecordMovement(operation, running, fixtures, databaseUrl, runId, Math.max(1, Math.floor(readRequests / 2)))
        : await checkRead(operation, running, fixtures, readRequests);
      result[operation.name] = answers;
      all.push(...answers.disagreements.map((text) => `${operation.name}: ${text}`));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result[operation.name] = { targets: running.map((target) => target.name), compared: 0, disagreements: [], notCompared: reason };
      if (reason !== 'no fixtures for this operation') all.push(`${operation.name}: the check failed: ${reason}`);
    }
  }
  return { allAgree: all.length === 0, operations: result, disagreements: all };
}
