import { BSON, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { cursorReply } from './reply.ts';

describe('cursorReply', () => {
  it('produces the same bytes as serializing the reply document', () => {
    const docs = [{ _id: 1, name: 'Amélie' }, { _id: 2, tags: ['a', 'b'] }];
    const id = Long.fromString('8070450532247928832');
    const built = cursorReply('bïnome.people', id, 'nextBatch', docs.map((d) => BSON.serialize(d)));
    const expected = BSON.serialize({ cursor: { nextBatch: docs, id, ns: 'bïnome.people' }, ok: new BSON.Double(1) });
    expect(built.equals(expected)).toBe(true);
    expect(cursorReply('d.c', Long.ZERO, 'firstBatch', []).equals(BSON.serialize({ cursor: { firstBatch: [], id: Long.ZERO, ns: 'd.c' }, ok: new BSON.Double(1) }))).toBe(true);
  });
});
