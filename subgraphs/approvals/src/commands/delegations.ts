import { hasRole, refuse, refused, runCommand, userError, type Actor, type CommandResult, type TransactionalDb } from '@inventory/platform';
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
import { audit } from './audit.ts';

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
export async function delegateApprovals(db: TransactionalDb, actor: Actor, input: DelegateInput, now = new Date()): Promise<CommandResult<DelegationRow>> {
  const delegator = (input.delegator ?? actor.caller.subject).trim();
  const delegate = input.delegate.trim();
  if (delegator !== actor.caller.subject && !hasRole(actor.caller, 'admin')) {
    return refused([userError('NOT_OWNER', 'Only an admin may delegate for someone else.', ['input', 'delegator'])]);
  }
  const invalid = refuseDelegation(delegator, delegate, input.startsAt, input.endsAt, now);
  if (invalid.length > 0) return refused(invalid);
  return runCommand(db, async (tx) => {
    await lockDelegations(tx);
    if (await overlappingDelegationExists(tx, delegator, input.startsAt, input.endsAt)) {
      refuse('DUPLICATE', `${delegator} already delegates during part of this period; revoke that delegation first.`, ['input', 'startsAt']);
    }
    // Following existing delegations from the new delegate must not lead back to the delegator.
    if (await delegationPathExists(tx, delegate, delegator, input.startsAt, input.endsAt, MAX_DELEGATION_DEPTH * 4)) {
      refuse('DELEGATION_CYCLE', `${delegate} already delegates, directly or through others, to ${delegator} in this period.`, ['input', 'delegate']);
    }
    const row = await insertDelegation(tx, { delegator, delegate, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason, createdBy: actor.caller.subject });
    await audit(tx, actor, 'delegation.created', 'ApprovalDelegation', row.id, null, row);
    return row;
  });
}

/** Ends a delegation now. Only its delegator or an admin may. */
export function revokeApprovalDelegation(db: TransactionalDb, actor: Actor, delegationId: string, now = new Date()): Promise<CommandResult<DelegationRow>> {
  return runCommand(db, async (tx) => {
    const field = ['input', 'delegationId'];
    const row = await lockDelegation(tx, delegationId);
    if (row === null) refuse('NOT_FOUND', `No delegation has id ${delegationId}.`, field);
    if (row.delegator !== actor.caller.subject && !hasRole(actor.caller, 'admin')) {
      refuse('NOT_OWNER', `Only ${row.delegator} or an admin may revoke this delegation.`, field);
    }
    if (row.revokedAt !== null || row.endsAt.getTime() <= now.getTime()) {
      refuse('INVALID_TRANSITION', `Delegation ${row.id} is already over.`, field);
    }
    const revoked = await revokeDelegation(tx, row.id, now);
    await audit(tx, actor, 'delegation.revoked', 'ApprovalDelegation', row.id, row, revoked);
    return revoked;
  });
}
