import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cspHeader, inlineScriptHashes } from './spa.ts';

describe('inlineScriptHashes', () => {
  it('hashes inline scripts exactly as browsers do, and skips external ones', () => {
    const boot = '\n\t\t\t{ __sveltekit_x = { base: "" }; }\n\t\t';
    const html = `<head><script type="module" src="/_app/a.js"></script></head><body><script>${boot}</script></body>`;
    const expected = 'sha256-' + createHash('sha256').update(boot).digest('base64');
    expect(inlineScriptHashes(html)).toEqual([expected]);
  });
});

describe('cspHeader', () => {
  it('allows our scripts by hash and nothing inline otherwise', () => {
    const csp = cspHeader(['sha256-abc'], false);
    expect(csp).toContain("script-src 'self' 'sha256-abc'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(cspHeader([], true)).toContain('upgrade-insecure-requests');
  });
});
