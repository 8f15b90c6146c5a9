import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTracing } from '@inventory/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.ts';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

describe('tracing with an OTLP collector configured', () => {
  let collector: Server;
  let stack: Stack;
  let stopTracing: () => Promise<void>;
  const spans: ExportedSpan[] = [];

  beforeAll(async () => {
    // A stand-in collector: accepts OTLP/HTTP JSON exports and keeps the spans.
    collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const exported = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: ExportedSpan[] }[] }[] };
        for (const resource of exported.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    stopTracing = startTracing('inventory-test', `http://127.0.0.1:${(collector.address() as AddressInfo).port}`);
    stack = await startStack(inject('databaseUrl'));
  });
  afterAll(async () => {
    await stack?.stop();
    collector?.close();
  });

  it('follows one request from the gateway through the subgraphs down to each SQL statement, in one trace', async () => {
    const { body } = await stack.execute('{ asset(id: "1") { serialNumber location { code } } }');
    expect(body.errors).toBeUndefined();
    await stopTracing();

    const root = spans.find((span) => span.name === 'gateway POST /graphql');
    expect(root).toBeDefined();
    const trace = spans.filter((span) => span.traceId === root!.traceId).map((span) => span.name);
    expect(trace).toEqual(
      expect.arrayContaining([
        'gateway POST /graphql',
        'gateway.request',
        'gateway.plan',
        'gateway.fetch',
        'catalog POST /graphql',
        'db findAssetsByIds',
        'stock POST /graphql',
        'db findPositionsOfAssets',
      ]),
    );
  });
});
