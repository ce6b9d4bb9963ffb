import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM, copySample, scanFolder, startSession, type Session } from './harness';

const skip = fs.existsSync(CHROMIUM) ? false : `Debian's Chromium is not installed at ${CHROMIUM}`;

/**
 * Issue 15, bug 4's last part: the move picker offers people by how alike they are to the faces being moved, not
 * named first and then by size. A face split off from the person it was clustered with is offered back to that
 * (unnamed) person first, ahead of a named stranger that the old order put on top.
 */
describe('the move picker', { skip, timeout: 300_000 }, () => {
  let s: Session;
  before(async () => {
    s = await startSession();
    // the demo photos hold few repeat faces, so the machine makes no person of them; a second copy of one photo gives
    // its faces exact twins, which it does cluster
    copySample(1, path.join(s.photos, 'again'), 'sample1-again.jpg');
    await scanFolder(s, s.photos);
  });
  after(async () => {
    await s?.close();
  });

  test('puts the person most alike to the faces moved first, ahead of a named stranger', async () => {
    const { page } = s;
    await page.goto(s.url.replace(/#.*$/, '#/unsorted'));
    await page.getByPlaceholder('…or type a new name').fill('Other');
    await page.getByRole('button', { name: 'Add', exact: true }).click();

    await page.goto(s.url.replace(/#.*$/, '#/people'));
    await page.locator('.person-card', { hasText: 'Other' }).waitFor();
    await page.locator('.person-card.unnamed').first().click();
    await page.locator('.face-cell').nth(1).waitFor();
    const from = Number(/#\/person\/(\d+)/.exec(page.url())?.[1]);
    assert.ok(from > 0, 'a person the machine clustered');
    await page.locator('.face-cell').first().click();
    await page.getByRole('button', { name: 'Move to…' }).click();
    await page.keyboard.type('Solo');
    await page.keyboard.press('Enter'); // the only row left is "New person “Solo”"
    await page.locator('.notice', { hasText: 'Moved to Solo' }).waitFor();

    await page.goto(s.url.replace(/#.*$/, '#/people'));
    await page.locator('.person-card', { hasText: 'Solo' }).click();
    await page.locator('.person-title', { hasText: 'Solo' }).waitFor();
    await page.locator('.face-cell').first().click();
    await page.getByRole('button', { name: 'Move to…' }).click();
    await page.locator('.modal .picker-row', { hasText: 'Other' }).waitFor();
    await page.waitForFunction(
      (id) => document.querySelector('.modal .picker-row')?.getAttribute('data-person-id') === id,
      String(from),
      { timeout: 10_000 },
    );
    const order = await page
      .locator('.modal .picker-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-person-id') ?? e.textContent));
    assert.equal(Number(order[0]), from, `the person the face was clustered with comes first: ${order.join(', ')}`);
  });
});
