import { describe, expect, it } from 'vitest';
import { approvalRequiredMessage, coveringPolicy, type AssetActionPolicy } from '../asset-action-policies.ts';

const policy = (code: string, assetActions: string[] | null, minValue: string | null = null, maxValue: string | null = null): AssetActionPolicy => ({
  code,
  assetActions,
  minValue,
  maxValue,
});

describe('which policy covers a direct asset action', () => {
  it('matches the action, or every action when the policy names none', () => {
    const disposal = policy('DISPOSAL', ['DISPOSE']);
    expect(coveringPolicy([disposal], 'DISPOSE', null)).toBe(disposal);
    expect(coveringPolicy([disposal], 'ASSIGN', null)).toBeNull();
    const every = policy('EVERY', null);
    expect(coveringPolicy([disposal, every], 'ASSIGN', null)).toBe(every);
  });

  it('judges the value band on the asset value: from min inclusive to max exclusive, never for an unknown value', () => {
    const band = policy('BAND', ['ASSIGN'], '1000', '5000');
    expect(coveringPolicy([band], 'ASSIGN', '1000')).toBe(band);
    expect(coveringPolicy([band], 'ASSIGN', '4999.99')).toBe(band);
    expect(coveringPolicy([band], 'ASSIGN', '999.999999')).toBeNull();
    expect(coveringPolicy([band], 'ASSIGN', '5000')).toBeNull();
    expect(coveringPolicy([band], 'ASSIGN', null)).toBeNull();
  });

  it('names the policy and the way to ask', () => {
    expect(approvalRequiredMessage(policy('ASSET_DISPOSAL', ['DISPOSE']), 'DISPOSE')).toBe(
      'Policy ASSET_DISPOSAL requires approval to dispose of this asset: ask for it with requestAssetAction (action DISPOSE).',
    );
  });
});
