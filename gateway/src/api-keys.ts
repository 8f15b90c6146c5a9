import { randomBytes } from 'node:crypto';
import { isRole, recordAudit, sqlState, type Caller, type Queryable, type Role } from '@inventory/platform';
import { hashApiKey } from './auth.ts';

export interface ApiKeyRow {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

const NAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export type CreateApiKeyResult = { ok: true; key: string; row: ApiKeyRow } | { ok: false; message: string };

/**
 * Creates an API key for `role`. The key is returned once and only its hash
 * is stored: a lost key is revoked and replaced, never recovered.
 */
export async function createApiKey(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  input: { name: string; role: string },
  actor: Caller,
): Promise<CreateApiKeyResult> {
  if (!NAME.test(input.name)) return { ok: false, message: 'A key name is 2-63 characters: lower-case letters, digits, ".", "_" or "-".' };
  if (!isRole(input.role)) return { ok: false, message: `Unknown role "${input.role}".` };
  const key = `ak_${randomBytes(24).toString('base64url')}`;
  try {
    const row = await db.transaction(async (tx) => {
      const [created] = await tx.query<ApiKeyRow>(
        'createApiKey',
        `INSERT INTO gateway.api_key (name, role, key_hash) VALUES ($1, $2, $3)
         RETURNING id, name, role, created_at AS "createdAt", revoked_at AS "revokedAt"`,
        [input.name, input.role, hashApiKey(key)],
      );
      await recordAudit(tx, 'gateway', { action: 'api_key.created', entityType: 'ApiKey', entityId: created!.id, before: null, after: { name: input.name, role: input.role }, caller: actor, requestId: 'cli' });
      return created!;
    });
    return { ok: true, key, row };
  } catch (error) {
    if (sqlState(error) === '23505') return { ok: false, message: `A key named "${input.name}" exists already.` };
    throw error;
  }
}

/** Every key, newest first, without secrets (none are stored). */
export function listApiKeys(db: Queryable): Promise<ApiKeyRow[]> {
  return db.query(
    'listApiKeys',
    `SELECT id, name, role, created_at AS "createdAt", revoked_at AS "revokedAt" FROM gateway.api_key ORDER BY id DESC`,
  );
}

/** Revokes the key named `name`; false when there is no such active key. */
export async function revokeApiKey(db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> }, name: string, actor: Caller): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      'revokeApiKey',
      `UPDATE gateway.api_key SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING id`,
      [name],
    );
    if (!row) return false;
    await recordAudit(tx, 'gateway', { action: 'api_key.revoked', entityType: 'ApiKey', entityId: row.id, before: { name }, after: null, caller: actor, requestId: 'cli' });
    return true;
  });
}
