// Runs the `facet` CLI from source in a child process (tests spawn it with `node --import tsx`).
import { main } from '../../cli/main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code ?? 0),
  (err: Error) => {
    console.error(`facet: ${err.message}`);
    process.exit(1);
  },
);
