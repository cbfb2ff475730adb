/** One problem in a request, named by the field or parameter it concerns. */
export interface ProblemDetail {
  readonly field: string;
  readonly message: string;
}

/**
 * An error with its HTTP answer. Every error body of the API has one shape:
 * `{ "error": { "code": "not_found", "message": "...", "details": [...] } }`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: readonly ProblemDetail[],
  ) {
    super(message);
  }

  /** The JSON body sent for this error. */
  toBody(): { error: { code: string; message: string; details?: readonly ProblemDetail[] } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** 404 for a missing product or route. */
export const notFound = (message: string): ApiError => new ApiError(404, 'not_found', message);
