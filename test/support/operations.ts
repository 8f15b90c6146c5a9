import { readFileSync } from 'node:fs';

/** The text of a registered operation in schema/operations. */
export function operation(name: string): string {
  return readFileSync(new URL(`../../schema/operations/${name}.graphql`, import.meta.url), 'utf8');
}
