import { refuse, refuseIf, runCommand, userError, type Actor, type CommandResult, type Queryable, type TransactionalDb, type Violations } from '@inventory/platform';
import { auditView, recordCatalogAudit, type AuditEntityType } from '../db/audit.ts';
import { lockPartNumber } from '../db/part-numbers.ts';
import {
  clearPreferredOffers,
  findSuppliersByIds,
  insertSupplier,
  insertSupplierOffer,
  lockSupplier,
  lockSupplierOffer,
  updateSupplier,
  updateSupplierOffer,
  type SupplierOfferRow,
  type SupplierOfferValues,
  type SupplierRow,
  type SupplierValues,
} from '../db/suppliers.ts';
import { patched } from '../domain/patch.ts';
import { checkSupplier, checkSupplierOffer, cleanText, type SupplierContact } from '../domain/rules.ts';

export interface SupplierContactInput {
  readonly name: string;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly role?: string | null;
}

export interface CreateSupplierInput {
  readonly name: string;
  readonly contacts?: readonly SupplierContactInput[] | null;
  readonly website?: string | null;
  readonly leadTimeDays?: number | null;
  readonly preferred?: boolean | null;
  readonly notes?: string | null;
}

export type UpdateSupplierInput = { readonly [Key in keyof CreateSupplierInput]?: CreateSupplierInput[Key] | null } & {
  readonly id: string;
  readonly active?: boolean | null;
};

export interface CreateSupplierOfferInput {
  readonly partNumberId: string;
  readonly supplierId: string;
  readonly sku: string;
  readonly unitCost?: string | null;
  readonly currency?: string | null;
  readonly leadTimeDays?: number | null;
  readonly minimumOrderQuantity?: string | null;
  readonly preferred?: boolean | null;
}

export interface UpdateSupplierOfferInput {
  readonly id: string;
  readonly sku?: string | null;
  readonly unitCost?: string | null;
  readonly currency?: string | null;
  readonly leadTimeDays?: number | null;
  readonly minimumOrderQuantity?: string | null;
  readonly preferred?: boolean | null;
  readonly active?: boolean | null;
}

const SUPPLIER_VIOLATIONS: Violations = {
  supplier_name_key: userError('DUPLICATE', 'Another supplier already has this name.', ['input', 'name']),
};
const OFFER_VIOLATIONS: Violations = {
  supplier_offer_part_supplier_key: userError('DUPLICATE', 'This supplier already has an offer for this part number; update it instead.', ['input', 'supplierId']),
  // schema/migrations/0052_supplier_offer_quantity_units.sql: a quantity of the part respects its unit.
  supplier_offer_quantity_fits_unit: userError(
    'INVALID_VALUE',
    "The minimum order quantity has more decimal places than the part's unit of measure allows (EA counts whole units).",
    ['input', 'minimumOrderQuantity'],
  ),
};

const contactsOf = (contacts: readonly SupplierContactInput[]): SupplierContact[] =>
  contacts.map((contact) => ({
    name: contact.name.trim(),
    email: cleanText(contact.email),
    phone: cleanText(contact.phone),
    role: cleanText(contact.role),
  }));

async function audit(tx: Queryable, actor: Actor, action: string, entityType: AuditEntityType, entityId: string, before: object | null, after: object) {
  await recordCatalogAudit(tx, actor, {
    action,
    entityType,
    entityId,
    before: before && auditView(before),
    after: auditView(after),
  });
}

/** Registers a supplier, audited. */
export function createSupplier(db: TransactionalDb, actor: Actor, input: CreateSupplierInput): Promise<CommandResult<SupplierRow>> {
  const draft = {
    name: cleanText(input.name),
    contacts: contactsOf(input.contacts ?? []),
    website: cleanText(input.website),
    leadTimeDays: input.leadTimeDays ?? null,
    preferred: input.preferred ?? false,
    active: true,
    notes: cleanText(input.notes),
  };
  return runCommand(
    db,
    async (tx) => {
      refuseIf(checkSupplier(draft));
      const row = await insertSupplier(tx, { ...draft, name: draft.name! }, actor.caller.subject);
      await audit(tx, actor, 'supplier.created', 'Supplier', row.id, null, row);
      return row;
    },
    SUPPLIER_VIOLATIONS,
  );
}

/** Changes a supplier (absent fields kept, null clears optional ones), audited. */
export function updateSupplierFields(db: TransactionalDb, actor: Actor, input: UpdateSupplierInput): Promise<CommandResult<SupplierRow>> {
  return runCommand(
    db,
    async (tx) => {
      const current = await lockSupplier(tx, input.id);
      if (!current) refuse('NOT_FOUND', `No supplier has the id ${input.id}.`, ['input', 'id']);
      const text = (value: string) => cleanText(value);
      const draft = {
        name: patched(input, 'name', current.name as string | null, text, { nullable: false }),
        contacts: patched(input, 'contacts', current.contacts, contactsOf, { nullable: false }),
        website: patched(input, 'website', current.website, text, { nullable: true }),
        leadTimeDays: patched(input, 'leadTimeDays', current.leadTimeDays, Number, { nullable: true }),
        preferred: patched(input, 'preferred', current.preferred, Boolean, { nullable: false }),
        active: patched(input, 'active', current.active, Boolean, { nullable: false }),
        notes: patched(input, 'notes', current.notes, text, { nullable: true }),
      };
      refuseIf(checkSupplier(draft));
      const values: SupplierValues = { ...draft, name: draft.name! };
      const row = await updateSupplier(tx, current.id, values, actor.caller.subject);
      await audit(tx, actor, current.active && !row.active ? 'supplier.deactivated' : 'supplier.updated', 'Supplier', row.id, current, row);
      return row;
    },
    SUPPLIER_VIOLATIONS,
  );
}

/** Marks a supplier inactive; one already inactive is returned unchanged. */
export function deactivateSupplier(db: TransactionalDb, actor: Actor, id: string): Promise<CommandResult<SupplierRow>> {
  return runCommand(db, async (tx) => {
    const current = await lockSupplier(tx, id);
    if (!current) refuse('NOT_FOUND', `No supplier has the id ${id}.`, ['input', 'id']);
    if (!current.active) return current;
    const row = await updateSupplier(tx, id, { ...current, active: false }, actor.caller.subject);
    await audit(tx, actor, 'supplier.deactivated', 'Supplier', row.id, current, row);
    return row;
  });
}

/** Records a supplier's offer for a part; a preferred offer takes the flag from the part's other offers. Audited. */
export function createSupplierOffer(db: TransactionalDb, actor: Actor, input: CreateSupplierOfferInput): Promise<CommandResult<SupplierOfferRow>> {
  const draft = {
    sku: cleanText(input.sku),
    unitCost: input.unitCost ?? null,
    currency: cleanText(input.currency)?.toUpperCase() ?? 'EUR',
    leadTimeDays: input.leadTimeDays ?? null,
    minimumOrderQuantity: input.minimumOrderQuantity ?? '1',
    preferred: input.preferred ?? false,
    active: true,
  };
  return runCommand(
    db,
    async (tx) => {
      // The part's lock orders concurrent changes to its preferred offer.
      const part = await lockPartNumber(tx, input.partNumberId);
      const [supplier] = await findSuppliersByIds(tx, [input.supplierId]);
      if (!part) refuse('NOT_FOUND', `No part number has the id ${input.partNumberId}.`, ['input', 'partNumberId']);
      if (!supplier) refuse('NOT_FOUND', `No supplier has the id ${input.supplierId}.`, ['input', 'supplierId']);
      if (!supplier.active) refuse('INVALID_VALUE', `Supplier ${supplier.name} is inactive.`, ['input', 'supplierId']);
      refuseIf(checkSupplierOffer(draft));
      if (draft.preferred) await clearPreferredOffers(tx, part.id, null, actor.caller.subject);
      const row = await insertSupplierOffer(tx, part.id, supplier.id, { ...draft, sku: draft.sku! }, actor.caller.subject);
      await audit(tx, actor, 'supplier_offer.created', 'SupplierOffer', row.id, null, row);
      return row;
    },
    OFFER_VIOLATIONS,
  );
}

/** Changes an offer (absent fields kept, null clears optional ones), audited. */
export function updateSupplierOfferFields(db: TransactionalDb, actor: Actor, input: UpdateSupplierOfferInput): Promise<CommandResult<SupplierOfferRow>> {
  return runCommand(db, async (tx) => {
    const current = await lockSupplierOffer(tx, input.id);
    if (!current) refuse('NOT_FOUND', `No supplier offer has the id ${input.id}.`, ['input', 'id']);
    const draft = {
      sku: patched(input, 'sku', current.sku as string | null, (value) => cleanText(value), { nullable: false }),
      unitCost: patched(input, 'unitCost', current.unitCost, String, { nullable: true }),
      currency: patched(input, 'currency', current.currency, (value) => value.trim().toUpperCase(), { nullable: false }),
      leadTimeDays: patched(input, 'leadTimeDays', current.leadTimeDays, Number, { nullable: true }),
      minimumOrderQuantity: patched(input, 'minimumOrderQuantity', current.minimumOrderQuantity, String, { nullable: false }),
      preferred: patched(input, 'preferred', current.preferred, Boolean, { nullable: false }),
      active: patched(input, 'active', current.active, Boolean, { nullable: false }),
    };
    refuseIf(checkSupplierOffer(draft));
    const values: SupplierOfferValues = { ...draft, sku: draft.sku!, preferred: draft.preferred && draft.active };
    if (values.preferred && !current.preferred) {
      await lockPartNumber(tx, current.partNumberId);
      await clearPreferredOffers(tx, current.partNumberId, current.id, actor.caller.subject);
    }
    const row = await updateSupplierOffer(tx, current.id, values, actor.caller.subject);
    await audit(tx, actor, current.active && !row.active ? 'supplier_offer.deactivated' : 'supplier_offer.updated', 'SupplierOffer', row.id, current, row);
    return row;
  }, OFFER_VIOLATIONS);
}

/** Marks an offer inactive and no longer preferred, audited. */
export function deactivateSupplierOffer(db: TransactionalDb, actor: Actor, id: string): Promise<CommandResult<SupplierOfferRow>> {
  return updateSupplierOfferFields(db, actor, { id, active: false });
}
