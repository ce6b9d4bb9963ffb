// electron-builder hook (afterAllArtifactBuild): electron-builder rebuilt better-sqlite3 in node_modules against
// Electron's ABI for the package; rebuild it for this Node so that `facet` and `npm test` keep working after
// `npm run dist`. The packaged app already holds its own copy.
'use strict';
const { execFileSync } = require('node:child_process');

module.exports = async function restoreNodeBuild() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  console.log('facet dist: rebuilding better-sqlite3 for Node ' + process.versions.node + ' (CLI and tests)');
  execFileSync(npm, ['rebuild', 'better-sqlite3'], { stdio: 'inherit', shell: process.platform === 'win32' });
  return [];
};
