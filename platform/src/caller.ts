import { forbidden } from './errors.ts';

/** The roles of DESIGN.md. `analyst` is read-only; `partner` runs registered operations only. */
export const ROLES = ['admin', 'operator', 'approver', 'analyst', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who is calling, as the gateway authenticated them. */
export interface Caller {
  /** Stable identity: an API key's name (`key:acme`) or a token's subject. */
  readonly subject: string;
  readonly roles: readonly Role[];
  /** For an API key bound to a list: the registered operations it may run (by name), and nothing else. */
  readonly operations?: readonly string[] | null;
  /** When the credential stops working (an expiring key, a token's `exp`); absent: not known to expire. */
  readonly expiresAt?: Date | null;
}

/** Whether `caller` holds at least one of `roles`. */
export function hasRole(caller: Caller, ...roles: readonly Role[]): boolean {
  return caller.roles.some((role) => roles.includes(role));
}

/**
 * Refuses with `FORBIDDEN` unless `caller` holds one of `roles`. Subgraphs
 * check this themselves for every write, so a crafted request through the
 * gateway cannot do what its key may not.
 */
export function requireRole(caller: Caller, ...roles: readonly Role[]): void {
  if (!hasRole(caller, ...roles)) {
    throw forbidden(`This needs one of the roles ${roles.join(', ')}; the caller has ${caller.roles.join(', ') || 'none'}.`);
  }
}
