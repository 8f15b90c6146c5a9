import { describe, expect, it } from 'vitest';
import type { ServiceRow } from '../db/services.ts';
import { summarizeImpactedServices } from './impact.ts';

const service = (id: string, code: string, criticality: ServiceRow['criticality']): ServiceRow => ({
  id,
  code,
  name: code,
  criticality,
  ownerTeam: null,
  status: 'ACTIVE',
  description: null,
  sla: null,
  createdAt: new Date(0),
  rank: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].indexOf(criticality) + 1,
});

describe('summarizeImpactedServices', () => {
  it('groups touched members by service, keeps the nearest depth and puts the most critical first', () => {
    const low = service('1', 'SVC-LOW', 'LOW');
    const critical = service('2', 'SVC-CRIT', 'CRITICAL');
    const high = service('3', 'SVC-HIGH', 'HIGH');
    const summary = summarizeImpactedServices(
      [
        { ...low, ciId: '10' },
        { ...critical, ciId: '11' },
        { ...critical, ciId: '12' },
        { ...high, ciId: '99' },
      ],
      new Map([['10', 0], ['11', 3], ['12', 1]]),
    );
    expect(summary).toEqual([
      { service: critical, depth: 1, memberIds: ['11', '12'] },
      { service: low, depth: 0, memberIds: ['10'] },
    ]);
  });
});
