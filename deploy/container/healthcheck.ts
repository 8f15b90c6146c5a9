/**
 * The image's HEALTHCHECK: asks the service running as this container's
 * PID 1 for `/readyz` and exits 0 when it answers 200, 1 otherwise.
 *
 * The check runs as a separate process with the image's environment, not the
 * service's, so it reads the service's `PORT` and `HOST` from
 * `/proc/1/environ` (the entry point exports the service's default port).
 * A one-shot command (`migrate`, `apikey`) has no port there and nothing to
 * check: it counts as healthy while it runs.
 */
import { readFileSync } from 'node:fs';

function serviceEnvironment(): Map<string, string> {
  const entries = readFileSync('/proc/1/environ', 'utf8').split('\0').filter((entry) => entry.includes('='));
  return new Map(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

const environment = serviceEnvironment();
const port = environment.get('PORT');
if (port === undefined) {
  process.stdout.write('no service listens in this container\n');
  process.exit(0);
}
const host = environment.get('HOST');
const address = host === undefined || host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
try {
  const response = await fetch(`http://${address.includes(':') ? `[${address}]` : address}:${port}/readyz`, { signal: AbortSignal.timeout(4_000) });
  const body = await response.text();
  process.stdout.write(`${response.status} ${body}\n`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  process.stdout.write(`not answering: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
