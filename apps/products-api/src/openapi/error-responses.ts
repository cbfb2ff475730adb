import { ERROR_CODES, ERROR_EXAMPLES, type ErrorCode } from './error-codes';
import { ref, type ResponseObject } from './types';

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad request',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  431: 'Request header fields too large',
  500: 'Internal error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};

/** The body of an error, as `ApiError#toBody` writes it. */
export function errorBody(code: ErrorCode): { error: { code: ErrorCode; message: string; details?: ReadonlyArray<{ field: string; message: string }> } } {
  const { message, details } = ERROR_EXAMPLES[code];
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/** One error response (one status) that can carry any of `codes`, with an example of each. */
export function errorResponse(status: number, codes: readonly ErrorCode[]): ResponseObject {
  const reason = REASONS[status] ?? 'Error';
  const lines = codes.map((code) => `- \`${code}\`: ${ERROR_CODES[code].meaning}`);
  return {
    description: `${reason}. \`error.code\` is one of:\n${lines.join('\n')}`,
    ...(status === 405 ? { headers: { Allow: ref('headers', 'Allow') } } : {}),
    content: {
      'application/json': {
        schema: ref('schemas', 'Error'),
        examples: Object.fromEntries(codes.map((code) => [code, { summary: code, value: errorBody(code) }])),
      },
    },
  };
}

/**
 * Errors any request can get, whatever its operation: another method on the same path (405, with
 * `Allow`), a request that arrives too slowly (408), headers too large (431), a failure of ours (500).
 */
export const ANY_REQUEST_ERRORS: readonly ErrorCode[] = ['method_not_allowed', 'request_timeout', 'headers_too_large', 'internal_error'];

/**
 * The error responses of an operation, grouped by status: each code goes under every status it
 * can come with (`storage_unavailable` under both 502 and 503). Every operation also lists
 * {@link ANY_REQUEST_ERRORS}.
 */
export function errorResponses(codes: readonly ErrorCode[]): Record<string, ResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes, ...ANY_REQUEST_ERRORS]) {
    for (const status of ERROR_CODES[code].statuses) {
      const list = byStatus.get(status) ?? [];
      if (!list.includes(code)) list.push(code);
      byStatus.set(status, list);
    }
  }
  const statuses = [...byStatus.keys()].sort((a, b) => a - b);
  return Object.fromEntries(statuses.map((status) => [String(status), errorResponse(status, byStatus.get(status)!)]));
}
