/**
 * Typed errors that carry their HTTP meaning. Handlers throw these; one error
 * renderer turns them into `application/problem+json` (RFC 9457).
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `body.name` or `query.limit`. */
  path: string;
  message: string;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class ValidationError extends ProblemError {
  constructor(detail: string, issues: FieldIssue[] = []) {
    super(400, 'Bad Request', detail, issues);
  }
}

export class UnauthorizedError extends ProblemError {
  constructor(detail = 'An API key is required: send `Authorization: Bearer <key>`.') {
    super(401, 'Unauthorized', detail);
  }
}

export class ForbiddenError extends ProblemError {
  constructor(detail: string) {
    super(403, 'Forbidden', detail);
  }
}

export class NotFoundError extends ProblemError {
  constructor(detail: string) {
    super(404, 'Not Found', detail);
  }
}

export class ConflictError extends ProblemError {
  constructor(detail: string) {
    super(409, 'Conflict', detail);
  }
}

export class PayloadTooLargeError extends ProblemError {
  constructor(limitBytes: number) {
    super(413, 'Payload Too Large', `The request body exceeds the limit of ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends ProblemError {
  constructor(got: string | undefined, expected = 'application/json') {
    super(415, 'Unsupported Media Type', `Expected Content-Type ${expected}, got ${got ?? 'none'}.`);
  }
}

export class ServiceUnavailableError extends ProblemError {
  constructor(detail: string) {
    super(503, 'Service Unavailable', detail);
  }
}

/** A configuration value that cannot be used; start-up stops with this message. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`Invalid configuration ${key}=${JSON.stringify(value)}: ${allowed}`);
    this.name = 'ConfigError';
  }
}
