import type { Database } from '@inventory/platform';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Record<string, 'up' | 'down'>;
}

/**
 * Asks the database and every subgraph's `/readyz`, all at once, each within
 * `timeoutMs`. Ready only when every one answers.
 */
export async function checkReadiness(db: Database, subgraphUrls: Record<string, string>, timeoutMs: number): Promise<ReadinessReport> {
  const probes: [string, Promise<unknown>][] = [
    ['database', withTimeout(db.ping(), timeoutMs)],
    ...Object.entries(subgraphUrls).map(([name, url]): [string, Promise<unknown>] => [
      name,
      fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(timeoutMs) }).then((response) => {
        if (!response.ok) throw new Error(`status ${response.status}`);
      }),
    ]),
  ];
  const results = await Promise.allSettled(probes.map(([, probe]) => probe));
  const checks = Object.fromEntries(
    probes.map(([name], index) => [name, results[index]!.status === 'fulfilled' ? 'up' : 'down'] as const),
  );
  return { ready: Object.values(checks).every((state) => state === 'up'), checks };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
