import { describe, expect, it } from 'vitest';
import { assetActionTitle, buildActionInput, type AssetActionInput } from './asset-actions.ts';

const input = (overrides: Partial<AssetActionInput>): AssetActionInput => ({
  assetId: '7', action: 'REPAIR', reason: null, assignee: null, toLocationId: null, note: null, ...overrides,
});

describe('buildActionInput', () => {
  it('builds the actionInput of each action as schema/events.md gives it', () => {
    expect(buildActionInput(input({ action: 'ASSIGN', assignee: { type: 'PERSON', id: 'u42', name: 'Ada' } }))).toEqual({
      ok: true, actionInput: { assigneeType: 'PERSON', assigneeId: 'u42', assigneeName: 'Ada' },
    });
    expect(buildActionInput(input({ action: 'MOVE', toLocationId: '17' }))).toEqual({ ok: true, actionInput: { toLocationId: '17' } });
    expect(buildActionInput(input({ action: 'DISPOSE', note: ' cracked ' }))).toEqual({ ok: true, actionInput: { note: 'cracked' } });
    expect(buildActionInput(input({ action: 'RETURN' }))).toEqual({ ok: true, actionInput: {} });
  });

  it('refuses missing or misplaced arguments and unknown assignee types, naming the field', () => {
    expect(buildActionInput(input({ action: 'ASSIGN', assignee: { type: 'TEAM', id: 't1', name: 'Night shift' } }))).toEqual({
      ok: false, errors: [{ code: 'INVALID_VALUE', message: "An assignee's type is one of PERSON, DEPARTMENT, SYSTEM.", field: ['input', 'assignee'] }],
    });
    expect(buildActionInput(input({ action: 'ASSIGN' }))).toEqual({
      ok: false, errors: [{ code: 'INVALID_VALUE', message: 'An ASSIGN action needs the assignee.', field: ['input', 'assignee'] }],
    });
    const misplaced = buildActionInput(input({ action: 'REPAIR', toLocationId: '3', assignee: { type: 'PERSON', id: '1', name: 'A' } }));
    expect(!misplaced.ok && misplaced.errors.map((error) => error.field)).toEqual([['input', 'assignee'], ['input', 'toLocationId']]);
  });
});

describe('assetActionTitle', () => {
  it('summarises the action for approvers', () => {
    expect(assetActionTitle(input({ action: 'MOVE', toLocationId: '17', reason: 'Rack swap' }))).toBe('Move asset 7 to location 17: Rack swap');
    expect(assetActionTitle(input({ action: 'DISPOSE' }))).toBe('Dispose of asset 7');
  });
});
