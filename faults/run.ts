/**
 * npm run faults: starts the whole system as `npm start` runs it, on a
 * PostgreSQL cluster of its own, keeps the headline (and writes) flowing,
 * breaks one part at a time and prints what happened as a Markdown table.
 * `FAULTS_MODE=short` runs the shorter faults the test suite runs.
 * Exits non-zero when a row did not degrade and recover as it should.
 */
import { formatTable, verdictOf } from './lib/report.ts';
import { LONG, runFaultSuite, SHORT } from './lib/suite.ts';

const mode = process.env.FAULTS_MODE === 'short' ? SHORT : LONG;
const started = performance.now();
const result = await runFaultSuite(mode, (line) => process.stderr.write(`${line}\n`));
process.stdout.write(`\nFault suite (${mode.name} mode, ${((performance.now() - started) / 1000).toFixed(0)} s; baseline event latency ${Math.round(result.baselineEventLatencyMs ?? NaN)} ms)\n\n`);
process.stdout.write(`${formatTable(result)}\n`);
for (const row of result.rows) for (const sample of row.lostSamples) process.stdout.write(`lost in "${row.fault}": ${sample}\n`);
process.exitCode = result.rows.every((row) => verdictOf(row).ok) ? 0 : 1;
