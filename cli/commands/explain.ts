/** `sessioncheck explain`: not built yet (see the open issues). */
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';

export const explain: Command = async () => {
  throw new UsageError('ERR_UNKNOWN_COMMAND', 'the explain command is not built yet');
};
