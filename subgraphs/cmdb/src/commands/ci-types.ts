import { refuse, refuseIf, runCommand, userError, type Actor, type TransactionalDb } from '@inventory/platform';
import {
  activateCiTypeVersion,
  deleteAttributeDefinitions,
  insertAttributeDefinitions,
  insertNextCiTypeVersion,
  lockCiTypeVersion,
  retireActiveCiTypeVersion,
  type CiTypeVersionRow,
} from '../db/ci-type-versions.ts';
import { insertCiType, lockCiType, type CiTypeRow } from '../db/ci-types.ts';
import { validateAttributeDefinitions, type AttributeDefinitionInput } from '../domain/attribute-definitions.ts';
import { isTypeCode } from '../domain/type-codes.ts';
import { audit } from './audit.ts';

const CI_TYPE_VIOLATIONS = {
  ci_type_code_key: userError('DUPLICATE', 'A CI type with this code already exists.', ['input', 'code']),
};

/** Registers a CI type, without attribute schema until a version is published. */
export function createCiType(db: TransactionalDb, actor: Actor, input: { code: string; name: string; description?: string | null }) {
  return runCommand<CiTypeRow>(db, async (tx) => {
    if (!isTypeCode(input.code)) refuse('INVALID_VALUE', 'A type code is a capital letter, then capitals, digits or underscores (at most 64).', ['input', 'code']);
    if (input.name.trim() === '') refuse('INVALID_VALUE', 'The name must not be blank.', ['input', 'name']);
    const ciType = await insertCiType(tx, { code: input.code, name: input.name.trim(), description: input.description ?? null });
    await audit(tx, actor, { action: 'ci_type.created', entityType: 'CiType', entityId: ciType.id, before: null, after: ciType });
    return ciType;
  }, CI_TYPE_VIOLATIONS);
}

/** Refuses definitions that break their own rules, one user error per problem under `input.attributes[index]`. */
function checkedDefinitions(inputs: readonly AttributeDefinitionInput[]) {
  const { definitions, problems } = validateAttributeDefinitions(inputs);
  refuseIf(problems.map((problem) => userError('INVALID_VALUE', problem.message, ['input', 'attributes', String(problem.index), problem.field])));
  return definitions;
}

/** Starts the next DRAFT version of a CI type with these definitions. */
export function createCiTypeVersion(
  db: TransactionalDb,
  actor: Actor,
  input: { ciTypeId: string; attributes: readonly AttributeDefinitionInput[] },
) {
  return runCommand<CiTypeVersionRow>(db, async (tx) => {
    const definitions = checkedDefinitions(input.attributes);
    // The type's lock numbers its versions one at a time.
    if (!(await lockCiType(tx, input.ciTypeId))) refuse('NOT_FOUND', 'No CI type has this id.', ['input', 'ciTypeId']);
    const version = await insertNextCiTypeVersion(tx, input.ciTypeId);
    await insertAttributeDefinitions(tx, version.id, definitions);
    await audit(tx, actor, { action: 'ci_type_version.created', entityType: 'CiTypeVersion', entityId: version.id, before: null, after: { ...version, attributes: definitions } });
    return version;
  });
}

/** Replaces the definitions of a DRAFT version. */
export function updateCiTypeVersion(
  db: TransactionalDb,
  actor: Actor,
  input: { versionId: string; attributes: readonly AttributeDefinitionInput[] },
) {
  return runCommand<CiTypeVersionRow>(db, async (tx) => {
    const definitions = checkedDefinitions(input.attributes);
    const version = await lockCiTypeVersion(tx, input.versionId);
    if (!version) return refuse('NOT_FOUND', 'No CI type version has this id.', ['input', 'versionId']);
    if (version.status !== 'DRAFT') refuse('INVALID_TRANSITION', `Version ${version.version} is ${version.status}; only drafts change.`, ['input', 'versionId']);
    await deleteAttributeDefinitions(tx, version.id);
    await insertAttributeDefinitions(tx, version.id, definitions);
    await audit(tx, actor, { action: 'ci_type_version.updated', entityType: 'CiTypeVersion', entityId: version.id, before: null, after: { ...version, attributes: definitions } });
    return version;
  });
}

/** Publishes a DRAFT version: it becomes ACTIVE and the type's previous active version RETIRED. */
export function publishCiTypeVersion(db: TransactionalDb, actor: Actor, input: { versionId: string }) {
  return runCommand<CiTypeVersionRow>(db, async (tx) => {
    const draft = await lockCiTypeVersion(tx, input.versionId);
    if (!draft) return refuse('NOT_FOUND', 'No CI type version has this id.', ['input', 'versionId']);
    // Lock the type first so two publications of one type run one after the other.
    await lockCiType(tx, draft.ciTypeId);
    if (draft.status !== 'DRAFT') refuse('INVALID_TRANSITION', `Version ${draft.version} is ${draft.status}; only a draft can be published.`, ['input', 'versionId']);
    const retired = await retireActiveCiTypeVersion(tx, draft.ciTypeId);
    const published = await activateCiTypeVersion(tx, draft.id);
    if (retired) {
      await audit(tx, actor, { action: 'ci_type_version.retired', entityType: 'CiTypeVersion', entityId: retired.id, before: retired, after: { ...retired, status: 'RETIRED' } });
    }
    await audit(tx, actor, { action: 'ci_type_version.published', entityType: 'CiTypeVersion', entityId: published.id, before: draft, after: published });
    return published;
  });
}
