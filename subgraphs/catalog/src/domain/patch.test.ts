import { describe, expect, it } from 'vitest';
import { has, patched } from './patch.ts';

interface Input {
  readonly name?: string | null;
  readonly notes?: string | null;
}

const upper = (value: string) => value.toUpperCase();

describe('patching an update', () => {
  it('tells a key left out from a key sent as null', () => {
    expect(has<Input>({}, 'notes')).toBe(false);
    expect(has<Input>({ notes: null }, 'notes')).toBe(true);
  });

  it('keeps the current value of a field the input leaves out', () => {
    expect(patched<Input, 'notes', string | null>({}, 'notes', 'old', upper, { nullable: true })).toBe('old');
  });

  it('clears a field that may be empty when the input sends null', () => {
    expect(patched<Input, 'notes', string | null>({ notes: null }, 'notes', 'old', upper, { nullable: true })).toBeNull();
  });

  it('keeps a field that cannot be empty when the input sends null', () => {
    expect(patched<Input, 'name', string | null>({ name: null }, 'name', 'old', upper, { nullable: false })).toBe('old');
  });

  it('converts a given value', () => {
    expect(patched<Input, 'name', string | null>({ name: 'new' }, 'name', 'old', upper, { nullable: false })).toBe('NEW');
  });
});
