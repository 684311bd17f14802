/** `sessioncheck replay`: not built yet (see the open issues). */
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';

export const replay: Command = async () => {
  throw new UsageError('ERR_UNKNOWN_COMMAND', 'the replay command is not built yet');
};
