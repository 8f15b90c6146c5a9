import { mutate, mutateOk, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';
import { createItem, createTypeWithAttributes } from './helpers.ts';

describe('relationships between configuration items', () => {
  let cmdb: SubgraphUnderTest;
  const suffix = uniqueTag();
  const HOSTED = `HOSTED_ON_${suffix}`;
  let app: string;
  let server: string;
  let otherServer: string;

  beforeAll(async () => {
    cmdb = await startSubgraphForTest(start, inject('databaseUrl'));
    const appType = await createTypeWithAttributes(cmdb, `APP_${suffix}`);
    const serverType = await createTypeWithAttributes(cmdb, `HOST_${suffix}`);
    await mutateOk(cmdb, 'createRelationshipType', 'relationshipType { id }', {
      code: HOSTED,
      name: 'is hosted on',
      reverseName: 'hosts',
      allowedPairs: [{ sourceTypeCode: appType.code, targetTypeCode: serverType.code }],
    });
    app = await createItem(cmdb, { code: `REL-APP-${suffix}`, name: 'App', typeCode: appType.code });
    server = await createItem(cmdb, { code: `REL-SRV-${suffix}`, name: 'Server', typeCode: serverType.code });
    otherServer = await createItem(cmdb, { code: `REL-SRV2-${suffix}`, name: 'Other server', typeCode: serverType.code });
  });
  afterAll(() => cmdb?.stop());

  const relate = (fromId: string, toId: string, typeCode = HOSTED) =>
    mutate(cmdb, 'relateConfigurationItems', 'relationship { relationshipId type name direction status target { code } }', { fromId, toId, typeCode, note: 'test link' });

  it('describes the type with its names, impact flow and allowed pairs', async () => {
    const { data } = await cmdb.execute(`{ relationshipTypes { code name reverseName propagatesImpact impactFlow allowedPairs { source { code } target { code } } } }`);
    expect(data.relationshipTypes.find((t: { code: string }) => t.code === HOSTED)).toEqual({
      code: HOSTED, name: 'is hosted on', reverseName: 'hosts', propagatesImpact: true, impactFlow: 'TARGET_TO_SOURCE',
      allowedPairs: [{ source: { code: `APP_${suffix}` }, target: { code: `HOST_${suffix}` } }],
    });
  });

  it('links two items and shows the link from each end with the fitting name', async () => {
    const created = await relate(app, server);
    expect(created).toEqual({
      relationship: { relationshipId: expect.any(String), type: HOSTED, name: 'is hosted on', direction: 'OUTGOING', status: 'ACTIVE', target: { code: `REL-SRV-${suffix}` } },
      userErrors: [],
    });
    const { data } = await cmdb.execute(`{
      app: configurationItem(id: "${app}") { relationships { relationshipId name direction note target { code } } }
      server: configurationItem(id: "${server}") { relationships(direction: INCOMING, type: "${HOSTED}") { relationshipId name direction target { code } } }
      none: configurationItem(id: "${server}") { relationships(direction: OUTGOING) { name } }
    }`);
    expect(data.app.relationships).toEqual([{ relationshipId: created.relationship.relationshipId, name: 'is hosted on', direction: 'OUTGOING', note: 'test link', target: { code: `REL-SRV-${suffix}` } }]);
    expect(data.server.relationships).toEqual([{ relationshipId: created.relationship.relationshipId, name: 'hosts', direction: 'INCOMING', target: { code: `REL-APP-${suffix}` } }]);
    expect(data.none.relationships).toEqual([]);
  });

  it('refuses self-links, duplicates, pairs the type does not allow and unknown ends', async () => {
    expect((await relate(app, app)).userErrors).toEqual([{ field: ['input', 'toId'], code: 'INVALID_VALUE', message: 'A configuration item cannot be related to itself.' }]);
    expect((await relate(app, server)).userErrors).toEqual([{ field: null, code: 'DUPLICATE', message: 'These items are already linked by an active relationship of this type.' }]);
    expect((await relate(server, app)).userErrors).toEqual([{ field: ['input', 'typeCode'], code: 'INVALID_VALUE', message: `A ${HOSTED} relationship cannot link these types of configuration item.` }]);
    expect((await relate(app, '999999999')).userErrors).toEqual([{ field: ['input', 'toId'], code: 'NOT_FOUND', message: 'No configuration item has this id.' }]);
    expect((await relate(app, server, 'NO_SUCH_TYPE')).userErrors).toEqual([{ field: ['input', 'typeCode'], code: 'NOT_FOUND', message: 'No relationship type has the code "NO_SUCH_TYPE".' }]);
  });

  it('makes exactly one link when the same link is requested concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => relate(app, otherServer)));
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
    expect(results.filter((r) => r.userErrors[0]?.code === 'DUPLICATE')).toHaveLength(5);
  });

  it('retires a link, keeps it out of the lists, and allows the same link again', async () => {
    const { data } = await cmdb.execute(`{ configurationItem(id: "${app}") { relationships(type: "${HOSTED}") { relationshipId target { id } } } }`);
    const link = data.configurationItem.relationships.find((r: any) => r.target.id === server);
    const retired = await mutateOk(cmdb, 'retireRelationship', 'relationship { relationshipId status }', { relationshipId: link.relationshipId });
    expect(retired.relationship).toEqual({ relationshipId: link.relationshipId, status: 'RETIRED' });
    const again = await mutate(cmdb, 'retireRelationship', 'relationship { status }', { relationshipId: link.relationshipId });
    expect(again.userErrors).toEqual([{ field: ['input', 'relationshipId'], code: 'INVALID_TRANSITION', message: 'The relationship is already retired.' }]);
    const after = await cmdb.execute(`{ configurationItem(id: "${server}") { relationships { relationshipId } } }`);
    expect(after.data.configurationItem.relationships).toEqual([]);
    expect((await relate(app, server)).userErrors).toEqual([]);
  });

  it('retires an item with its links and refuses to link it afterwards', async () => {
    const retiredType = await createTypeWithAttributes(cmdb, `GONE_${suffix}`);
    const doomed = await createItem(cmdb, { code: `REL-GONE-${suffix}`, name: 'Doomed', typeCode: retiredType.code });
    const anyPair = `ANY_${suffix}`;
    await mutateOk(cmdb, 'createRelationshipType', 'relationshipType { id }', { code: anyPair, name: 'touches', reverseName: 'is touched by' });
    await mutateOk(cmdb, 'relateConfigurationItems', 'relationship { relationshipId }', { fromId: doomed, toId: app, typeCode: anyPair });
    const retired = await mutateOk(cmdb, 'retireConfigurationItem', 'configurationItem { status relationships { name } }', { id: doomed });
    expect(retired.configurationItem).toEqual({ status: 'RETIRED', relationships: [] });
    expect((await relate(doomed, app, anyPair)).userErrors).toEqual([{ field: ['input', 'fromId'], code: 'INVALID_TRANSITION', message: `REL-GONE-${suffix} is retired and cannot be related.` }]);
    const update = await mutate(cmdb, 'updateConfigurationItem', 'configurationItem { id }', { id: doomed, name: 'back?' });
    expect(update.userErrors).toEqual([{ field: ['input', 'id'], code: 'INVALID_TRANSITION', message: 'A retired configuration item cannot change.' }]);
  });
});

describe('business services and items at a location', () => {
  let cmdb: SubgraphUnderTest;
  const suffix = uniqueTag();

  beforeAll(async () => {
    cmdb = await startSubgraphForTest(start, inject('databaseUrl'));
  });
  afterAll(() => cmdb?.stop());

  it('creates a service, manages its members and lists it among services', async () => {
    const type = await createTypeWithAttributes(cmdb, `SVCT_${suffix}`);
    const a = await createItem(cmdb, { code: `SVC-A-${suffix}`, name: 'A', typeCode: type.code });
    const b = await createItem(cmdb, { code: `SVC-B-${suffix}`, name: 'B', typeCode: type.code });
    const { service } = await mutateOk(cmdb, 'createService', 'service { id code criticality sla status }', { code: `SVC-${suffix}`, name: 'Payments', criticality: 'CRITICAL', sla: '99.95% monthly' });
    expect(service).toMatchObject({ code: `SVC-${suffix}`, criticality: 'CRITICAL', sla: '99.95% monthly', status: 'ACTIVE' });
    await mutateOk(cmdb, 'addServiceMember', 'service { id }', { serviceId: service.id, configurationItemId: b, role: 'database' });
    await mutateOk(cmdb, 'addServiceMember', 'service { id }', { serviceId: service.id, configurationItemId: a, role: 'app' });
    const changed = await mutateOk(cmdb, 'addServiceMember', 'service { members { role configurationItem { code } } }', { serviceId: service.id, configurationItemId: a, role: 'frontend' });
    expect(changed.service.members).toEqual([{ role: 'frontend', configurationItem: { code: `SVC-A-${suffix}` } }, { role: 'database', configurationItem: { code: `SVC-B-${suffix}` } }]);
    const removed = await mutateOk(cmdb, 'removeServiceMember', 'service { members { configurationItem { code } } }', { serviceId: service.id, configurationItemId: b });
    expect(removed.service.members).toEqual([{ configurationItem: { code: `SVC-A-${suffix}` } }]);
    const again = await mutate(cmdb, 'removeServiceMember', 'service { id }', { serviceId: service.id, configurationItemId: b });
    expect(again.userErrors).toEqual([{ field: ['input', 'configurationItemId'], code: 'NOT_FOUND', message: 'This configuration item is not a member of the service.' }]);
    const { data } = await cmdb.execute(`{ configurationItem(id: "${a}") { services { code } } services(filter: { criticality: [CRITICAL] }, first: 100) { edges { node { code } } } }`);
    expect(data.configurationItem.services).toEqual([{ code: `SVC-${suffix}` }]);
    expect(data.services.edges.map((e: any) => e.node.code)).toContain(`SVC-${suffix}`);
    const retired = await mutateOk(cmdb, 'updateService', 'service { status }', { id: service.id, status: 'RETIRED' });
    expect(retired.service.status).toBe('RETIRED');
    const afterRetire = await cmdb.execute(`{ configurationItem(id: "${a}") { services { code } } }`);
    expect(afterRetire.data.configurationItem.services).toEqual([]);
  });

  it('pages through services most critical first without gaps or repeats', async () => {
    const seen: { code: string; criticality: string }[] = [];
    let after: string | null = null;
    do {
      const result: any = await cmdb.execute(`query ($after: String) { services(first: 2, after: $after) { totalCount edges { node { code criticality } } pageInfo { hasNextPage endCursor } } }`, { after });
      seen.push(...result.data.services.edges.map((e: any) => e.node));
      after = result.data.services.pageInfo.hasNextPage ? result.data.services.pageInfo.endCursor : null;
    } while (after);
    const ranks = seen.map((s) => ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].indexOf(s.criticality));
    expect([...ranks].sort((x, y) => x - y)).toEqual(ranks);
    expect(new Set(seen.map((s) => s.code)).size).toBe(seen.length);
  });

  it('lists the items at several locations with one statement for all of them', async () => {
    const held = await cmdb.db.query<{ locationId: string; count: number }>(
      'locationsOfTest',
      `SELECT location_id AS "locationId", count(*)::int AS count FROM cmdb.configuration_item WHERE location_id IS NOT NULL
       GROUP BY location_id ORDER BY count(*) DESC, location_id LIMIT 3`,
    );
    expect(held.length).toBe(3);
    const representations = held.map((row) => `{ __typename: "Location", id: "${row.locationId}" }`).join(', ');
    const { data, errors } = await cmdb.execute(`{ _entities(representations: [${representations}]) {
      ... on Location { id configurationItems(first: 2) { totalCount edges { node { code location { id } } } } }
    } }`);
    expect(errors).toBeUndefined();
    expect([...cmdb.statements].sort()).toEqual(['countConfigurationItemsByLocations', 'findConfigurationItemPagesByLocations']);
    data._entities.forEach((location: any, index: number) => {
      expect(location.id).toBe(held[index]!.locationId);
      expect(location.configurationItems.totalCount).toBe(held[index]!.count);
      const codes = location.configurationItems.edges.map((edge: any) => edge.node.code);
      expect(codes).toHaveLength(Math.min(2, held[index]!.count));
      expect([...codes].sort()).toEqual(codes);
      for (const edge of location.configurationItems.edges) expect(edge.node.location).toEqual({ id: location.id });
    });
  });
});
