import { describe, expect, it } from 'vitest';
import { formatTable, verdictOf } from '../lib/report.ts';
import { runFaultSuite, SHORT, type SuiteResult } from '../lib/suite.ts';

describe('the system under faults, with the headline and writes flowing', () => {
  // Recovery is asserted to happen (within a minute) and measured; how fast depends on the machine, so the table reports it.
  it('degrades on every fault, loses no request, heals, and keeps its data and processes right', async () => {
    const result: SuiteResult = await runFaultSuite(SHORT);
    process.stdout.write(`\nfault suite (short mode):\n${formatTable(result)}\n`);
    for (const row of result.rows) {
      // Every answer was whole, or a documented degraded or retryable one: none lost.
      expect({ fault: row.fault, lost: row.outcomes.lost, samples: row.lostSamples }).toEqual({ fault: row.fault, lost: 0, samples: [] });
      expect({ fault: row.fault, ledger: row.ledgerDisagreements, negative: row.negativeBalances, duplicateApprovals: row.duplicateApprovals, orphans: row.orphans }).toEqual({
        fault: row.fault,
        ledger: 0,
        negative: 0,
        duplicateApprovals: 0,
        orphans: 0,
      });
      if (row.writes) expect({ fault: row.fault, duplicated: row.writes.duplicated, missing: row.writes.missing, unanswered: row.writes.unanswered }).toEqual({ fault: row.fault, duplicated: 0, missing: 0, unanswered: 0 });
      expect({ fault: row.fault, problems: row.problems }).toEqual({ fault: row.fault, problems: [] });
      expect({ fault: row.fault, verdict: verdictOf(row).text }).not.toMatchObject({ verdict: expect.stringMatching(/^FAILED/) });
    }
    // The writes really ran through the faults that were meant to have them.
    expect(result.rows.filter((row) => row.writes && row.writes.acknowledged > 0)).toHaveLength(3);
  }, 240_000);
});
