import type { ApproverRoleValue } from '../db/levels.ts';
import type { ApproverRole } from '../generated/resolvers.ts';

/** The `ApproverRole` enum value of a stored role. */
export function toApproverRole(role: ApproverRoleValue | null): ApproverRole | null {
  return role === null ? null : role === 'admin' ? 'ADMIN' : 'APPROVER';
}

/** The stored role of an `ApproverRole` enum value. */
export function fromApproverRole(role: ApproverRole | null | undefined): ApproverRoleValue | null {
  return role === null || role === undefined ? null : role === 'ADMIN' ? 'admin' : 'approver';
}
