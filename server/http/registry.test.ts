import { describe, expect, it } from 'vitest';
import { RouteRegistry, route, type AnyRoute } from './registry.ts';

const ok = route({ method: 'get', path: '/x', policy: { kind: 'public' }, handle: async () => ({}) });

describe('RouteRegistry', () => {
  it('refuses a route without a policy', () => {
    const noPolicy = { method: 'get', path: '/y', handle: async () => ({}) } as unknown as AnyRoute;
    expect(() => new RouteRegistry().add(noPolicy)).toThrow('GET /y has no policy');
  });

  it('refuses the same route twice, and names routes as the matrix does', () => {
    const r = new RouteRegistry().add(ok);
    expect(() => r.add(ok)).toThrow('registered twice');
    expect(r.keys()).toEqual(['GET /x']);
  });
});
