/**
 * Loaded with `node --import` into a process the benchmark profiles. The
 * first SIGUSR2 starts V8's CPU profiler; the second stops it and writes
 * the profile to $BENCH_CPU_PROFILE. So the profile covers exactly the
 * measured load, not start-up (module loading and type stripping would
 * otherwise dominate a short run).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

const target = process.env.BENCH_CPU_PROFILE;
if (target) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGUSR2', () => {
    void (async () => {
      if (!running) {
        running = true;
        await session.post('Profiler.setSamplingInterval', { interval: 500 });
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
        return;
      }
      running = false;
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(target, JSON.stringify(profile));
      process.stderr.write(`profile written to ${target}\n`);
    })();
  });
}
