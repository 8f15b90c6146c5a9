import { refuse, runCommand, userError, type Actor, type TransactionalDb } from '@inventory/platform';
import { lockConfigurationItems } from '../db/configuration-items.ts';
import {
  deleteServiceMember,
  insertService,
  lockService,
  lockServiceMember,
  updateService as writeService,
  upsertServiceMember,
  type Criticality,
  type ServiceRow,
} from '../db/services.ts';
import { audit } from './audit.ts';

export interface CreateServiceInput {
  readonly code: string;
  readonly name: string;
  readonly criticality: Criticality;
  readonly ownerTeam?: string | null;
  readonly sla?: string | null;
  readonly description?: string | null;
}

const SERVICE_VIOLATIONS = {
  service_code_key: userError('DUPLICATE', 'A service with this code already exists.', ['input', 'code']),
};

/** Registers a business service. */
export function createService(db: TransactionalDb, actor: Actor, input: CreateServiceInput) {
  return runCommand<ServiceRow>(db, async (tx) => {
    if (input.code.trim() === '') refuse('INVALID_VALUE', 'The code must not be blank.', ['input', 'code']);
    if (input.name.trim() === '') refuse('INVALID_VALUE', 'The name must not be blank.', ['input', 'name']);
    const service = await insertService(tx, {
      code: input.code.trim(),
      name: input.name.trim(),
      criticality: input.criticality,
      ownerTeam: input.ownerTeam ?? null,
      sla: input.sla ?? null,
      description: input.description ?? null,
      status: 'ACTIVE',
    });
    await audit(tx, actor, { action: 'service.created', entityType: 'Service', entityId: service.id, before: null, after: service });
    return service;
  }, SERVICE_VIOLATIONS);
}

/** Changes to a service (its id already parsed): an absent field keeps its value, null clears an optional one. */
export interface UpdateServiceInput {
  readonly id: string;
  readonly name?: string | null;
  readonly criticality?: Criticality | null;
  readonly ownerTeam?: string | null;
  readonly sla?: string | null;
  readonly description?: string | null;
  readonly status?: 'ACTIVE' | 'RETIRED' | null;
}

/** Changes the fields `input` names. */
export function updateService(db: TransactionalDb, actor: Actor, input: UpdateServiceInput) {
  const { id } = input;
  const given = (field: keyof UpdateServiceInput) => Object.hasOwn(input, field) && input[field] !== undefined;
  return runCommand<ServiceRow>(db, async (tx) => {
    const before = await lockService(tx, id);
    if (!before) return refuse('NOT_FOUND', 'No service has this id.', ['input', 'id']);
    if (input.name != null && input.name.trim() === '') refuse('INVALID_VALUE', 'The name must not be blank.', ['input', 'name']);
    const after = await writeService(tx, id, {
      name: input.name?.trim() ?? before.name,
      criticality: input.criticality ?? before.criticality,
      ownerTeam: given('ownerTeam') ? (input.ownerTeam ?? null) : before.ownerTeam,
      sla: given('sla') ? (input.sla ?? null) : before.sla,
      description: given('description') ? (input.description ?? null) : before.description,
      status: input.status ?? before.status,
    });
    await audit(tx, actor, { action: 'service.updated', entityType: 'Service', entityId: id, before, after });
    return after;
  });
}

/** Adds an item to a service, or changes its role there. */
export function addServiceMember(db: TransactionalDb, actor: Actor, input: { serviceId: string; configurationItemId: string; role?: string | null }) {
  const { serviceId, configurationItemId: ciId } = input;
  return runCommand<ServiceRow>(db, async (tx) => {
    const service = await lockService(tx, serviceId);
    if (!service) return refuse('NOT_FOUND', 'No service has this id.', ['input', 'serviceId']);
    const [item] = await lockConfigurationItems(tx, [ciId]);
    if (!item) return refuse('NOT_FOUND', 'No configuration item has this id.', ['input', 'configurationItemId']);
    if (item.status === 'RETIRED') refuse('INVALID_TRANSITION', `${item.code} is retired and cannot join a service.`, ['input', 'configurationItemId']);
    const before = await lockServiceMember(tx, serviceId, ciId);
    const after = await upsertServiceMember(tx, { serviceId, ciId, role: input.role ?? null });
    await audit(tx, actor, {
      action: before ? 'service_member.updated' : 'service_member.added',
      entityType: 'ServiceMember',
      entityId: `${serviceId}:${ciId}`,
      before,
      after,
    });
    return service;
  });
}

/** Removes an item from a service. */
export function removeServiceMember(db: TransactionalDb, actor: Actor, input: { serviceId: string; configurationItemId: string }) {
  const { serviceId, configurationItemId: ciId } = input;
  return runCommand<ServiceRow>(db, async (tx) => {
    const service = await lockService(tx, serviceId);
    if (!service) return refuse('NOT_FOUND', 'No service has this id.', ['input', 'serviceId']);
    const removed = await deleteServiceMember(tx, serviceId, ciId);
    if (!removed) refuse('NOT_FOUND', 'This configuration item is not a member of the service.', ['input', 'configurationItemId']);
    await audit(tx, actor, { action: 'service_member.removed', entityType: 'ServiceMember', entityId: `${serviceId}:${ciId}`, before: removed, after: null });
    return service;
  });
}
