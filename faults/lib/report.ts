import type { RowResult, SuiteResult } from './suite.ts';

const ms = (value: number | null) => (value === null ? 'never' : value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`);

/** The verdict of one row: degraded (or not at all) and back within 2 s, with its correctness checks holding. */
export function verdictOf(row: RowResult): { ok: boolean; text: string } {
  const problems: string[] = [...row.problems];
  if (row.outcomes.lost > 0) problems.push(`${row.outcomes.lost} lost`);
  if (row.ledgerDisagreements > 0) problems.push(`ledger ≠ balances at ${row.ledgerDisagreements}`);
  if (row.negativeBalances > 0) problems.push(`${row.negativeBalances} negative balances`);
  if (row.duplicateApprovals > 0) problems.push(`${row.duplicateApprovals} duplicate approvals`);
  if (row.writes && (row.writes.duplicated > 0 || row.writes.missing > 0 || row.writes.unanswered > 0)) {
    problems.push(`writes: ${row.writes.duplicated} duplicated, ${row.writes.missing} missing, ${row.writes.unanswered} unanswered`);
  }
  if (row.orphans > 0) problems.push(`${row.orphans} orphan processes`);
  const stopRow = row.recoveredMs === null && row.readyMs === null;
  if (!stopRow) {
    if (row.recoveredMs === null || row.recoveredMs > 2_000) problems.push(`answers whole again after ${ms(row.recoveredMs)}`);
    if (row.readyMs === null || row.readyMs > 2_000) problems.push(`ready after ${ms(row.readyMs)}`);
    if (row.eventLatencyMs === null || row.eventLatencyMs > 1_000) problems.push(`event latency ${ms(row.eventLatencyMs)}`);
  }
  const degraded = row.outcomes.degraded + row.outcomes.retryable > 0 || row.during.p99 > 2 * Math.max(row.baseline.p99, 1) ? 'degraded' : 'unaffected';
  if (problems.length > 0) return { ok: false, text: `FAILED: ${problems.join('; ')}` };
  if (stopRow) return { ok: true, text: `stopped cleanly (${row.notes.join('; ')}), in-flight requests answered, no orphans` };
  return { ok: true, text: `${degraded}, recovered in ${ms(Math.max(row.recoveredMs ?? 0, row.readyMs ?? 0))}` };
}

/** The suite's table in Markdown, like the issue's, with today's figures. */
export function formatTable(result: SuiteResult): string {
  const lines = [
    `| fault | requests | answers (full / degraded / retryable / refused / not taken / lost) | errors by code | headline p50 / p99 before → during | req/s before → during | back whole / ready | event latency | ledger, duplicates, orphans | verdict |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
  ];
  for (const row of result.rows) {
    const o = row.outcomes;
    const codes = Object.entries(row.codes).sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ') || 'none';
    const writes = row.writes ? `; writes ${row.writes.acknowledged} acknowledged, ${row.writes.refused} refused, ${row.writes.notTaken} not taken (stopped), ${row.writes.duplicated} duplicated` : '';
    lines.push(
      `| ${row.fault} | ${row.requests} | ${o.full} / ${o.degraded} / ${o.retryable} / ${o.refused} / ${o['not-taken']} / ${o.lost} | ${codes} | ` +
        `${ms(row.baseline.p50)} / ${ms(row.baseline.p99)} → ${ms(row.during.p50)} / ${ms(row.during.p99)} | ` +
        `${row.baseline.perSecond.toFixed(0)} → ${row.during.perSecond.toFixed(0)} | ` +
        `${row.recoveredMs === null && row.readyMs === null ? 'n/a' : `${ms(row.recoveredMs)} / ${ms(row.readyMs)}`} | ${row.eventLatencyMs === null ? 'n/a' : ms(row.eventLatencyMs)} | ` +
        `${row.ledgerDisagreements === 0 ? 'ledger = balances' : `${row.ledgerDisagreements} disagree`}, ${row.duplicateApprovals} dup. approvals${writes}, ${row.orphans} orphans | ${verdictOf(row).text} |`,
    );
  }
  return lines.join('\n');
}
