import type { Command } from 'commander';
import { registerBackup } from './backup';
import { registerLabels } from './labels';
import { registerXmp } from './xmp';
import { registerServe } from './serve';
import { registerScan } from './scan';
import { registerStatus } from './status';
import { registerExport } from './export';
import { registerEvalVerify } from './eval-verify';
import { registerThreshold } from './threshold';
import { registerCheck } from './check';
import { registerPeople } from './people';
import { registerEvalCluster } from './eval-cluster';
import { registerEvalNaming } from './eval-naming';
import { registerLabel } from './label';
import { registerTrain } from './train';
import { registerMissing } from './missing';

/** Adds one or more subcommands to the program; `setExitCode` reports a failure without throwing. */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

/** Every `facet` subcommand. One module per command (or command group). */
export const COMMANDS: RegisterCommand[] = [
  registerBackup,
  registerLabels,
  registerXmp,
  registerServe,
  registerScan,
  registerStatus,
  registerExport,
  registerEvalVerify,
  registerThreshold,
  registerCheck,
  registerPeople,
  registerEvalCluster,
  registerEvalNaming,
  registerLabel,
  registerTrain,
  registerMissing,
];
