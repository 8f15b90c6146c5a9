import type DataLoader from 'dataloader';

/**
 * Loads rows that foreign keys guarantee to exist. A missing one is a broken
 * invariant: failing loudly beats a silent null on a non-null field.
 */
export async function loadExisting<Row>(loader: DataLoader<string, Row | null>, keys: readonly string[]): Promise<Row[]> {
  const rows = await loader.loadMany(keys);
  return rows.map((row, index) => {
    if (row instanceof Error) throw row;
    if (row === null) throw new Error(`missing row ${keys[index]} behind a foreign key`);
    return row;
  });
}
