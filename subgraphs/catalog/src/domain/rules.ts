import { decimalPlaces, toMicros, userError, type UserError } from '@inventory/platform';

/**
 * Field rules for catalog master data, checked on the merged state an
 * object would have after a create or update. Every refusal is an
 * `INVALID_VALUE` naming the input field (`["input", name]`).
 */

const CODE = /^[A-Z0-9][A-Z0-9._/-]{0,63}$/;
const SERIAL = /^[A-Za-z0-9][A-Za-z0-9._/:#-]{0,99}$/;
const UNIT = /^[A-Za-z0-9_]{1,16}$/;
const CURRENCY = /^[A-Z]{3}$/;
const WEBSITE = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const MAX_TEXT = 500;
const MAX_LEAD_TIME_DAYS = 3650;

/** Trims text; empty becomes null. */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

const at = (name: string) => ['input', name];

class Checks {
  readonly errors: UserError[] = [];
  fail(name: string, message: string): void {
    this.errors.push(userError('INVALID_VALUE', message, at(name)));
  }
  required(name: string, value: string | null, label: string): void {
    if (value === null) this.fail(name, `${label} must not be empty.`);
    else if (value.length > MAX_TEXT) this.fail(name, `${label} has at most ${MAX_TEXT} characters.`);
  }
  optional(name: string, value: string | null, label: string): void {
    if (value !== null && value.length > MAX_TEXT) this.fail(name, `${label} has at most ${MAX_TEXT} characters.`);
  }
  notNegative(name: string, value: string | null, label: string): void {
    if (value !== null && toMicros(value) < 0n) this.fail(name, `${label} must not be negative.`);
  }
  leadTime(name: string, value: number | null): void {
    if (value !== null && (value < 0 || value > MAX_LEAD_TIME_DAYS)) this.fail(name, `Lead time must be between 0 and ${MAX_LEAD_TIME_DAYS} days.`);
  }
  object(name: string, value: unknown): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(name, 'Metadata must be a JSON object.');
  }
}

export interface PartNumberDraft {
  readonly code: string;
  readonly description: string | null;
  readonly unitOfMeasure: string | null;
  readonly category: string | null;
  readonly subcategory: string | null;
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly minimumStock: string;
  readonly maximumStock: string | null;
  readonly reorderPoint: string;
  readonly leadTimeDays: number | null;
  readonly costCenter: string | null;
  readonly metadata: unknown;
}

/** Refusals for a part number in the state `draft`. */
export function checkPartNumber(draft: PartNumberDraft): UserError[] {
  const checks = new Checks();
  if (!CODE.test(draft.code)) {
    checks.fail('code', `Code "${draft.code}" must be 1 to 64 capital letters, digits or . _ / -, starting with a letter or digit.`);
  }
  checks.required('description', draft.description, 'Description');
  if (draft.unitOfMeasure === null || !UNIT.test(draft.unitOfMeasure)) checks.fail('unitOfMeasure', 'Unit of measure must be 1 to 16 letters, digits or _.');
  for (const name of ['category', 'subcategory', 'manufacturer', 'model', 'costCenter'] as const) checks.optional(name, draft[name], name);
  checks.notNegative('minimumStock', draft.minimumStock, 'Minimum stock');
  checks.notNegative('maximumStock', draft.maximumStock, 'Maximum stock');
  checks.notNegative('reorderPoint', draft.reorderPoint, 'Reorder point');
  if (draft.maximumStock !== null) {
    const maximum = toMicros(draft.maximumStock);
    if (maximum < toMicros(draft.minimumStock)) checks.fail('maximumStock', 'Maximum stock must not be below minimum stock.');
    else if (maximum < toMicros(draft.reorderPoint)) checks.fail('reorderPoint', 'Reorder point must not be above maximum stock.');
  }
  checks.leadTime('leadTimeDays', draft.leadTimeDays);
  checks.object('metadata', draft.metadata);
  return checks.errors;
}

/**
 * Refusals for a part number's unit: it must be a known unit (`unit` is
 * null when `unitOfMeasure` names none), and the part's stock levels are
 * quantities of it, so none may have more decimal places than it allows
 * (EA counts whole units).
 */
export function checkPartNumberUnit(
  draft: Pick<PartNumberDraft, 'unitOfMeasure' | 'minimumStock' | 'maximumStock' | 'reorderPoint'>,
  unit: { readonly code: string; readonly decimalPlaces: number } | null,
): UserError[] {
  const checks = new Checks();
  if (unit === null) {
    checks.fail('unitOfMeasure', `Unit of measure ${draft.unitOfMeasure} is not known; use one listed by unitsOfMeasure.`);
    return checks.errors;
  }
  const levels = [['minimumStock', draft.minimumStock], ['maximumStock', draft.maximumStock], ['reorderPoint', draft.reorderPoint]] as const;
  for (const [name, value] of levels) {
    if (value !== null && decimalPlaces(value) > unit.decimalPlaces) {
      checks.fail(name, unit.decimalPlaces === 0
        ? `${unit.code} is counted in whole units: ${name} must be a whole number.`
        : `${unit.code} is counted to ${unit.decimalPlaces} decimal places: ${name} has more.`);
    }
  }
  return checks.errors;
}

export interface SupplierContact {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly role: string | null;
}

export interface SupplierDraft {
  readonly name: string | null;
  readonly contacts: readonly SupplierContact[];
  readonly website: string | null;
  readonly leadTimeDays: number | null;
  readonly notes: string | null;
}

/** Refusals for a supplier in the state `draft`. */
export function checkSupplier(draft: SupplierDraft): UserError[] {
  const checks = new Checks();
  checks.required('name', draft.name, 'Name');
  if (draft.website !== null && !WEBSITE.test(draft.website)) checks.fail('website', 'Website must be an http:// or https:// address.');
  checks.leadTime('leadTimeDays', draft.leadTimeDays);
  checks.optional('notes', draft.notes, 'Notes');
  draft.contacts.forEach((contact, index) => {
    const field = ['input', 'contacts', String(index)];
    if (contact.name.trim() === '') checks.errors.push(userError('INVALID_VALUE', 'A contact needs a name.', [...field, 'name']));
    if (contact.email !== null && !EMAIL.test(contact.email)) {
      checks.errors.push(userError('INVALID_VALUE', `"${contact.email}" is not an e-mail address.`, [...field, 'email']));
    }
  });
  return checks.errors;
}

export interface SupplierOfferDraft {
  readonly sku: string | null;
  readonly unitCost: string | null;
  readonly currency: string;
  readonly leadTimeDays: number | null;
  readonly minimumOrderQuantity: string;
}

/** Refusals for a supplier offer in the state `draft`. */
export function checkSupplierOffer(draft: SupplierOfferDraft): UserError[] {
  const checks = new Checks();
  checks.required('sku', draft.sku, 'SKU');
  checks.notNegative('unitCost', draft.unitCost, 'Unit cost');
  if (!CURRENCY.test(draft.currency)) checks.fail('currency', 'Currency must be a three-letter ISO 4217 code such as EUR.');
  checks.leadTime('leadTimeDays', draft.leadTimeDays);
  if (toMicros(draft.minimumOrderQuantity) <= 0n) checks.fail('minimumOrderQuantity', 'Minimum order quantity must be above zero.');
  return checks.errors;
}

export interface AssetCategoryDraft {
  readonly code: string;
  readonly name: string | null;
  readonly description: string | null;
}

/** Refusals for an asset category in the state `draft`. */
export function checkAssetCategory(draft: AssetCategoryDraft): UserError[] {
  const checks = new Checks();
  if (!CODE.test(draft.code)) checks.fail('code', `Code "${draft.code}" must be 1 to 64 capital letters, digits or . _ / -, starting with a letter or digit.`);
  checks.required('name', draft.name, 'Name');
  checks.optional('description', draft.description, 'Description');
  return checks.errors;
}

export interface AssetModelDraft {
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly description: string | null;
}

/** Refusals for an asset model's own fields in the state `draft` (its spec is checked by `validateSpec`). */
export function checkAssetModel(draft: AssetModelDraft): UserError[] {
  const checks = new Checks();
  checks.required('manufacturer', draft.manufacturer, 'Manufacturer');
  checks.required('model', draft.model, 'Model');
  checks.optional('description', draft.description, 'Description');
  return checks.errors;
}

export interface AssetDraft {
  readonly serialNumber: string;
  readonly batchNumber: string | null;
  readonly acquisitionCost: string | null;
  readonly lastMaintenanceOn: string | null;
  readonly nextMaintenanceOn: string | null;
  readonly project: string | null;
  readonly notes: string | null;
  readonly metadata: unknown;
}

/** Refusals for an asset in the state `draft`. */
export function checkAsset(draft: AssetDraft): UserError[] {
  const checks = new Checks();
  if (!SERIAL.test(draft.serialNumber)) {
    checks.fail('serialNumber', `Serial number "${draft.serialNumber}" must be 1 to 100 letters, digits or . _ / : # -, starting with a letter or digit.`);
  }
  checks.optional('batchNumber', draft.batchNumber, 'Batch number');
  checks.notNegative('acquisitionCost', draft.acquisitionCost, 'Acquisition cost');
  if (draft.lastMaintenanceOn !== null && draft.nextMaintenanceOn !== null && draft.nextMaintenanceOn < draft.lastMaintenanceOn) {
    checks.fail('nextMaintenanceOn', 'Next maintenance must not be before the last one.');
  }
  checks.optional('project', draft.project, 'Project');
  checks.optional('notes', draft.notes, 'Notes');
  checks.object('metadata', draft.metadata);
  return checks.errors;
}
