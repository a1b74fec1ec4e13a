// Which Chromium the end-to-end tests drive, so that `npm ci && npm test` needs nothing but Node.js and npm:
// CHROMIUM_PATH when set, else Debian's /usr/bin/chromium, else the Chromium shipped inside the npm package
// @sparticuz/chromium (CHROMIUM_PATH=bundled picks that one even when Debian's is installed).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
export const BUNDLED = 'bundled';

export interface ChromiumChoice {
  executablePath: string;
  /** Extra environment for the browser process (the bundled one brings its own libraries and fonts). */
  env: Record<string, string>;
  /** Said in the test output, so a run shows which browser it used. */
  source: string;
}

/** Resolves the browser once per run (the global setup does it and hands the answer to the test files). */
export async function findChromium(requested = process.env.CHROMIUM_PATH): Promise<ChromiumChoice> {
  if (requested && requested !== BUNDLED) {
    if (!existsSync(requested)) throw new Error(`CHROMIUM_PATH is ${requested}, and there is no file there.`);
    return { executablePath: requested, env: {}, source: `CHROMIUM_PATH (${requested})` };
  }
  if (requested !== BUNDLED && existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, env: {}, source: `Debian's ${DEBIAN_CHROMIUM}` };
  return unpackBundled();
}

/**
 * @sparticuz/chromium keeps a brotli-compressed headless Chromium, the few shared libraries it needs beyond
 * libc (NSS, NSPR, expat: absent from a bare Debian) and a font. Its `executablePath()` unpacks them into the
 * system temporary folder and reuses whatever `chromium` file it finds there, whatever its version; so they
 * are unpacked here into a folder of our own named after the package version, built aside then renamed, so a
 * run cut short never leaves a half-written browser to be picked up later.
 */
async function unpackBundled(): Promise<ChromiumChoice> {
  const require = createRequire(import.meta.url);
  const { dir: pkgDir, version } = packageOf(require.resolve('@sparticuz/chromium'), '@sparticuz/chromium');
  const cache = join(ROOT, 'node_modules', '.cache', 'binome-chromium');
  const dir = join(cache, version);
  if (!existsSync(join(dir, 'chromium'))) {
    mkdirSync(cache, { recursive: true });
    const work = mkdtempSync(join(cache, `${version}-unpacking-`));
    try {
      const { inflate } = (await import(join(pkgDir, 'build', 'esm', 'lambdafs.js'))) as { inflate: (file: string) => Promise<string> };
      // The package writes into os.tmpdir(), read at each call: point it at our folder while it unpacks.
      const tmpdir = process.env.TMPDIR;
      process.env.TMPDIR = work;
      try {
        for (const file of ['chromium.br', 'swiftshader.tar.br', 'fonts.tar.br', 'al2023.tar.br']) await inflate(join(pkgDir, 'bin', file));
      } finally {
        if (tmpdir === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = tmpdir;
      }
      // Its own fonts.conf names /tmp/fonts; ours names the unpacked font and DejaVu (from the npm package the
      // CV's PDF already uses), and only those, so pages look the same on every machine.
      const dejavu = join(packageOf(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), 'dejavu-fonts-ttf').dir, 'ttf');
      writeFileSync(
        join(work, 'fonts.conf'),
        `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${dejavu}</dir>\n  <dir>${join(dir, 'fonts')}</dir>\n` +
          `  <cachedir>${join(dir, 'fontconfig-cache')}</cachedir>\n</fontconfig>\n`
      );
      rmSync(dir, { recursive: true, force: true });
      renameSync(work, dir);
    } catch (error) {
      rmSync(work, { recursive: true, force: true });
      throw error;
    }
  }
  return {
    executablePath: join(dir, 'chromium'),
    env: { LD_LIBRARY_PATH: join(dir, 'al2023', 'lib'), FONTCONFIG_FILE: join(dir, 'fonts.conf') },
    source: `@sparticuz/chromium ${version} (${dir})`
  };
}

/** The folder and version of the package `name` holding `file` (its package.json is not exported). */
function packageOf(file: string, name: string): { dir: string; version: string } {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string };
    if (pkg.name === name) return { dir, version: pkg.version };
  }
  throw new Error(`No package.json of ${name} above ${file}.`);
}
