// Draws the app's install icons (PNG, as launchers want them) from their SVG sources in static/icons/. The PNGs are
// committed, so a build needs no drawing library; run `npm run icons` after changing an SVG.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { ROOT } from './front-end-build.ts';

const DIR = join(ROOT, 'static', 'icons');
/** [source SVG, size in px, output PNG] */
export const ICONS: [string, number, string][] = [
  ['icon.svg', 192, 'icon-192.png'],
  ['icon.svg', 512, 'icon-512.png'],
  ['maskable.svg', 512, 'maskable-512.png'],
  ['icon.svg', 180, 'apple-touch-icon.png']
];

for (const [source, size, output] of ICONS) {
  const svg = readFileSync(join(DIR, source), 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
  const image = await loadImage(Buffer.from(svg));
  const canvas = createCanvas(size, size);
  canvas.getContext('2d').drawImage(image, 0, 0, size, size);
  writeFileSync(join(DIR, output), canvas.toBuffer('image/png'));
  console.log(`static/icons/${output}: ${size}×${size}`);
}
