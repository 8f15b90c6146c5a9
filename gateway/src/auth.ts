import { createHash } from 'node:crypto';
import { importSPKI, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
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

export type Authentication = { ok: true; caller: Caller } | { ok: false; message: string };
export type Authenticate = (credentials: { apiKey?: string | undefined; authorization?: string | undefined }) => Promise<Authentication>;

export interface JwtSettings {
  /** HS256 shared secret, or null. */
  readonly secret: string | null;
  /** RS256 public key (PEM, SPKI), or null. */
  readonly publicKey: string | null;
  readonly issuer: string | null;
  readonly audience: string | null;
  /** The claim holding the caller's roles (an array, or a space-separated string). */
  readonly rolesClaim: string;
  /** The longest lifetime a token may claim (`exp` minus `iat`, or minus now without `iat`). */
  readonly maxLifetimeSeconds: number;
  /** How far the issuer's clock may be off from ours when checking `exp`, `nbf` and `iat`. */
  readonly clockSkewSeconds: number;
}

export interface AuthenticatorOptions {
  readonly db: Database;
  readonly devKeys: boolean;
  /** How long a key found valid is trusted before it is looked up again (revocation delay). */
  readonly cacheMs: number;
  /** How long a key found invalid is refused without a lookup (so a key created just now works within this time). */
  readonly negativeCacheMs: number;
  readonly jwt: JwtSettings;
}

/** Keys remembered at most; the least recently used are forgotten first. */
const KEY_CACHE_SIZE = 10_000;

function rolesOf(payload: JWTPayload, claim: string): Role[] {
  const value = payload[claim];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(' ') : [];
  return list.filter((role): role is Role => typeof role === 'string' && isRole(role));
}

/**
 * Turns a request's credentials into a caller: an `x-api-key` (looked up by
 * hash in `gateway.api_key` and trusted for `cacheMs`, so a revoked key
 * stops working within that time without a query per request; an unknown
 * key is remembered as such for `negativeCacheMs`; or one of the `dev-*`
 * keys outside production), or an `Authorization: Bearer` JWT signed with
 * the configured HS256 secret or RS256 key, with an `exp` no further than
 * `maxLifetimeSeconds` ahead, whose roles claim names the caller's roles.
 * Both caches are one bounded LRU.
 */
export async function createAuthenticator({ db, devKeys, cacheMs, negativeCacheMs, jwt }: AuthenticatorOptions): Promise<Authenticate> {
  const cache = new LRUCache<string, { caller: Caller | null }>({ max: KEY_CACHE_SIZE });
  const verificationKey: Uint8Array | CryptoKey | null = jwt.publicKey
    ? await importSPKI(jwt.publicKey, 'RS256')
    : jwt.secret
      ? new TextEncoder().encode(jwt.secret)
      : null;
  const algorithms = jwt.publicKey ? ['RS256'] : ['HS256'];

  async function callerOfKey(key: string): Promise<Caller | null> {
    const devRole = devKeys ? DEV_API_KEYS[key] : undefined;
    if (devRole) return { subject: key, roles: [devRole] };
    const hash = hashApiKey(key);
    const cached = cache.get(hash);
    if (cached) return cached.caller;
    // Looking a key up records that it was used: at most once per cache period per gateway.
    const [row] = await db.query<{ name: string; roles: string[]; operations: string[] | null; expiresAt: Date | null }>(
      'useApiKey',
      `UPDATE gateway.api_key k SET last_used_at = now()
       WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
       RETURNING k.name, k.roles, k.operations, k.expires_at AS "expiresAt"`,
      [hash],
    );
    const roles = (row?.roles ?? []).filter(isRole);
    const caller: Caller | null = row && roles.length > 0 ? { subject: `key:${row.name}`, roles, operations: row.operations, expiresAt: row.expiresAt } : null;
    // An expiring key is trusted from the cache no longer than it lives.
    const ttl = caller ? Math.min(cacheMs, row!.expiresAt ? row!.expiresAt.getTime() - Date.now() : Infinity) : negativeCacheMs;
    if (ttl > 0) cache.set(hash, { caller }, { ttl: Math.ceil(ttl) });
    return caller;
  }

  async function callerOfToken(token: string): Promise<Caller | null> {
    if (!verificationKey) return null;
    try {
      const { payload } = await jwtVerify(token, verificationKey, {
        algorithms,
        requiredClaims: ['exp'],
        clockTolerance: jwt.clockSkewSeconds,
        ...(jwt.issuer ? { issuer: jwt.issuer } : {}),
        ...(jwt.audience ? { audience: jwt.audience } : {}),
      });
      // A token that never expires, or lives longer than allowed, cannot be taken back: refuse it.
      const issuedAt = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
      if (payload.exp! - issuedAt > jwt.maxLifetimeSeconds + jwt.clockSkewSeconds) return null;
      const roles = rolesOf(payload, jwt.rolesClaim);
      return payload.sub && roles.length > 0 ? { subject: `jwt:${payload.sub}`, roles, expiresAt: new Date(payload.exp! * 1000) } : null;
    } catch {
      return null;
    }
  }

  return async ({ apiKey, authorization }) => {
    const key = apiKey?.trim();
    if (key) {
      const caller = await callerOfKey(key);
      return caller ? { ok: true, caller } : { ok: false, message: 'The API key is not valid, or has expired or been revoked.' };
    }
    const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) {
      const caller = await callerOfToken(bearer);
      return caller ? { ok: true, caller } : { ok: false, message: 'The bearer token is not valid, has expired, or names no known role.' };
    }
    return { ok: false, message: 'Send an API key in the x-api-key header or a token in Authorization: Bearer.' };
  };
}
