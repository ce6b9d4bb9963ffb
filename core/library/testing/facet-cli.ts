// Runs the `facet` command from source (through tsx) for tests that spawn it as a child process, the way a
// user's shell runs bin/facet.js after a build.
import { main } from '../../cli/main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code ?? 0),
  (err: Error) => {
    console.error(`facet: ${err.message}`);
    process.exit(1);
  },
);
