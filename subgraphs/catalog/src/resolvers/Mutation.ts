import { parseId, parseOptionalId, requireRole } from '@inventory/platform';
import { createAssetModel, deactivateAssetModel, updateAssetModelFields } from '../commands/asset-models.ts';
import { assignAsset, changeAssetStatus, createAsset, returnAsset, updateAssetFields } from '../commands/assets.ts';
import { createAssetCategory, createSpecVersion, publishSpecVersion, updateAssetCategoryFields, updateSpecVersion } from '../commands/categories.ts';
import { createPartNumber, deactivatePartNumber, updatePartNumberFields } from '../commands/part-numbers.ts';
import {
  createSupplier,
  createSupplierOffer,
  deactivateSupplier,
  deactivateSupplierOffer,
  updateSupplierFields,
  updateSupplierOfferFields,
} from '../commands/suppliers.ts';
import type { Context } from '../context.ts';
import { has } from '../domain/patch.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

/** Every catalog write is for operators and admins; the subgraph checks it itself. */
function writer(context: Context): Context {
  requireRole(context.caller, 'operator', 'admin');
  return context;
}

/** An optional id in an update input: absent stays absent, null stays null, anything else must be a valid id. */
function optionalIdField<Input extends object>(input: Input, key: keyof Input & string): Partial<Record<string, string | null>> {
  if (!has(input, key)) return {};
  return { [key]: parseOptionalId(input[key] as string | null, `input.${key}`) };
}

export const Mutation: MutationResolvers = {
  async createPartNumber(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await createPartNumber(db, context, input);
    return { partNumber: result, userErrors };
  },
  async updatePartNumber(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await updatePartNumberFields(db, context, { ...input, id: parseId(input.id, 'input.id') });
    return { partNumber: result, userErrors };
  },
  async deactivatePartNumber(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await deactivatePartNumber(db, context, parseId(input.id, 'input.id'));
    return { partNumber: result, userErrors };
  },

  async createSupplier(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await createSupplier(db, context, input);
    return { supplier: result, userErrors };
  },
  async updateSupplier(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await updateSupplierFields(db, context, { ...input, id: parseId(input.id, 'input.id') });
    return { supplier: result, userErrors };
  },
  async deactivateSupplier(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await deactivateSupplier(db, context, parseId(input.id, 'input.id'));
    return { supplier: result, userErrors };
  },

  async createSupplierOffer(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await createSupplierOffer(db, context, {
      ...input,
      partNumberId: parseId(input.partNumberId, 'input.partNumberId'),
      supplierId: parseId(input.supplierId, 'input.supplierId'),
    });
    return { supplierOffer: result, userErrors };
  },
  async updateSupplierOffer(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await updateSupplierOfferFields(db, context, { ...input, id: parseId(input.id, 'input.id') });
    return { supplierOffer: result, userErrors };
  },
  async deactivateSupplierOffer(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await deactivateSupplierOffer(db, context, parseId(input.id, 'input.id'));
    return { supplierOffer: result, userErrors };
  },

  async createAssetCategory(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await createAssetCategory(db, context, input);
    return { assetCategory: result, userErrors };
  },
  async updateAssetCategory(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await updateAssetCategoryFields(db, context, { ...input, id: parseId(input.id, 'input.id') });
    return { assetCategory: result, userErrors };
  },
  async deactivateAssetCategory(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await updateAssetCategoryFields(db, context, { id: parseId(input.id, 'input.id'), active: false });
    return { assetCategory: result, userErrors };
  },

  async createSpecVersion(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await createSpecVersion(db, context, { categoryId: parseId(input.categoryId, 'input.categoryId'), fields: input.fields });
    return { specVersion: result, userErrors };
  },
  async updateSpecVersion(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await updateSpecVersion(db, context, { id: parseId(input.id, 'input.id'), fields: input.fields });
    return { specVersion: result, userErrors };
  },
  async publishSpecVersion(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await publishSpecVersion(db, context, parseId(input.id, 'input.id'));
    return { specVersion: result, userErrors };
  },

  async createAssetModel(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await createAssetModel(db, context, {
      ...input,
      categoryId: parseId(input.categoryId, 'input.categoryId'),
      partNumberId: parseOptionalId(input.partNumberId, 'input.partNumberId'),
    });
    return { assetModel: result, userErrors };
  },
  async updateAssetModel(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await updateAssetModelFields(db, context, {
      ...input,
      id: parseId(input.id, 'input.id'),
      ...optionalIdField(input, 'categoryId'),
      ...optionalIdField(input, 'partNumberId'),
    });
    return { assetModel: result, userErrors };
  },
  async deactivateAssetModel(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await deactivateAssetModel(db, context, parseId(input.id, 'input.id'));
    return { assetModel: result, userErrors };
  },

  async createAsset(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await createAsset(db, context, {
      ...input,
      partNumberId: parseId(input.partNumberId, 'input.partNumberId'),
      modelId: parseOptionalId(input.modelId, 'input.modelId'),
    });
    return { asset: result, userErrors };
  },
  async updateAsset(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await updateAssetFields(db, context, {
      ...input,
      id: parseId(input.id, 'input.id'),
      ...optionalIdField(input, 'modelId'),
    });
    return { asset: result, userErrors };
  },
  async changeAssetStatus(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await changeAssetStatus(db, context, { ...input, id: parseId(input.id, 'input.id') });
    return { asset: result, userErrors };
  },
  async assignAsset(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await assignAsset(db, context, { ...input, assetId: parseId(input.assetId, 'input.assetId') });
    return { asset: result, userErrors };
  },
  async returnAsset(_parent, { input }, context) {
    const { db } = writer(context);
    const { result, userErrors } = await returnAsset(db, context, { ...input, assetId: parseId(input.assetId, 'input.assetId') });
    return { asset: result, userErrors };
  },
};
