// Runs the `facet` CLI from source in a child process (tests spawn it with `node --import tsx`).
import { main } from '../../cli/main';
import { exitWhenFlushed } from '../../cli/stdout';

main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code ?? 0),
  (err: Error) => {
    console.error(`facet: ${err.message}`);
    exitWhenFlushed(1);
  },
);
