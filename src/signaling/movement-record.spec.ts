import { judgeMove } from '../protocol/movement';
import { parseMovementRecord } from './movement-record';

describe(parseMovementRecord.name, () => {
  const record = judgeMove(undefined, { zone: 'prontera', x: 10, y: 20 }, 1000).state;

  it('reads back a record the model wrote', () => {
    expect(parseMovementRecord(JSON.stringify(record))).toEqual(record);
  });

  it('drops what is missing, not JSON, or not a record: the player starts afresh', () => {
    expect(parseMovementRecord(null)).toBeUndefined();
    expect(parseMovementRecord('{not json')).toBeUndefined();
    expect(parseMovementRecord('[]')).toBeUndefined();
    expect(parseMovementRecord(JSON.stringify({ ...record, x: 'ten' }))).toBeUndefined();
    expect(
      parseMovementRecord(JSON.stringify({ ...record, rejections: { __proto__: 1, teleport: 2 } })),
    ).toBeUndefined();
    expect(parseMovementRecord(JSON.stringify({ ...record, relocations: new Array(1001).fill(1) }))).toBeUndefined();
  });
});
