/** `sessioncheck cite`: not built yet (see the open issues). */
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';

export const cite: Command = async () => {
  throw new UsageError('ERR_UNKNOWN_COMMAND', 'the cite command is not built yet');
};
