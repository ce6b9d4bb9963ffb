import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM, startSession, type Session } from './harness';
import { MATE_NAME, seedNamingLibrary } from './naming-library';

const skip = fs.existsSync(CHROMIUM) ? false : `Debian's Chromium is not installed at ${CHROMIUM}`;

describe('naming in Unsorted follows the rule calibrated for strangers', { skip, timeout: 120_000 }, () => {
  let s: Session;
  let faces: { mate: number; stranger: number };
  before(async () => {
    s = await startSession({
      seed: async (db, photos) => {
        faces = await seedNamingLibrary(db, photos);
      },
    });
  });
  after(async () => {
    await s?.close();
  });

  test('a new photo of a named person: Enter files it; a stranger: "probably nobody", and Enter does not', async () => {
    const { page } = s;
    await page.goto(s.url.replace(/#.*$/, '#/unsorted'));
    const shown = () => page.locator('.review-face').getAttribute('data-face-id');
    await page.locator(`.review-face[data-face-id="${faces.mate}"]`).waitFor();
    assert.equal(await page.getByTestId('probably-nobody').count(), 0);
    assert.match(await page.locator('.suggestions li').first().innerText(), new RegExp(`Enter\\s+${MATE_NAME}\\b`));
    await page.locator('body').press('Enter');
    await page.locator(`.review-face[data-face-id="${faces.stranger}"]`).waitFor();

    // the stranger's nearest named person is within the pair threshold (1.0) but beyond the calibrated rule
    await page.getByTestId('probably-nobody').waitFor();
    assert.match(await page.getByTestId('probably-nobody').innerText(), /Probably nobody you have named/);
    assert.ok((await page.locator('.suggestions li').count()) > 0, 'the nearest people are still offered by hand');
    assert.doesNotMatch(await page.locator('.suggestions').innerText(), /Enter/);
    await page.locator('body').press('Enter');
    await page.waitForTimeout(500);
    await page.reload();
    await page.locator('.review-face').waitFor();
    assert.equal(await shown(), String(faces.stranger), 'the stranger is still in Unsorted');
    assert.match(await page.locator('.view-head').innerText(), /^Unsorted\s+1 faces? belong/m);
    await s.shot('20-unsorted-probably-nobody');
  });
});
