/**
 * Mapper targets every subgraph's `codegen.mappers.ts` shares (paths as
 * GraphQL Code Generator reads them, relative to a subgraph's
 * `src/generated/`). Imported by the root `codegen.ts` only; nothing here
 * runs in a server.
 */

/** A Relay connection of `row` as the platform's `toConnection` builds it. */
export function connection(row: string): string {
  return `@inventory/platform#Connection<${row}>`;
}

/** The platform's `UserError`, which every command builds; each SDL enum lists the codes its subgraph uses. */
export const USER_ERROR_MAPPER = '@inventory/platform#UserError as PlatformUserError';
