/**
 * npm run faults: starts the whole system as `npm start` runs it, on a
 * PostgreSQL cluster of its own, keeps the headline (and writes) flowing,
 * breaks one part at a time and prints what happened as a Markdown table.
 * `FAULTS_MODE=short` runs the shorter faults the test suite runs.
 * Exits non-zero when a row lost a request, broke the data, left a process
 * behind or did not recover at all; a recovery slower than 2 s is reported.
 */
import { formatTable, verdictOf } from './lib/report.ts';
import { LONG, runFaultSuite, SHORT } from './lib/suite.ts';

const mode = process.env.FAULTS_MODE === 'short' ? SHORT : LONG;
const started = performance.now();
const result = await runFaultSuite(mode, (line) => process.stderr.write(`${line}\n`));
process.stdout.write(`\nFault suite (${mode.name} mode, ${((performance.now() - started) / 1000).toFixed(0)} s; baseline event latency ${Math.round(result.baselineEventLatencyMs ?? NaN)} ms)\n\n`);
process.stdout.write(`${formatTable(result)}\n`);
process.stdout.write('\n');
for (const row of result.rows) {
  for (const note of row.notes) process.stdout.write(`${row.fault}: ${note}\n`);
  for (const sample of row.lostSamples) process.stdout.write(`${row.fault}: lost: ${sample}\n`);
}
process.exitCode = result.rows.every((row) => verdictOf(row).ok) ? 0 : 1;
