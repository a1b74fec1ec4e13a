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

describe('spaRouter cache headers', () => {
  it('keeps hashed files a year, and asks again for the files that say which build is current', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const express = (await import('express')).default;
    const { spaRouter } = await import('./spa.ts');
    const dir = await mkdtemp(join(tmpdir(), 'binome-spa-'));
    await mkdir(join(dir, '_app', 'immutable', 'entry'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<!doctype html><script>boot()</script>');
    await writeFile(join(dir, '_app', 'immutable', 'entry', 'start.abc.js'), 'x');
    await writeFile(join(dir, '_app', 'version.json'), '{"version":"1"}');
    await writeFile(join(dir, 'service-worker.js'), 'self');
    await writeFile(join(dir, 'manifest.webmanifest'), '{}');
    const app = express().use(spaRouter(dir, () => false));
    const server = app.listen(0);
    try {
      const port = (server.address() as { port: number }).port;
      const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
      expect((await get('/_app/immutable/entry/start.abc.js')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      for (const path of ['/_app/version.json', '/service-worker.js', '/manifest.webmanifest', '/duos/1/cv']) {
        expect((await get(path)).headers.get('cache-control'), path).toBe('no-cache');
      }
      expect((await get('/manifest.webmanifest')).headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    } finally {
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
