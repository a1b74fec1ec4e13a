import { describe, expect, it } from 'vitest';
import { isLoopbackOrigin, originAccepted, originChecks, originOf } from './origin.ts';

describe('originOf', () => {
  it.each([
    ['https://binome.example.org/duos/1?x=1', 'https://binome.example.org'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
    ['null', null],
    ['ftp://binome.example.org', null],
    ['not a url', null],
    [undefined, null]
  ])('reads %s as %s', (value, origin) => expect(originOf(value)).toBe(origin));
});

describe('the origin rule', () => {
  it('knows loopback origins on any port, and nothing that merely looks like one', () => {
    for (const o of ['http://localhost:3000', 'http://127.0.0.1:5173', 'http://[::1]:8080', 'https://localhost']) expect(isLoopbackOrigin(o)).toBe(true);
    for (const o of ['http://localhost.evil.example:3000', 'http://127.0.0.1.nip.io', 'http://10.0.0.1:3000', 'http://0.0.0.0:3000']) expect(isLoopbackOrigin(o)).toBe(false);
  });

  it('accepts the public origin, and loopback pages only while the public origin is loopback', () => {
    expect(originAccepted('https://binome.example.org', 'https://binome.example.org')).toBe(true);
    expect(originAccepted('http://binome.example.org', 'https://binome.example.org')).toBe(false);
    expect(originAccepted('http://localhost:3000', 'https://binome.example.org')).toBe(false);
    expect(originAccepted('http://127.0.0.1:41234', 'http://localhost:3000')).toBe(true);
    expect(originAccepted('http://[::1]:5173', 'http://localhost:3000')).toBe(true);
    expect(originAccepted('http://rebind.example:3000', 'http://localhost:3000')).toBe(false);
  });

  it('needs an Origin (or a Referer) on requests, but lets a handshake without Origin go on to the cookie check', () => {
    const checks = originChecks(() => 'https://binome.example.org');
    expect(checks.requestOrigin({})).toEqual({ ok: false, origin: null });
    expect(checks.requestOrigin({ referer: 'https://binome.example.org/profile' })).toEqual({ ok: true });
    expect(checks.requestOrigin({ origin: 'https://evil.example', referer: 'https://binome.example.org/' })).toEqual({ ok: false, origin: 'https://evil.example' });
    expect(checks.handshakeOrigin({})).toEqual({ ok: true });
    expect(checks.handshakeOrigin({ origin: 'https://binome.example.org' })).toEqual({ ok: true });
    expect(checks.handshakeOrigin({ origin: 'null' })).toEqual({ ok: false, origin: null });
    expect(checks.handshakeOrigin({ origin: 'https://binome.example.org.evil.example', host: 'binome.example.org.evil.example' })).toEqual({
      ok: false,
      origin: 'https://binome.example.org.evil.example'
    });
  });
});
