/**
 * Errors of the implementations. Each carries a stable `code` (tests and callers match on it,
 * never on the message), and the HTTP errors carry the status a route answers with.
 */

/** Stable codes of every error `impl/` throws or answers with. */
export type ImplErrorCode =
  | 'ERR_BAD_REQUEST'
  | 'ERR_UNAUTHORIZED'
  | 'ERR_STORE_UNAVAILABLE'
  | 'ERR_NOT_FOUND'
  | 'ERR_METHOD_NOT_ALLOWED'
  | 'ERR_NO_LIVE_NODE'
  | 'ERR_ACTION_DISABLED'
  | 'ERR_BAD_OPTION'
  | 'ERR_SYSTEM_CLOSED'
  | 'ERR_FORGE_WITHOUT_FORGERY'
  | 'ERR_BAD_PLUGIN';

/** Base class: a message for people, a `code` for programs, and the underlying `cause`. */
export class ImplError extends Error {
  constructor(readonly code: ImplErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImplError';
  }
}

/** The statuses a route may answer with on purpose (200 aside). */
export type ErrorStatus = 400 | 401 | 404 | 405 | 503;

/** An error a route turns into a response; thrown so handlers read as their happy path. */
export class HttpError extends ImplError {
  constructor(readonly status: ErrorStatus, code: ImplErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'HttpError';
  }
}

/**
 * A refusal: an answer routes give on purpose, thrown only to leave the happy path. It carries
 * no stack trace, since nothing ever reads one and capturing it (through the async frames of a
 * request) cost more than the rest of a 401.
 */
function refusal(status: 400 | 401, code: ImplErrorCode, message: string): HttpError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new HttpError(status, code, message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** 400: the request is malformed (bad JSON, header syntax, sizes, user names). */
export const badRequest = (message: string): HttpError => refusal(400, 'ERR_BAD_REQUEST', message);

/** 401: the credential is missing, forged, expired, revoked or unknown. */
export const unauthorized = (message = 'who are you?'): HttpError => refusal(401, 'ERR_UNAUTHORIZED', message);

/** The shared store could not be reached; routes fail closed with 503. */
export class StoreUnavailableError extends HttpError {
  constructor(cause: unknown) {
    super(503, 'ERR_STORE_UNAVAILABLE', 'the session store is unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}
