/**
 * The peer gateway for the benchmark: The Guild's Hive Gateway serving the
 * same supergraph (schema/supergraph.graphql) over the same subgraph
 * processes. The subgraphs accept only signed requests, so every subgraph
 * call is signed exactly as this project's gateway signs it
 * (`signRequest` over the final body, with the subgraph's secret). The
 * peer does no authentication of its own: every call is signed for one
 * admin caller, the role the benchmark uses against this gateway.
 *
 * Environment: PORT, SUBGRAPH_URLS (JSON: subgraph name -> GraphQL URL),
 * SUPERGRAPH_PATH (default schema/supergraph.graphql),
 * SUBGRAPH_<NAME>_SECRET (default the development secret).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { developmentSigningSecret, signRequest, type Caller } from '@inventory/platform';

const port = Number(process.env.PORT ?? 4100);
const urls = JSON.parse(process.env.SUBGRAPH_URLS ?? '{}') as Record<string, string>;
const supergraphPath = process.env.SUPERGRAPH_PATH ?? fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

// Point each join__graph at the subgraph process the benchmark started.
let supergraph = readFileSync(supergraphPath, 'utf8');
const secretByUrl = new Map<string, string>();
for (const match of supergraph.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)) {
  const [directive, name, url] = match as unknown as [string, string, string];
  const target = urls[name] ?? url;
  supergraph = supergraph.replace(directive, `@join__graph(name: "${name}", url: "${target}")`);
  secretByUrl.set(target, process.env[`SUBGRAPH_${name.toUpperCase()}_SECRET`] ?? developmentSigningSecret(name));
}

const caller: Caller = { subject: 'bench-peer', roles: ['admin'] };

/** Adds the signed caller headers to every subgraph call, over the body exactly as it is sent. */
const signSubgraphCalls: GatewayPlugin = {
  onFetch({ url, options, setOptions }) {
    const secret = secretByUrl.get(url);
    if (!secret) return;
    const body = typeof options.body === 'string' ? options.body : options.body instanceof Uint8Array ? options.body : '';
    const signed = signRequest(secret, { caller, requestId: randomUUID() }, body);
    setOptions({ ...options, headers: { ...(options.headers as Record<string, string>), ...signed } });
  },
};

const gateway = createGatewayRuntime({
  supergraph,
  plugins: () => [signSubgraphCalls],
  logging: 'warn',
  landingPage: false,
  graphiql: false,
});

const server = createServer((request, response) => {
  if (request.url === '/healthz') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  void gateway(request, response);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => process.stderr.write(`peer listening on http://127.0.0.1:${port}/graphql\n`));

const stop = () => {
  server.close();
  void Promise.resolve(gateway.dispose()).finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
