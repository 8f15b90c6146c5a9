import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP relay to a subgraph that can hang, as a stopped (SIGSTOP) process does: it takes requests and never answers. */
export async function startHangableRelay(target: string) {
  let hung = false;
  let reached = 0;
  const server: Server = createServer((incoming, outgoing) => {
    reached++;
    if (hung) return;
    const upstream = httpRequest(target, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    hang: (value: boolean) => void (hung = value),
    reached: () => reached,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
