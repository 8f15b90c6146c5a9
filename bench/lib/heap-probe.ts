/**
 * Loaded with `node --expose-gc --import` into the processes of the soak
 * run. On each SIGUSR2 it forces a full garbage collection and appends one
 * JSON line to $BENCH_HEAP_PROBE: the V8 heap still in use afterwards (what
 * the process really retains), the heap V8 had committed just before (young
 * generation included, which V8 grows lazily under load and which counts in
 * the resident size), and the resident size. Resident size alone cannot tell
 * a leak from a heap that is still growing into its limits; the live heap
 * after a full collection can.
 */
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

const target = process.env.BENCH_HEAP_PROBE;
const collect = (globalThis as { gc?: () => void }).gc;
if (target && collect) {
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  process.on('SIGUSR2', () => {
    const before = process.memoryUsage();
    const youngBefore = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
    // Twice: objects freed by the first collection's finalizers and weak callbacks go in the second.
    collect();
    collect();
    const after = process.memoryUsage();
    appendFileSync(target, `${JSON.stringify({
      at: Date.now(),
      heapUsedMiB: mib(after.heapUsed),
      externalMiB: mib(after.external),
      heapCommittedMiB: mib(before.heapTotal),
      youngGenerationMiB: mib(youngBefore),
      rssMiB: mib(before.rss),
    })}\n`);
  });
} else if (target) {
  process.stderr.write('heap probe: start this process with --expose-gc\n');
}
