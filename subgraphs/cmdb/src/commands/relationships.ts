import { refuse, refuseIf, Refusal, runCommand, userError, type Actor, type TransactionalDb } from '@inventory/platform';
import { findCiTypesByCodes } from '../db/ci-types.ts';
import { lockConfigurationItems } from '../db/configuration-items.ts';
import {
  findCiTypePairsByRelationshipTypeIds,
  findRelationshipTypesByCodes,
  insertCiTypePairs,
  insertRelationshipType,
  type ImpactFlow,
  type RelationshipTypeRow,
} from '../db/relationship-types.ts';
import { findRelationshipById, insertRelationship, lockRelationship, retireRelationship as writeRetirement, type RelationshipRow } from '../db/relationships.ts';
import { isPairAllowed } from '../domain/relationship-rules.ts';
import { isTypeCode } from '../domain/type-codes.ts';
import { audit } from './audit.ts';

export interface CreateRelationshipTypeInput {
  readonly code: string;
  readonly name: string;
  readonly reverseName: string;
  readonly description?: string | null;
  readonly propagatesImpact?: boolean | null;
  readonly impactFlow?: ImpactFlow | null;
  readonly allowedPairs?: readonly { sourceTypeCode: string; targetTypeCode: string }[] | null;
}

const RELATIONSHIP_TYPE_VIOLATIONS = {
  relationship_type_code_key: userError('DUPLICATE', 'A relationship type with this code already exists.', ['input', 'code']),
};

/** Registers a relationship type with its allowed type pairs. */
export function createRelationshipType(db: TransactionalDb, actor: Actor, input: CreateRelationshipTypeInput) {
  return runCommand<RelationshipTypeRow>(db, async (tx) => {
    if (!isTypeCode(input.code)) refuse('INVALID_VALUE', 'A type code is a capital letter, then capitals, digits or underscores (at most 64).', ['input', 'code']);
    if (input.name.trim() === '') refuse('INVALID_VALUE', 'The name must not be blank.', ['input', 'name']);
    if (input.reverseName.trim() === '') refuse('INVALID_VALUE', 'The reverse name must not be blank.', ['input', 'reverseName']);
    const pairs = input.allowedPairs ?? [];
    const codes = [...new Set(pairs.flatMap((pair) => [pair.sourceTypeCode, pair.targetTypeCode]))];
    const typeIdOf = new Map((codes.length ? await findCiTypesByCodes(tx, codes) : []).map((type) => [type.code, type.id]));
    const unknown = pairs.flatMap((pair, index) =>
      (['sourceTypeCode', 'targetTypeCode'] as const)
        .filter((side) => !typeIdOf.has(pair[side]))
        .map((side) => userError('NOT_FOUND', `No CI type has the code "${pair[side]}".`, ['input', 'allowedPairs', String(index), side])),
    );
    refuseIf(unknown);
    const type = await insertRelationshipType(tx, {
      code: input.code,
      name: input.name.trim(),
      reverseName: input.reverseName.trim(),
      description: input.description ?? null,
      propagatesImpact: input.propagatesImpact ?? true,
      impactFlow: input.impactFlow ?? 'TARGET_TO_SOURCE',
    });
    const typePairs = pairs.map((pair) => ({ sourceTypeId: typeIdOf.get(pair.sourceTypeCode)!, targetTypeId: typeIdOf.get(pair.targetTypeCode)! }));
    await insertCiTypePairs(tx, type.id, typePairs);
    await audit(tx, actor, { action: 'relationship_type.created', entityType: 'RelationshipType', entityId: type.id, before: null, after: { ...type, allowedPairs: pairs } });
    return type;
  }, RELATIONSHIP_TYPE_VIOLATIONS);
}

/** The two items to link (ids already parsed from the arguments) and the type of link. */
export interface RelateConfigurationItemsInput {
  readonly fromId: string;
  readonly toId: string;
  readonly typeCode: string;
  readonly since?: string | null;
  readonly note?: string | null;
}

const RELATIONSHIP_VIOLATIONS = {
  relationship_unique: userError('DUPLICATE', 'These items are already linked by an active relationship of this type.', null),
};

/** Links two items: no self-links, no second active link of one type between them, only pairs the type allows, no retired items. */
export function relateConfigurationItems(db: TransactionalDb, actor: Actor, input: RelateConfigurationItemsInput) {
  const { fromId, toId } = input;
  return runCommand<RelationshipRow>(db, async (tx) => {
    if (fromId === toId) refuse('INVALID_VALUE', 'A configuration item cannot be related to itself.', ['input', 'toId']);
    const [type] = await findRelationshipTypesByCodes(tx, [input.typeCode]);
    if (!type) return refuse('NOT_FOUND', `No relationship type has the code "${input.typeCode}".`, ['input', 'typeCode']);
    // Both ends are held (shared) so neither is retired while the link is made.
    const items = await lockConfigurationItems(tx, [fromId, toId]);
    const source = items.find((item) => item.id === fromId);
    const target = items.find((item) => item.id === toId);
    const missing = [
      ...(source ? [] : [userError('NOT_FOUND', 'No configuration item has this id.', ['input', 'fromId'])]),
      ...(target ? [] : [userError('NOT_FOUND', 'No configuration item has this id.', ['input', 'toId'])]),
    ];
    if (missing.length > 0 || !source || !target) throw new Refusal(missing);
    if (source.status === 'RETIRED') refuse('INVALID_TRANSITION', `${source.code} is retired and cannot be related.`, ['input', 'fromId']);
    if (target.status === 'RETIRED') refuse('INVALID_TRANSITION', `${target.code} is retired and cannot be related.`, ['input', 'toId']);
    const pairs = await findCiTypePairsByRelationshipTypeIds(tx, [type.id]);
    if (!isPairAllowed(pairs, source.typeId, target.typeId)) {
      refuse('INVALID_VALUE', `A ${type.code} relationship cannot link these types of configuration item.`, ['input', 'typeCode']);
    }
    const relationship = await insertRelationship(tx, { typeId: type.id, sourceId: fromId, targetId: toId, since: input.since ?? null, note: input.note ?? null });
    await audit(tx, actor, { action: 'relationship.created', entityType: 'Relationship', entityId: relationship.relationshipId, before: null, after: relationship });
    return relationship;
  }, RELATIONSHIP_VIOLATIONS);
}

/** Retires an active relationship. */
export function retireRelationship(db: TransactionalDb, actor: Actor, input: { relationshipId: string }) {
  const id = input.relationshipId;
  return runCommand<RelationshipRow>(db, async (tx) => {
    const before = await lockRelationship(tx, id);
    if (!before) return refuse('NOT_FOUND', 'No relationship has this id.', ['input', 'relationshipId']);
    if (before.status === 'RETIRED') refuse('INVALID_TRANSITION', 'The relationship is already retired.', ['input', 'relationshipId']);
    await writeRetirement(tx, id);
    const after = (await findRelationshipById(tx, id))!;
    await audit(tx, actor, { action: 'relationship.retired', entityType: 'Relationship', entityId: id, before, after });
    return after;
  });
}
