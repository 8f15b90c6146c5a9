import { randomBytes } from 'node:crypto';
import type { SubgraphUnderTest } from '@inventory/platform/testing';
import { expect } from 'vitest';

/** A suffix that keeps this run's codes apart from every other test's. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

/** Runs a mutation as an operator and returns its payload, failing on top-level errors. */
export async function mutate(cmdb: SubgraphUnderTest, field: string, selection: string, input: Record<string, unknown>): Promise<any> {
  const { data, errors } = await cmdb.execute(`mutation ($input: ${inputTypeOf(field)}!) { ${field}(input: $input) { ${selection} userErrors { field message code } } }`, { input }, { as: 'operator' });
  expect(errors, JSON.stringify(errors)).toBeUndefined();
  return data[field];
}

/** Runs a mutation that must succeed and returns its payload. */
export async function mutateOk(cmdb: SubgraphUnderTest, field: string, selection: string, input: Record<string, unknown>): Promise<any> {
  const payload = await mutate(cmdb, field, selection, input);
  expect(payload.userErrors).toEqual([]);
  return payload;
}

/** Every CMDB mutation takes `<MutationName>Input`. */
function inputTypeOf(field: string): string {
  return `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
}

/** Creates a CI type with a published version holding `attributes`; returns the type id and code. */
export async function createTypeWithAttributes(cmdb: SubgraphUnderTest, code: string, attributes: readonly Record<string, unknown>[] = []) {
  const { ciType } = await mutateOk(cmdb, 'createCiType', 'ciType { id code }', { code, name: `Type ${code}` });
  const { ciTypeVersion } = await mutateOk(cmdb, 'createCiTypeVersion', 'ciTypeVersion { id }', { ciTypeId: ciType.id, attributes });
  await mutateOk(cmdb, 'publishCiTypeVersion', 'ciTypeVersion { id }', { versionId: ciTypeVersion.id });
  return { id: ciType.id as string, code: ciType.code as string, versionId: ciTypeVersion.id as string };
}

/** Creates a configuration item and returns its id. */
export async function createItem(cmdb: SubgraphUnderTest, input: Record<string, unknown>): Promise<string> {
  const { configurationItem } = await mutateOk(cmdb, 'createConfigurationItem', 'configurationItem { id }', input);
  return configurationItem.id;
}
