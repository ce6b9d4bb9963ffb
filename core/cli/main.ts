import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands';

/** Entry point of the `facet` command; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('facet')
    .description('Facet: your photo library, organised by person, offline.')
    .exitOverride()
    .showHelpAfterError();
  let exitCode = 0;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  for (const register of COMMANDS) register(program, setExitCode);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
  return exitCode;
}
