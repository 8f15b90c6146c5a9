import { mutateOk, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';
import { createItem, createTypeWithAttributes } from './helpers.ts';

const LAYERS = 10;
const WIDTH = 10;

/**
 * A root, then 10 layers of 10 items, every item of a layer feeding every
 * item of the layer above it: 10^10 distinct chains from the root to the
 * last layer, 101 items in all. A shortcut makes one item of layer 5 feed the
 * root directly, so it and everything past it are nearer than their layer
 * says, and the root feeds an item of layer 3, closing a cycle back to it.
 */
describe('impact analysis over a wide layered graph', () => {
  let cmdb: SubgraphUnderTest;
  const suffix = uniqueTag();
  const FEEDS = `LAYER_FEEDS_${suffix}`;
  const SHORTCUT = { layer: 5, index: 3 };
  let root: { id: string; code: string };
  // layers[k - 1][i]: item i of layer k.
  const layers: { id: string; code: string }[][] = [];

  beforeAll(async () => {
    cmdb = await startSubgraphForTest(start, inject('databaseUrl'));
    const type = await createTypeWithAttributes(cmdb, `LAYER_NODE_${suffix}`);
    await mutateOk(cmdb, 'createRelationshipType', 'relationshipType { id }', {
      code: FEEDS,
      name: 'feeds',
      reverseName: 'is fed by',
      propagatesImpact: true,
      impactFlow: 'TARGET_TO_SOURCE',
    });
    const item = async (code: string) => ({ id: await createItem(cmdb, { code, name: code, typeCode: type.code }), code });
    root = await item(`LAYER-${suffix}-ROOT`);
    for (let layer = 1; layer <= LAYERS; layer++) {
      const items = [];
      for (let index = 0; index < WIDTH; index++) items.push(await item(`LAYER-${suffix}-${String(layer).padStart(2, '0')}-${index}`));
      layers.push(items);
    }
    // "source depends on target": a failure of the target reaches the source downstream.
    const links: [source: string, target: string][] = [];
    for (const first of layers[0]!) links.push([first.id, root.id]);
    for (let layer = 1; layer < LAYERS; layer++) {
      for (const below of layers[layer - 1]!) for (const above of layers[layer]!) links.push([above.id, below.id]);
    }
    links.push([layers[SHORTCUT.layer - 1]![SHORTCUT.index]!.id, root.id]);
    links.push([root.id, layers[2]![0]!.id]);
    const relate = ([fromId, toId]: [string, string]) => mutateOk(cmdb, 'relateConfigurationItems', 'relationship { relationshipId }', { fromId, toId, typeCode: FEEDS });
    for (let next = 0; next < links.length; next += 10) await Promise.all(links.slice(next, next + 10).map(relate));
  }, 300_000);
  afterAll(() => cmdb?.stop());

  it('lists every item once, at its smallest depth, through the first of its shortest chains', async () => {
    const started = performance.now();
    const { data, errors } = await cmdb.execute(
      `query ($code: String!, $types: [String!]) {
        configurationItem(code: $code) { impact(direction: DOWNSTREAM, maxDepth: 10, types: $types) { configurationItem { code } depth path { code } viaType } }
      }`,
      { code: root.code, types: [FEEDS] },
    );
    process.stdout.write(`impact over ${LAYERS} layers of ${WIDTH} fully linked items, depth ${LAYERS}: ${(performance.now() - started).toFixed(1)} ms\n`);
    expect(errors).toBeUndefined();
    const reached: { configurationItem: { code: string }; depth: number; path: { code: string }[]; viaType: string }[] = data.configurationItem.impact;

    const shortcut = layers[SHORTCUT.layer - 1]![SHORTCUT.index]!;
    // Items are created in order, so within a layer the first has the smallest id and starts the first shortest chain.
    const expected = layers.flatMap((items, at) => {
      const layer = at + 1;
      return items.map((item) => {
        if (item === shortcut) return { code: item.code, depth: 1, path: [root.code, item.code] };
        if (layer <= SHORTCUT.layer) return { code: item.code, depth: layer, path: [root.code, ...layers.slice(0, layer - 1).map((first) => first[0]!.code), item.code] };
        const chain = layers.slice(SHORTCUT.layer, layer - 1).map((first) => first[0]!.code);
        return { code: item.code, depth: layer - SHORTCUT.layer + 1, path: [root.code, shortcut.code, ...chain, item.code] };
      });
    });
    expect(reached.map((row) => row.configurationItem.code).sort()).toEqual(expected.map((row) => row.code).sort());
    expect(reached.map((row) => ({ code: row.configurationItem.code, depth: row.depth, path: row.path.map((step) => step.code) }))).toEqual(
      [...expected].sort((a, b) => a.depth - b.depth || (a.code < b.code ? -1 : 1)),
    );
    expect(new Set(reached.map((row) => row.viaType))).toEqual(new Set([FEEDS]));
  });

  it('counts the analysed item reached again around a cycle only as the root', async () => {
    const { data, errors } = await cmdb.execute(
      `query ($code: String!, $types: [String!]) { configurationItem(code: $code) { impact(maxDepth: 10, types: $types) { configurationItem { code } } } }`,
      { code: root.code, types: [FEEDS] },
    );
    expect(errors).toBeUndefined();
    expect(data.configurationItem.impact.map((row: { configurationItem: { code: string } }) => row.configurationItem.code)).not.toContain(root.code);
  });
});
