/** Errors the CLI turns into exit code 2 with a clear message. `code` is stable. */
export type UsageErrorCode =
  | 'ERR_UNKNOWN_COMMAND'
  | 'ERR_UNKNOWN_FLAG'
  | 'ERR_FLAG_VALUE'
  | 'ERR_UNKNOWN_STRATEGY'
  | 'ERR_UNKNOWN_PROPERTY'
  | 'ERR_UNKNOWN_TARGET'
  | 'ERR_BAD_REPLAY_TOKEN'
  | 'ERR_MISSING_ARGUMENT'
  | 'ERR_MISSING_BINARY'
  | 'ERR_BAD_SHARD_FILE'
  | 'ERR_SHARD_MISMATCH'
  | 'ERR_SHARD_MISSING'
  | 'ERR_SHARD_DUPLICATE'
  | 'ERR_SHARD_INCOMPLETE';

export class UsageError extends Error {
  constructor(readonly code: UsageErrorCode, message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
