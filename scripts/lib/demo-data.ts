/**
 * The deterministic demo dataset: the same rows, ids and quantities on every
 * machine, so documentation, tests and benchmarks can name them. Built in
 * memory by replaying a movement ledger, so every balance and every asset
 * position is explained by the movements that produced it.
 */

/** A small, fast, seedable PRNG (mulberry32): same seed, same sequence. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

export interface LocationSeed { id: number; code: string; name: string; type: string; parentId: number | null; path: number[] }
export interface PartNumberSeed {
  id: number; code: string; description: string; unitOfMeasure: string; category: string;
  manufacturer: string; reorderPoint: number; serialized: boolean;
}
export interface AssetSeed { id: number; serialNumber: string; partNumberId: number; status: string; condition: string; acquiredOn: string }
export interface MovementSeed {
  id: number; type: string; status: string; partNumberId: number; assetId: number | null; quantity: number;
  fromLocationId: number | null; toLocationId: number | null; unitCost: string | null; reason: string | null;
  documentRef: string | null; createdBy: string; createdAt: string; postedAt: string | null;
}
export interface BalanceSeed { partNumberId: number; locationId: number; onHand: number; reserved: number }
export interface AssetPositionSeed { assetId: number; locationId: number | null; movementId: number }
export interface CiTypeSeed { id: number; code: string; name: string; description: string }
export interface CiTypeVersionSeed { id: number; ciTypeId: number; version: number; status: string; publishedAt: string }
export interface AttributeDefinitionSeed {
  versionId: number; key: string; label: string; fieldType: string; required: boolean; enumValues: string[] | null; helpText: string | null; sortOrder: number;
}
export interface CiSeed {
  id: number; code: string; name: string; typeId: number; status: string; environment: string;
  ownerTeam: string; assetId: number | null; locationId: number | null; attributes: Record<string, unknown>;
  /** The attribute schema version the attributes conform to. */
  typeVersionId?: number;
}
export interface RelationshipTypeSeed { id: number; code: string; name: string; reverseName: string; propagatesImpact: boolean }
export interface RelationshipSeed { id: number; typeId: number; sourceId: number; targetId: number; since: string }
export interface ServiceSeed { id: number; code: string; name: string; criticality: string; ownerTeam: string }
export interface ServiceMemberSeed { serviceId: number; ciId: number; role: string }
export interface ApprovalRequestSeed {
  id: number; kind: string; assetId: number | null; movementId: number | null; title: string;
  requiredLevels: number; requestedBy: string; createdAt: string; dueAt: string;
  action: string | null; actionInput: Record<string, unknown> | null; reason: string | null; triggers: string[];
}
export interface ApprovalPolicySeed {
  id: number; code: string; name: string; subjectKind: string; movementTypes: string[] | null; assetActions: string[] | null;
  minValue: string | null; confidenceBelow: string | null; priority: number; expiresAfterHours: number | null;
}
export interface ApprovalPolicyLevelSeed {
  policyId: number; level: number; approverRole: string; slaHours: number; escalateToRole: string | null;
}

export interface DemoData {
  locations: LocationSeed[];
  partNumbers: PartNumberSeed[];
  assets: AssetSeed[];
  movements: MovementSeed[];
  balances: BalanceSeed[];
  assetPositions: AssetPositionSeed[];
  ciTypes: CiTypeSeed[];
  ciTypeVersions: CiTypeVersionSeed[];
  attributeDefinitions: AttributeDefinitionSeed[];
  configurationItems: CiSeed[];
  relationshipTypes: RelationshipTypeSeed[];
  relationships: RelationshipSeed[];
  services: ServiceSeed[];
  serviceMembers: ServiceMemberSeed[];
  approvalRequests: ApprovalRequestSeed[];
  approvalPolicies: ApprovalPolicySeed[];
  approvalPolicyLevels: ApprovalPolicyLevelSeed[];
}

const EPOCH = Date.UTC(2026, 0, 5, 8, 0, 0);
const HOUR = 3_600_000;

function buildLocations(): LocationSeed[] {
  const locations: LocationSeed[] = [];
  const add = (code: string, name: string, type: string, parent: LocationSeed | null): LocationSeed => {
    const id = locations.length + 1;
    const location = { id, code, name, type, parentId: parent?.id ?? null, path: [...(parent?.path ?? []), id] };
    locations.push(location);
    return location;
  };
  // Two distribution centres: warehouse > zone (a warehouse inside a warehouse) > shelf > bin.
  for (const [dc, dcName, zones, shelves, bins] of [
    ['CDC', 'Central distribution centre', 2, 4, 4],
    ['NDC', 'North distribution centre', 1, 3, 3],
  ] as const) {
    const centre = add(dc, dcName, 'WAREHOUSE', null);
    for (let z = 1; z <= zones; z++) {
      const zone = add(`${dc}-Z${z}`, `${dcName}, zone ${z}`, 'WAREHOUSE', centre);
      for (let s = 1; s <= shelves; s++) {
        const shelf = add(`${zone.code}-S${String(s).padStart(2, '0')}`, `Zone ${z} shelf ${s}`, 'SHELF', zone);
        for (let b = 1; b <= bins; b++) {
          add(`${shelf.code}-B${String(b).padStart(2, '0')}`, `Shelf ${s} bin ${b}`, 'BIN', shelf);
        }
      }
    }
  }
  const alpha = add('SITE-ALPHA', 'Project site Alpha (data centre build)', 'PROJECT_SITE', null);
  add('SITE-ALPHA-VAN1', 'Alpha service van 1', 'VEHICLE', alpha);
  add('SITE-BRAVO', 'Project site Bravo (office fit-out)', 'PROJECT_SITE', null);
  add('VAN-02', 'Field service van 2', 'VEHICLE', null);
  add('TRANSIT', 'Goods in transit', 'TRANSIT', null);
  add('EXT-REPAIR', 'External repair vendor', 'EXTERNAL', null);
  return locations;
}

const CATALOG = [
  { prefix: 'LAP', category: 'Laptops', uom: 'EA', serialized: true, makers: ['Lenovo', 'Dell', 'HP'], items: ['ThinkPad T14', 'Latitude 5440', 'EliteBook 840', 'ThinkPad X1 Carbon', 'Latitude 7440', 'ProBook 450'], cost: 1100 },
  { prefix: 'SRV', category: 'Servers', uom: 'EA', serialized: true, makers: ['Dell', 'HPE', 'Lenovo'], items: ['PowerEdge R660', 'ProLiant DL380', 'ThinkSystem SR650', 'PowerEdge R760', 'ProLiant DL360'], cost: 8200 },
  { prefix: 'NET', category: 'Network', uom: 'EA', serialized: true, makers: ['Cisco', 'Juniper', 'Aruba'], items: ['Catalyst 9300 switch', 'EX4400 switch', 'CX 6300 switch', 'ISR 4331 router', 'MX204 router', 'AP-635 access point'], cost: 2400 },
  { prefix: 'MON', category: 'Monitors', uom: 'EA', serialized: true, makers: ['Dell', 'LG', 'Samsung'], items: ['P2723DE 27"', 'UltraFine 24"', 'ViewFinity S8 32"'], cost: 320 },
  { prefix: 'CAB', category: 'Cables', uom: 'EA', serialized: false, makers: ['Panduit', 'CommScope'], items: ['Cat6A patch cord 1m', 'Cat6A patch cord 3m', 'OM4 fibre LC-LC 2m', 'OM4 fibre LC-LC 5m', 'C13-C14 power cord', 'DAC 25G 1m', 'DAC 100G 3m', 'USB-C cable 2m'], cost: 9 },
  { prefix: 'SFP', category: 'Optics', uom: 'EA', serialized: false, makers: ['Cisco', 'Finisar'], items: ['SFP+ 10G SR', 'SFP28 25G SR', 'QSFP28 100G SR4', 'SFP 1G LX'], cost: 85 },
  { prefix: 'SPR', category: 'Spare parts', uom: 'EA', serialized: false, makers: ['Dell', 'HPE', 'Seagate', 'Samsung'], items: ['960GB SATA SSD', '1.92TB NVMe SSD', '32GB DDR5 RDIMM', '64GB DDR5 RDIMM', '800W PSU', 'Chassis fan', '2.4TB SAS HDD', 'RAID controller battery'], cost: 180 },
  { prefix: 'CON', category: 'Consumables', uom: 'EA', serialized: false, makers: ['3M', 'Brady'], items: ['Cable ties (100)', 'Label cartridge', 'Thermal paste', 'Velcro roll 5m', 'Cleaning wipes (50)', 'Anti-static bags (25)'], cost: 6 },
  { prefix: 'RCK', category: 'Rack hardware', uom: 'EA', serialized: false, makers: ['APC', 'Rittal'], items: ['Cage nuts (50)', '1U blanking panel', 'Rack PDU 16A', 'Rail kit universal', 'Cable manager 1U', '42U rack shelf'], cost: 40 },
  { prefix: 'FBR', category: 'Fibre', uom: 'M', serialized: false, makers: ['Corning'], items: ['OS2 fibre bulk', 'OM4 fibre bulk', 'Cat6A bulk cable'], cost: 1.2 },
] as const;

export function buildDemoData(): DemoData {
  const random = createRandom(20260105);
  const locations = buildLocations();
  const bins = locations.filter((location) => location.type === 'BIN');
  const sites = locations.filter((location) => location.type === 'PROJECT_SITE' || location.type === 'VEHICLE');
  const byCode = new Map(locations.map((location) => [location.code, location]));

  const partNumbers: PartNumberSeed[] = [];
  const unitCost = new Map<number, number>();
  for (const family of CATALOG) {
    family.items.forEach((item, index) => {
      const id = partNumbers.length + 1;
      const maker = family.makers[index % family.makers.length] as string;
      partNumbers.push({
        id,
        code: `PN-${family.prefix}-${String(index + 1).padStart(4, '0')}`,
        description: `${maker} ${item}`,
        unitOfMeasure: family.uom,
        category: family.category,
        manufacturer: maker,
        // Optics and server spares are kept deep, so the demo's low-stock report has something to show.
        reorderPoint: family.serialized ? 2 : family.uom === 'M' ? 500 : family.prefix === 'SFP' ? 300 : family.prefix === 'SPR' ? 150 : 40,
        serialized: family.serialized,
      });
      unitCost.set(id, Math.round(family.cost * (0.8 + random.next() * 0.4) * 100) / 100);
    });
  }

  const movements: MovementSeed[] = [];
  const balances = new Map<string, BalanceSeed>();
  const positions = new Map<number, AssetPositionSeed>();
  let clock = EPOCH;
  const post = (movement: Omit<MovementSeed, 'id' | 'status' | 'createdAt' | 'postedAt' | 'createdBy' | 'unitCost'> & { status?: string }) => {
    clock += random.int(1, 4) * HOUR;
    const id = movements.length + 1;
    const status = movement.status ?? 'POSTED';
    const createdAt = new Date(clock).toISOString();
    const row: MovementSeed = {
      ...movement,
      id,
      status,
      unitCost: unitCost.get(movement.partNumberId)!.toFixed(2),
      createdBy: 'seed',
      createdAt,
      postedAt: status === 'POSTED' ? createdAt : null,
    };
    movements.push(row);
    if (status !== 'POSTED') return row;
    const change = (locationId: number | null, delta: number) => {
      if (locationId === null) return;
      const key = `${movement.partNumberId}:${locationId}`;
      const balance = balances.get(key) ?? { partNumberId: movement.partNumberId, locationId, onHand: 0, reserved: 0 };
      balance.onHand += delta;
      if (balance.onHand < 0) throw new Error(`demo ledger would go negative at ${key}`);
      balances.set(key, balance);
    };
    change(movement.fromLocationId, -movement.quantity);
    change(movement.toLocationId, movement.quantity);
    if (movement.assetId !== null) {
      positions.set(movement.assetId, { assetId: movement.assetId, locationId: movement.toLocationId, movementId: id });
    }
    return row;
  };

  // Bulk stock: a goods receipt per part into two or three bins, then
  // transfers between bins and issues to project sites.
  for (const part of partNumbers.filter((p) => !p.serialized)) {
    const homes = [random.pick(bins), random.pick(bins), random.pick(bins)].filter(
      (bin, index, all) => all.findIndex((other) => other.id === bin.id) === index,
    );
    const bulk = part.unitOfMeasure === 'M' ? 100 : 1;
    for (const home of homes) {
      post({ type: 'INBOUND', partNumberId: part.id, assetId: null, quantity: random.int(20, 120) * bulk, fromLocationId: null, toLocationId: home.id, reason: null, documentRef: `PO-${10000 + movements.length}` });
    }
    if (homes.length > 1) {
      post({ type: 'TRANSFER', partNumberId: part.id, assetId: null, quantity: random.int(2, 10) * bulk, fromLocationId: homes[0]!.id, toLocationId: homes[1]!.id, reason: 'Rebalancing', documentRef: null });
    }
    post({ type: 'OUTBOUND', partNumberId: part.id, assetId: null, quantity: random.int(1, 15) * bulk, fromLocationId: homes[0]!.id, toLocationId: random.pick(sites).id, reason: 'Issued to project', documentRef: `WO-${5000 + movements.length}` });
  }

  // Serialized assets: each received into a bin; some deployed to a site.
  const serializedParts = partNumbers.filter((p) => p.serialized);
  const assets: AssetSeed[] = [];
  const STATUSES = ['AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'IN_USE', 'IN_USE', 'MAINTENANCE', 'RESERVED'];
  const CONDITIONS = ['NEW', 'NEW', 'GOOD', 'GOOD', 'FAIR', 'REFURBISHED'];
  for (let index = 0; index < 200; index++) {
    const part = serializedParts[index % serializedParts.length]!;
    const id = index + 1;
    const status = index === 0 ? 'IN_USE' : random.pick(STATUSES);
    assets.push({
      id,
      serialNumber: `SN-${String(id).padStart(6, '0')}`,
      partNumberId: part.id,
      status,
      condition: index === 0 ? 'GOOD' : random.pick(CONDITIONS),
      acquiredOn: new Date(EPOCH - random.int(30, 900) * 24 * HOUR).toISOString().slice(0, 10),
    });
    // The showcase asset (SN-000001) sits four levels deep in the central DC.
    const bin = index === 0 ? byCode.get('CDC-Z1-S01-B01')! : random.pick(bins);
    const receiving = index === 0 ? byCode.get('CDC-Z2-S04-B04')! : bin;
    post({ type: 'INBOUND', partNumberId: part.id, assetId: id, quantity: 1, fromLocationId: null, toLocationId: receiving.id, reason: null, documentRef: `PO-${20000 + id}` });
    if (index === 0) {
      post({ type: 'TRANSFER', partNumberId: part.id, assetId: id, quantity: 1, fromLocationId: receiving.id, toLocationId: bin.id, reason: 'Put-away', documentRef: null });
      post({ type: 'TRANSFER', partNumberId: part.id, assetId: id, quantity: 1, fromLocationId: bin.id, toLocationId: byCode.get('SITE-ALPHA')!.id, reason: 'Deployed for rack build', documentRef: 'WO-9001' });
      post({ type: 'RETURN', partNumberId: part.id, assetId: id, quantity: 1, fromLocationId: byCode.get('SITE-ALPHA')!.id, toLocationId: bin.id, reason: 'Returned after burn-in', documentRef: 'RMA-17' });
    } else if (status === 'IN_USE') {
      post({ type: 'TRANSFER', partNumberId: part.id, assetId: id, quantity: 1, fromLocationId: bin.id, toLocationId: random.pick(sites).id, reason: 'Deployed', documentRef: `WO-${6000 + id}` });
    }
  }

  // Pending adjustments: recorded but waiting for approval, so no balance moved.
  const pendingMovements: MovementSeed[] = [];
  for (const part of partNumbers.filter((p) => !p.serialized).slice(0, 6)) {
    const holding = [...balances.values()].find((balance) => balance.partNumberId === part.id && balance.onHand > 5)!;
    pendingMovements.push(
      post({ type: 'ADJUSTMENT', status: 'PENDING_APPROVAL', partNumberId: part.id, assetId: null, quantity: 3, fromLocationId: holding.locationId, toLocationId: null, reason: 'Cycle count shortfall', documentRef: `CC-${300 + part.id}` }),
    );
  }

  // CMDB: hardware CIs for the servers, network gear and some laptops,
  // applications and databases on top, grouped into business services.
  const ciTypes: CiTypeSeed[] = [
    { id: 1, code: 'SERVER', name: 'Server', description: 'A physical server.' },
    { id: 2, code: 'NETWORK_DEVICE', name: 'Network device', description: 'A switch, router or access point.' },
    { id: 3, code: 'WORKSTATION', name: 'Workstation', description: 'An end-user laptop or desktop.' },
    { id: 4, code: 'APPLICATION', name: 'Application', description: 'A deployed software application.' },
    { id: 5, code: 'DATABASE', name: 'Database', description: 'A database instance.' },
  ];
  // One published attribute schema per type (version id = type id), matching the attributes the items below carry.
  const ciTypeVersions: CiTypeVersionSeed[] = ciTypes.map((type) => ({ id: type.id, ciTypeId: type.id, version: 1, status: 'ACTIVE', publishedAt: new Date(EPOCH - 400 * 24 * HOUR).toISOString() }));
  const attributeDefinitions: AttributeDefinitionSeed[] = [
    { versionId: 1, key: 'managementIp', label: 'Management IP', fieldType: 'IP_ADDRESS', required: false, enumValues: null, helpText: 'Address of the out-of-band management interface.', sortOrder: 0 },
    { versionId: 2, key: 'managementIp', label: 'Management IP', fieldType: 'IP_ADDRESS', required: false, enumValues: null, helpText: 'Address the device is managed on.', sortOrder: 0 },
    { versionId: 3, key: 'os', label: 'Operating system', fieldType: 'STRING', required: false, enumValues: null, helpText: null, sortOrder: 0 },
    { versionId: 4, key: 'version', label: 'Version', fieldType: 'STRING', required: false, enumValues: null, helpText: 'Deployed release, e.g. 2.4.', sortOrder: 0 },
    { versionId: 5, key: 'engine', label: 'Engine', fieldType: 'ENUM', required: true, enumValues: ['PostgreSQL', 'MySQL', 'SQL Server', 'Oracle'], helpText: null, sortOrder: 0 },
    { versionId: 5, key: 'version', label: 'Version', fieldType: 'STRING', required: false, enumValues: null, helpText: null, sortOrder: 1 },
  ];
  const relationshipTypes: RelationshipTypeSeed[] = [
    { id: 1, code: 'DEPENDS_ON', name: 'depends on', reverseName: 'is used by', propagatesImpact: true },
    { id: 2, code: 'RUNS_ON', name: 'runs on', reverseName: 'hosts', propagatesImpact: true },
    { id: 3, code: 'CONNECTS_TO', name: 'connects to', reverseName: 'is connected from', propagatesImpact: true },
    { id: 4, code: 'BACKS_UP', name: 'backs up', reverseName: 'is backed up by', propagatesImpact: false },
  ];
  const typeOfPart = (part: PartNumberSeed) =>
    part.category === 'Servers' ? 1 : part.category === 'Network' ? 2 : 3;
  const configurationItems: CiSeed[] = [];
  const partById = new Map(partNumbers.map((p) => [p.id, p]));
  for (const asset of assets) {
    const part = partById.get(asset.partNumberId)!;
    if (part.category === 'Monitors') continue;
    if (part.category === 'Laptops' && asset.id % 3 !== 0 && asset.id !== 1) continue;
    const typeId = typeOfPart(part);
    const prefix = typeId === 1 ? 'SRV' : typeId === 2 ? 'NET' : 'WS';
    const id = configurationItems.length + 1;
    configurationItems.push({
      id,
      code: `CI-${prefix}-${String(asset.id).padStart(4, '0')}`,
      name: `${part.description} (${asset.serialNumber})`,
      typeId,
      status: asset.status === 'MAINTENANCE' ? 'MAINTENANCE' : 'ACTIVE',
      environment: random.pick(['PROD', 'PROD', 'UAT', 'DEV']),
      ownerTeam: typeId === 3 ? 'End-user computing' : 'Infrastructure',
      assetId: asset.id,
      locationId: positions.get(asset.id)?.locationId ?? null,
      attributes: typeId === 3 ? { os: 'Windows 11' } : { managementIp: `10.20.${Math.floor(asset.id / 250)}.${asset.id % 250}` },
    });
  }
  const hardware = configurationItems.slice();
  const servers = hardware.filter((ci) => ci.typeId === 1);
  const switches = hardware.filter((ci) => ci.typeId === 2);
  const APPS = ['Order management', 'Warehouse control', 'Payroll', 'Customer portal', 'Identity provider', 'Monitoring', 'Data warehouse', 'E-mail gateway', 'Ticketing', 'Build farm'];
  const applications = APPS.map((name, index) => {
    const ci: CiSeed = { id: configurationItems.length + 1, code: `CI-APP-${String(index + 1).padStart(4, '0')}`, name, typeId: 4, status: 'ACTIVE', environment: 'PROD', ownerTeam: 'Applications', assetId: null, locationId: null, attributes: { version: `${1 + (index % 4)}.${index}` } };
    configurationItems.push(ci);
    return ci;
  });
  const databases = ['Orders DB', 'Inventory DB', 'HR DB', 'Analytics DB', 'Identity DB'].map((name, index) => {
    const ci: CiSeed = { id: configurationItems.length + 1, code: `CI-DB-${String(index + 1).padStart(4, '0')}`, name, typeId: 5, status: 'ACTIVE', environment: 'PROD', ownerTeam: 'Data platform', assetId: null, locationId: null, attributes: { engine: 'PostgreSQL', version: '16' } };
    configurationItems.push(ci);
    return ci;
  });

  for (const ci of configurationItems) ci.typeVersionId = ci.typeId;

  const relationships: RelationshipSeed[] = [];
  const seen = new Set<string>();
  const relate = (typeId: number, source: CiSeed, target: CiSeed) => {
    const key = `${typeId}:${source.id}:${target.id}`;
    if (source.id === target.id || seen.has(key)) return;
    seen.add(key);
    relationships.push({ id: relationships.length + 1, typeId, sourceId: source.id, targetId: target.id, since: new Date(EPOCH - random.int(10, 400) * 24 * HOUR).toISOString().slice(0, 10) });
  };
  applications.forEach((app, index) => {
    relate(2, app, servers[index % servers.length]!);
    relate(2, app, servers[(index + 7) % servers.length]!);
    relate(1, app, databases[index % databases.length]!);
  });
  databases.forEach((db, index) => relate(2, db, servers[(index * 3) % servers.length]!));
  servers.forEach((server, index) => relate(3, server, switches[index % switches.length]!));
  switches.forEach((sw, index) => relate(3, sw, switches[(index + 1) % switches.length]!));
  // The showcase CI (the asset SN-000001, a workstation) uses three applications.
  const showcase = configurationItems.find((ci) => ci.assetId === 1)!;
  relate(1, showcase, applications[0]!);
  relate(1, showcase, applications[4]!);
  relate(3, showcase, switches[0]!);

  const services: ServiceSeed[] = [
    { id: 1, code: 'SVC-ORDERS', name: 'Order to cash', criticality: 'CRITICAL', ownerTeam: 'Sales operations' },
    { id: 2, code: 'SVC-WAREHOUSE', name: 'Warehouse operations', criticality: 'HIGH', ownerTeam: 'Logistics' },
    { id: 3, code: 'SVC-PEOPLE', name: 'People services', criticality: 'MEDIUM', ownerTeam: 'HR' },
    { id: 4, code: 'SVC-IDENTITY', name: 'Identity and access', criticality: 'CRITICAL', ownerTeam: 'Security' },
    { id: 5, code: 'SVC-ANALYTICS', name: 'Analytics', criticality: 'LOW', ownerTeam: 'Data platform' },
  ];
  const serviceMembers: ServiceMemberSeed[] = [];
  const member = (serviceId: number, ci: CiSeed, role: string) => {
    if (!serviceMembers.some((m) => m.serviceId === serviceId && m.ciId === ci.id)) serviceMembers.push({ serviceId, ciId: ci.id, role });
  };
  member(1, applications[0]!, 'application'); member(1, databases[0]!, 'database');
  member(2, applications[1]!, 'application'); member(2, databases[1]!, 'database');
  member(3, applications[2]!, 'application'); member(3, databases[2]!, 'database');
  member(4, applications[4]!, 'application'); member(4, databases[4]!, 'database');
  member(5, applications[6]!, 'application'); member(5, databases[3]!, 'database');
  member(1, showcase, 'operator workstation'); member(2, showcase, 'operator workstation');
  servers.slice(0, 10).forEach((server, index) => member((index % 5) + 1, server, 'host'));

  // Approvals: one request per pending adjustment, and asset actions waiting on a decision.
  // They predate the policies below, so they have no level rules of their own: any approver decides each level.
  const approvalRequests: ApprovalRequestSeed[] = [];
  for (const movement of pendingMovements) {
    approvalRequests.push({ id: approvalRequests.length + 1, kind: 'STOCK_MOVEMENT', assetId: null, movementId: movement.id, title: `Adjust ${movement.quantity} of part ${partById.get(movement.partNumberId)!.code}: ${movement.reason}`, requiredLevels: 1, requestedBy: 'seed', createdAt: movement.createdAt, dueAt: new Date(Date.parse(movement.createdAt) + 48 * HOUR).toISOString(), action: null, actionInput: null, reason: movement.reason, triggers: ['ADJUSTMENT'] });
  }
  for (const [assetId, title, levels, action, actionInput] of [
    [1, 'Replace battery under warranty', 1, 'REPAIR', { note: 'Battery swells; covered by warranty' }],
    [1, 'Reassign to the night shift team', 2, 'ASSIGN', { assigneeType: 'DEPARTMENT', assigneeId: 'night-shift', assigneeName: 'Night shift team' }],
    [12, 'Scrap: water damage', 2, 'DISPOSE', { note: 'Water damage' }],
    [37, 'Send for external repair', 1, 'REPAIR', {}],
    [58, 'Scrap: end of life', 2, 'DISPOSE', { note: 'End of life' }],
  ] as const) {
    clock += HOUR;
    approvalRequests.push({ id: approvalRequests.length + 1, kind: 'ASSET_ACTION', assetId, movementId: null, title, requiredLevels: levels, requestedBy: 'seed', createdAt: new Date(clock).toISOString(), dueAt: new Date(clock + 72 * HOUR).toISOString(), action, actionInput, reason: null, triggers: [] });
  }
  // Default approval policies: who decides what from now on (highest priority wins).
  const approvalPolicies: ApprovalPolicySeed[] = [
    { id: 1, code: 'TRANSFER_HIGH_VALUE', name: 'Transfers worth 10,000 or more: an approver, then a second approver', subjectKind: 'STOCK_MOVEMENT', movementTypes: ['TRANSFER'], assetActions: null, minValue: '10000', confidenceBelow: null, priority: 30, expiresAfterHours: 336 },
    { id: 2, code: 'LOW_CONFIDENCE_REVIEW', name: 'Movements captured with confidence below 0.8: human review', subjectKind: 'STOCK_MOVEMENT', movementTypes: null, assetActions: null, minValue: null, confidenceBelow: '0.8', priority: 20, expiresAfterHours: 168 },
    { id: 3, code: 'ADJUSTMENT', name: 'Stock adjustments: one approver', subjectKind: 'STOCK_MOVEMENT', movementTypes: ['ADJUSTMENT'], assetActions: null, minValue: null, confidenceBelow: null, priority: 10, expiresAfterHours: 336 },
    { id: 4, code: 'MOVEMENT_DEFAULT', name: 'Any other movement sent to approval: one approver', subjectKind: 'STOCK_MOVEMENT', movementTypes: null, assetActions: null, minValue: null, confidenceBelow: null, priority: 0, expiresAfterHours: 336 },
    { id: 5, code: 'ASSET_DISPOSAL', name: 'Disposals: an approver, then an admin', subjectKind: 'ASSET_ACTION', movementTypes: null, assetActions: ['DISPOSE'], minValue: null, confidenceBelow: null, priority: 10, expiresAfterHours: 720 },
    { id: 6, code: 'ASSET_MOVE', name: 'Moves of assets worth 5,000 or more: one approver', subjectKind: 'ASSET_ACTION', movementTypes: null, assetActions: ['MOVE'], minValue: '5000', confidenceBelow: null, priority: 0, expiresAfterHours: 720 },
  ];
  const approvalPolicyLevels: ApprovalPolicyLevelSeed[] = [
    { policyId: 1, level: 1, approverRole: 'approver', slaHours: 24, escalateToRole: 'admin' },
    { policyId: 1, level: 2, approverRole: 'approver', slaHours: 24, escalateToRole: 'admin' },
    { policyId: 2, level: 1, approverRole: 'approver', slaHours: 8, escalateToRole: 'admin' },
    { policyId: 3, level: 1, approverRole: 'approver', slaHours: 48, escalateToRole: 'admin' },
    { policyId: 4, level: 1, approverRole: 'approver', slaHours: 48, escalateToRole: null },
    { policyId: 5, level: 1, approverRole: 'approver', slaHours: 72, escalateToRole: null },
    { policyId: 5, level: 2, approverRole: 'admin', slaHours: 72, escalateToRole: null },
    { policyId: 6, level: 1, approverRole: 'approver', slaHours: 72, escalateToRole: null },
  ];

  return {
    locations,
    partNumbers,
    assets,
    movements,
    balances: [...balances.values()].filter((balance) => balance.onHand > 0 || balance.reserved > 0),
    assetPositions: [...positions.values()],
    ciTypes,
    ciTypeVersions,
    attributeDefinitions,
    configurationItems,
    relationshipTypes,
    relationships,
    services,
    serviceMembers,
    approvalRequests,
    approvalPolicies,
    approvalPolicyLevels,
  };
}
