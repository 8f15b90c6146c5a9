import { RE2JS } from 're2js';

/** A value pattern ready to match: `test` takes time proportional to the value's length. */
export interface ValuePattern {
  /** Whether `value` contains a match (unanchored, as JavaScript's `RegExp.test`). */
  test(value: string): boolean;
}

/** Longest pattern source accepted, in characters. */
export const MAX_PATTERN_LENGTH = 1_000;
/**
 * Most instructions a compiled pattern may have. Matching costs at most
 * (instructions × value length) steps, so this bounds the constant of the
 * linear time: `^[a-z]{1,255}$` takes about 500, a host-name pattern about 300.
 */
export const MAX_PATTERN_SIZE = 1_000;

// What JavaScript's `\s` matches, as the body of an RE2 character class.
const WHITE_SPACE = '\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
// What JavaScript's `.` does not match.
const LINE_TERMINATORS = '\\n\\r\\x{2028}\\x{2029}';
const EVERY_CHARACTER = '\\x{0}-\\x{10ffff}';

/**
 * Rewrites a pattern that JavaScript accepts with the `u` flag so that RE2
 * reads it the same way where the two differ (`\s`, `.`, `[]`, `[^]`, `\b`
 * in a class), or names the construct RE2 cannot run.
 */
function toRe2Syntax(source: string): { text: string } | { unsupported: string } {
  let text = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (next === 'k' || (next >= '1' && next <= '9')) return { unsupported: 'it uses a backreference' };
      if (next === 's') text += inClass ? WHITE_SPACE : `[${WHITE_SPACE}]`;
      else if (next === 'S' && inClass) return { unsupported: 'it uses \\S inside a character class' };
      else if (next === 'S') text += `[^${WHITE_SPACE}]`;
      else if (next === 'b' && inClass) text += '\\x{8}';
      else text += char + next;
    } else if (inClass) {
      if (char === ']') inClass = false;
      text += char;
    } else if (char === '[') {
      const negated = source[i + 1] === '^';
      if (source[i + (negated ? 2 : 1)] === ']') {
        // JavaScript's `[]` matches nothing and `[^]` anything; RE2 reads a `]` there as a member.
        text += negated ? `[${EVERY_CHARACTER}]` : `[^${EVERY_CHARACTER}]`;
        i += negated ? 2 : 1;
      } else {
        inClass = true;
        text += char;
      }
    } else if (char === '.') {
      text += `[^${LINE_TERMINATORS}]`;
    } else if (char === '(' && source[i + 1] === '?' && /^(?:[=!]|<[=!])/.test(source.slice(i + 2, i + 4))) {
      return { unsupported: 'it uses lookaround' };
    } else {
      text += char;
    }
  }
  return { text };
}

/**
 * Compiles an operator-defined pattern for checking values. Patterns are
 * written in JavaScript syntax (as with the `u` flag) and matched by an RE2
 * engine, which never backtracks: checking a value takes time linear in its
 * length, whatever the pattern, and a value matches exactly when JavaScript
 * would say it does. Refuses, with a sentence naming the pattern, a pattern
 * that JavaScript does not accept, one that only a backtracking engine can
 * run (backreferences, lookaround), and one longer than MAX_PATTERN_LENGTH
 * or larger than MAX_PATTERN_SIZE once compiled.
 *
 * With `wholeValue`, a value matches only when the pattern matches all of
 * it (as `^(?:source)$`); otherwise a match anywhere in the value counts.
 *
 * Caveat: a few rare JavaScript forms are refused although JavaScript runs
 * them: `\S` inside a character class, and repetition counts above 1000.
 */
export function compilePattern(source: string, { wholeValue = false }: { wholeValue?: boolean } = {}): { pattern: ValuePattern } | { problem: string } {
  if (source.length > MAX_PATTERN_LENGTH) return { problem: `The pattern is longer than ${MAX_PATTERN_LENGTH} characters.` };
  try {
    // Compiling a JavaScript RegExp runs nothing: it only confirms the syntax the pattern is written in.
    new RegExp(source, 'u');
  } catch {
    return { problem: `"${source}" is not a valid regular expression.` };
  }
  const unsupported = (reason: string) => ({
    problem:
      `"${source}" cannot be checked in time proportional to the value (${reason}): ` +
      'backreferences, lookaround, \\S inside a character class and repetition counts above 1000 are not supported.',
  });
  // The source alone was checked above, so it cannot close the group it is wrapped in.
  const rewritten = toRe2Syntax(wholeValue ? `^(?:${source})$` : source);
  if ('unsupported' in rewritten) return unsupported(rewritten.unsupported);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(rewritten.text));
  } catch (error) {
    return unsupported(error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error));
  }
  if (compiled.programSize() > MAX_PATTERN_SIZE) {
    return { problem: `"${source}" is too large to check quickly: use smaller repetition counts or fewer alternatives.` };
  }
  return { pattern: { test: (value) => compiled.test(value) } };
}
