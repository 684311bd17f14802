/** `sessioncheck list`: not built yet (see the open issues). */
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';

export const list: Command = async () => {
  throw new UsageError('ERR_UNKNOWN_COMMAND', 'the list command is not built yet');
};
