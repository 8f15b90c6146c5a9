import { hasRole, userError, type Database, type UserError } from '@inventory/platform';
import {
  delegationPathExists,
  insertDelegation,
  lockDelegation,
  lockDelegations,
  overlappingDelegationExists,
  revokeDelegation,
  type DelegationRow,
} from '../db/delegations.ts';
import { refuseDelegation } from '../domain/delegations.ts';
import { MAX_DELEGATION_DEPTH } from '../domain/levels.ts';
import { audit, type Actor } from './audit.ts';

export type DelegationResult = { delegation: DelegationRow; userErrors: readonly [] } | { delegation: null; userErrors: readonly UserError[] };

export interface DelegateInput {
  readonly delegator: string | null;
  readonly delegate: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly reason: string | null;
}

/**
 * Records a delegation. Refused when it would close a cycle (someone would
 * end up deciding for themselves) or overlap another delegation of the same
 * approver. Delegation writes are serialised, so two concurrent delegations
 * cannot form a cycle unseen.
 */
export function delegateApprovals(db: Database, actor: Actor, input: DelegateInput, now = new Date()): Promise<DelegationResult> {
  const delegator = (input.delegator ?? actor.caller.subject).trim();
  const delegate = input.delegate.trim();
  if (delegator !== actor.caller.subject && !hasRole(actor.caller, 'admin')) {
    return Promise.resolve({ delegation: null, userErrors: [userError('NOT_OWNER', 'Only an admin may delegate for someone else.', ['input', 'delegator'])] });
  }
  const invalid = refuseDelegation(delegator, delegate, input.startsAt, input.endsAt, now);
  if (invalid.length > 0) return Promise.resolve({ delegation: null, userErrors: invalid });
  return db.transaction(async (tx) => {
    await lockDelegations(tx);
    if (await overlappingDelegationExists(tx, delegator, input.startsAt, input.endsAt)) {
      return {
        delegation: null,
        userErrors: [userError('DUPLICATE', `${delegator} already delegates during part of this period; revoke that delegation first.`, ['input', 'startsAt'])],
      };
    }
    // Following existing delegations from the new delegate must not lead back to the delegator.
    if (await delegationPathExists(tx, delegate, delegator, input.startsAt, input.endsAt, MAX_DELEGATION_DEPTH * 4)) {
      return {
        delegation: null,
        userErrors: [userError('DELEGATION_CYCLE', `${delegate} already delegates, directly or through others, to ${delegator} in this period.`, ['input', 'delegate'])],
      };
    }
    const row = await insertDelegation(tx, { delegator, delegate, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason, createdBy: actor.caller.subject });
    await audit(tx, actor, 'delegation.created', 'ApprovalDelegation', row.id, null, row);
    return { delegation: row, userErrors: [] as const };
  });
}

/** Ends a delegation now. Only its delegator or an admin may. */
export function revokeApprovalDelegation(db: Database, actor: Actor, delegationId: string, now = new Date()): Promise<DelegationResult> {
  return db.transaction(async (tx) => {
    const field = ['input', 'delegationId'];
    const row = await lockDelegation(tx, delegationId);
    if (row === null) return { delegation: null, userErrors: [userError('NOT_FOUND', `No delegation has id ${delegationId}.`, field)] };
    if (row.delegator !== actor.caller.subject && !hasRole(actor.caller, 'admin')) {
      return { delegation: null, userErrors: [userError('NOT_OWNER', `Only ${row.delegator} or an admin may revoke this delegation.`, field)] };
    }
    if (row.revokedAt !== null || row.endsAt.getTime() <= now.getTime()) {
      return { delegation: null, userErrors: [userError('INVALID_TRANSITION', `Delegation ${row.id} is already over.`, field)] };
    }
    const revoked = await revokeDelegation(tx, row.id, now);
    await audit(tx, actor, 'delegation.revoked', 'ApprovalDelegation', row.id, row, revoked);
    return { delegation: revoked, userErrors: [] as const };
  });
}
