/**
 * Renders the Mentor Match icons from the mark in functions/web/brand.ts:
 * favicon.svg, the mask icon, PNGs at 180, 192 and 512 px (drawn by the
 * machine's Chromium) and a 48 px favicon.ico (one PNG inside an ICO
 * header). The files are committed; run this after changing the mark.
 *
 *   npm run build:icons
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { iconSvg, MASK_SVG } from '../brand';

const OUT = fileURLToPath(new URL('../static/images/', import.meta.url));

/** An ICO file holding one PNG image (supported by every current browser). */
function icoOf(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size >= 256 ? 0 : size, 6);
  header.writeUInt8(size >= 256 ? 0 : size, 7);
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, png]);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}favicon.svg`, `${iconSvg({ rounded: true })}\n`);
  writeFileSync(`${OUT}mentor-match-icon-mask.svg`, `${MASK_SVG}\n`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const render = async (size: number, rounded: boolean) => {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<body style="margin:0">${iconSvg({ rounded, size })}</body>`);
      return page.locator('svg').screenshot({ omitBackground: true });
    };
    // App icons are "maskable": full-bleed squares, the mark inside the safe zone.
    for (const size of [180, 192, 512]) writeFileSync(`${OUT}mentor-match-icon-${size}.png`, await render(size, false));
    writeFileSync(`${OUT}favicon.ico`, icoOf(await render(48, true), 48));
  } finally {
    await browser.close();
  }
  console.log(`Wrote the icons to ${OUT}`);
}

await main();
