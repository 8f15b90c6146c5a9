/**
 * npm run scale-test: the scale-out proof on one machine (see README,
 * "Scale-out"). `--short` runs the CI version (about a minute of load).
 * Settings: SCALE_PHASE_SECONDS, SCALE_WARMUP_SECONDS, SCALE_REDIS_URL
 * (default redis://127.0.0.1:6379/11, a database number of its own),
 * SCALE_KEEP=true to keep the working directory.
 */
import { EnvReader } from '@inventory/platform';
import { formatReport } from './lib/scale/format.ts';
import { runScaleProof, SkipProof } from './lib/scale/proof.ts';

const short = process.argv.includes('--short');
const env = new EnvReader(process.env);
const options = {
  phaseSeconds: env.integer('SCALE_PHASE_SECONDS', short ? 12 : 30, { min: 3, max: 3_600 }),
  warmupSeconds: env.integer('SCALE_WARMUP_SECONDS', short ? 3 : 10, { min: 0, max: 600 }),
  redisUrl: env.string('SCALE_REDIS_URL', 'redis://127.0.0.1:6379/11'),
  keep: env.boolean('SCALE_KEEP', false),
  log: (line: string) => process.stdout.write(`scale-test: ${line}\n`),
};
env.done();

try {
  const report = await runScaleProof(options);
  process.stdout.write(formatReport(report));
  process.exitCode = report.checks.every((check) => check.ok) ? 0 : 1;
} catch (error) {
  if (error instanceof SkipProof) {
    process.stdout.write(`scale-test: skipped: ${error.message}\n`);
  } else {
    process.stderr.write(`scale-test: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
