import { Database } from '@inventory/platform';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from '../../gateway/src/api-keys.ts';
import { startStack, type Stack } from '../support/stack.ts';

const JWT_SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const admin = { subject: 'test', roles: ['admin' as const] };

describe('credentials at the gateway', () => {
  let stack: Stack;
  let db: Database;

  beforeAll(async () => {
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-keys' });
    stack = await startStack(inject('databaseUrl'), { gatewayEnv: { JWT_SECRET, JWT_ISSUER: 'https://id.example', API_KEY_CACHE_MS: '0' } });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  const query = '{ asset(id: "1") { serialNumber } }';

  it('accepts a created API key and refuses it once revoked', async () => {
    const name = `acme-${Date.now()}`;
    const created = await createApiKey(db, { name, roles: ['analyst'] }, admin);
    if (!created.ok) throw new Error(created.message);
    expect(created.key).toMatch(/^ak_[A-Za-z0-9_-]{32}$/);
    const [stored] = await db.query<{ keyHash: string }>('t', 'SELECT key_hash AS "keyHash" FROM gateway.api_key WHERE name = $1', [name]);
    expect(stored!.keyHash).not.toContain(created.key);
    expect((await stack.execute(query, {}, { 'x-api-key': created.key })).status).toBe(200);
    expect(await revokeApiKey(db, name, admin)).toBe(true);
    expect((await stack.execute(query, {}, { 'x-api-key': created.key })).status).toBe(401);
  });

  it('refuses a second key with the same name and an unknown role', async () => {
    const name = `dup-${Date.now()}`;
    expect((await createApiKey(db, { name, roles: ['partner'] }, admin)).ok).toBe(true);
    expect(await createApiKey(db, { name, roles: ['partner'] }, admin)).toEqual({ ok: false, message: `A key named "${name}" exists already.` });
    expect(await createApiKey(db, { name: `${name}-x`, roles: ['root'] }, admin)).toEqual({ ok: false, message: 'Unknown role "root".' });
  });

  it('accepts a signed bearer token with a roles claim and refuses expired, foreign or role-less ones', async () => {
    const key = new TextEncoder().encode(JWT_SECRET);
    const token = (claims: Record<string, unknown>, expires = '5m', secret = key) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setIssuer('https://id.example').setIssuedAt().setExpirationTime(expires).sign(secret);
    const bearer = async (jwt: string) => (await stack.execute(query, {}, { 'x-api-key': '', authorization: `Bearer ${jwt}` })).status;
    expect(await bearer(await token({ roles: ['analyst'] }))).toBe(200);
    expect(await bearer(await token({ roles: ['analyst'] }, '-1m'))).toBe(401);
    expect(await bearer(await token({ roles: ['analyst'] }, '5m', new TextEncoder().encode('another-secret-another-secret-123')))).toBe(401);
    expect(await bearer(await token({ roles: ['superuser'] }))).toBe(401);
    expect(await bearer('not.a.jwt')).toBe(401);
  });

  it('refuses tokens that never expire or live longer than allowed, and forgives a little clock skew', async () => {
    const key = new TextEncoder().encode(JWT_SECRET);
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({ roles: ['analyst'], ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setIssuer('https://id.example').sign(key);
    const bearer = async (jwt: string) => (await stack.execute(query, {}, { 'x-api-key': '', authorization: `Bearer ${jwt}` })).status;
    expect(await bearer(await sign({ iat: now }))).toBe(401);
    expect(await bearer(await sign({ iat: now, exp: now + 2 * 86_400 }))).toBe(401);
    expect(await bearer(await sign({ exp: now + 2 * 86_400 }))).toBe(401);
    expect(await bearer(await sign({ iat: now - 60, exp: now - 10 }))).toBe(200);
    expect(await bearer(await sign({ iat: now - 120, exp: now - 60 }))).toBe(401);
  });

  it('remembers an unknown key briefly, and refuses an address that keeps failing before looking its keys up', async () => {
    const guarded = await startStack(inject('databaseUrl'), { gatewayEnv: { AUTH_FAILURES_PER_MINUTE: '3', API_KEY_NEGATIVE_CACHE_MS: '60000' } });
    try {
      const statuses: number[] = [];
      for (const attempt of ['ak_wrong_1', 'ak_wrong_1', 'ak_wrong_2', 'ak_wrong_3', 'dev-admin']) {
        const response = await guarded.execute(query, {}, { 'x-api-key': attempt });
        statuses.push(response.status);
        if (response.status === 429) {
          expect(response.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
          expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        }
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await guarded.stop();
    }
  });

  it('looks an unknown key up once while it is remembered', async () => {
    const observed = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-negative-cache' });
    const { createAuthenticator } = await import('../../gateway/src/auth.ts');
    const statements: string[] = [];
    observed.observe((event) => statements.push(event.name));
    const jwt = { secret: null, publicKey: null, issuer: null, audience: null, rolesClaim: 'roles', maxLifetimeSeconds: 3600, clockSkewSeconds: 30 };
    const authenticate = await createAuthenticator({ db: observed, devKeys: false, cacheMs: 60_000, negativeCacheMs: 60_000, jwt });
    try {
      for (let n = 0; n < 5; n++) expect((await authenticate({ apiKey: 'ak_unknown_key' })).ok).toBe(false);
      expect(statements).toEqual(['useApiKey']);
    } finally {
      await observed.close();
    }
  });

  it('limits each key to its requests per minute, answering 429 with Retry-After', async () => {
    const limited = await startStack(inject('databaseUrl'), { gatewayEnv: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const statuses = [];
      for (let n = 0; n < 5; n++) statuses.push(await limited.execute(query, {}, { 'x-api-key': 'dev-analyst' }));
      expect(statuses.map((response) => response.status)).toEqual([200, 200, 200, 429, 429]);
      expect(Number(statuses[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(statuses[3]!.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      // Every answer, refused or not, says the budget in the standard headers.
      expect(statuses.map((response) => response.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0', '0']);
      for (const response of statuses) {
        expect(response.headers.get('ratelimit-limit')).toBe('3');
        expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      }
      // Another key has its own budget.
      expect((await limited.execute(query, {}, { 'x-api-key': 'dev-operator' })).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('refuses abusive documents before planning, each with a clear message', async () => {
    const deep = `{ asset(id: "1") { partNumber { assets { edges { node { partNumber { assets { edges { node { partNumber { code } } } } } } } } } } }`;
    const aliases = `{ ${Array.from({ length: 20 }, (_, n) => `a${n}: asset(id: "1") { id }`).join(' ')} }`;
    const tokens = `{ ${'__typename '.repeat(3_000)} }`;
    const cases: [string, number, string, RegExp][] = [
      [deep, 400, 'GRAPHQL_VALIDATION_FAILED', /depth limit of 10 exceeded/],
      [aliases, 400, 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 15 exceeded/],
      [tokens, 400, 'GRAPHQL_PARSE_FAILED', /more than 2000 tokens|more that 2000 tokens/],
      ['{ assets(first: 100) { edges { node { partNumber { assets(first: 100) { totalCount } } } } } }', 400, 'GRAPHQL_VALIDATION_FAILED', /Cost limit of 5000 exceeded/],
    ];
    for (const [document, status, code, message] of cases) {
      const response = await stack.execute(document);
      expect(response.status, document.slice(0, 40)).toBe(status);
      expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(response.body.errors?.[0]?.message).toMatch(message);
    }
    // The service is still answering.
    expect((await stack.execute(query)).status).toBe(200);
  });

  it('refuses batched requests and oversized bodies', async () => {
    const batch = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'dev-admin' },
      body: JSON.stringify([{ query }, { query }]),
    });
    expect(batch.status).toBe(400);
    const huge = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'dev-admin' },
      body: JSON.stringify({ query, variables: { padding: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a GET without a credential header, which a cross-site page could send (CSRF)', async () => {
    const response = await fetch(`${stack.gatewayUrl}/graphql?query=${encodeURIComponent(query)}`);
    expect(response.status).toBe(401);
  });

  it('keeps metrics behind their token when one is configured', async () => {
    const guarded = await startStack(inject('databaseUrl'), { gatewayEnv: { METRICS_TOKEN: 'a-metrics-token' } });
    try {
      expect((await fetch(`${guarded.gatewayUrl}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.gatewayUrl}/metrics`, { headers: { authorization: 'Bearer another-token' } })).status).toBe(401);
      expect((await fetch(`${guarded.gatewayUrl}/metrics`, { headers: { authorization: 'Bearer a-metrics-token' } })).status).toBe(200);
    } finally {
      await guarded.stop();
    }
  });

  it('exposes Prometheus metrics for requests, subgraph calls, errors and the pool', async () => {
    await stack.execute('query MetricsProbe { asset(id: "1") { id configurationItem { code } } }');
    await stack.execute(query, {}, { 'x-api-key': 'wrong' });
    const text = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    expect(text).toMatch(/graphql_request_duration_seconds_count\{operation_name="MetricsProbe",operation_type="query",outcome="success"\} 1/);
    expect(text).toMatch(/graphql_subgraph_fetch_duration_seconds_count\{subgraph="cmdb",outcome="success"\} \d+/);
    expect(text).toMatch(/graphql_errors_total\{code="UNAUTHENTICATED"\} \d+/);
    expect(text).toMatch(/db_pool_connections\{state="total"\} \d+/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
    const catalog = await (await fetch(`${stack.subgraphs.catalog.url}/metrics`)).text();
    expect(catalog).toMatch(/db_statement_duration_seconds_count\{statement="findAssetsByIds",outcome="success"\} \d+/);
    expect(catalog).toMatch(/db_pool_connections\{state="idle"\} \d+/);
  });
});

describe('the life of an API key', () => {
  let stack: Stack;
  let db: Database;
  const unique = () => `life-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const registered = JSON.parse(readFileSync(new URL('../../schema/persisted-operations.json', import.meta.url), 'utf8')) as { operations: { id: string; name: string }[] };
  const idOf = (name: string) => registered.operations.find((operation) => operation.name === name)!.id;
  const create = async (input: Parameters<typeof createApiKey>[1]) => {
    const created = await createApiKey(db, input, admin);
    if (!created.ok) throw new Error(created.message);
    return created;
  };
  const run = (key: string, body: Record<string, unknown>) =>
    fetch(`${stack.gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify(body),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] } }));

  beforeAll(async () => {
    db = new Database({ connectionString: inject('databaseUrl'), applicationName: 'test-key-life' });
    stack = await startStack(inject('databaseUrl'), { gatewayEnv: { API_KEY_CACHE_MS: '0', API_KEY_NEGATIVE_CACHE_MS: '0' } });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('works until it expires, and records when it was last used', async () => {
    const name = unique();
    const created = await create({ name, roles: ['analyst'], expiresAt: new Date(Date.now() + 1_500) });
    expect((await run(created.key, { query: '{ __typename }' })).status).toBe(200);
    const [row] = (await listApiKeys(db)).filter((key) => key.name === name);
    expect(row!.lastUsedAt).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect((await run(created.key, { query: '{ __typename }' })).status).toBe(401);
  });

  it('rotates: the new key works at once and the old one only for its grace period, under the same identity', async () => {
    const name = unique();
    const old = await create({ name, roles: ['analyst'] });
    const rotated = await rotateApiKey(db, name, 1, admin);
    if (!rotated.ok) throw new Error(rotated.message);
    expect(rotated.row.name).toBe(name);
    expect((await run(old.key, { query: '{ __typename }' })).status).toBe(200);
    expect((await run(rotated.key, { query: '{ __typename }' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await run(old.key, { query: '{ __typename }' })).status).toBe(401);
    expect((await run(rotated.key, { query: '{ __typename }' })).status).toBe(200);
    // A revoked name is never reused, so a new key cannot inherit its identity.
    expect(await revokeApiKey(db, name, admin)).toBe(true);
    expect((await createApiKey(db, { name, roles: ['analyst'] }, admin)).ok).toBe(false);
  });

  it('binds a key to a list of registered operations, and lets a key hold several roles', async () => {
    const bound = await create({ name: unique(), roles: ['partner'], operations: ['StockByPartCode'] });
    expect((await run(bound.key, { documentId: idOf('StockByPartCode'), variables: { code: 'PN-CAB-0001' } })).body.data).toBeTruthy();
    const other = await run(bound.key, { documentId: idOf('AssetBySerial'), variables: { serialNumber: 'SN-000001' } });
    expect(other.status).toBe(403);
    expect(other.body.errors![0]!.extensions.code).toBe('FORBIDDEN');
    // Bound, even an analyst key runs only its operations.
    const analyst = await create({ name: unique(), roles: ['analyst'], operations: ['StockByPartCode'] });
    expect((await run(analyst.key, { query: '{ __typename }' })).body.errors![0]!.extensions.code).toBe('QUERY_NOT_IN_SAFELIST');

    const both = await create({ name: unique(), roles: ['analyst', 'operator'] });
    const code = `KEY-${Date.now()}`;
    const created = await run(both.key, { query: `mutation { createLocation(input: { code: "${code}", name: "Key test", type: WAREHOUSE }) { location { code } userErrors { code } } }` });
    expect(created.body.data).toEqual({ createLocation: { location: { code }, userErrors: [] } });
  });

  it('counts requests by key in the metrics', async () => {
    const name = unique();
    const created = await create({ name, roles: ['analyst'] });
    await run(created.key, { query: '{ __typename }' });
    const metrics = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`graphql_requests_by_caller_total\\{caller="key:${name}",outcome="success"\\} 1`));
  });
});

describe('the gateway in production mode', () => {
  it('refuses to start with development secrets, and never accepts the dev keys', async () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: inject('databaseUrl'), PORT: '0' };
    const { readConfig } = await import('../../gateway/src/config.ts');
    expect(() => readConfig(production)).toThrow(/SUBGRAPH_CATALOG_SECRET is required in production/);
    expect(() => readConfig({ ...production, SUBGRAPH_CATALOG_SECRET: 'dev-signing-secret-catalog' })).toThrow(/development default/);
    expect(() => readConfig({ ...production, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
    const secrets = Object.fromEntries(['CATALOG', 'STOCK', 'CMDB', 'APPROVALS'].map((name) => [`SUBGRAPH_${name}_SECRET`, `${name}-${'s'.repeat(40)}`]));
    expect(readConfig({ ...production, ...secrets }).devKeys).toBe(false);
  });
});
