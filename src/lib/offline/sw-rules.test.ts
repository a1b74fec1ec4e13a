import { describe, expect, it } from 'vitest';
import { endsPersonalData, ruleFor, type RequestFacts } from './sw-rules';

const build = new Set(['/_app/immutable/entry/start.abc.js', '/favicon.svg', '/manifest.webmanifest']);
const get = (pathname: string, more: Partial<RequestFacts> = {}): RequestFacts => ({ method: 'GET', sameOrigin: true, pathname, navigate: false, ...more });

describe('what the service worker does with a request', () => {
  it('opens every page of the app from the shell, never a server path', () => {
    expect(ruleFor(get('/duos/42/cv', { navigate: true }), build)).toBe('shell');
    expect(ruleFor(get('/', { navigate: true }), build)).toBe('shell');
    expect(ruleFor(get('/api/duos/42/cv/export.pdf', { navigate: true }), build)).toBe('network');
    expect(ruleFor(get('/collab/cv:1', { navigate: true }), build)).toBe('network');
  });

  it('keeps the versioned build files, and nothing else of the site', () => {
    expect(ruleFor(get('/_app/immutable/entry/start.abc.js'), build)).toBe('build');
    expect(ruleFor(get('/favicon.svg'), build)).toBe('build');
    expect(ruleFor(get('/_app/version.json'), build)).toBe('network');
    expect(ruleFor(get('/service-worker.js'), build)).toBe('network');
    expect(ruleFor(get('/_app/immutable/entry/other.js'), build)).toBe('network');
  });

  it("keeps a person's own reads, never a token link, an export, the setup or another site's answer", () => {
    expect(ruleFor(get('/api/me'), build)).toBe('api');
    expect(ruleFor(get('/api/duos/42'), build)).toBe('api');
    expect(ruleFor(get('/api/invitations/by-token/secret'), build)).toBe('network');
    expect(ruleFor(get('/api/duos/42/cv/export.pdf'), build)).toBe('network');
    expect(ruleFor(get('/api/duos/42/cv/export.json'), build)).toBe('network');
    expect(ruleFor(get('/api/setup'), build)).toBe('network');
    expect(ruleFor(get('/api/me', { sameOrigin: false }), build)).toBe('network');
    expect(ruleFor(get('/socket.io/', {}), build)).toBe('network');
  });

  it('never answers a change from a copy', () => {
    for (const method of ['POST', 'PATCH', 'DELETE']) expect(ruleFor(get('/api/me', { method }), build)).toBe('network');
  });

  it('forgets the kept answers when a session ends or another begins', () => {
    expect(endsPersonalData('POST', '/api/auth/logout')).toBe(true);
    expect(endsPersonalData('POST', '/api/auth/login')).toBe(true);
    expect(endsPersonalData('POST', '/api/setup')).toBe(true);
    expect(endsPersonalData('POST', '/api/invitations/by-token/abc/accept')).toBe(true);
    expect(endsPersonalData('DELETE', '/api/me')).toBe(true);
    expect(endsPersonalData('PATCH', '/api/me')).toBe(false);
    expect(endsPersonalData('GET', '/api/auth/logout')).toBe(false);
    expect(endsPersonalData('POST', '/api/duos')).toBe(false);
  });
});
