import type { ApiContext } from './api-context';
import type { OpName, ParsedArgs, Result } from './contract';

/** One operation's implementation: validated arguments in, the contract's result out. */
export type Handler<K extends OpName> = (args: ParsedArgs<K>, ctx: ApiContext) => Result<K> | Promise<Result<K>>;

/** A feature module's handlers: exactly the operations named by K. */
export type HandlersFor<K extends OpName> = { [P in K]: Handler<P> };
