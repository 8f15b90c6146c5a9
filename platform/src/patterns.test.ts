import { describe, expect, it } from 'vitest';
import { compilePattern, MAX_PATTERN_LENGTH } from './patterns.ts';

/** The compiled pattern, failing the test if it was refused. */
function compiled(source: string) {
  const result = compilePattern(source);
  if ('problem' in result) throw new Error(result.problem);
  return result.pattern;
}

describe('compilePattern', () => {
  it('checks a value of 10,000 characters against a pattern that makes a backtracking engine explode', () => {
    // JavaScript's own engine needs about 0.5 s for 36 characters here, six times more for every 4 more.
    const evil = compiled('^(a|aa)+$');
    expect(evil.test(`${'a'.repeat(10_000)}!`)).toBe(false);
    expect(evil.test('a'.repeat(10_000))).toBe(true);
    expect(compiled('^(a+)+$').test(`${'a'.repeat(10_000)}!`)).toBe(false);
    expect(compiled('(.*a){20}$').test(`${'a'.repeat(10_000)}!`)).toBe(false);
  });

  it('matches everyday patterns as JavaScript does, including where the two engines read classes differently', () => {
    const sources = ['^\\d+\\.\\d+$', '^[A-Z]{2}-\\d{3}$', '^\\s$', '^\\S+$', '^[^\\s]$', '^[\\s\\d]$', '^.$', '^[]$', '^[^]$', '^[\\b]$', '^\\p{Lu}+$', '^\\w+$', '\\bweb', '^\\u00e9$', '^(?<major>\\d+)\\.\\d+$', 'a|', ''];
    const values = ['2.4', '2.4.1', 'AB-123', 'ab-123', ' ', '\t', '\u00a0', '\ufeff', '\u2028', '\r', '\n', '\b', 'x', '😀', 'ÉA', 'é', 'web-01', 'the web', ''];
    for (const source of sources) {
      const pattern = compiled(source);
      const reference = new RegExp(source, 'u');
      for (const value of values) expect(pattern.test(value), `${source} on ${JSON.stringify(value)}`).toBe(reference.test(value));
    }
  });

  it('refuses backreferences and lookaround, which only a backtracking engine runs, naming the pattern', () => {
    for (const source of ['^(a+)\\1$', '^(?<y>\\d{4})-\\k<y>$', 'a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b']) {
      const result = compilePattern(source);
      expect(result, source).toEqual({ problem: expect.stringContaining(`"${source}" cannot be checked in time proportional to the value`) });
    }
    expect(compilePattern('^(a+)\\1$')).toEqual({
      problem: '"^(a+)\\1$" cannot be checked in time proportional to the value (it uses a backreference): backreferences, lookaround, \\S inside a character class and repetition counts above 1000 are not supported.',
    });
  });

  it('refuses patterns too long or too large to check quickly, and invalid ones', () => {
    expect(compilePattern('a'.repeat(MAX_PATTERN_LENGTH + 1))).toEqual({ problem: `The pattern is longer than ${MAX_PATTERN_LENGTH} characters.` });
    expect(compilePattern('\\w{1000}\\w{1000}')).toEqual({ problem: '"\\w{1000}\\w{1000}" is too large to check quickly: use smaller repetition counts or fewer alternatives.' });
    expect(compilePattern('(a{1000}){1000}')).toEqual({ problem: expect.stringContaining('cannot be checked in time proportional to the value (invalid repeat count') });
    expect(compilePattern('([a-z')).toEqual({ problem: '"([a-z" is not a valid regular expression.' });
    expect(compilePattern('^[a-z]{1,255}$')).toEqual({ pattern: expect.anything() });
  });
});
