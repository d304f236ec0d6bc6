import { affectedCount, rowsOf } from './sql-result';

describe('sql-result', () => {
  it('should read rows from both result shapes', () => {
    expect(rowsOf([[{ id: 1 }], 1])).toEqual([{ id: 1 }]);
    expect(rowsOf([{ id: 1 }, { id: 2 }])).toEqual([{ id: 1 }, { id: 2 }]);
    expect(rowsOf([])).toEqual([]);
  });

  it('should read the affected count from both result shapes', () => {
    expect(affectedCount([[], 3])).toBe(3);
    expect(affectedCount([{ id: 1 }])).toBe(1);
    expect(affectedCount([])).toBe(0);
  });
});
