import { randomBytes } from 'node:crypto';
import { isRole, recordAudit, sqlState, type Caller, type Queryable, type Role } from '@inventory/platform';
import { hashApiKey } from './auth.ts';

export interface ApiKeyRow {
  readonly id: string;
  readonly name: string;
  readonly roles: Role[];
  /** The registered operations it may run, by name; null: whatever its roles allow. */
  readonly operations: string[] | null;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  /** When a gateway last looked it up (at most every API_KEY_CACHE_MS per gateway). */
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
  /** Set once rotated: the key that replaced it (the old one works until `expiresAt`). */
  readonly replacedBy: string | null;
}

const COLUMNS = `id, name, roles, operations, created_at AS "createdAt", expires_at AS "expiresAt", last_used_at AS "lastUsedAt",
  revoked_at AS "revokedAt", replaced_by AS "replacedBy"`;

const NAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;
const OPERATION = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

type Transactional = { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> };

export interface NewApiKey {
  readonly name: string;
  readonly roles: readonly string[];
  /** Bind the key to these registered operations; absent: whatever its roles allow. */
  readonly operations?: readonly string[] | null;
  /** When it stops working; absent: until revoked. */
  readonly expiresAt?: Date | null;
}

export type CreateApiKeyResult = { ok: true; key: string; row: ApiKeyRow } | { ok: false; message: string };

const newSecret = () => `ak_${randomBytes(24).toString('base64url')}`;

function problemOf(input: NewApiKey): string | null {
  if (!NAME.test(input.name)) return 'A key name is 2-63 characters: lower-case letters, digits, ".", "_" or "-".';
  if (input.roles.length === 0) return 'A key needs at least one role.';
  const unknown = input.roles.find((role) => !isRole(role));
  if (unknown !== undefined) return `Unknown role "${unknown}".`;
  if (input.operations && (input.operations.length === 0 || input.operations.some((name) => !OPERATION.test(name)))) {
    return 'Operations are registered operation names, e.g. StockByPartCode.';
  }
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) return 'The expiry must be in the future.';
  return null;
}

/**
 * Creates an API key. The key is returned once and only its hash is stored:
 * a lost key is revoked or rotated, never recovered.
 */
export async function createApiKey(db: Transactional, input: NewApiKey, actor: Caller): Promise<CreateApiKeyResult> {
  const problem = problemOf(input);
  if (problem) return { ok: false, message: problem };
  const key = newSecret();
  const roles = [...new Set(input.roles)];
  try {
    const row = await db.transaction(async (tx) => {
      const [created] = await tx.query<ApiKeyRow>(
        'createApiKey',
        `INSERT INTO gateway.api_key (name, role, roles, operations, expires_at, key_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [input.name, roles[0], roles, input.operations ?? null, input.expiresAt ?? null, hashApiKey(key)],
      );
      await recordAudit(tx, 'gateway', {
        action: 'api_key.created',
        entityType: 'ApiKey',
        entityId: created!.id,
        before: null,
        after: { name: input.name, roles, operations: input.operations ?? null, expiresAt: input.expiresAt ?? null },
        caller: actor,
        requestId: 'cli',
      });
      return created!;
    });
    return { ok: true, key, row };
  } catch (error) {
    if (sqlState(error) === '23505') return { ok: false, message: `A key named "${input.name}" exists already.` };
    throw error;
  }
}

/**
 * Rotates the key named `name`: a new key with the same name, roles,
 * operations and expiry, while the old one keeps working for `graceSeconds`
 * (so deployed clients can switch without an outage). The new key is
 * returned once.
 */
export async function rotateApiKey(db: Transactional, name: string, graceSeconds: number, actor: Caller): Promise<CreateApiKeyResult> {
  const key = newSecret();
  return db.transaction(async (tx) => {
    const [old] = await tx.query<ApiKeyRow & { roleOne: string }>(
      'lockApiKeyToRotate',
      `SELECT ${COLUMNS} FROM gateway.api_key WHERE name = $1 AND replaced_by IS NULL AND revoked_at IS NULL
         AND (expires_at IS NULL OR expires_at > now()) FOR UPDATE`,
      [name],
    );
    if (!old) return { ok: false as const, message: `No active key named "${name}".` };
    // The old row steps aside first, so the name is free for the new one (unique among keys not replaced).
    await tx.query('markApiKeyReplaced', `UPDATE gateway.api_key SET replaced_by = id WHERE id = $1`, [old.id]);
    const [created] = await tx.query<ApiKeyRow>(
      'createRotatedApiKey',
      `INSERT INTO gateway.api_key (name, role, roles, operations, expires_at, key_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [name, old.roles[0], old.roles, old.operations, old.expiresAt, hashApiKey(key)],
    );
    await tx.query(
      'finishApiKeyRotation',
      `UPDATE gateway.api_key SET replaced_by = $2, expires_at = least(coalesce(expires_at, 'infinity'), now() + make_interval(secs => $3)) WHERE id = $1`,
      [old.id, created!.id, graceSeconds],
    );
    await recordAudit(tx, 'gateway', {
      action: 'api_key.rotated',
      entityType: 'ApiKey',
      entityId: created!.id,
      before: { id: old.id, name },
      after: { id: created!.id, name, oldKeyValidForSeconds: graceSeconds },
      caller: actor,
      requestId: 'cli',
    });
    return { ok: true as const, key, row: created! };
  });
}

/** Every key, newest first, without secrets (none are stored). */
export function listApiKeys(db: Queryable): Promise<ApiKeyRow[]> {
  return db.query('listApiKeys', `SELECT ${COLUMNS} FROM gateway.api_key ORDER BY id DESC`);
}

/** Revokes the key named `name` (and a rotated predecessor still in its grace period); false when there is none active. */
export async function revokeApiKey(db: Transactional, name: string, actor: Caller): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string }>(
      'revokeApiKey',
      `UPDATE gateway.api_key SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING id`,
      [name],
    );
    if (rows.length === 0) return false;
    // What the key set up stops with it: its webhooks deliver nothing more.
    await tx.query(
      'disableWebhooksOfRevokedKey',
      `UPDATE gateway.webhook SET enabled = false, disabled_reason = 'its key was revoked' WHERE owner = 'key:' || $1 AND enabled`,
      [name],
    );
    for (const row of rows) {
      await recordAudit(tx, 'gateway', { action: 'api_key.revoked', entityType: 'ApiKey', entityId: row.id, before: { name }, after: null, caller: actor, requestId: 'cli' });
    }
    return true;
  });
}
