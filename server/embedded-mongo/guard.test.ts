import { describe, expect, it } from 'vitest';
import { mentionsRegex, TimeGuard } from './guard.ts';
import { QueryEngine } from './query.ts';

describe('TimeGuard', () => {
  it('returns results and rethrows errors of ordinary work', () => {
    const guard = new TimeGuard(1000);
    expect(guard.run(() => 42)).toBe(42);
    expect(() => guard.run(() => {
      throw new Error('boom');
    })).toThrow('boom');
  });

  it('stops a catastrophically backtracking regex with a BadValue error', () => {
    const guard = new TimeGuard(100);
    const evil = new RegExp('^(a+)+$', 'i');
    const started = Date.now();
    expect(() => guard.run(() => evil.test(`${'a'.repeat(40)}b`))).toThrow(/exceeded 100 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(guard.run(() => 'still usable')).toBe('still usable');
  });

  it('is applied to filters holding a regex', () => {
    expect(mentionsRegex({ name: /x/ })).toBe(true);
    expect(mentionsRegex({ name: { $regex: 'x', $options: 'i' } })).toBe(true);
    expect(mentionsRegex([{ $match: { $expr: { $regexMatch: { input: '$a', regex: 'x' } } } }])).toBe(true);
    expect(mentionsRegex({ name: 'x' })).toBe(false);
    const queries = new QueryEngine();
    expect(queries.filter([{ name: 'Amélie' }, { name: 'Joris' }], { name: /^am/i })).toEqual([{ name: 'Amélie' }]);
  });
});
