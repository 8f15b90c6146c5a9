import { timingSafeEqual } from 'node:crypto';
import type { Express, RequestHandler } from 'express';
import { createApp, createHttpServer, listen } from '@inventory/platform';
import type { MetricsSettings } from './config.ts';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Serves `/metrics` where the settings say: on a port of its own (for a
 * scraper inside the cluster, never published), or on the public port
 * behind `Authorization: Bearer <METRICS_TOKEN>`, or, outside production
 * only, openly on the public port. Resolves with its URL and how to stop it.
 */
export async function serveMetrics(
  publicApp: Express,
  settings: MetricsSettings,
  host: string,
  handler: RequestHandler,
): Promise<{ url: string; stop(): Promise<void> }> {
  if (settings.port !== null) {
    const app = createApp();
    app.get('/metrics', handler);
    const server = createHttpServer();
    server.on('request', app);
    const running = await listen(server, settings.port, host);
    return { url: `${running.url}/metrics`, stop: running.stop };
  }
  const token = settings.token;
  publicApp.get(
    '/metrics',
    (request, response, next) => {
      if (token === null || sameSecret(request.get('authorization') ?? '', `Bearer ${token}`)) return next();
      response.status(401).set('www-authenticate', 'Bearer').json({ errors: [{ message: 'Metrics need the metrics token.', extensions: { code: 'UNAUTHENTICATED' } }] });
    },
    handler,
  );
  return { url: '/metrics', stop: async () => undefined };
}
