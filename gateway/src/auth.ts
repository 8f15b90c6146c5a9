import { createHash } from 'node:crypto';
import { isRole, type Caller, type Database, type Role } from '@inventory/platform';

/** The development keys of DESIGN.md: `dev-<role>` has that role. They exist only outside production. */
export const DEV_API_KEYS: Readonly<Record<string, Role>> = {
  'dev-admin': 'admin',
  'dev-operator': 'operator',
  'dev-approver': 'approver',
  'dev-analyst': 'analyst',
  'dev-partner': 'partner',
};

/** How API keys are stored: only their SHA-256, never the key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export type Authentication = { ok: true; caller: Caller } | { ok: false; code: 'UNAUTHENTICATED'; message: string };

export interface AuthenticatorOptions {
  readonly db: Database;
  readonly devKeys: boolean;
  readonly cacheMs: number;
}

/**
 * Turns the credentials of a request (`x-api-key`) into a caller. Keys are
 * looked up by hash in `gateway.api_key` and trusted for `cacheMs`, so a
 * revoked key stops working within that time without a query per request.
 */
export function createAuthenticator({ db, devKeys, cacheMs }: AuthenticatorOptions) {
  const cache = new Map<string, { caller: Caller | null; until: number }>();

  async function lookUp(hash: string): Promise<Caller | null> {
    const cached = cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.caller;
    const [row] = await db.query<{ name: string; role: string }>(
      'findApiKeyByHash',
      `SELECT k.name, k.role FROM gateway.api_key k WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hash],
    );
    const caller = row && isRole(row.role) ? { subject: `key:${row.name}`, roles: [row.role] } : null;
    if (cache.size > 10_000) cache.clear();
    cache.set(hash, { caller, until: Date.now() + cacheMs });
    return caller;
  }

  return async function authenticate(headers: { apiKey?: string | undefined }): Promise<Authentication> {
    const key = headers.apiKey?.trim();
    if (!key) return { ok: false, code: 'UNAUTHENTICATED', message: 'Send an API key in the x-api-key header.' };
    const devRole = devKeys ? DEV_API_KEYS[key] : undefined;
    if (devRole) return { ok: true, caller: { subject: key, roles: [devRole] } };
    const caller = await lookUp(hashApiKey(key));
    return caller ? { ok: true, caller } : { ok: false, code: 'UNAUTHENTICATED', message: 'The API key is not valid.' };
  };
}
