import { describe, expect, it } from 'vitest';
import { prepareTextSearch } from './search.ts';

describe('preparing a text search', () => {
  it('lower-cases the query into a substring pattern, a prefix and prefix words', () => {
    expect(prepareTextSearch('  Dell   LAT-54 ')).toEqual({ pattern: '%dell lat-54%', prefix: 'dell lat-54%', exact: 'dell lat-54', tsquery: "'dell':* & 'lat-54':*" });
  });

  it('escapes LIKE wildcards so they match themselves', () => {
    expect(prepareTextSearch('50%_off\\')?.pattern).toBe('%50\\%\\_off\\\\%');
  });

  it('strips characters that would change the tsquery syntax', () => {
    expect(prepareTextSearch("o'brien & (x | !y)")?.tsquery).toBe("'obrien':* & 'x':* & 'y':*");
    expect(prepareTextSearch('&&& !!!')).toEqual({ pattern: '%&&& !!!%', prefix: '&&& !!!%', exact: '&&& !!!', tsquery: null });
  });

  it('has nothing to search for in an empty or blank query', () => {
    expect(prepareTextSearch(null)).toBeNull();
    expect(prepareTextSearch('   ')).toBeNull();
  });
});
