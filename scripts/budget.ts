// The data-saving budget: how many bytes a phone downloads to open a page the first time, computed from the
// build (the client manifest SvelteKit's vite build writes), as the server sends them (brotli quality 5, as
// server/wiring/http-app.ts asks the `compression` middleware for browsers that accept it, and nothing below its
// 1 KiB threshold; gzip shown for browsers without brotli). API answers are not counted here (they are small and depend on the data); the
// end-to-end test tests/e2e/budget.test.ts measures a real first load in Chromium, API answers included, and checks
// that every file the browser fetched is one counted here. `npm run budget` prints the table and fails over budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from './front-end-build.ts';

interface ManifestChunk {
  file: string;
  name?: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface PageBudget {
  name: string;
  /** The route as SvelteKit names it (`/duos/[id]/cv`). */
  route: string;
  /** Logged-in pages also load the app's frame and the live connection. */
  loggedIn: boolean;
  /** The budget: bytes over the wire for the page's first load. */
  limitBytes: number;
  /**
   * While a page is still over its budget: the most the build may grow to (today's size and a little room), so that
   * it can only get lighter. Removed once the page meets its budget.
   */
  ceilingBytes?: number;
}

export const PAGES: PageBudget[] = [
  { name: 'login page', route: '/login', loggedIn: false, limitBytes: 150_000 },
  // Over budget in this count since the meetings and group sessions joined it (README, "Data-saving budget"); what
  // Chromium really fetches is under it. The follow-up features (outcomes, partner companies, retention, topics:
  // their catalogues load with the rest) added about 11 kB: the next win is loading those catalogues on demand.
  { name: "mentee's dashboard", route: '/', loggedIn: true, limitBytes: 150_000, ceilingBytes: 178_000 },
  // Over budget today (README, "Data-saving budget"): the editor (Tiptap, ProseMirror, Yjs) alone is about 200 kB.
  { name: 'CV editor', route: '/duos/[id]/cv', loggedIn: true, limitBytes: 250_000, ceilingBytes: 368_000 }
];

/**
 * Loaded by every page on its first load, whatever it imports: the French catalogues (the default language), which
 * the manifest names by their source path, or by the chunk's name when another module also imports them.
 */
const ALWAYS = (m: Manifest) =>
  Object.keys(m).filter((k) => (/^src\/lib\/i18n\/messages\/(.+\/)?fr\.json$/.test(k) || m[k].name === 'fr') && !ON_DEMAND_CATALOGUES.some((c) => k.includes(`/messages/${c}/`)));
/** Catalogues registered only by the page that uses them (e.g. loadReportWords), not by the app's start. */
const ON_DEMAND_CATALOGUES = ['reports'];
/** Loaded once someone is logged in (the root layout imports them when the session is known). */
const LOGGED_IN = ['src/lib/components/AppShell.svelte', 'node_modules/socket.io-client/build/esm/index.js'];
/** Static files a first visit fetches: the icon, the install manifest and the icon it names, the service worker. */
const STATIC = ['favicon.svg', 'manifest.webmanifest', 'icons/icon-192.png', 'service-worker.js'];

export interface FileSize {
  path: string;
  raw: number;
  gzip: number;
  /** What the server sends to a browser accepting brotli. */
  wire: number;
}

export interface PageMeasure extends PageBudget {
  files: FileSize[];
  wire: number;
  gzip: number;
}

const COMPRESSIBLE = /\.(js|css|html|json|svg|webmanifest)$/;

function size(buildDir: string, path: string): FileSize {
  const data = readFileSync(join(buildDir, path));
  if (!COMPRESSIBLE.test(path)) return { path, raw: data.length, gzip: data.length, wire: data.length };
  const gzip = gzipSync(data, { level: 6 }).length;
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }).length;
  return { path, raw: data.length, gzip, wire: data.length < 1024 ? data.length : br };
}

/** The route → page node table SvelteKit generated for this build. */
function routeNodes(root: string): Map<string, number> {
  const app = readFileSync(join(root, '.svelte-kit', 'generated', 'client-optimized', 'app.js'), 'utf8');
  return new Map([...app.matchAll(/"(\/[^"]*)":\s*\[(\d+)/g)].map((m) => [m[1], Number(m[2])]));
}

/** The files one first load of a page fetches, by the build's paths (`_app/immutable/...`). */
export function pageFiles(root: string, page: PageBudget): string[] {
  const manifest = JSON.parse(readFileSync(join(root, '.svelte-kit', 'output', 'client', '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const node = routeNodes(root).get(page.route);
  if (node === undefined) throw new Error(`the build has no route ${page.route}`);
  const entries = [
    'node_modules/@sveltejs/kit/src/runtime/client/entry.js',
    '.svelte-kit/generated/client-optimized/app.js',
    '.svelte-kit/generated/client-optimized/nodes/0.js',
    // The error page: SvelteKit's client fetches it at start, to be ready for an error.
    '.svelte-kit/generated/client-optimized/nodes/1.js',
    `.svelte-kit/generated/client-optimized/nodes/${node}.js`,
    ...ALWAYS(manifest),
    ...(page.loggedIn ? LOGGED_IN : [])
  ];
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the client manifest has no ${key}`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const asset of chunk.assets ?? []) files.add(asset);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  entries.forEach(visit);
  return ['index.html', ...files, ...STATIC];
}

export function measure(root = ROOT, pages = PAGES): PageMeasure[] {
  const buildDir = join(root, 'build');
  return pages.map((page) => {
    const files = pageFiles(root, page).map((path) => size(buildDir, path));
    return { ...page, files, wire: files.reduce((s, f) => s + f.wire, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
  });
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** Whether the build passes: each page within its budget, or within its ceiling while it is still over. */
export function withinLimits(m: PageMeasure): boolean {
  return m.wire <= (m.ceilingBytes ?? m.limitBytes);
}

export function table(measures: PageMeasure[]): string {
  const verdict = (m: PageMeasure) =>
    m.wire <= m.limitBytes ? '✓' : withinLimits(m) ? `over budget (ceiling ${kB(m.ceilingBytes!)})` : '✗ over';
  const rows = measures.map((m) => `| ${m.name} | ${m.files.length} | ${kB(m.wire)} | ${kB(m.gzip)} | ${kB(m.limitBytes)} | ${verdict(m)} |`);
  return ['| first load of | files | brotli (sent) | gzip | budget | |', '| --- | ---: | ---: | ---: | ---: | --- |', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const measures = measure();
  console.log(table(measures));
  if (!measures.every(withinLimits)) process.exit(1);
}
