/** `sessioncheck report`: not built yet (see the open issues). */
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';

export const report: Command = async () => {
  throw new UsageError('ERR_UNKNOWN_COMMAND', 'the report command is not built yet');
};
