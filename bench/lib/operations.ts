import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import pg from 'pg';

export type OperationName = 'headline' | 'catalogList' | 'lowStock' | 'impact' | 'recordMovement';

/** Ids the operations draw their variables from, read from the benchmark database. */
export interface Fixtures {
  /** Up to 20,000 assets that have a configuration item, spread over the whole id range, in a shuffled order. */
  readonly assetIds: readonly string[];
  /** (category, manufacturer) pairs that exist. */
  readonly catalogFilters: readonly { category: string; manufacturer: string }[];
  /** Warehouse locations at the top two levels of the tree (each a large subtree). */
  readonly warehouseIds: readonly string[];
  /** Configuration items that have at least one active relationship. */
  readonly ciIds: readonly string[];
  /** Bulk (not serialized) part numbers, and bins to receive them into. */
  readonly bulkPartIds: readonly string[];
  readonly binIds: readonly string[];
}

/** Reads the fixtures with plain SQL (the benchmark's own reads, outside any measurement). */
export async function readFixtures(databaseUrl: string): Promise<Fixtures> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-fixtures' });
  await client.connect();
  try {
    const list = async (sql: string) => (await client.query<{ id: string }>(sql)).rows.map((row) => String(row.id));
    const spread = (table: string, where: string, column = 'id') =>
      `SELECT ${column} AS id FROM (SELECT ${column}, row_number() OVER (ORDER BY ${column}) AS n, count(*) OVER () AS total
       FROM ${table} WHERE ${where}) s WHERE n % greatest(1, total / 20000) = 0 ORDER BY hashint8(${column}) LIMIT 20000`;
    return {
      assetIds: await list(spread('cmdb.configuration_item', 'asset_id IS NOT NULL', 'asset_id')),
      catalogFilters: (
        await client.query<{ category: string; manufacturer: string }>(
          `SELECT category, manufacturer FROM catalog.part_number WHERE category IS NOT NULL AND manufacturer IS NOT NULL
           GROUP BY 1, 2 ORDER BY 1, 2`,
        )
      ).rows,
      warehouseIds: await list(`SELECT id FROM stock.location WHERE type = 'WAREHOUSE' AND cardinality(path) <= 2 ORDER BY id LIMIT 200`),
      ciIds: await list(spread('cmdb.configuration_item c', "EXISTS (SELECT 1 FROM cmdb.relationship r WHERE r.target_id = c.id AND r.status = 'ACTIVE')")),
      bulkPartIds: await list(spread('catalog.part_number', 'NOT serialized')),
      binIds: await list(`SELECT id FROM stock.location WHERE type = 'BIN' ORDER BY hashint8(id) LIMIT 500`),
    };
  } finally {
    await client.end();
  }
}

export interface Operation {
  readonly name: OperationName;
  /** What the row in the report means. */
  readonly title: string;
  readonly operationName: string;
  readonly document: string;
  readonly variables: (n: number, fixtures: Fixtures, runId: string) => Record<string, unknown>;
  /** Why the floor cannot run it; absent when it can. */
  readonly floorSkip?: string;
}

const pick = <T>(items: readonly T[], n: number): T => {
  if (items.length === 0) throw new Error('no fixtures for this operation');
  return items[n % items.length]!;
};

const ASSET_OVERVIEW = readFileSync(fileURLToPath(new URL('../../schema/operations/AssetOverview.graphql', import.meta.url)), 'utf8');

export const OPERATIONS: readonly Operation[] = [
  {
    name: 'headline',
    title: 'AssetOverview (a different asset per request)',
    operationName: 'AssetOverview',
    document: ASSET_OVERVIEW,
    variables: (n, f) => ({ id: pick(f.assetIds, n) }),
  },
  {
    name: 'catalogList',
    title: 'partNumbers page of 20, filtered by category and manufacturer, with stock totals',
    operationName: 'PartNumberList',
    document: `query PartNumberList($filter: PartNumberFilter) {
  partNumbers(first: 20, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id code description category manufacturer stock { onHand available } } }
  }
}`,
    variables: (n, f) => ({ filter: { ...pick(f.catalogFilters, n), active: true } }),
  },
  {
    name: 'lowStock',
    title: 'lowStock page of 20 under a warehouse subtree',
    operationName: 'LowStockUnderWarehouse',
    document: `query LowStockUnderWarehouse($locationId: ID!) {
  lowStock(first: 20, locationId: $locationId) {
    totalCount
    edges { node { partNumber { code description } onHand available reorderPoint shortfall } }
  }
}`,
    variables: (n, f) => ({ locationId: pick(f.warehouseIds, n) }),
  },
  {
    name: 'impact',
    title: 'configurationItem impact, DOWNSTREAM, depth 3',
    operationName: 'CiImpact',
    document: `query CiImpact($id: ID!) {
  configurationItem(id: $id) {
    code
    impact(direction: DOWNSTREAM, maxDepth: 3) { depth configurationItem { code name status } }
  }
}`,
    variables: (n, f) => ({ id: pick(f.ciIds, n) }),
  },
  {
    name: 'recordMovement',
    title: 'recordMovement: INBOUND of 1 unit of a bulk part into a bin (writes)',
    operationName: 'BenchRecordMovement',
    document: `mutation BenchRecordMovement($input: RecordMovementInput!) {
  recordMovement(input: $input) {
    movement { id status quantity }
    userErrors { field message code }
  }
}`,
    variables: (n, f, runId) => ({
      input: {
        idempotencyKey: `bench-${runId}-${n}`,
        type: 'INBOUND',
        partNumberId: pick(f.bulkPartIds, n),
        quantity: '1',
        toLocationId: pick(f.binIds, n * 7),
        unitCost: '1.50',
        documentRef: `BENCH-${runId}`,
      },
    }),
  },
];

/** Credentials every target is called with (the peer and the floor ignore them). */
export const BENCH_HEADERS = { 'x-api-key': 'dev-admin' } as const;

/** The JSON body of the n-th request of `operation`. */
export function requestBody(operation: Operation, fixtures: Fixtures, runId: string): (n: number) => string {
  return (n) => JSON.stringify({ query: operation.document, operationName: operation.operationName, variables: operation.variables(n, fixtures, runId) });
}

/** The API schema of the supergraph the gateways serve. */
export function loadSupergraphSchema(path: string): GraphQLSchema {
  return buildSchema(readFileSync(path, 'utf8'), { assumeValidSDL: true });
}

/** Why `operation` cannot run against the supergraph (its document does not validate), or null when it can. */
export function unsupportedReason(schema: GraphQLSchema, operation: Operation): string | null {
  const errors = validate(schema, parse(operation.document));
  return errors.length === 0 ? null : `not in the supergraph yet: ${errors.map((error) => error.message).join('; ')}`;
}
