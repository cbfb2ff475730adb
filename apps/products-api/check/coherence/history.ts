/**
 * The recorded history of a coherence run: one {@link Operation} per HTTP
 * request, times in milliseconds relative to the run start (the checker's
 * `performance.now()`). Pure data: the model ({@link ./model}) and the checks
 * ({@link ./check}) read it, the recorder writes it as JSON lines.
 */

/** The read paths the workload exercises (`-nc`: request header `cache-control: no-cache`). */
export type ReadPath = 'get' | 'get-nc' | 'get-missing' | 'list' | 'list-nc' | 'count' | 'count-nc';

/** Common fields of every recorded request. */
export interface OperationBase {
  /** Sequence number, unique in the run. */
  readonly id: number;
  /** Name of the API instance that served it (`A`, `B`). */
  readonly instance: string;
  /** When the request was sent (ms from the run start). */
  readonly inv: number;
  /** When the response (or the error/timeout) arrived (ms from the run start). */
  readonly complete: number;
  /** HTTP status; `undefined` when no response arrived (network error, timeout). */
  readonly status?: number;
  /** The API's error code (`error.code` of the body) for a non-2xx answer. */
  readonly errorCode?: string;
  /** `timeout` or the network error's message when no response arrived. */
  readonly error?: string;
}

/** `PATCH /products/:id {"stock": value}` (or the creating `POST`). */
export interface WriteOperation extends OperationBase {
  readonly kind: 'write';
  readonly product: string;
  /** The written stock value, unique in the run. */
  readonly value: number;
  /** Twin writes share a group number (same product, same value counter tick, both instances at once). */
  readonly twin?: number;
}

/** `GET /products/:id` (with or without no-cache; `get-missing`: an id that was never created, 404 expected). */
export interface GetOperation extends OperationBase {
  readonly kind: 'get';
  readonly path: 'get' | 'get-nc' | 'get-missing';
  readonly product: string;
  /** The `stock` of the answer (2xx only). */
  readonly value?: number;
  readonly xCache?: string;
}

/** `GET /products?category=coh&stock__gt=M&page_size=N`. */
export interface ListOperation extends OperationBase {
  readonly kind: 'list';
  readonly path: 'list' | 'list-nc';
  /** The threshold M of `stock__gt`. */
  readonly threshold: number;
  readonly pageSize: number;
  /** The items of the page (2xx only). */
  readonly items?: ReadonlyArray<{ readonly product: string; readonly value: number }>;
  readonly totalCount?: number;
  readonly xCache?: string;
}

/** `GET /products/count?category=coh&stock__gt=M`. */
export interface CountOperation extends OperationBase {
  readonly kind: 'count';
  readonly path: 'count' | 'count-nc';
  readonly threshold: number;
  readonly count?: number;
  readonly xCache?: string;
}

/** Any recorded request. */
export type Operation = WriteOperation | GetOperation | ListOperation | CountOperation;

/** Any recorded read. */
export type ReadOperation = GetOperation | ListOperation | CountOperation;

/** Whether an operation got a 2xx answer. */
export function succeeded(op: OperationBase): boolean {
  return op.status !== undefined && op.status >= 200 && op.status < 300;
}

/**
 * A read of one product object straight from S3 during the steady phase (no
 * API, no cache): what S3 held, for the quiet-agreement check. `value` is
 * `undefined` when the object was missing or unreadable.
 */
export interface S3Probe {
  readonly product: string;
  readonly value?: number;
  readonly inv: number;
  readonly complete: number;
}
