import { describe, expect, it } from 'vitest';
import { readBoardPeers, typingIn } from './board-presence';

describe('who is typing in which column', () => {
  it('reads the declared fields, drops the self and broken values', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: { id: 'u1', name: 'Fatima Ouali', color: '#123456' }, column: 'c1', typing: true }],
      [2, { user: { id: 'u2', name: 'Pieter De Smet', color: 'red; background:url(x)' }, column: 'c1', typing: 'yes' }],
      [3, { user: { id: 'u3', name: 'Me' }, column: 'c1', typing: true }],
      [4, { user: { id: 'u4', name: 'Grace Okafor', color: '#abcdef' }, column: 'x'.repeat(500), typing: true }],
      [5, { column: 'c1', typing: true }]
    ]);
    const peers = readBoardPeers(states, 3);
    expect(peers.map((p) => [p.user.name, p.column, p.typing, p.user.color])).toEqual([
      ['Fatima Ouali', 'c1', true, '#123456'],
      ['Pieter De Smet', 'c1', false, '#64748b'],
      ['Grace Okafor', null, true, '#abcdef']
    ]);
    expect(typingIn(peers, 'c1')).toEqual(['Fatima Ouali']);
  });

  it('names a person once however many tabs they type in', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: { id: 'u1', name: 'Fatima Ouali' }, column: 'c1', typing: true }],
      [2, { user: { id: 'u1', name: 'Fatima Ouali' }, column: 'c1', typing: true }]
    ]);
    expect(typingIn(readBoardPeers(states, 9), 'c1')).toEqual(['Fatima Ouali']);
  });
});
