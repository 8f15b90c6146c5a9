import { refuse, refused, Refusal, runCommand, userError, type Actor, type CommandResult, type TransactionalDb } from '@inventory/platform';
import { deletePolicyLevels, insertPolicyLevels, listLevelsOfPolicies } from '../db/levels.ts';
import { insertPolicy, lockPolicy, updatePolicy, type PolicyRow, type SubjectKind } from '../db/policies.ts';
import { refusePolicyCode, validatePolicy, type PolicyInput } from '../domain/policies.ts';
import { publishPolicySaved } from '../events/published.ts';
import { audit } from './audit.ts';

/** Creates a policy with its levels, published as `approvals.policy.saved`. Requests opened afterwards may use it; open ones keep their levels. */
export async function createApprovalPolicy(
  db: TransactionalDb,
  actor: Actor,
  input: PolicyInput & { code: string; subjectKind: SubjectKind },
): Promise<CommandResult<PolicyRow>> {
  const code = input.code.trim();
  const badCode = refusePolicyCode(code);
  const checked = validatePolicy(input.subjectKind, input);
  const errors = [...(badCode ? [badCode] : []), ...(checked.ok ? [] : checked.errors)];
  if (errors.length > 0 || !checked.ok) return refused(errors);
  return runCommand(
    db,
    async (tx) => {
      const policy = await insertPolicy(tx, code, input.subjectKind, checked.definition);
      await insertPolicyLevels(tx, policy.id, checked.levels);
      await audit(tx, actor, 'approval_policy.created', 'ApprovalPolicy', policy.id, null, { ...policy, levels: checked.levels });
      await publishPolicySaved(tx, actor, policy);
      return policy;
    },
    { policy_code_key: userError('DUPLICATE', `A policy with code ${code} already exists.`, ['input', 'code']) },
  );
}

/** Replaces a policy's conditions and levels (and possibly its `active` flag), published as `approvals.policy.saved`. Open requests keep their levels. */
export function updateApprovalPolicy(
  db: TransactionalDb,
  actor: Actor,
  input: PolicyInput & { id: string; active: boolean | null },
): Promise<CommandResult<PolicyRow>> {
  return runCommand(db, async (tx) => {
    const before = await lockPolicy(tx, input.id);
    if (before === null) refuse('NOT_FOUND', `No approval policy has id ${input.id}.`, ['input', 'id']);
    const checked = validatePolicy(before.subjectKind, input);
    if (!checked.ok) throw new Refusal(checked.errors);
    const levelsBefore = await listLevelsOfPolicies(tx, [before.id]);
    const policy = await updatePolicy(tx, before.id, checked.definition, input.active);
    await deletePolicyLevels(tx, policy.id);
    await insertPolicyLevels(tx, policy.id, checked.levels);
    await audit(tx, actor, 'approval_policy.updated', 'ApprovalPolicy', policy.id, { ...before, levels: levelsBefore }, { ...policy, levels: checked.levels });
    await publishPolicySaved(tx, actor, policy);
    return policy;
  });
}
