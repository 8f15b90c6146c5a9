import { mutateOk, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';
import { createItem, createTypeWithAttributes } from './helpers.ts';

type Flow = 'TARGET_TO_SOURCE' | 'SOURCE_TO_TARGET' | 'BOTH';
interface Edge { readonly source: number; readonly target: number; readonly type: string }
interface Reached { readonly code: string; readonly depth: number; readonly path: string[]; readonly viaType: string }

/** A deterministic pseudo-random sequence, so a failing graph can be rebuilt. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * The slow reference: enumerate every simple path of at most `maxDepth`
 * links the way impact travels, and keep for each item its shortest depth,
 * the smallest path (by ids) of that depth and the smallest type code on
 * that path's last link. Exponential on purpose: it states the contract
 * (each item once, at its smallest depth, with one path) without the
 * breadth-first walk's reasoning, so a graph small enough for it checks the walk.
 */
function referenceImpact(
  edges: readonly Edge[],
  flows: ReadonlyMap<string, Flow | null>,
  ids: readonly string[],
  codes: readonly string[],
  root: number,
  direction: 'DOWNSTREAM' | 'UPSTREAM',
  maxDepth: number,
  types: readonly string[] | null,
): Reached[] {
  const steps = new Map<number, { next: number; type: string }[]>();
  const add = (from: number, next: number, type: string) => steps.set(from, [...(steps.get(from) ?? []), { next, type }]);
  for (const edge of edges) {
    const flow = flows.get(edge.type);
    if (!flow || (types && !types.includes(edge.type))) continue;
    const againstLink = flow === 'BOTH' || flow === (direction === 'DOWNSTREAM' ? 'TARGET_TO_SOURCE' : 'SOURCE_TO_TARGET');
    const alongLink = flow === 'BOTH' || flow === (direction === 'DOWNSTREAM' ? 'SOURCE_TO_TARGET' : 'TARGET_TO_SOURCE');
    if (againstLink) add(edge.target, edge.source, edge.type);
    if (alongLink) add(edge.source, edge.target, edge.type);
  }
  const idOf = (node: number) => BigInt(ids[node]!);
  const smaller = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (idOf(a[i]!) !== idOf(b[i]!)) return idOf(a[i]!) < idOf(b[i]!);
    return false;
  };
  const best = new Map<number, { path: number[]; type: string }>();
  const visit = (path: number[]) => {
    if (path.length - 1 === maxDepth) return;
    for (const { next, type } of steps.get(path.at(-1)!) ?? []) {
      if (path.includes(next)) continue;
      const candidate = [...path, next];
      const current = best.get(next);
      if (
        !current ||
        candidate.length < current.path.length ||
        (candidate.length === current.path.length && smaller(candidate, current.path)) ||
        (candidate.length === current.path.length && !smaller(current.path, candidate) && type < current.type)
      ) {
        best.set(next, { path: candidate, type });
      }
      visit(candidate);
    }
  };
  visit([root]);
  return [...best.entries()]
    .map(([node, { path, type }]) => ({ code: codes[node]!, depth: path.length - 1, path: path.map((step) => codes[step]!), viaType: type }))
    .sort((a, b) => a.depth - b.depth || (a.code < b.code ? -1 : 1));
}

describe('impact analysis', () => {
  let cmdb: SubgraphUnderTest;
  const suffix = uniqueTag();
  // First letters keep the code order the same in JavaScript and in any database collation.
  const FEEDS = `A_FEEDS_${suffix}`;
  const MIRRORS = `B_MIRRORS_${suffix}`;
  const PUSHES = `C_PUSHES_${suffix}`;
  const BACKS_UP = `D_BACKS_UP_${suffix}`;
  const flows = new Map<string, Flow | null>([[FEEDS, 'TARGET_TO_SOURCE'], [MIRRORS, 'BOTH'], [PUSHES, 'SOURCE_TO_TARGET'], [BACKS_UP, null]]);
  const NODES = 18;
  const codes = Array.from({ length: NODES }, (_, index) => `IMP-${suffix}-${String(index).padStart(2, '0')}`);
  const ids: string[] = [];
  const edges: Edge[] = [];

  beforeAll(async () => {
    cmdb = await startSubgraphForTest(start, inject('databaseUrl'));
    const type = await createTypeWithAttributes(cmdb, `IMPACT_NODE_${suffix}`);
    for (const [code, flow] of flows) {
      await mutateOk(cmdb, 'createRelationshipType', 'relationshipType { id }', {
        code,
        name: code.toLowerCase(),
        reverseName: `reverse ${code.toLowerCase()}`,
        propagatesImpact: flow !== null,
        impactFlow: flow ?? 'TARGET_TO_SOURCE',
      });
    }
    // Created in a shuffled order so ids do not follow codes and the smallest-path rule is really exercised.
    const order = Array.from({ length: NODES }, (_, index) => index).sort((a, b) => ((a * 7) % NODES) - ((b * 7) % NODES));
    for (const node of order) ids[node] = await createItem(cmdb, { code: codes[node], name: `Impact node ${node}`, typeCode: type.code });

    const link = (source: number, target: number, typeCode: string) => {
      if (source === target || edges.some((e) => e.source === source && e.target === target && e.type === typeCode)) return;
      edges.push({ source, target, type: typeCode });
    };
    // A cycle 0 <- 1 <- 2 <- 0 of FEEDS (each feeds the one before), a diamond 3 <- {4, 5} <- 6, a long chain 7 <- ... <- 13,
    // a MIRRORS pair (both ways), a PUSHES link (source to target) and a non-propagating backup link.
    link(0, 1, FEEDS); link(1, 2, FEEDS); link(2, 0, FEEDS);
    link(3, 4, FEEDS); link(3, 5, FEEDS); link(4, 6, FEEDS); link(5, 6, FEEDS);
    for (let node = 7; node < 13; node++) link(node, node + 1, FEEDS);
    link(14, 6, MIRRORS); link(6, 0, MIRRORS);
    link(15, 3, PUSHES); link(3, 16, PUSHES);
    link(17, 0, BACKS_UP);
    link(0, 7, FEEDS); link(6, 1, FEEDS); link(7, 3, FEEDS);
    // Plus random links of every type among all but the last item (reached by the backup link only), some parallel to the ones above.
    const next = random(42);
    const typeCodes = [...flows.keys()];
    for (let i = 0; i < 24; i++) link(Math.floor(next() * (NODES - 1)), Math.floor(next() * (NODES - 1)), typeCodes[Math.floor(next() * typeCodes.length)]!);
    for (const edge of edges) {
      await mutateOk(cmdb, 'relateConfigurationItems', 'relationship { relationshipId }', { fromId: ids[edge.source], toId: ids[edge.target], typeCode: edge.type });
    }
  }, 120_000);
  afterAll(() => cmdb?.stop());

  const IMPACT = `query ($code: String!, $direction: ImpactDirection!, $maxDepth: Int, $types: [String!]) {
    configurationItem(code: $code) {
      impact(direction: $direction, maxDepth: $maxDepth, types: $types) { configurationItem { code } depth path { code } viaType }
    }
  }`;

  async function impact(node: number, direction: 'DOWNSTREAM' | 'UPSTREAM', maxDepth: number, types: string[] | null): Promise<Reached[]> {
    const { data, errors } = await cmdb.execute(IMPACT, { code: codes[node], direction, maxDepth, types });
    expect(errors).toBeUndefined();
    return data.configurationItem.impact.map((row: any) => ({ code: row.configurationItem.code, depth: row.depth, path: row.path.map((p: any) => p.code), viaType: row.viaType }));
  }

  it('matches a slow reference traversal from every item, both directions, at depths 1 to 5', async () => {
    let compared = 0;
    for (let node = 0; node < NODES; node++) {
      for (const direction of ['DOWNSTREAM', 'UPSTREAM'] as const) {
        for (const depth of [1, 2, 3, 5]) {
          const expected = referenceImpact(edges, flows, ids, codes, node, direction, depth, null);
          expect(await impact(node, direction, depth, null), `${codes[node]} ${direction} ${depth}`).toEqual(expected);
          compared += expected.length;
        }
      }
    }
    // The graph is not trivially empty: the comparisons covered many reached items.
    expect(compared).toBeGreaterThan(200);
  });

  it('follows only the relationship types asked for', async () => {
    for (let node = 0; node < NODES; node++) {
      expect(await impact(node, 'DOWNSTREAM', 4, [FEEDS])).toEqual(referenceImpact(edges, flows, ids, codes, node, 'DOWNSTREAM', 4, [FEEDS]));
    }
  });

  it('stops at cycles: an item on a cycle never reaches itself', async () => {
    const reached = await impact(0, 'DOWNSTREAM', 10, [FEEDS]);
    expect(reached.map((row) => row.code)).not.toContain(codes[0]);
    // 0 feeds nothing before 2 does: 2 feeds 0, so 0's failure reaches 2 at depth 1 and 1 at depth 2 around the cycle.
    expect(reached.find((row) => row.code === codes[2])).toMatchObject({ depth: 1, path: [codes[0], codes[2]], viaType: FEEDS });
    expect(reached.find((row) => row.code === codes[1])).toMatchObject({ depth: 2, path: [codes[0], codes[2], codes[1]] });
  });

  it('reports an item reached through a diamond once, at its shortest depth', async () => {
    const reached = await impact(6, 'DOWNSTREAM', 3, [FEEDS]);
    expect(reached.filter((row) => row.code === codes[3])).toHaveLength(1);
    expect(reached.find((row) => row.code === codes[3])!.depth).toBe(2);
  });

  it('stops at maxDepth, defaults to 3 and refuses depths beyond 10', async () => {
    const chain = await impact(13, 'DOWNSTREAM', 2, [FEEDS]);
    expect(chain.map((row) => [row.code, row.depth])).toEqual([[codes[12], 1], [codes[11], 2]]);
    const { data } = await cmdb.execute(`{ configurationItem(code: "${codes[13]}") { impact(types: ["${FEEDS}"]) { depth } } }`);
    expect(Math.max(...data.configurationItem.impact.map((row: { depth: number }) => row.depth))).toBe(3);
    const tooDeep = await cmdb.execute(`{ configurationItem(code: "${codes[13]}") { impact(maxDepth: 11) { depth } } }`);
    expect(tooDeep.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never follows a type that does not propagate impact', async () => {
    const reached = await impact(0, 'UPSTREAM', 5, null);
    expect(reached.map((row) => row.code)).not.toContain(codes[17]);
    expect(reached.map((row) => row.viaType)).not.toContain(BACKS_UP);
  });

  it('lists the services holding impacted items, most critical first, with the members concerned', async () => {
    const critical = await mutateOk(cmdb, 'createService', 'service { id }', { code: `SVC-CRIT-${suffix}`, name: 'Critical', criticality: 'CRITICAL' });
    const low = await mutateOk(cmdb, 'createService', 'service { id }', { code: `SVC-LOW-${suffix}`, name: 'Low', criticality: 'LOW' });
    const unrelated = await mutateOk(cmdb, 'createService', 'service { id }', { code: `SVC-NONE-${suffix}`, name: 'Unrelated', criticality: 'HIGH' });
    await mutateOk(cmdb, 'addServiceMember', 'service { id }', { serviceId: low.service.id, configurationItemId: ids[13], role: 'origin' });
    await mutateOk(cmdb, 'addServiceMember', 'service { id }', { serviceId: critical.service.id, configurationItemId: ids[11], role: 'database' });
    await mutateOk(cmdb, 'addServiceMember', 'service { id }', { serviceId: critical.service.id, configurationItemId: ids[12], role: 'app' });
    await mutateOk(cmdb, 'addServiceMember', 'service { id }', { serviceId: unrelated.service.id, configurationItemId: ids[17], role: 'backup' });
    const { data, errors } = await cmdb.execute(`{ configurationItem(code: "${codes[13]}") {
      impactedServices(maxDepth: 2, types: ["${FEEDS}"]) { service { code } criticality depth impactedMembers { code } }
    } }`);
    expect(errors).toBeUndefined();
    expect(data.configurationItem.impactedServices).toEqual([
      { service: { code: `SVC-CRIT-${suffix}` }, criticality: 'CRITICAL', depth: 1, impactedMembers: [{ code: codes[11] }, { code: codes[12] }] },
      { service: { code: `SVC-LOW-${suffix}` }, criticality: 'LOW', depth: 0, impactedMembers: [{ code: codes[13] }] },
    ]);
  });

  it('analyses a whole page of items, impact and impacted services alike, with one recursive statement', async () => {
    const page = (first: number) => cmdb.execute(`{ configurationItems(first: ${first}, filter: { search: "IMP-${suffix}" }) {
      edges { node { code impact(maxDepth: 4) { depth path { code } configurationItem { code } } impactedServices(maxDepth: 4) { criticality impactedMembers { code } } } }
    } }`);
    // Items already loaded are not fetched again, so a page may need fewer statements, never more:
    // each statement runs at most once, whatever the page size.
    const allowed = ['findConfigurationItemsByIds', 'findImpact', 'findServicesOfConfigurationItems', 'listConfigurationItems'];
    for (const first of [2, 9, NODES]) {
      const { data, errors } = await page(first);
      expect(errors).toBeUndefined();
      expect(data.configurationItems.edges).toHaveLength(first);
      const statements = [...cmdb.statements].sort();
      expect(new Set(statements).size, statements.join()).toBe(statements.length);
      expect(allowed, statements.join()).toEqual(expect.arrayContaining(statements));
      expect(statements).toEqual(expect.arrayContaining(['findImpact', 'findServicesOfConfigurationItems', 'listConfigurationItems']));
    }
  });
});
