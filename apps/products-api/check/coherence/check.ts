/**
 * The checks of the steady phase: every read in the history against the
 * {@link RegisterModel}, plus the status rules (no 5xx, no timeout). Pure: a
 * history in, violations and the cross-instance staleness samples out.
 */
import type { CountOperation, GetOperation, ListOperation, Operation, WriteOperation } from './history';
import { succeeded } from './history';
import { RegisterModel, type ModelOptions, type ModelWrite } from './model';

/** What a violation is about. */
export type ViolationKind =
  | 'stale-read'
  | 'future-read'
  | 'unknown-value'
  | 'list-wrong-member'
  | 'list-missing-member'
  | 'count-out-of-range'
  | 'server-error'
  | 'timeout'
  | 'slow-response'
  | 'unexpected-status'
  | 'quiet-disagreement'
  | 'final-disagreement'
  | 'final-not-maximal';

/** One violation with the minimal evidence: the read and the writes that make it one. */
export interface Violation {
  readonly kind: ViolationKind;
  /** One line saying what is wrong. */
  readonly summary: string;
  /** The read (or request) at fault. */
  readonly op?: Operation;
  /** The write that produced the value read, when there is one. */
  readonly producer?: ModelWrite;
  /** The writes that superseded it before the read, earliest ack first. */
  readonly superseding?: readonly ModelWrite[];
  /** For list/count: each product's admissible values at the read. */
  readonly admissible?: ReadonlyArray<{ readonly product: string; readonly values: readonly ModelWrite[] }>;
  /** Further evidence lines (final phase: what each source showed). */
  readonly lines?: readonly string[];
}

/** Status rules of a scenario. */
export interface StatusRules {
  /** Extra (status, error code) pairs a write may answer with, e.g. 503 `cache_invalidation_failed` while Redis is down. */
  readonly allowedWriteErrors?: ReadonlyArray<{ readonly status: number; readonly code: string }>;
  /** A request answered after more than this many ms is a `slow-response` (default: no limit). */
  readonly slowMs?: number;
}

/** Everything {@link checkHistory} found. */
export interface CheckResult {
  readonly model: RegisterModel;
  readonly violations: Violation[];
  /** R.inv minus the earliest superseding ack, for every read that returned a value superseded only on another instance. */
  readonly crossStaleness: number[];
  /** Reads that saw cross-instance staleness beyond D inside a recovery window (allowed, reported). */
  allowedInWindow: number;
}

/** Checks a steady-phase history. */
export function checkHistory(history: readonly Operation[], options: ModelOptions, rules: StatusRules = {}): CheckResult {
  const writes = history.filter((op): op is WriteOperation => op.kind === 'write');
  const model = new RegisterModel(writes, options);
  const result: CheckResult = { model, violations: [], crossStaleness: [], allowedInWindow: 0 };
  for (const op of history) {
    checkStatus(op, rules, result.violations);
    if (op.kind === 'write' || !succeeded(op) || (op.kind === 'get' && op.path === 'get-missing')) continue;
    if (op.kind === 'get') checkValue(model, op, op.product, op.value, result);
    else if (op.kind === 'list') checkList(model, op, result);
    else checkCount(model, op, result);
  }
  return result;
}

function checkStatus(op: Operation, rules: StatusRules, out: Violation[]): void {
  if (op.status === undefined) {
    out.push({ kind: 'timeout', summary: `${describe(op)}: no response (${op.error ?? 'unknown error'})`, op });
    return;
  }
  const latency = op.complete - op.inv;
  if (rules.slowMs !== undefined && latency > rules.slowMs) {
    out.push({ kind: 'slow-response', summary: `${describe(op)}: answered after ${latency.toFixed(0)} ms (limit ${rules.slowMs} ms)`, op });
  }
  const missing = op.kind === 'get' && op.path === 'get-missing';
  if (missing ? op.status === 404 : succeeded(op)) return;
  const allowed = op.kind === 'write' && (rules.allowedWriteErrors ?? []).some((a) => a.status === op.status && a.code === op.errorCode);
  if (allowed) return;
  const kind = op.status >= 500 ? 'server-error' : 'unexpected-status';
  out.push({ kind, summary: `${describe(op)}: ${op.status} ${op.errorCode ?? ''}`.trimEnd(), op });
}

function checkValue(model: RegisterModel, op: GetOperation | ListOperation, product: string, value: number | undefined, result: CheckResult): void {
  if (value === undefined) {
    result.violations.push({ kind: 'unknown-value', summary: `${describe(op)}: product ${short(product)} without a stock value`, op });
    return;
  }
  const verdict = model.judge(product, value, op);
  switch (verdict.kind) {
    case 'ok':
      if (verdict.crossStaleness !== undefined) result.crossStaleness.push(verdict.crossStaleness);
      return;
    case 'allowed-in-window':
      result.crossStaleness.push(verdict.staleness);
      result.allowedInWindow++;
      return;
    case 'unknown':
      result.violations.push({ kind: 'unknown-value', summary: `${describe(op)}: ${short(product)} = ${value}, a value no write of this product produced`, op });
      return;
    case 'future':
      result.violations.push({
        kind: 'future-read',
        summary: `${describe(op)}: ${short(product)} = ${value}, written by a request invoked after this read completed`,
        op,
        producer: verdict.write,
      });
      return;
    case 'stale':
      if (verdict.crossInstance) result.crossStaleness.push(verdict.staleness);
      result.violations.push({
        kind: 'stale-read',
        summary:
          `${describe(op)}: ${short(product)} = ${value}, superseded ${verdict.staleness.toFixed(1)} ms before the read ` +
          `(${verdict.crossInstance ? `only on another instance: beyond D = ${model.options.lagMs} ms` : 'by a write acknowledged on this instance'})`,
        op,
        producer: verdict.write,
        superseding: verdict.superseding,
      });
  }
}

function checkList(model: RegisterModel, op: ListOperation, result: CheckResult): void {
  const items = op.items ?? [];
  const present = new Set<string>();
  for (const item of items) {
    present.add(item.product);
    checkValue(model, op, item.product, item.value, result);
    if (!(item.value > op.threshold)) {
      result.violations.push({
        kind: 'list-wrong-member',
        summary: `${describe(op)}: listed ${short(item.product)} with stock ${item.value}, not > ${op.threshold}`,
        op,
        producer: model.writeOf(item.value),
      });
    }
  }
  // A page covers every matching product only when nothing was cut off.
  if (op.totalCount === undefined || op.totalCount > op.pageSize || items.length !== op.totalCount) return;
  for (const product of model.products()) {
    if (present.has(product)) continue;
    const values = model.admissible(product, op);
    if (values.some((w) => !(w.value > op.threshold))) continue;
    result.violations.push({
      kind: 'list-missing-member',
      summary: `${describe(op)}: ${short(product)} absent, but every admissible value is > ${op.threshold}`,
      op,
      admissible: [{ product, values }],
    });
  }
}

function checkCount(model: RegisterModel, op: CountOperation, result: CheckResult): void {
  let must = 0;
  let mixed = 0;
  const admissible: Array<{ product: string; values: ModelWrite[] }> = [];
  for (const product of model.products()) {
    const values = model.admissible(product, op);
    const above = values.filter((w) => w.value > op.threshold).length;
    if (above === values.length && above > 0) must++;
    else if (above > 0) mixed++;
    admissible.push({ product, values });
  }
  const count = op.count ?? NaN;
  if (count >= must && count <= must + mixed) return;
  result.violations.push({
    kind: 'count-out-of-range',
    summary: `${describe(op)}: count ${count} outside [${must}, ${must + mixed}] (stock > ${op.threshold})`,
    op,
    admissible: admissible.filter((a) => a.values.length > 0 && a.values.some((w) => w.value > op.threshold)),
  });
}

/** `B get-nc #123` style label of an operation. */
export function describe(op: Operation): string {
  const what = op.kind === 'write' ? `write ${short(op.product)}=${op.value}` : op.path;
  return `${op.instance} ${what} #${op.id}`;
}

/** First 8 characters of a product id. */
export function short(product: string): string {
  return product.slice(0, 8);
}
