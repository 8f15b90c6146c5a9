import { describe, expect, it } from 'vitest';
import { buildLargeDataset, countsAt } from '../../scripts/lib/large-data.ts';

/** Every COPY line of every table, split into fields, by table name. */
function materialise(scale: number): Map<string, string[][]> {
  const tables = new Map<string, string[][]>();
  for (const table of buildLargeDataset(scale, { stockCatalogCopies: true }).tables) {
    const rows: string[][] = [];
    for (const chunk of table.rows()) {
      for (const line of chunk.split('\n')) if (line) rows.push(line.split('\t'));
    }
    expect(rows.every((row) => row.length === table.columns.length)).toBe(true);
    tables.set(table.table, rows);
  }
  return tables;
}

describe('the large benchmark dataset', () => {
  it('has at least the sizes the benchmark issue asks for at scale 1', () => {
    expect(countsAt(1)).toEqual({
      distributionCentres: 8,
      partNumbers: 100_000,
      assets: 200_000,
      movements: 1_000_000,
      configurationItems: 50_000,
      relationships: 200_000,
      approvalRequests: 10_000,
      services: 500,
    });
  });

  it('generates the same rows on every run', () => {
    const first = materialise(0.005);
    const second = materialise(0.005);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [table, rows] of first) expect(second.get(table)).toEqual(rows);
  });

  it('holds balances and asset positions that its posted movements explain exactly', () => {
    const tables = materialise(0.005);
    const movements = tables.get('stock.movement')!;
    expect(movements).toHaveLength(countsAt(0.005).movements);
    const expected = new Map<string, number>();
    const lastMove = new Map<string, { id: string; to: string }>();
    for (const [id, , status, partId, assetId, quantity, from, to] of movements) {
      if (status !== 'POSTED') continue;
      if (from !== '\\N') expected.set(`${partId}:${from}`, (expected.get(`${partId}:${from}`) ?? 0) - Number(quantity));
      if (to !== '\\N') expected.set(`${partId}:${to}`, (expected.get(`${partId}:${to}`) ?? 0) + Number(quantity));
      if (assetId !== '\\N') lastMove.set(assetId!, { id: id!, to: to! });
    }
    const balances = new Map(tables.get('stock.balance')!.map(([partId, locationId, onHand]) => [`${partId}:${locationId}`, Number(onHand)]));
    const nonZero = new Map([...expected].filter(([, onHand]) => onHand !== 0));
    expect([...nonZero.values()].every((onHand) => onHand > 0)).toBe(true);
    expect(balances).toEqual(nonZero);
    for (const [assetId, locationId, movementId] of tables.get('stock.asset_position')!) {
      expect({ id: movementId, to: locationId }).toEqual(lastMove.get(assetId!));
    }
  });

  it('builds a location tree six levels deep whose paths end with each location and run through its parent', () => {
    const locations = tables(0.005, 'stock.location');
    const byId = new Map(locations.map(([id, , , , parentId, path]) => [id!, { parentId: parentId!, path: path!.slice(1, -1).split(',') }]));
    const depths = [...byId.values()].map((location) => location.path.length);
    expect(Math.max(...depths)).toBe(6);
    for (const [id, location] of byId) {
      expect(location.path.at(-1)).toBe(id);
      if (location.parentId === '\\N') expect(location.path).toHaveLength(1);
      else expect(location.path.slice(0, -1)).toEqual(byId.get(location.parentId)!.path);
    }
  });

  it('relates configuration items without self-links or duplicates, and closes dependency cycles', () => {
    const relationships = tables(0.005, 'cmdb.relationship');
    expect(relationships.every(([, , source, target]) => source !== target)).toBe(true);
    const keys = relationships.map(([, type, source, target]) => `${type}:${source}:${target}`);
    expect(new Set(keys).size).toBe(keys.length);
    const dependsOn = new Set(relationships.filter(([, type]) => type === '1').map(([, , source, target]) => `${source}>${target}`));
    const cycle = relationships.find(([, type, a, b]) => {
      if (type !== '1') return false;
      return [...dependsOn].some((edge) => edge.startsWith(`${b}>`) && dependsOn.has(`${edge.split('>')[1]}>${a}`));
    });
    expect(cycle).toBeDefined();
  });
});

function tables(scale: number, name: string): string[][] {
  return materialise(scale).get(name)!;
}
