import { describe, expect, it } from 'vitest';
import { silentLogger } from './logger.ts';
import { PeriodicTask, type FirstRun } from './periodic-task.ts';

function counter(firstRun: FirstRun, intervalMs = 60_000) {
  let running = 0;
  let overlapped = false;
  let release: () => void = () => undefined;
  const passes: number[] = [];
  const task = new PeriodicTask({
    name: 'test task',
    intervalMs,
    firstRun,
    logger: silentLogger,
    run: async () => {
      running++;
      overlapped ||= running > 1;
      passes.push(passes.length + 1);
      await new Promise<void>((resolve) => (release = resolve));
      running--;
      return passes.length;
    },
  });
  return { task, passes, overlapped: () => overlapped, release: () => release() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('a periodic task', () => {
  it('runs a first pass at start only when told to run immediately', async () => {
    const now = counter('immediately');
    now.task.start();
    await tick();
    expect(now.passes).toEqual([1]);
    now.release();
    await now.task.stop();

    const later = counter('after-interval');
    later.task.start();
    await tick();
    expect(later.passes).toEqual([]);
    await later.task.stop();
  });

  it('never overlaps passes, and runs one more pass for callers who asked while one ran', async () => {
    const work = counter('after-interval');
    const first = work.task.runNow();
    await tick();
    const second = work.task.runNow();
    const third = work.task.runNow();
    expect(second).toBe(third);
    work.release();
    expect(await first).toBe(1);
    await tick();
    expect(work.passes).toEqual([1, 2]);
    work.release();
    expect(await second).toBe(2);
    expect(work.overlapped()).toBe(false);
  });

  it('waits for the pass in progress on stop, and starts none after it', async () => {
    const work = counter('immediately', 10);
    work.task.start();
    await tick();
    let stopped = false;
    const stopping = work.task.stop().then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    work.release();
    await stopping;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(work.passes).toEqual([1]);
    expect(work.task.stopped).toBe(true);
  });

  it('keeps running on schedule after a failed pass', async () => {
    let calls = 0;
    const task = new PeriodicTask({
      name: 'failing task',
      intervalMs: 10,
      firstRun: 'immediately',
      logger: silentLogger,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('first pass fails');
      },
    });
    task.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await task.stop();
    expect(calls).toBeGreaterThan(1);
  });
});
