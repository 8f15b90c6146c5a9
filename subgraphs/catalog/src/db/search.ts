/**
 * A text query prepared for the catalog's search SQL: the whole query as a
 * LIKE pattern over `search_text` (trigram index: any part of a code), and
 * its words as a prefix `tsquery` over `search_vector` (full-text index:
 * words in any order, each possibly cut short). Built from sanitized words
 * only, so no query text can change the tsquery syntax.
 */
export interface TextSearch {
  /** `%query%`, lower-cased, LIKE wildcards escaped. */
  readonly pattern: string;
  /** `query%`, for "the code starts with what was typed" ranking. */
  readonly prefix: string;
  /** The lower-cased query itself, for exact-match ranking and similarity. */
  readonly exact: string;
  /** `'dell':* & 'lat':*`, or null when no word survives sanitizing. */
  readonly tsquery: string | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (match) => `\\${match}`);

/** Prepares `query` for search; null when it holds nothing to search for. */
export function prepareTextSearch(query: string | null | undefined): TextSearch | null {
  const exact = (query ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (exact === '') return null;
  const words = exact
    .split(' ')
    .map((word) => word.replace(/[^\p{L}\p{N}._/-]/gu, ''))
    .filter((word) => word !== '')
    .slice(0, 16);
  return {
    pattern: `%${escapeLike(exact)}%`,
    prefix: `${escapeLike(exact)}%`,
    exact,
    tsquery: words.length === 0 ? null : words.map((word) => `'${word}':*`).join(' & '),
  };
}
