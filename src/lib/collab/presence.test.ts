import { describe, expect, it } from 'vitest';
import { FALLBACK_COLOR, peerOf, readPeers, safeColor } from './presence';

describe('presence', () => {
  it('lists everyone but oneself, with their section', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: { id: 'u1', name: 'Lotte Janssens', color: '#0f766e' }, section: 'experience' }],
      [2, { user: { id: 'u2', name: 'Zoë Van Rijckeghem', color: '#1d4ed8' } }],
      [3, {}]
    ]);
    expect(readPeers(states, 2)).toEqual([{ clientId: 1, user: { id: 'u1', name: 'Lotte Janssens', color: '#0f766e' }, section: 'experience' }]);
  });

  it('never passes on a colour that is not a plain #rrggbb (it ends up in a style)', () => {
    expect(safeColor('#a1B2c3')).toBe('#a1B2c3');
    for (const bad of ['red; background: url(https://evil.example/x)', '#fff', 'rgb(0,0,0)', 42, null, '#12345g']) {
      expect(safeColor(bad)).toBe(FALLBACK_COLOR);
    }
    expect(peerOf(5, { user: { id: 'u', name: 'Claire', color: 'red;position:fixed' } })?.user.color).toBe(FALLBACK_COLOR);
  });

  it('ignores states without a usable name, and drops what is not text', () => {
    expect(peerOf(1, { user: { name: '   ' } })).toBeNull();
    expect(peerOf(1, { user: 'Claire' })).toBeNull();
    expect(peerOf(1, null)).toBeNull();
    const peer = peerOf(1, { user: { id: { $gt: '' }, name: 'x'.repeat(500) }, section: { deep: true } });
    expect(peer).toEqual({ clientId: 1, user: { id: '', name: 'x'.repeat(100), color: FALLBACK_COLOR }, section: null });
  });
});
