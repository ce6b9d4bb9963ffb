/**
 * Screenshots of every view at the three window sizes issue 15 asks to look at (1024x700, 1440x900, 1920x1080),
 * over the demo photos with a few people named, as a user sees them. Not a test: a person looks at the images.
 *   node --import tsx e2e/screenshots.ts   → test-output/screens/<view>-<w>x<h>.png
 */
import fs from 'node:fs';
import path from 'node:path';
import { copySample, scanFolder, SHOTS, startSession } from './harness';

const SIZES = [
  [1024, 700],
  [1440, 900],
  [1920, 1080],
] as const;
const OUT = path.join(path.dirname(SHOTS), 'screens');

async function main(): Promise<void> {
  const s = await startSession({ brokenFile: true });
  try {
    const { page } = s;
    copySample(1, path.join(s.photos, 'again'), 'sample1-again.jpg');
    await scanFolder(s, s.photos);
    const go = (route: string) => page.goto(s.url.replace(/#.*$/, `#/${route}`));
    await go('unsorted');
    for (const name of ['Ann', 'Bob', 'Jennifer Aniston-Pitt']) {
      const id = await page.locator('.review-face').getAttribute('data-face-id');
      await page.getByPlaceholder('…or type a new name').fill(name);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.waitForFunction(
        (old) => document.querySelector('.review-face')?.getAttribute('data-face-id') !== old,
        id,
      );
    }
    fs.mkdirSync(OUT, { recursive: true });
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h });
      for (const view of ['library', 'people', 'unsorted', 'merge', 'verify', 'train', 'map']) {
        await go(view);
        await page.waitForLoadState('networkidle');
        if (view === 'map') await page.getByRole('button', { name: 'Draw the map' }).click();
        await page.waitForTimeout(view === 'map' ? 4000 : 600);
        await page.screenshot({ path: path.join(OUT, `${view}-${w}x${h}.png`) });
      }
      await go('people');
      await page.locator('.person-card').first().click();
      await page.locator('.face-cell').first().waitFor();
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(OUT, `person-${w}x${h}.png`) });
    }
    console.log(`screenshots in ${OUT}`);
  } finally {
    await s.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
