/** `sessioncheck explore`: not built yet (see the open issues). */
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';

export const explore: Command = async () => {
  throw new UsageError('ERR_UNKNOWN_COMMAND', 'the explore command is not built yet');
};
