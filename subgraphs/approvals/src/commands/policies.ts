import { sqlState, userError, violatedConstraint, type Database, type UserError } from '@inventory/platform';
import { deletePolicyLevels, insertPolicyLevels, listLevelsOfPolicies } from '../db/levels.ts';
import { insertPolicy, lockPolicy, updatePolicy, type PolicyRow, type SubjectKind } from '../db/policies.ts';
import { refusePolicyCode, validatePolicy, type PolicyInput } from '../domain/policies.ts';
import { audit, type Actor } from './audit.ts';

export type PolicyResult = { policy: PolicyRow; userErrors: readonly [] } | { policy: null; userErrors: readonly UserError[] };

/** Creates a policy with its levels. Requests opened afterwards may use it; open ones keep their levels. */
export async function createApprovalPolicy(
  db: Database,
  actor: Actor,
  input: PolicyInput & { code: string; subjectKind: SubjectKind },
): Promise<PolicyResult> {
  const code = input.code.trim();
  const badCode = refusePolicyCode(code);
  const checked = validatePolicy(input.subjectKind, input);
  const errors = [...(badCode ? [badCode] : []), ...(checked.ok ? [] : checked.errors)];
  if (errors.length > 0 || !checked.ok) return { policy: null, userErrors: errors };
  try {
    return await db.transaction(async (tx) => {
      const policy = await insertPolicy(tx, code, input.subjectKind, checked.definition);
      await insertPolicyLevels(tx, policy.id, checked.levels);
      await audit(tx, actor, 'approval_policy.created', 'ApprovalPolicy', policy.id, null, { ...policy, levels: checked.levels });
      return { policy, userErrors: [] as const };
    });
  } catch (error) {
    if (sqlState(error) === '23505' && violatedConstraint(error) === 'policy_code_key') {
      return { policy: null, userErrors: [userError('DUPLICATE', `A policy with code ${code} already exists.`, ['input', 'code'])] };
    }
    throw error;
  }
}

/** Replaces a policy's conditions and levels (and possibly its `active` flag). Open requests keep their levels. */
export function updateApprovalPolicy(
  db: Database,
  actor: Actor,
  input: PolicyInput & { id: string; active: boolean | null },
): Promise<PolicyResult> {
  return db.transaction(async (tx) => {
    const before = await lockPolicy(tx, input.id);
    if (before === null) return { policy: null, userErrors: [userError('NOT_FOUND', `No approval policy has id ${input.id}.`, ['input', 'id'])] };
    const checked = validatePolicy(before.subjectKind, input);
    if (!checked.ok) return { policy: null, userErrors: checked.errors };
    const levelsBefore = await listLevelsOfPolicies(tx, [before.id]);
    const policy = await updatePolicy(tx, before.id, checked.definition, input.active);
    await deletePolicyLevels(tx, policy.id);
    await insertPolicyLevels(tx, policy.id, checked.levels);
    await audit(tx, actor, 'approval_policy.updated', 'ApprovalPolicy', policy.id, { ...before, levels: levelsBefore }, { ...policy, levels: checked.levels });
    return { policy, userErrors: [] as const };
  });
}
