/** One problem found in a list query: the query parameter it concerns and what is wrong with it. */
export interface QueryIssue {
  /** The query parameter as the client sent it, e.g. `price__contains` or `page_size`. */
  readonly param: string;
  /** A human-readable explanation that names the field or parameter. */
  readonly message: string;
}

/**
 * Thrown by {@link parseListQuery} when a list query is invalid. It carries every problem found
 * (not only the first), so that a client can fix its query in one round trip. An HTTP layer
 * answers it with `400 Bad Request` ({@link QueryValidationError.status}).
 */
export class QueryValidationError extends Error {
  override readonly name = 'QueryValidationError';
  /** The HTTP status this error maps to. */
  readonly status = 400;
  /** Every problem found, in the order of the query parameters. Never empty. */
  readonly issues: readonly QueryIssue[];

  constructor(issues: readonly QueryIssue[]) {
    super(`Invalid query: ${issues.map((issue) => `${issue.param}: ${issue.message}`).join('; ')}`);
    this.issues = Object.freeze(issues.map((issue) => Object.freeze({ param: issue.param, message: issue.message })));
  }
}
