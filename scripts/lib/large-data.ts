/**
 * The large, deterministic dataset for benchmarks: the same rows, ids and
 * quantities on every machine, generated as PostgreSQL COPY text so a
 * million movements load in one stream instead of a million INSERTs.
 *
 * Shape at scale 1: 20,200 warehouse locations six levels deep (DC >
 * building > zone > aisle > shelf > bin) plus project sites and vans;
 * 100,000 part numbers (40% serialized); 200,000 assets; 1,000,000
 * movements replayed in memory so every balance and asset position is
 * explained by the ledger; 50,000 CIs with 200,000 relationships (with
 * deliberate dependency cycles); 10,000 approval requests. A scale below 1
 * shrinks every count (for trying the loader quickly); the shape stays.
 */
import { buildDemoData, createRandom } from './demo-data.ts';

export interface LargeCounts {
  readonly distributionCentres: number;
  readonly partNumbers: number;
  readonly assets: number;
  readonly movements: number;
  readonly configurationItems: number;
  readonly relationships: number;
  readonly approvalRequests: number;
  readonly services: number;
}

/** Counts at `scale` (1 = the benchmark's large dataset). */
export function countsAt(scale: number): LargeCounts {
  const at = (full: number, min: number) => Math.max(min, Math.round(full * scale));
  return {
    distributionCentres: at(8, 1),
    partNumbers: at(100_000, 200),
    assets: at(200_000, 400),
    movements: at(1_000_000, 2_000),
    configurationItems: at(50_000, 200),
    relationships: at(200_000, 800),
    approvalRequests: at(10_000, 40),
    services: at(500, 5),
  };
}

/** Escapes one value for COPY's text format; null is `\N`. */
function field(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** One COPY text line. */
function line(values: readonly (string | number | boolean | null)[]): string {
  return `${values.map(field).join('\t')}\n`;
}

/** Groups lines into chunks of about 256 KB: fewer, larger writes into the COPY stream. */
function* chunked(lines: Iterable<string>): Generator<string> {
  let buffer = '';
  for (const text of lines) {
    buffer += text;
    if (buffer.length >= 262_144) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/** A table to COPY into: its explicit column list and the generator of its rows. */
export interface CopyTable {
  readonly table: string;
  readonly columns: readonly string[];
  rows(): Iterable<string>;
}

const EPOCH = Date.UTC(2024, 0, 1, 6, 0, 0);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const pad = (n: number, width: number) => String(n).padStart(width, '0');

interface Location { id: number; code: string; name: string; type: string; parentId: number | null; path: string }

function buildLocations(centres: number): { locations: Location[]; bins: number[]; sites: number[]; warehouses: number[] } {
  const locations: Location[] = [];
  const bins: number[] = [];
  const sites: number[] = [];
  const warehouses: number[] = [];
  const add = (code: string, name: string, type: string, parent: Location | null): Location => {
    const id = locations.length + 1;
    const location = { id, code, name, type, parentId: parent?.id ?? null, path: parent ? `${parent.path.slice(0, -1)},${id}}` : `{${id}}` };
    locations.push(location);
    return location;
  };
  for (let d = 1; d <= centres; d++) {
    const dc = add(`DC${pad(d, 2)}`, `Distribution centre ${d}`, 'WAREHOUSE', null);
    warehouses.push(dc.id);
    for (let b = 1; b <= 4; b++) {
      const building = add(`${dc.code}-B${b}`, `DC ${d} building ${b}`, 'WAREHOUSE', dc);
      for (let z = 1; z <= 5; z++) {
        const zone = add(`${building.code}-Z${z}`, `Building ${b} zone ${z}`, 'WAREHOUSE', building);
        for (let a = 1; a <= 5; a++) {
          const aisle = add(`${zone.code}-A${a}`, `Zone ${z} aisle ${a}`, 'SHELF', zone);
          for (let s = 1; s <= 4; s++) {
            const shelf = add(`${aisle.code}-S${s}`, `Aisle ${a} shelf ${s}`, 'SHELF', aisle);
            for (let n = 1; n <= 5; n++) bins.push(add(`${shelf.code}-N${n}`, `Shelf ${s} bin ${n}`, 'BIN', shelf).id);
          }
        }
      }
    }
  }
  for (let p = 1; p <= Math.max(4, centres * 10); p++) {
    const site = add(`SITE-${pad(p, 3)}`, `Project site ${p}`, 'PROJECT_SITE', null);
    sites.push(site.id);
    sites.push(add(`${site.code}-VAN`, `Site ${p} service van`, 'VEHICLE', site).id);
  }
  return { locations, bins, sites, warehouses };
}

const FAMILIES = [
  { prefix: 'LAP', category: 'Laptops', serialized: true, makers: ['Lenovo', 'Dell', 'HP'], items: ['ThinkPad T14', 'Latitude 5440', 'EliteBook 840'], cost: 1100 },
  { prefix: 'SRV', category: 'Servers', serialized: true, makers: ['Dell', 'HPE', 'Lenovo'], items: ['PowerEdge R660', 'ProLiant DL380', 'ThinkSystem SR650'], cost: 8200 },
  { prefix: 'NET', category: 'Network', serialized: true, makers: ['Cisco', 'Juniper', 'Aruba'], items: ['Catalyst 9300', 'EX4400', 'CX 6300'], cost: 2400 },
  { prefix: 'MON', category: 'Monitors', serialized: true, makers: ['Dell', 'LG', 'Samsung'], items: ['P2723DE', 'UltraFine 24', 'ViewFinity S8'], cost: 320 },
  { prefix: 'CAB', category: 'Cables', serialized: false, makers: ['Panduit', 'CommScope'], items: ['Cat6A patch cord', 'OM4 fibre LC-LC', 'C13-C14 power cord'], cost: 9 },
  { prefix: 'SFP', category: 'Optics', serialized: false, makers: ['Cisco', 'Finisar'], items: ['SFP+ 10G SR', 'SFP28 25G SR', 'QSFP28 100G SR4'], cost: 85 },
  { prefix: 'SPR', category: 'Spare parts', serialized: false, makers: ['Dell', 'HPE', 'Seagate'], items: ['NVMe SSD', 'DDR5 RDIMM', 'PSU'], cost: 180 },
  { prefix: 'CON', category: 'Consumables', serialized: false, makers: ['3M', 'Brady'], items: ['Cable ties', 'Label cartridge', 'Thermal paste'], cost: 6 },
  { prefix: 'RCK', category: 'Rack hardware', serialized: false, makers: ['APC', 'Rittal'], items: ['Blanking panel', 'Rack PDU', 'Rail kit'], cost: 40 },
  { prefix: 'FBR', category: 'Fibre', serialized: false, makers: ['Corning'], items: ['OS2 fibre bulk', 'OM4 fibre bulk'], cost: 1.2 },
] as const;

interface Part { id: number; code: string; family: (typeof FAMILIES)[number]; maker: string; item: string; serialized: boolean; cost: number; reorderPoint: number }

const ASSET_STATUSES = ['AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'IN_USE', 'IN_USE', 'MAINTENANCE', 'RESERVED'] as const;
const CONDITIONS = ['NEW', 'NEW', 'GOOD', 'GOOD', 'FAIR', 'REFURBISHED'] as const;

/** What the generated dataset holds, for the loader's report. */
export interface LargeDataset {
  readonly counts: LargeCounts;
  /** Tables in load order (foreign keys point backwards), each with its COPY columns and rows. */
  readonly tables: readonly CopyTable[];
  /** Tables whose identity sequences must move past the explicit ids. */
  readonly identityTables: readonly string[];
}

/**
 * Builds the dataset lazily: each table's rows are generated while that
 * table is being copied. The movement ledger is replayed once, when the
 * movement table is copied; balances and asset positions read its result,
 * so tables must be copied in the order given.
 */
export function buildLargeDataset(scale: number, { stockCatalogCopies }: { stockCatalogCopies: boolean }): LargeDataset {
  const counts = countsAt(scale);
  const random = createRandom(20_260_105);
  const { locations, bins, sites } = buildLocations(counts.distributionCentres);
  const demo = buildDemoData();

  // Part numbers: the first 40% serialized, spread over the serialized families.
  const serializedFamilies = FAMILIES.filter((f) => f.serialized);
  const bulkFamilies = FAMILIES.filter((f) => !f.serialized);
  const serializedCount = Math.round(counts.partNumbers * 0.4);
  const parts: Part[] = [];
  for (let id = 1; id <= counts.partNumbers; id++) {
    const serialized = id <= serializedCount;
    const families = serialized ? serializedFamilies : bulkFamilies;
    const family = families[id % families.length]!;
    const maker = family.makers[id % family.makers.length]!;
    const item = family.items[Math.floor(id / families.length) % family.items.length]!;
    parts.push({
      id,
      code: `PN-${family.prefix}-${pad(id, 6)}`,
      family,
      maker,
      item,
      serialized,
      cost: Math.round(family.cost * (0.8 + random.next() * 0.4) * 100) / 100,
      reorderPoint: serialized ? 2 : family.prefix === 'FBR' ? 500 : 40,
    });
  }

  // Assets: units of the serialized parts, round robin.
  interface Asset { id: number; partId: number; status: string; condition: string; acquiredOn: string }
  const assets: Asset[] = [];
  for (let id = 1; id <= counts.assets; id++) {
    assets.push({
      id,
      partId: ((id - 1) % serializedCount) + 1,
      status: random.pick(ASSET_STATUSES),
      condition: random.pick(CONDITIONS),
      acquiredOn: iso(EPOCH - random.int(30, 900) * DAY).slice(0, 10),
    });
  }

  // The ledger's results, filled while the movement table is generated.
  const balances = new Map<number, number>();
  const balanceKey = (partId: number, locationId: number) => partId * 65_536 + locationId;
  const positions = new Int32Array(counts.assets + 1);
  const positionMovement = new Int32Array(counts.assets + 1);
  const pendingMovements: { id: number; partId: number; locationId: number; createdAt: string }[] = [];
  let movementCount = 0;

  function* movementRows(): Generator<string> {
    let clock = EPOCH;
    const step = Math.max(1, Math.floor((700 * DAY) / counts.movements));
    const post = (type: string, partId: number, assetId: number | null, quantity: number, from: number | null, to: number | null, reason: string | null, documentRef: string | null): string => {
      const id = ++movementCount;
      clock += step;
      const createdAt = iso(clock);
      if (from !== null) {
        const key = balanceKey(partId, from);
        const left = (balances.get(key) ?? 0) - quantity;
        if (left < 0) throw new Error(`large ledger would go negative for part ${partId} at location ${from}`);
        balances.set(key, left);
      }
      if (to !== null) balances.set(balanceKey(partId, to), (balances.get(balanceKey(partId, to)) ?? 0) + quantity);
      if (assetId !== null) {
        positions[assetId] = to ?? 0;
        positionMovement[assetId] = id;
      }
      const part = parts[partId - 1]!;
      return line([id, type, 'POSTED', partId, assetId, quantity, from, to, part.cost.toFixed(2), reason, documentRef, 'seed-large', createdAt, createdAt]);
    };

    // Serialized assets: received into a bin, most put away elsewhere, the
    // ones in use deployed to a site, some returned. About half the ledger.
    const assetBudget = Math.floor(counts.movements * 0.5);
    for (const asset of assets) {
      const receiving = random.pick(bins);
      yield post('INBOUND', asset.partId, asset.id, 1, null, receiving, null, `PO-${200_000 + asset.id}`);
      if (movementCount >= assetBudget) continue;
      let here = receiving;
      const transfers = random.int(0, 2);
      for (let t = 0; t < transfers; t++) {
        const next = random.pick(bins);
        if (next === here) continue;
        yield post('TRANSFER', asset.partId, asset.id, 1, here, next, 'Put-away', null);
        here = next;
      }
      if (asset.status === 'IN_USE') {
        const site = random.pick(sites);
        yield post('TRANSFER', asset.partId, asset.id, 1, here, site, 'Deployed', `WO-${asset.id}`);
        if (random.next() < 0.2) {
          yield post('RETURN', asset.partId, asset.id, 1, site, here, 'Returned', `RMA-${asset.id}`);
        }
      }
    }

    // Bulk parts: goods receipts into a few bins each, then transfers and
    // issues to sites until the ledger holds its target size.
    const bulkParts = parts.filter((p) => !p.serialized);
    const homes = new Map<number, number[]>();
    const pendingTarget = Math.round(counts.approvalRequests * 0.3);
    for (const part of bulkParts) {
      const places = [random.pick(bins), random.pick(bins), random.pick(bins)].filter((bin, index, all) => all.indexOf(bin) === index);
      homes.set(part.id, places);
      const bulk = part.family.prefix === 'FBR' ? 100 : 1;
      for (const bin of places) yield post('INBOUND', part.id, null, random.int(50, 400) * bulk, null, bin, null, `PO-${movementCount + 1}`);
    }
    let round = 0;
    while (movementCount < counts.movements - pendingTarget) {
      const part = bulkParts[round % bulkParts.length]!;
      round++;
      const places = homes.get(part.id)!;
      const from = places[round % places.length]!;
      const onHand = balances.get(balanceKey(part.id, from)) ?? 0;
      const bulk = part.family.prefix === 'FBR' ? 100 : 1;
      const quantity = Math.min(onHand, random.int(1, 6) * bulk);
      if (quantity <= 0) {
        yield post('INBOUND', part.id, null, random.int(50, 400) * bulk, null, from, 'Replenishment', `PO-${movementCount + 1}`);
      } else if (random.next() < 0.5) {
        const to = places[(round + 1) % places.length]!;
        if (to === from) yield post('OUTBOUND', part.id, null, quantity, from, random.pick(sites), 'Issued to project', `WO-${movementCount + 1}`);
        else yield post('TRANSFER', part.id, null, quantity, from, to, 'Rebalancing', null);
      } else {
        yield post('OUTBOUND', part.id, null, quantity, from, random.pick(sites), 'Issued to project', `WO-${movementCount + 1}`);
      }
    }

    // Pending adjustments: recorded, waiting for approval, no balance moved.
    while (movementCount < counts.movements) {
      const part = bulkParts[(movementCount * 7) % bulkParts.length]!;
      const from = homes.get(part.id)![0]!;
      const id = ++movementCount;
      clock += step;
      const createdAt = iso(clock);
      pendingMovements.push({ id, partId: part.id, locationId: from, createdAt });
      yield line([id, 'ADJUSTMENT', 'PENDING_APPROVAL', part.id, null, 1, from, null, part.cost.toFixed(2), 'Cycle count shortfall', `CC-${id}`, 'seed-large', createdAt, null]);
    }
  }

  function* balanceRows(): Generator<string> {
    const keys = [...balances.keys()].sort((a, b) => a - b);
    for (const key of keys) {
      const onHand = balances.get(key)!;
      if (onHand > 0) yield line([Math.floor(key / 65_536), key % 65_536, onHand, 0]);
    }
  }

  // CMDB: hardware CIs for 60% of the configuration items, each on an asset
  // spread over the whole asset range; applications and databases for the rest.
  const hardwareCount = Math.round(counts.configurationItems * 0.6);
  const assetStride = Math.max(1, Math.floor(counts.assets / hardwareCount));
  const ciTypeOfPart = (part: Part) => (part.family.prefix === 'SRV' ? 1 : part.family.prefix === 'NET' ? 2 : 3);

  function* ciRows(): Generator<string> {
    for (let id = 1; id <= counts.configurationItems; id++) {
      if (id <= hardwareCount) {
        const asset = assets[(id - 1) * assetStride]!;
        const part = parts[asset.partId - 1]!;
        const type = ciTypeOfPart(part);
        const prefix = type === 1 ? 'SRV' : type === 2 ? 'NET' : 'WS';
        yield line([id, `CI-${prefix}-${pad(asset.id, 7)}`, `${part.maker} ${part.item} (SN-${pad(asset.id, 7)})`, type,
          asset.status === 'MAINTENANCE' ? 'MAINTENANCE' : 'ACTIVE', random.pick(['PROD', 'PROD', 'UAT', 'DEV']),
          type === 3 ? 'End-user computing' : 'Infrastructure', asset.id, positions[asset.id] || null,
          JSON.stringify(type === 3 ? { os: 'Windows 11' } : { managementIp: `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}` })]);
      } else {
        const isDatabase = id % 4 === 0;
        yield line([id, `CI-${isDatabase ? 'DB' : 'APP'}-${pad(id, 7)}`, `${isDatabase ? 'Database' : 'Application'} ${id}`, isDatabase ? 5 : 4,
          'ACTIVE', 'PROD', isDatabase ? 'Data platform' : 'Applications', null, null,
          JSON.stringify(isDatabase ? { engine: 'PostgreSQL', version: '16' } : { version: `${1 + (id % 4)}.${id % 10}` })]);
      }
    }
  }

  // Relationships: applications run on servers and depend on databases and
  // each other; hardware connects to network devices; every tenth
  // application closes a dependency cycle of three. No duplicates, no self-links.
  function* relationshipRows(): Generator<string> {
    const seen = new Set<string>();
    let id = 0;
    const hardware = (n: number) => 1 + (n % hardwareCount);
    const software = (n: number) => hardwareCount + 1 + (n % (counts.configurationItems - hardwareCount));
    const emit = (typeId: number, source: number, target: number): string | null => {
      const key = `${typeId}:${source}:${target}`;
      if (source === target || seen.has(key) || id >= counts.relationships) return null;
      seen.add(key);
      id++;
      return line([id, typeId, source, target, iso(EPOCH - random.int(10, 700) * DAY).slice(0, 10)]);
    };
    const softwareCount = counts.configurationItems - hardwareCount;
    // Cycles first, so they exist at any scale: app A -> B -> C -> A (DEPENDS_ON).
    for (let n = 0; n + 2 < softwareCount && n < softwareCount; n += 30) {
      const [a, b, c] = [software(n), software(n + 1), software(n + 2)];
      for (const row of [emit(1, a, b), emit(1, b, c), emit(1, c, a)]) if (row) yield row;
    }
    let attempts = 0;
    while (id < counts.relationships && attempts < counts.relationships * 4) {
      attempts++;
      const pick = random.next();
      const row =
        pick < 0.35 ? emit(2, software(random.int(0, softwareCount)), hardware(random.int(0, hardwareCount)))
          : pick < 0.65 ? emit(1, software(random.int(0, softwareCount)), software(random.int(0, softwareCount)))
            : pick < 0.9 ? emit(3, hardware(random.int(0, hardwareCount)), hardware(random.int(0, hardwareCount)))
              : emit(4, hardware(random.int(0, hardwareCount)), hardware(random.int(0, hardwareCount)));
      if (row) yield row;
    }
  }

  const CRITICALITY = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
  function* serviceRows(): Generator<string> {
    for (let id = 1; id <= counts.services; id++) {
      yield line([id, `SVC-${pad(id, 5)}`, `Business service ${id}`, CRITICALITY[id % 4]!, `Team ${id % 40}`]);
    }
  }
  function* serviceMemberRows(): Generator<string> {
    // Every item is in one service, every third in a second one.
    for (let ci = 1; ci <= counts.configurationItems; ci++) {
      const first = 1 + (ci % counts.services);
      yield line([first, ci, ci <= hardwareCount ? 'host' : 'application']);
      if (ci % 3 === 0) {
        const second = 1 + ((ci * 7 + 3) % counts.services);
        if (second !== first) yield line([second, ci, 'dependency']);
      }
    }
  }

  // Approvals: one request per pending adjustment; the rest are asset
  // actions spread over the assets (each asset and action at most once).
  function* approvalRows(): Generator<string> {
    let id = 0;
    for (const movement of pendingMovements) {
      id++;
      const due = iso(Date.parse(movement.createdAt) + 2 * DAY);
      yield line([id, 'STOCK_MOVEMENT', 'PENDING', null, movement.id, null, null, `Adjust 1 of part ${parts[movement.partId - 1]!.code}`,
        'Cycle count shortfall', '{ADJUSTMENT}', 1, 1, 'seed-large', movement.createdAt, due, null]);
    }
    const actions = ['REPAIR', 'ASSIGN', 'MOVE', 'DISPOSE'] as const;
    let n = 0;
    while (id < counts.approvalRequests) {
      id++;
      n++;
      const assetId = ((n * 7_919) % counts.assets) + 1;
      const action = actions[n % actions.length]!;
      const roll = random.next();
      const status = roll < 0.6 ? 'PENDING' : roll < 0.85 ? 'APPROVED' : 'REJECTED';
      const createdAt = iso(EPOCH + random.int(1, 700) * DAY);
      const levels = action === 'DISPOSE' ? 2 : 1;
      const level = status === 'APPROVED' ? levels : 1;
      yield line([id, 'ASSET_ACTION', status, assetId, null, action, JSON.stringify({}), `${action.toLowerCase()} asset ${assetId}`,
        null, '{}', level, levels, 'seed-large', createdAt, iso(Date.parse(createdAt) + 3 * DAY), status === 'PENDING' ? null : iso(Date.parse(createdAt) + DAY)]);
    }
  }

  const tables: CopyTable[] = [
    {
      table: 'catalog.part_number',
      columns: ['id', 'code', 'description', 'unit_of_measure', 'category', 'manufacturer', 'model', 'reorder_point', 'serialized'],
      *rows() {
        for (const p of parts) yield line([p.id, p.code, `${p.maker} ${p.item}`, p.family.prefix === 'FBR' ? 'M' : 'EA', p.family.category, p.maker, p.item, p.reorderPoint, p.serialized]);
      },
    },
    {
      table: 'catalog.asset',
      columns: ['id', 'serial_number', 'part_number_id', 'status', 'condition', 'acquired_on'],
      *rows() {
        for (const a of assets) yield line([a.id, `SN-${pad(a.id, 7)}`, a.partId, a.status, a.condition, a.acquiredOn]);
      },
    },
    {
      table: 'stock.location',
      columns: ['id', 'code', 'name', 'type', 'parent_id', 'path'],
      *rows() {
        for (const l of locations) yield line([l.id, l.code, l.name, l.type, l.parentId, l.path]);
      },
    },
    {
      table: 'stock.movement',
      columns: ['id', 'type', 'status', 'part_number_id', 'asset_id', 'quantity', 'from_location_id', 'to_location_id', 'unit_cost',
        'reason', 'document_ref', 'created_by', 'created_at', 'posted_at'],
      rows: movementRows,
    },
    { table: 'stock.balance', columns: ['part_number_id', 'location_id', 'on_hand', 'reserved'], rows: balanceRows },
    {
      table: 'stock.asset_position',
      columns: ['asset_id', 'location_id', 'movement_id'],
      *rows() {
        for (let id = 1; id <= counts.assets; id++) if (positionMovement[id]) yield line([id, positions[id] || null, positionMovement[id]!]);
      },
    },
    ...(stockCatalogCopies
      ? [
        {
          table: 'stock.catalog_part_number',
          // Every movement of a part carries one cost, so that cost is its moving average.
          columns: ['id', 'code', 'unit_of_measure', 'unit_decimal_places', 'serialized', 'reorder_point', 'average_cost', 'version'],
          *rows() {
            for (const p of parts) {
              const metres = p.family.prefix === 'FBR';
              yield line([p.id, p.code, metres ? 'M' : 'EA', metres ? 3 : 0, p.serialized, p.reorderPoint, p.cost.toFixed(2), '-infinity']);
            }
          },
        },
        {
          table: 'stock.catalog_asset',
          columns: ['id', 'part_number_id', 'serial_number', 'status', 'version'],
          *rows() {
            for (const a of assets) yield line([a.id, a.partId, `SN-${pad(a.id, 7)}`, a.status, '-infinity']);
          },
        },
      ]
      : []),
    {
      table: 'cmdb.ci_type',
      columns: ['id', 'code', 'name', 'description'],
      *rows() {
        for (const t of demo.ciTypes) yield line([t.id, t.code, t.name, t.description]);
      },
    },
    {
      table: 'cmdb.relationship_type',
      columns: ['id', 'code', 'name', 'reverse_name', 'propagates_impact'],
      *rows() {
        for (const t of demo.relationshipTypes) yield line([t.id, t.code, t.name, t.reverseName, t.propagatesImpact]);
      },
    },
    {
      table: 'cmdb.configuration_item',
      columns: ['id', 'code', 'name', 'type_id', 'status', 'environment', 'owner_team', 'asset_id', 'location_id', 'attributes'],
      rows: ciRows,
    },
    { table: 'cmdb.relationship', columns: ['id', 'type_id', 'source_id', 'target_id', 'since'], rows: relationshipRows },
    { table: 'cmdb.service', columns: ['id', 'code', 'name', 'criticality', 'owner_team'], rows: serviceRows },
    { table: 'cmdb.service_member', columns: ['service_id', 'ci_id', 'role'], rows: serviceMemberRows },
    {
      table: 'approvals.policy',
      columns: ['id', 'code', 'name', 'subject_kind', 'movement_types', 'asset_actions', 'min_value', 'confidence_below', 'priority', 'expires_after_hours'],
      *rows() {
        const array = (values: readonly string[] | null) => (values ? `{${values.join(',')}}` : null);
        for (const p of demo.approvalPolicies) {
          yield line([p.id, p.code, p.name, p.subjectKind, array(p.movementTypes), array(p.assetActions), p.minValue, p.confidenceBelow, p.priority, p.expiresAfterHours]);
        }
      },
    },
    {
      table: 'approvals.policy_level',
      columns: ['policy_id', 'level', 'approver_role', 'sla_hours', 'escalate_to_role'],
      *rows() {
        for (const l of demo.approvalPolicyLevels) yield line([l.policyId, l.level, l.approverRole, l.slaHours, l.escalateToRole]);
      },
    },
    {
      table: 'approvals.approval_request',
      columns: ['id', 'kind', 'status', 'asset_id', 'movement_id', 'action', 'action_input', 'title', 'reason', 'triggers',
        'current_level', 'required_levels', 'requested_by', 'created_at', 'due_at', 'decided_at'],
      rows: approvalRows,
    },
  ];
  return {
    counts,
    tables: tables.map((table) => ({ ...table, rows: () => chunked(table.rows()) })),
    identityTables: ['catalog.part_number', 'catalog.asset', 'stock.location', 'stock.movement', 'cmdb.ci_type', 'cmdb.relationship_type',
      'cmdb.configuration_item', 'cmdb.relationship', 'cmdb.service', 'approvals.policy', 'approvals.approval_request'],
  };
}
