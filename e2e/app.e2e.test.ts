import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM, startSession, type Session } from './harness';

const skip = fs.existsSync(CHROMIUM) ? false : `Debian's Chromium is not installed at ${CHROMIUM}`;
const DEMO_FACES = 22;

/**
 * The app as a user drives it, in one browser session over one library (each step builds on the last): add the
 * face-api demo photos and watch the scan finish, name faces, merge and undo, move, remove and re-cluster,
 * verify, map and train. The names are arbitrary labels on the demo faces: what is checked is that the UI does
 * what the user asked and the engine keeps it.
 */
describe('Facet in a browser against facet serve', { skip, timeout: 300_000 }, () => {
  let s: Session;
  before(async () => {
    s = await startSession({ brokenFile: true });
  });
  after(async () => {
    await s?.close();
  });

  const go = async (route: string) => {
    await s.page.goto(s.url.replace(/#.*$/, `#/${route}`));
  };
  const personCard = (name: string) => s.page.locator('.person-card', { hasText: name });
  const count = async (name: string) => parseInt(await personCard(name).locator('.person-count').innerText(), 10);
  const openPeople = async () => {
    await go('people');
    await s.page.locator('.person-card').first().waitFor();
  };
  const faceIdsShown = () =>
    s.page.locator('.face-cell').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-face-id'))));
  const openPerson = async (name: string) => {
    await openPeople();
    await personCard(name).click();
    await s.page.locator('.person-title', { hasText: name }).waitFor();
    await s.page.locator('.face-cell').first().waitFor();
  };

  test('adding a folder scans it, and progress reaches the end', async () => {
    const { page } = s;
    await page.getByLabel('Folder to add').fill(s.photos);
    await page.getByRole('button', { name: 'Add folder' }).click();
    const job = page.getByTestId('job-scan');
    await job.waitFor();
    await page.locator('[data-testid="job-scan"]:not([data-state="running"])').waitFor({ timeout: 180_000 });
    assert.equal(await job.getAttribute('data-state'), 'done', await job.innerText());
    assert.equal(await job.getByRole('progressbar').getAttribute('aria-valuenow'), '100');
    await page.getByTestId('library-summary').filter({ hasText: '6 photos' }).waitFor();
    assert.match(await page.getByTestId('library-summary').innerText(), new RegExp(`^6 photos · ${DEMO_FACES} faces`));
    // The broken file is listed with its error; the six real photos were scanned all the same.
    const errors = page.locator('details.errors');
    await errors.waitFor();
    assert.match(await errors.innerText(), /1 file could not be read[\s\S]*not-a-photo\.jpg — \S+/);
    await s.shot('01-library-scanned');
  });

  test('people appear as the user names faces in Unsorted; every face is in a person or in Unsorted', async () => {
    const { page } = s;
    const summary = await page.getByTestId('library-summary').innerText();
    const [, people, unsorted] = /(\d+) people .* (\d+) unsorted/.exec(summary) ?? [];
    assert.ok(Number(unsorted) > 0 || Number(people) > 0, summary);
    await go('unsorted');
    for (const name of ['Ann', 'Bob', 'Cat', 'Dan', 'Eve']) {
      const face = page.locator('.review-face img');
      const before = await face.getAttribute('src');
      await page.getByPlaceholder('…or type a new name').fill(name);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.waitForFunction(
        (src) => document.querySelector('.review-face img')?.getAttribute('src') !== src,
        before,
      );
    }
    // Review by keyboard: S skips to the next face without labelling anything.
    const current = await page.locator('.review-face').getAttribute('data-face-id');
    await page.locator('body').press('s');
    await page.waitForFunction(
      (id) => document.querySelector('.review-face')?.getAttribute('data-face-id') !== id,
      current,
    );
    assert.match(await page.locator('.view-head').innerText(), /1 skipped/);
    await s.shot('02-unsorted');
    await openPeople();
    for (const name of ['Ann', 'Bob', 'Cat', 'Dan', 'Eve']) assert.equal(await count(name), 1, name);
    await page
      .locator('.person-card img')
      .first()
      .evaluate((img: HTMLImageElement) =>
        img.complete && img.naturalWidth > 0 ? null : new Promise((r) => img.addEventListener('load', r)),
      );
    await s.shot('03-people');
  });

  test('renaming a person shows the new name everywhere; search finds people by name', async () => {
    const { page } = s;
    await openPerson('Eve');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Name').fill('Éva');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.person-title', { hasText: 'Éva' }).waitFor();
    await s.shot('04-person');
    await openPeople();
    await page.getByLabel('Search people by name').fill('eva');
    await personCard('Éva').waitFor();
    assert.equal(await page.locator('.person-card').count(), 1, 'the search ignores case and accents');
  });

  test('merging two people, then undoing it', async () => {
    const { page } = s;
    await go('merge');
    await personCard('Bob').click();
    await personCard('Dan').click();
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByTestId('merge-preview').filter({ hasText: 'Bob with 2 faces' }).waitFor();
    await s.shot('05-merge-preview');
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.locator('.notice', { hasText: 'Merged' }).waitFor();
    await personCard('Dan').waitFor({ state: 'detached' });
    assert.equal(await count('Bob'), 2, 'one person with both faces');
    await page.locator('.notice').getByRole('button', { name: 'Undo' }).click();
    await personCard('Dan').waitFor();
    assert.equal(await count('Bob'), 1);
    assert.equal(await count('Dan'), 1);
    // Merge them again for good: Bob's two faces give Verify a same-person pair.
    await personCard('Bob').click();
    await personCard('Dan').click();
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await personCard('Dan').waitFor({ state: 'detached' });
    assert.equal(await count('Bob'), 2);
  });

  test('moving a face to another person', async () => {
    const { page } = s;
    await openPerson('Cat');
    const [moved] = await faceIdsShown();
    await page.locator('.face-cell').first().click();
    await page.getByRole('button', { name: 'Move to…' }).click();
    await page.locator('.modal .picker-row', { hasText: 'Ann' }).click();
    await page.locator('.notice', { hasText: 'Moved to Ann' }).waitFor();
    await openPerson('Ann');
    assert.ok((await faceIdsShown()).includes(moved), 'the face is now Ann’s');

    // The photo opens with its faces boxed and the names on them; the Photos tab lists Ann's photos by date.
    await page.locator(`.face-cell[data-face-id="${moved}"]`).dblclick();
    const viewer = page.getByTestId('photo-viewer');
    await viewer.locator('.face-box.named', { hasText: 'Ann' }).first().waitFor();
    await viewer
      .locator('img')
      .evaluate((img: HTMLImageElement) =>
        img.complete && img.naturalWidth > 0 ? null : new Promise((r) => img.addEventListener('load', r)),
      );
    assert.ok((await viewer.locator('.face-box').count()) >= 1);
    await s.shot('06-photo-viewer');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    const annPhotos = new Set(
      await page.locator('.face-cell').evaluateAll((els) => els.map((e) => e.getAttribute('data-photo-id'))),
    );
    await page.getByRole('button', { name: 'Photos', exact: true }).click();
    await page.locator('.photo-cell').first().waitFor();
    assert.equal(await page.locator('.photo-cell').count(), annPhotos.size, 'one tile per photo Ann is in');
    await openPeople();
    assert.equal(await count('Ann'), 2);
    assert.equal(await personCard('Cat').count(), 0, 'Cat had one face and is gone');
  });

  test('a face removed from a person stays removed after a forced re-cluster', async () => {
    const { page } = s;
    await openPerson('Ann');
    const before = await faceIdsShown();
    const removed = before[before.length - 1];
    await page.locator(`.face-cell[data-face-id="${removed}"]`).click();
    await page.getByRole('button', { name: 'Not Ann' }).click();
    await page.locator('.notice', { hasText: 'marked as not Ann' }).waitFor();
    await page.locator(`.face-cell[data-face-id="${removed}"]`).waitFor({ state: 'detached' });
    await s.shot('07-face-removed');

    await go('library');
    await page.getByRole('button', { name: 'Re-cluster people' }).click();
    await page.locator('[data-testid="job-cluster"]:not([data-state="running"])').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('job-cluster').getAttribute('data-state'), 'done');
    await openPerson('Ann');
    const after = await faceIdsShown();
    assert.ok(!after.includes(removed), `face ${removed} came back to Ann after re-clustering`);
    assert.deepEqual(
      after,
      before.filter((id) => id !== removed),
      "Ann's other face is intact",
    );
  });

  test('Verify shows the distance of two faces and VAL/FAR at the threshold', async () => {
    const { page } = s;
    await go('verify');
    for (const [slot, who] of [
      ['A', 'Bob'],
      ['B', 'Ann'],
    ] as const) {
      await page.getByRole('button', { name: `Choose face ${slot}` }).click();
      await page.locator('.popover .picker-row', { hasText: who }).click();
      await page.locator('.popover .face-strip button').first().click();
    }
    const result = page.getByTestId('pair-result');
    await result.locator('.distance').waitFor();
    const distance = Number(await result.locator('.distance').innerText());
    assert.ok(distance > 0 && distance <= 2, `distance ${distance}`);
    assert.match(await result.innerText(), /threshold 0\.\d+/);
    assert.match(await result.innerText(), /Same person|Different people/);
    const figures = page.getByTestId('verify-figures');
    // plain words first (issue 15), the expert figures one click away
    assert.match(await figures.innerText(), /\d+(\.\d+)?%\s*of pairs of photos of the same person are recognised/);
    assert.match(await figures.innerText(), /(1 in [\d,]+|none)\s*pairs of different people would be taken/);
    assert.match(await figures.innerText(), /1 same \/ \d+ different pairs/);
    assert.doesNotMatch(await figures.innerText(), /FAR at threshold/, 'no jargon until asked for');
    await figures.getByText('Figures for experts').click();
    assert.match(await figures.innerText(), /VAL at threshold\s*\d+(\.\d+)?%/);
    assert.match(await figures.innerText(), /FAR at threshold\s*\d\.\de[-+]\d+/);
    assert.ok(await page.locator('svg[aria-label="ROC curve"] path.roc-line').count(), 'ROC drawn');
    await page.getByLabel('Match threshold').fill('0.6');
    await page.getByTestId('threshold-preview').waitFor();
    assert.match(
      await page.getByTestId('threshold-preview').innerText(),
      /\d+ faces would join people, \d+ would leave/,
    );
    await s.shot('08-verify');
  });

  test('Map draws a point per face', async () => {
    const { page } = s;
    await go('map');
    await page.getByRole('button', { name: 'Draw the map' }).click();
    await page.waitForFunction(() => Number(document.querySelector('canvas')?.dataset.points ?? 0) > 0, null, {
      timeout: 90_000,
    });
    const points = Number(await page.getByTestId('map-canvas').getAttribute('data-points'));
    assert.equal(points, DEMO_FACES);
    const painted = await page.getByTestId('map-canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    assert.ok(painted > points * 10, 'the dots are drawn on the canvas');
    await s.shot('09-map');
  });

  test('training runs with a live loss curve and lists a version', async () => {
    const { page } = s;
    // Training needs two people with three labelled photos each: label more faces from Unsorted, as a user would.
    const photosOf = async (name: string) => {
      await openPerson(name);
      return new Set(
        await page.locator('.face-cell').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-photo-id')))),
      );
    };
    const want = new Map([
      ['Ann', await photosOf('Ann')],
      ['Bob', await photosOf('Bob')],
    ]);
    await go('unsorted');
    for (let guard = 0; guard < 30 && [...want.values()].some((p) => p.size < 3); guard++) {
      const current = page.locator('.review-face');
      await current.waitFor();
      const photo = Number(await current.getAttribute('data-photo-id'));
      const face = await current.getAttribute('data-face-id');
      const target = [...want].find(([, photos]) => photos.size < 3 && !photos.has(photo))?.[0];
      if (target) {
        await page.getByRole('button', { name: 'Choose a person…' }).click();
        await page.locator('.modal .picker-row', { hasText: target }).click();
        want.get(target)!.add(photo);
      } else await page.locator('.review-side button', { hasText: 'Skip' }).click();
      await page.waitForFunction(
        (id) => document.querySelector('.review-face')?.getAttribute('data-face-id') !== id,
        face,
      );
    }
    assert.ok(
      [...want.values()].every((p) => p.size >= 3),
      'the demo photos hold enough faces to label',
    );

    await go('train');
    await page.getByRole('button', { name: 'Train on my labels' }).click();
    const job = page.getByTestId('job-train');
    await page.locator('[data-testid="job-train"]:not([data-state="running"])').waitFor({ timeout: 150_000 });
    assert.equal(await job.getAttribute('data-state'), 'done', await job.innerText());
    const rows = page.getByTestId('versions').locator('tbody tr');
    await rows.filter({ hasText: '→' }).first().waitFor();
    assert.ok(await page.locator('svg[aria-label="Training loss"] path').count(), 'loss curve drawn');
    await s.shot('10-train');

    // with a trained version in use, Verify opens on it (issue 15), not on the original network
    const activate = page.getByTestId('versions').getByRole('button', { name: 'Activate' });
    if (await activate.count()) {
      await activate.first().click();
      await page.getByTestId('versions').locator('tr.active').waitFor();
    }
    await go('verify');
    await page.getByRole('button', { name: 'Trained on your people' }).and(page.locator('.on')).waitFor();
  });

  test('the page made no request to anything but this machine', () => {
    assert.deepEqual(s.outbound, []);
  });
});
