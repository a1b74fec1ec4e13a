// Serves the SvelteKit single-page build (adapter-static, fallback index.html) with a strict CSP. The SPA's
// index.html carries one inline bootstrap script; rather than 'unsafe-inline', its sha256 is computed from the
// file (again whenever the build changes) and allowed by hash.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type RequestHandler } from 'express';

/** The service worker, the build's version and the install manifest. */
const ALWAYS_REVALIDATED = /(service-worker\.js|version\.json|manifest\.webmanifest)$/;

/** Paths that belong to the server, never to the SPA fallback. */
const SERVER_PATHS = /^\/(api|socket\.io|collab)(\/|$)/;

export function cspHeader(scriptHashes: string[], https: boolean): string {
  const d = [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.map((h) => ` '${h}'`).join('')}`,
    // Svelte sets style attributes (transitions, display: contents): inline styles cannot be hashed one by one.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'"
  ];
  if (https) d.push('upgrade-insecure-requests');
  return d.join('; ');
}

export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(m[1] ?? '') || m[2].length === 0) continue;
    hashes.push('sha256-' + createHash('sha256').update(m[2], 'utf8').digest('base64'));
  }
  return hashes;
}

const MISSING_BUILD = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Binôme</title>
<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>Binôme</h1><p>The web app is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds when needed), then reload.</p>
<p lang="fr">L'application n'est pas encore construite : lancez <code>npm run build</code>, puis rechargez.</p>
<p lang="nl">De app is nog niet gebouwd: voer <code>npm run build</code> uit en herlaad.</p></body></html>`;

export function spaRouter(buildDir: string, https: () => boolean): Router {
  const router = Router();
  const index = join(buildDir, 'index.html');
  let cached: { mtimeMs: number; html: string; hashes: string[] } | null = null;

  const readIndex = () => {
    let st;
    try {
      st = statSync(index);
    } catch {
      return null;
    }
    if (!cached || cached.mtimeMs !== st.mtimeMs) {
      const html = readFileSync(index, 'utf8');
      cached = { mtimeMs: st.mtimeMs, html, hashes: inlineScriptHashes(html) };
    }
    return cached;
  };

  // Content-hashed assets never change under the same name: cache them for a year.
  router.use(
    express.static(buildDir, {
      index: false,
      redirect: false,
      setHeaders: (res, path) => {
        if (path.includes(`${join('_app', 'immutable')}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        // Files that say which build is current are asked for again every time: a phone must learn of a new build.
        else if (ALWAYS_REVALIDATED.test(path)) res.setHeader('Cache-Control', 'no-cache');
      }
    })
  );

  const fallback: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    const page = readIndex();
    if (!page) {
      res.status(503).type('html').setHeader('Cache-Control', 'no-store').send(MISSING_BUILD);
      return;
    }
    res.setHeader('Content-Security-Policy', cspHeader(page.hashes, https()));
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(page.html);
  };
  router.use(fallback);
  return router;
}
