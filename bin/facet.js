#!/usr/bin/env node
// The `facet` command: runs the compiled CLI (built by `npm run build`, which `npm install` runs).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const compiled = path.join(__dirname, '..', 'dist', 'core', 'cli', 'main.js');
if (!fs.existsSync(compiled)) {
  console.error('facet: not built yet. Run `npm install` (or `npm run build`) in ' + path.join(__dirname, '..'));
  process.exit(2);
}
// Exit only once stdout is written: process.exit drops what a full pipe has not taken yet (`facet … | gzip`).
const { exitWhenFlushed } = require(path.join(__dirname, '..', 'dist', 'core', 'cli', 'stdout.js'));
require(compiled)
  .main(process.argv.slice(2))
  .then(
    (code) => exitWhenFlushed(code ?? 0),
    (err) => {
      console.error('facet: ' + (err && err.message ? err.message : String(err)));
      exitWhenFlushed(1);
    },
  );
