import { mutateOk, type SubgraphUnderTest } from '@inventory/platform/testing';

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
