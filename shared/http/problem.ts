/**
 * Expected failures as RFC 9457 problem details. Thrown (or returned) by use cases and mapped to a
 * response in one place (shared/http/handler.ts). Field errors always name the field and the rule.
 */
export interface FieldError {
  /** Path to the field, e.g. 'rows/2/weeklyPriceFrom' or 'postcode'. */
  field: string;
  /** Machine-readable rule, e.g. 'required', 'price-minimum'. */
  rule: string;
  /** Human-readable message naming the field and the rule. */
  message: string;
  [extra: string]: unknown;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extensions?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new ProblemError(400, 'Bad request', detail, errors);
export const validationFailed = (errors: FieldError[], extensions?: Record<string, unknown>) =>
  new ProblemError(
    400,
    'Validation failed',
    errors.length === 1 && errors[0] ? errors[0].message : `${errors.length} fields are not valid`,
    errors,
    extensions,
  );
export const unauthorized = (detail = 'Sign in to use this service') =>
  new ProblemError(401, 'Unauthorized', detail);
export const forbidden = (detail = 'You do not have permission to do this') =>
  new ProblemError(403, 'Forbidden', detail);
export const notFound = (detail = 'Not found') => new ProblemError(404, 'Not found', detail);
export const conflict = (detail: string, extensions?: Record<string, unknown>) =>
  new ProblemError(409, 'Conflict', detail, undefined, extensions);
export const preconditionRequired = (detail: string) =>
  new ProblemError(428, 'Precondition required', detail);
export const payloadTooLarge = (limitBytes: number) =>
  new ProblemError(
    413,
    'Payload too large',
    `The request body is larger than the limit of ${limitBytes} bytes`,
  );
export const tooManyRequests = (retryAfterSeconds: number) =>
  new ProblemError(
    429,
    'Too many requests',
    `Try again in ${retryAfterSeconds} seconds`,
    undefined,
    undefined,
    {
      'retry-after': String(retryAfterSeconds),
    },
  );
