import { describe, expect, it } from 'vitest';
import { columnsOf, flatten, neutralised, rowsOf, shapeOf } from './csv-export.ts';

describe('CSV export rows and columns', () => {
  it('prefixes cells a spreadsheet would run as formulas, and leaves plain negative numbers alone', () => {
    expect(['=1+1', '+A1', '-A1', '@SUM(A1)', '\tx', 'ok', '-12', '-1.5', '-1+1'].map(neutralised)).toEqual([
      "'=1+1", "'+A1", "'-A1", "'@SUM(A1)", "'\tx", 'ok', '-12', '-1.5', "'-1+1",
    ]);
  });

  it('flattens nested objects into dotted names, joins scalar lists with ; and writes lists of objects as JSON', () => {
    const row = flatten({ code: 'A', location: { code: 'L', parent: { code: 'P' } }, tags: ['x', '=y', null], lines: [{ n: 1 }], gone: null });
    expect([...row]).toEqual([
      ['code', 'A'],
      ['location.code', 'L'],
      ['location.parent.code', 'P'],
      ['tags', "x;=y;"],
      ['lines', '[{"n":1}]'],
    ]);
  });

  it('reads the selected fields by response key, with fragments and aliases merged', () => {
    const shape = shapeOf(`query Q { items: things { id ...F ... on Thing { where { code } } } } fragment F on Thing { name where { name } }`);
    const columns = columnsOf(shape.get('items')!, []);
    expect(columns).toEqual(['id', 'name', 'where.name', 'where.code']);
  });

  it('takes the nodes of a connection, an empty list it selects fields of, or the root object', () => {
    const shape = shapeOf(`{ movements { totalCount edges { node { id } } } }`);
    expect(rowsOf({ movements: { totalCount: 1, edges: [{ node: { id: '1' } }] } }, shape)).toEqual({ rows: [{ id: '1' }], path: ['movements', 'edges', 'node'] });
    expect(rowsOf({ movements: { totalCount: 0, edges: [] } }, shape)).toEqual({ rows: [], path: ['movements', 'edges', 'node'] });
    expect(rowsOf({ location: { code: 'A', tags: [] } }, shapeOf(`{ location { code tags } }`))).toEqual({ rows: [{ code: 'A', tags: [] }], path: ['location'] });
  });

  it('keeps a list of objects as one column when rows have it', () => {
    const shape = shapeOf(`{ a { id lines { n } } }`).get('a')!;
    expect(columnsOf(shape, [flatten({ id: '1', lines: [{ n: 1 }] })])).toEqual(['id', 'lines']);
    expect(columnsOf(shape, [])).toEqual(['id', 'lines.n']);
  });
});
