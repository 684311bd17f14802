/** Errors of the real-infrastructure targets; `code` is stable (the CLI maps ERR_MISSING_BINARY to exit 2). */
export type InfraErrorCode = 'ERR_MISSING_BINARY' | 'ERR_INFRA_START' | 'ERR_INFRA_CONTROL';

/** A process could not be found, started or controlled. */
export class InfraError extends Error {
  constructor(readonly code: InfraErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfraError';
  }
}
