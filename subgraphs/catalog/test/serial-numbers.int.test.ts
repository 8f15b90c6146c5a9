import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mutate, mutateOk, refusals, startSubgraphForTest, uniqueTag, type SubgraphUnderTest } from '@inventory/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { start } from '../src/server.ts';

const migration = () => readFileSync(fileURLToPath(new URL('../../../schema/migrations/0070_catalog_serial_numbers_case_insensitive.sql', import.meta.url)), 'utf8');

/** Puts catalog.asset back as it was before serials became case-insensitive, inside the caller's transaction. */
const BEFORE_MIGRATION = `
  DROP INDEX catalog.asset_serial_number_key;
  DROP INDEX catalog.asset_serial_number_idx;
  ALTER TABLE catalog.asset DROP CONSTRAINT asset_serial_number_trimmed;
  ALTER TABLE catalog.asset ADD CONSTRAINT asset_serial_number_key UNIQUE (serial_number);`;

/** Ends a transaction whose effects are only looked at, carrying what it read. */
class RolledBack {
  readonly rows: unknown[];
  constructor(rows: unknown[]) {
    this.rows = rows;
  }
}

describe('serial numbers', () => {
  let catalog: SubgraphUnderTest;
  let tag: string;
  let partId: string;

  beforeAll(async () => {
    catalog = await startSubgraphForTest(start, inject('databaseUrl'));
    tag = uniqueTag();
    const part = await mutateOk(catalog, 'createPartNumber', 'partNumber { id }', { code: `PN-SER-${tag}`, description: 'Serialized unit', serialized: true });
    partId = part.partNumber.id;
  });
  afterAll(() => catalog?.stop());

  it('are stored trimmed and refused as duplicates whatever their case', async () => {
    const created = await mutateOk(catalog, 'createAsset', 'asset { id serialNumber }', { partNumberId: partId, serialNumber: `  Sn-Case-${tag}\t` });
    expect(created.asset.serialNumber).toBe(`Sn-Case-${tag}`);

    const twin = await mutate(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: `SN-CASE-${tag.toLowerCase()} ` });
    expect(twin.asset).toBeNull();
    expect(refusals(twin)).toEqual(['DUPLICATE:input.serialNumber']);

    const other = await mutateOk(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: `Sn-Other-${tag}` });
    const renamed = await mutate(catalog, 'updateAsset', 'asset { id }', { id: other.asset.id, serialNumber: `sn-case-${tag}` });
    expect(refusals(renamed)).toEqual(['DUPLICATE:input.serialNumber']);
  });

  it('are looked up trimmed and without regard to case', async () => {
    const created = await mutateOk(catalog, 'createAsset', 'asset { id }', { partNumberId: partId, serialNumber: `Sn-Find-${tag}` });
    const { data, errors } = await catalog.execute(
      `query ($exact: String!, $loose: String!, $missing: String!) {
        exact: asset(serialNumber: $exact) { id serialNumber }
        loose: asset(serialNumber: $loose) { id serialNumber }
        missing: asset(serialNumber: $missing) { id }
      }`,
      { exact: `Sn-Find-${tag}`, loose: `  sN-fInD-${tag.toLowerCase()} `, missing: `Sn-Find-${tag}-X` },
      { as: 'analyst' },
    );
    expect(errors).toBeUndefined();
    const found = { id: created.asset.id, serialNumber: `Sn-Find-${tag}` };
    expect(data).toEqual({ exact: found, loose: found, missing: null });
  });

  it('the migration trims existing serials and refuses, changing nothing, when two would collide', async () => {
    await expect(
      catalog.db.transaction(async (tx) => {
        await tx.query('restoreCaseSensitiveSerials', BEFORE_MIGRATION);
        await tx.query('insertCollidingAssets', `INSERT INTO catalog.asset (serial_number, part_number_id) VALUES ($1, $3), ($2, $3)`, [`MIG-${tag}`, ` mig-${tag}`, partId]);
        await tx.query('migrateSerials', migration());
      }),
    ).rejects.toThrow(new RegExp(`serial numbers collide once trimmed and compared without case: 'MIG-${tag}', ' mig-${tag}' \\(asset ids \\d+, \\d+\\)`));

    const outcome = await catalog.db
      .transaction(async (tx) => {
        await tx.query('restoreCaseSensitiveSerials', BEFORE_MIGRATION);
        await tx.query('insertPaddedAsset', `INSERT INTO catalog.asset (serial_number, part_number_id) VALUES ($1, $2)`, [`  Pad-${tag} `, partId]);
        await tx.query('migrateSerials', migration());
        throw new RolledBack(
          await tx.query('readPaddedAsset', `SELECT serial_number AS "serialNumber" FROM catalog.asset WHERE lower(serial_number) = lower($1)`, [`pad-${tag}`]),
        );
      })
      .catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(RolledBack);
    expect((outcome as RolledBack).rows).toEqual([{ serialNumber: `Pad-${tag}` }]);
  });
});
