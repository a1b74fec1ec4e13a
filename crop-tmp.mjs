import { createCanvas, loadImage } from '@napi-rs/canvas';
import { writeFileSync } from 'node:fs';
const [src, out, y = '0', h = '1400'] = process.argv.slice(2);
const img = await loadImage(src);
const H = Math.min(Number(h), img.height - Number(y));
const c = createCanvas(img.width, H);
c.getContext('2d').drawImage(img, 0, -Number(y));
writeFileSync(out, c.toBuffer('image/png'));
console.log(img.width, img.height);
