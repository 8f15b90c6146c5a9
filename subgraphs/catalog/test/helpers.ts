import { randomBytes } from 'node:crypto';
import type { SubgraphUnderTest } from '@inventory/platform/testing';
import { expect } from 'vitest';

/** A suffix that keeps this test's codes apart from the demo data and from other tests. */
export function uniqueTag(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

/** Runs a mutation as `operator` and returns its payload, failing the test on top-level errors. */
export async function mutate(catalog: SubgraphUnderTest, field: string, selection: string, input: Record<string, unknown>): Promise<any> {
  const inputType = field.startsWith('deactivate') ? 'DeactivateInput' : `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
  const { data, errors } = await catalog.execute(
    `mutation ($input: ${inputType}!) { ${field}(input: $input) { ${selection} userErrors { field message code } } }`,
    { input },
    { as: 'operator' },
  );
  expect(errors, JSON.stringify(errors)).toBeUndefined();
  return data[field];
}

/** The codes and fields of a payload's userErrors, as `CODE:input.field`. */
export function refusals(payload: { userErrors: { code: string; field: string[] | null }[] }): string[] {
  return payload.userErrors.map((error) => `${error.code}:${error.field?.join('.') ?? ''}`);
}
