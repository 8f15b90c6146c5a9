import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRole, type Caller } from './caller.ts';

/**
 * Headers with which the gateway tells a subgraph who is calling. The
 * signature is an HMAC-SHA256, with a secret only that subgraph and the
 * gateway know, over the version, the timestamp, a random nonce, the
 * request id, the caller and a hash of the body, so it cannot be forged,
 * moved to another request body or used after `maxAgeMs`; the subgraph
 * refuses a nonce it has seen (`ReplayGuard`), so it cannot be replayed
 * within that window either.
 */
export const SIGNED_HEADERS = {
  subject: 'x-caller-subject',
  roles: 'x-caller-roles',
  requestId: 'x-request-id',
  timestamp: 'x-gateway-timestamp',
  nonce: 'x-gateway-nonce',
  signature: 'x-gateway-signature',
} as const;

const VERSION = 'v2';
const NONCE = /^[A-Za-z0-9_-]{22,64}$/;
export const DEFAULT_MAX_AGE_MS = 60_000;

export interface SignedIdentity {
  readonly caller: Caller;
  readonly requestId: string;
}

function bodyHash(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

function sign(secret: string, timestamp: string, nonce: string, requestId: string, subject: string, roles: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret)
    .update([VERSION, timestamp, nonce, requestId, subject, roles, bodyHash(body)].join('\n'))
    .digest('base64url');
}

/** The headers to add to a request whose body is `body`; each call signs with a fresh nonce. */
export function signRequest(secret: string, identity: SignedIdentity, body: string | Uint8Array, now = Date.now()): Record<string, string> {
  const roles = identity.caller.roles.join(',');
  const timestamp = String(now);
  const nonce = randomBytes(16).toString('base64url');
  return {
    [SIGNED_HEADERS.subject]: encodeURIComponent(identity.caller.subject),
    [SIGNED_HEADERS.roles]: roles,
    [SIGNED_HEADERS.requestId]: identity.requestId,
    [SIGNED_HEADERS.timestamp]: timestamp,
    [SIGNED_HEADERS.nonce]: nonce,
    [SIGNED_HEADERS.signature]: `${VERSION}=${sign(secret, timestamp, nonce, identity.requestId, identity.caller.subject, roles, body)}`,
  };
}

/** A verified request: who calls, and the nonce to check against replays until `usableUntil` (ms since the epoch). */
export interface VerifiedSignature {
  readonly identity: SignedIdentity;
  readonly nonce: string;
  readonly usableUntil: number;
}

export type HeaderReader = (name: string) => string | undefined;

/**
 * Verifies a signed request. Returns the identity and its nonce, or the
 * reason it is refused (missing, stale or bad signature); never throws.
 * Whether the nonce was used before is the caller's check (`ReplayGuard`),
 * made only after the signature holds, so nobody can fill the guard with
 * made-up nonces.
 */
export function verifySignedRequest(
  secret: string,
  header: HeaderReader,
  body: string | Uint8Array,
  { now = Date.now(), maxAgeMs = DEFAULT_MAX_AGE_MS } = {},
): ({ ok: true } & VerifiedSignature) | { ok: false; reason: string } {
  const signature = header(SIGNED_HEADERS.signature);
  const timestamp = header(SIGNED_HEADERS.timestamp);
  const nonce = header(SIGNED_HEADERS.nonce);
  const requestId = header(SIGNED_HEADERS.requestId);
  const encodedSubject = header(SIGNED_HEADERS.subject);
  const roles = header(SIGNED_HEADERS.roles) ?? '';
  if (!signature || !timestamp || !nonce || !requestId || !encodedSubject) return { ok: false, reason: 'unsigned request' };
  if (!NONCE.test(nonce)) return { ok: false, reason: 'malformed nonce' };
  const sentAt = Number(timestamp);
  if (!Number.isSafeInteger(sentAt) || Math.abs(now - sentAt) > maxAgeMs) return { ok: false, reason: 'stale request' };
  let subject: string;
  try {
    subject = decodeURIComponent(encodedSubject);
  } catch {
    return { ok: false, reason: 'malformed caller' };
  }
  const expected = Buffer.from(`${VERSION}=${sign(secret, timestamp, nonce, requestId, subject, roles, body)}`);
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad signature' };
  const roleList = roles === '' ? [] : roles.split(',');
  if (!roleList.every(isRole)) return { ok: false, reason: 'unknown role' };
  return { ok: true, identity: { caller: { subject, roles: roleList }, requestId }, nonce, usableUntil: sentAt + maxAgeMs };
}
