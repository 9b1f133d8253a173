// Helpers for the facebox steps of flows.mjs: a photo where the detector finds no face, and drawing a face box.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A fixture photo (Grace Hopper, public domain) shrunk to 160 pixels at (2400, 2400) on a plain grey 4800-pixel
 * canvas: her face is then about 4 pixels in the detector's 320x240 input and about 8 in the second pass's parts of
 * the photo, and no pass finds it (on a 2400-pixel canvas the parts do).
 * Composed in a blank page's canvas (no file is written); returned as PNG bytes. Other sizes make other photos:
 * (80, 0, 80) is the whole photo at 80 pixels, where the face is found but too small.
 */
export async function faceOnCanvas(browser, fixtures, canvas = 4800, at = 2400, size = 160) {
  const jpeg = readFileSync(join(fixtures, 'public-domain/grace_hopper_512x512.jpg')).toString('base64');
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const dataUrl = await page.evaluate(async ([b64, canvas, at, size]) => {
      const img = new Image();
      img.src = 'data:image/jpeg;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = canvas;
      c.height = canvas;
      const g = c.getContext('2d');
      g.fillStyle = 'rgb(128,128,128)';
      g.fillRect(0, 0, canvas, canvas);
      g.imageSmoothingQuality = 'high';
      g.drawImage(img, at, at, size, size);
      return c.toDataURL('image/png');
    }, [jpeg, canvas, at, size]);
    return Buffer.from(dataUrl.split(',')[1], 'base64');
  } finally {
    await ctx.close();
  }
}

/** Drags a box on the shown photo (`width` pixels wide), from photo pixel (x, y) to (x + w, y + h), with the mouse. */
export async function dragBox(page, x, y, w, h, width = 4800) {
  // A 4800-pixel photo takes a moment to decode: draw only once it is shown at its size.
  await page.waitForFunction(() => {
    const img = document.querySelector('#verdict-img');
    return img && img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0;
  }, null, { timeout: 30000 });
  // The mouse acts in the viewport: the photo may lie below the fold (the page asks for more photos above it).
  await page.locator('#verdict-img').scrollIntoViewIfNeeded();
  const r = await page.locator('#verdict-img').boundingBox();
  const s = r.width / width;
  await page.mouse.move(r.x + x * s, r.y + y * s);
  await page.mouse.down();
  await page.mouse.move(r.x + (x + w) * s, r.y + (y + h) * s, { steps: 5 });
  await page.mouse.up();
}

/** Types a box in the four numeric inputs (the keyboard alternative to drawing). */
export async function typeBox(page, x, y, w, h) {
  for (const [id, v] of [['#box-x', x], ['#box-y', y], ['#box-w', w], ['#box-h', h]]) {
    await page.fill(id, String(v));
    await page.locator(id).dispatchEvent('change');
  }
}

/** The box the inputs hold now, as [x, y, w, h]. */
export async function boxValues(page) {
  return Promise.all(['#box-x', '#box-y', '#box-w', '#box-h'].map(async (id) => Number(await page.inputValue(id))));
}
