import type { OpName } from '../contract';
import type { HandlersFor } from '../handler';
import { jobsHandlers } from './jobs-handlers';
import { libraryHandlers } from './library-handlers';
import { mapHandlers } from './map-handlers';
import { peopleHandlers } from './people-handlers';
import { trainHandlers } from './train-handlers';
import { verifyHandlers } from './verify-handlers';

/** Every operation's handler; the type makes a missing or extra handler a compile error. */
export const HANDLERS: HandlersFor<OpName> = {
  ...libraryHandlers,
  ...jobsHandlers,
  ...peopleHandlers,
  ...verifyHandlers,
  ...mapHandlers,
  ...trainHandlers,
};
