import { userError, type UserError } from '@inventory/platform';
import type { AssetAction } from '../db/approval-requests.ts';

/** `requestAssetAction`'s arguments, as the domain sees them. */
export interface AssetActionInput {
  readonly assetId: string;
  readonly action: AssetAction;
  readonly reason: string | null;
  readonly assignee: { readonly type: string; readonly id: string; readonly name: string } | null;
  readonly toLocationId: string | null;
  readonly note: string | null;
}

/** The kinds of assignee catalog accepts for an assignment. */
const ASSIGNEE_TYPES = ['PERSON', 'DEPARTMENT', 'SYSTEM'] as const;

const VERBS: Record<AssetAction, string> = {
  ASSIGN: 'Assign',
  RETURN: 'Return',
  MOVE: 'Move',
  REPAIR: 'Repair',
  DISPOSE: 'Dispose of',
};

/**
 * The `actionInput` of an asset request, as `approvals.request.decided`
 * carries it to the subgraph that carries the action out (see
 * schema/events.md), or the refusals when the action's arguments are
 * missing or do not belong to it.
 */
export function buildActionInput(input: AssetActionInput): { ok: true; actionInput: Record<string, unknown> } | { ok: false; errors: UserError[] } {
  const errors: UserError[] = [];
  const refuse = (message: string, field: string) => errors.push(userError('INVALID_VALUE', message, ['input', field]));
  if (input.action !== 'ASSIGN' && input.assignee !== null) refuse('Only an ASSIGN action takes an assignee.', 'assignee');
  if (input.action !== 'MOVE' && input.toLocationId !== null) refuse('Only a MOVE action takes a destination.', 'toLocationId');
  if ((input.action === 'ASSIGN' || input.action === 'MOVE') && input.note !== null) refuse(`A ${input.action} action takes no note; give the reason instead.`, 'note');
  if (input.action === 'ASSIGN') {
    const assignee = input.assignee;
    if (assignee === null) refuse('An ASSIGN action needs the assignee.', 'assignee');
    else if ([assignee.type, assignee.id, assignee.name].some((part) => part.trim() === '')) refuse('The assignee needs a type, an id and a name.', 'assignee');
    else if (!(ASSIGNEE_TYPES as readonly string[]).includes(assignee.type.trim())) {
      refuse(`An assignee's type is one of ${ASSIGNEE_TYPES.join(', ')}.`, 'assignee');
    }
  }
  if (input.action === 'MOVE' && input.toLocationId === null) refuse('A MOVE action needs the destination location.', 'toLocationId');
  if (errors.length > 0) return { ok: false, errors };
  switch (input.action) {
    case 'ASSIGN':
      return {
        ok: true,
        actionInput: { assigneeType: input.assignee!.type.trim(), assigneeId: input.assignee!.id.trim(), assigneeName: input.assignee!.name.trim() },
      };
    case 'MOVE':
      return { ok: true, actionInput: { toLocationId: input.toLocationId } };
    default:
      return { ok: true, actionInput: input.note === null || input.note.trim() === '' ? {} : { note: input.note.trim() } };
  }
}

/** One-line summary of an asset request for approvers. */
export function assetActionTitle(input: AssetActionInput): string {
  const target =
    input.action === 'ASSIGN' ? ` to ${input.assignee?.name.trim()}` : input.action === 'MOVE' ? ` to location ${input.toLocationId}` : '';
  const reason = input.reason?.trim() ? `: ${input.reason.trim()}` : '';
  return `${VERBS[input.action]} asset ${input.assetId}${target}${reason}`;
}
