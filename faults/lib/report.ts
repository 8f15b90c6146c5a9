import type { RowResult, SuiteResult } from './suite.ts';

const ms = (value: number | null) => (value === null ? 'never' : value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`);

/** Recovery within this of the fault's end is what the system aims for; the suite reports, and does not fail on, a slower one. */
export const RECOVERY_TARGET_MS = 2_000;

/**
 * The verdict of one row. `ok`: nothing lost, the data right, no process
 * left behind, and the system whole again (or, for SIGTERM, stopped).
 * `withinTarget`: back within 2 s of the fault's end.
 */
export function verdictOf(row: RowResult): { ok: boolean; withinTarget: boolean; text: string } {
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
    if (row.recoveredMs === null) problems.push('answers never whole again');
    if (row.readyMs === null) problems.push('never ready again');
    if (row.eventLatencyMs === null) problems.push('events between subgraphs stopped');
  }
  if (problems.length > 0) return { ok: false, withinTarget: false, text: `FAILED: ${problems.join('; ')}` };
  if (stopRow) {
    const stopped = row.notes.filter((note) => note.startsWith('everything stopped')).join('; ');
    return { ok: true, withinTarget: true, text: `stopped cleanly (${stopped}), requests under way answered, no orphans` };
  }
  const back = Math.max(row.recoveredMs ?? 0, row.readyMs ?? 0);
  const degraded = row.outcomes.degraded + row.outcomes.retryable > 0 || row.during.p99 > 2 * Math.max(row.baseline.p99, 1) ? 'degraded' : 'unaffected';
  const withinTarget = back <= RECOVERY_TARGET_MS;
  return { ok: true, withinTarget, text: `${degraded}, recovered in ${ms(back)}${withinTarget ? '' : ` (over ${ms(RECOVERY_TARGET_MS)})`}` };
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
