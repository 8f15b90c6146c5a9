import type { ScaleProofReport } from './proof.ts';

/** The proof's figures and checks as a plain-text report. */
export function formatReport(report: ScaleProofReport): string {
  const lines: string[] = ['', 'phase                              seconds  stream     ok   failed  req/s  p50 ms  p99 ms'];
  for (const phase of report.phases) {
    for (const [stream, figures] of Object.entries(phase.byStream)) {
      lines.push(
        [
          phase.phase.padEnd(34),
          phase.seconds.toFixed(1).padStart(7),
          ` ${stream.padEnd(9)}`,
          String(figures.ok).padStart(5),
          String(figures.failed).padStart(8),
          (figures.ok / phase.seconds).toFixed(1).padStart(6),
          String(figures.p50Ms).padStart(7),
          String(figures.p99Ms).padStart(7),
        ].join(' '),
      );
    }
    const ok = Object.values(phase.byStream).reduce((sum, figures) => sum + figures.ok, 0);
    const failed = Object.values(phase.byStream).reduce((sum, figures) => sum + figures.failed, 0);
    lines.push(`${phase.phase.padEnd(34)} ${phase.seconds.toFixed(1).padStart(7)}  all      ${String(ok).padStart(5)} ${String(failed).padStart(8)} ${(ok / phase.seconds).toFixed(1).padStart(6)}`);
  }
  lines.push(
    '',
    `replica lag (replay_lag on the primary, ${report.lag.samples} samples every 250 ms): p50 ${report.lag.p50Ms} ms, max ${report.lag.maxMs} ms, at most ${report.lag.maxBytes} bytes of WAL behind`,
    `balancer: ${Object.entries(report.balancer)
      .map(([backend, stats]) => `${backend} ${stats.retries} retried, ${stats.redispatches} redispatched, ${stats.serversUp} up`)
      .join('; ')}`,
    '',
  );
  for (const check of report.checks) lines.push(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
  lines.push('', report.checks.every((check) => check.ok) ? 'scale-out proof passed' : 'scale-out proof FAILED', '');
  return lines.join('\n');
}
