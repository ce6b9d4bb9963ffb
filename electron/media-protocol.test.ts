import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { openDatabase, type Database } from '../core/db/connection';
import { libraryMedia } from './engine-media';
import { createMediaHandler, parseMediaUrl, type MediaRequest } from './media-protocol';

const get = (url: string) => new Request(url);

const HOSTILE = [
  'facet-media://face/..',
  'facet-media://face/../../etc/passwd',
  'facet-media://face/%2e%2e/%2e%2e/etc/passwd',
  'facet-media://face/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  'facet-media://face/1%2F..%2F..%2Fetc%2Fpasswd',
  'facet-media://photo//etc/passwd',
  'facet-media:///etc/passwd',
  'facet-media://photo/%2Fetc%2Fpasswd',
  'facet-media://photo/C:%5CWindows%5Cwin.ini',
  'facet-media://photo/C:/Windows/win.ini',
  'facet-media://photo/~/.ssh/id_rsa',
  'facet-media://photo/link-to-outside.jpg',
  'facet-media://face/1/extra',
  'facet-media://face/1?path=/etc/passwd',
  'facet-media://face/1#x',
  'facet-media://face/0',
  'facet-media://face/-1',
  'facet-media://face/1.5',
  'facet-media://face/0x10',
  'facet-media://face/%31',
  'facet-media://face/99999999999999999999',
  'facet-media://file/1',
  'facet-media://user:pw@face/1',
  'facet-media://face:80/1',
  'file:///etc/passwd',
  'facet-app://bundle/index.html',
  'not a url',
];

describe('facet-media:// URLs', () => {
  it('parses exactly <kind>/<positive integer>', () => {
    assert.deepEqual(parseMediaUrl('facet-media://face/12'), { kind: 'face', id: 12 });
    assert.deepEqual(parseMediaUrl('facet-media://thumb/7'), { kind: 'thumb', id: 7 });
    assert.deepEqual(parseMediaUrl('facet-media://photo/7'), { kind: 'photo', id: 7 });
  });

  it('refuses every path-like, encoded, absolute or malformed spelling, without asking the library', async () => {
    const asked: MediaRequest[] = [];
    const handler = createMediaHandler(async (r) => {
      asked.push(r);
      return { bytes: new Uint8Array([1]), mime: 'image/jpeg' };
    });
    for (const url of HOSTILE) {
      const parsed = parseMediaUrl(url);
      // A dot-segment that the URL standard itself removes may leave a plain id ("face/1/../2" is "face/2"):
      // that still names a row, never a file. Anything else must not parse.
      if (parsed) assert.fail(`${url} parsed as ${JSON.stringify(parsed)}`);
      let request: Request;
      try {
        request = get(url);
      } catch {
        continue; // not even a valid request (e.g. credentials in the URL): it can never reach the handler
      }
      assert.equal((await handler(request)).status, 404, url);
    }
    assert.deepEqual(asked, []);
  });

  it('allows only GET and HEAD', async () => {
    const handler = createMediaHandler(async () => ({ bytes: new Uint8Array([1, 2]), mime: 'image/jpeg' }));
    assert.equal((await handler(new Request('facet-media://face/1', { method: 'POST', body: 'x' }))).status, 405);
    const head = await handler(new Request('facet-media://face/1', { method: 'HEAD' }));
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '2');
  });
});

describe('facet-media:// against a real library database', () => {
  let dir: string;
  let db: Database;
  let handler: (r: Request) => Promise<Response>;
  const crop = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-media-'));
    const library = path.join(dir, 'library');
    const outside = path.join(dir, 'outside');
    fs.mkdirSync(library);
    fs.mkdirSync(outside);
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .jpeg()
      .toBuffer();
    fs.writeFileSync(path.join(library, 'inside.jpg'), jpeg);
    fs.writeFileSync(path.join(outside, 'secret.jpg'), jpeg);
    // A photo that was in the library when scanned and is now a symlink to a file outside it.
    fs.symlinkSync(path.join(outside, 'secret.jpg'), path.join(library, 'escaped.jpg'));

    db = openDatabase(path.join(dir, 'library.db'));
    db.prepare('INSERT INTO folders (id, path, added_at) VALUES (1, ?, 0)').run(library);
    const photo = db.prepare('INSERT INTO photos (id, folder_id, path, size, mtime, status) VALUES (?, 1, ?, 1, 0, ?)');
    photo.run(1, path.join(library, 'inside.jpg'), 'done');
    photo.run(2, path.join(library, 'escaped.jpg'), 'done');
    photo.run(3, path.join(outside, 'secret.jpg'), 'done'); // a row naming a file outside its folder
    db.prepare("INSERT INTO models (id, kind, name, created_at) VALUES (1, 'backbone', 'test', 0)").run();
    db.prepare(
      'INSERT INTO faces (id, photo_id, x, y, w, h, score, quality, crop, embedding, model_id) VALUES (1, 1, 1, 1, 20, 20, 0.9, 0.9, ?, ?, 1)',
    ).run(crop, Buffer.alloc(512));
    const media = libraryMedia(db);
    handler = createMediaHandler((r) => media(r.kind, r.id));
  });

  after(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves a face's stored crop by its id", async () => {
    const res = await handler(get('facet-media://face/1'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), crop);
  });

  it('serves a thumbnail of a photo inside the library', async () => {
    const res = await handler(get('facet-media://thumb/1'));
    assert.equal(res.status, 200);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.width, 64);
  });

  it('refuses a photo whose file is now a symlink out of the library, and a row naming a file outside it', async () => {
    for (const url of ['facet-media://photo/2', 'facet-media://thumb/2', 'facet-media://photo/3']) {
      const res = await handler(get(url));
      assert.equal(res.status, 404, url);
      assert.doesNotMatch(await res.text(), /outside|secret/, 'the page learns nothing about the file system');
    }
  });

  it('refuses unknown ids', async () => {
    for (const url of ['facet-media://face/2', 'facet-media://photo/4', 'facet-media://thumb/999']) {
      assert.equal((await handler(get(url))).status, 404, url);
    }
  });
});
