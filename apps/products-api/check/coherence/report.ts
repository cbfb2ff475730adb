/** Printing a scenario's result: counts, violations with minimal evidence, staleness distribution. */
import { short, type Violation, type ViolationKind } from './check';
import type { Operation } from './history';
import { succeeded } from './history';
import type { ModelWrite } from './model';

const MAX_PER_KIND = 10;

const ms = (t: number): string => (Number.isFinite(t) ? `${t.toFixed(1)}` : '∞');

/** `p50/p99/max` of a sample, or `none`. */
export function distribution(samples: readonly number[]): string {
  if (samples.length === 0) return 'count 0 (none observed)';
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `count ${sorted.length}, p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
}

function writeLine(label: string, w: ModelWrite): string {
  const how = w.op.status === undefined ? w.op.error ?? 'no answer' : `${w.op.status}${w.op.errorCode ? ` ${w.op.errorCode}` : ''}`;
  const twin = w.op.twin !== undefined ? ` twin#${w.op.twin}` : '';
  return `    ${label}: ${w.instance} write #${w.op.id} ${short(w.product)}=${w.value} inv ${ms(w.inv)} ack ${ms(w.ack)} (${how})${twin}`;
}

function opLine(op: Operation): string {
  const times = `inv ${ms(op.inv)} done ${ms(op.complete)}`;
  const status = op.status === undefined ? op.error ?? 'no answer' : `${op.status}${op.errorCode ? ` ${op.errorCode}` : ''}`;
  if (op.kind === 'write') return `    request: ${op.instance} write #${op.id} ${short(op.product)}=${op.value} ${times} (${status})`;
  const cache = op.xCache ? ` X-Cache ${op.xCache}` : '';
  if (op.kind === 'get') return `    read: ${op.instance} ${op.path} #${op.id} ${short(op.product)} ${times}${cache} -> ${op.value ?? status}`;
  if (op.kind === 'list') {
    const items = (op.items ?? []).map((i) => `${short(i.product)}=${i.value}`).join(' ');
    return `    read: ${op.instance} ${op.path} #${op.id} stock>${op.threshold} ${times}${cache} -> total ${op.totalCount ?? status} [${items}]`;
  }
  return `    read: ${op.instance} ${op.path} #${op.id} stock>${op.threshold} ${times}${cache} -> ${op.count ?? status}`;
}

/** The evidence lines of one violation (times in ms from the run start). */
export function evidence(v: Violation): string[] {
  const lines = [`  [${v.kind}] ${v.summary}`];
  if (v.op) lines.push(opLine(v.op));
  if (v.producer) lines.push(writeLine('value written by', v.producer));
  const superseding = v.superseding ?? [];
  for (const w of superseding.slice(0, 3)) lines.push(writeLine('superseded by', w));
  if (superseding.length > 3) lines.push(`    ... and ${superseding.length - 3} later superseding write(s)`);
  for (const a of v.admissible ?? []) lines.push(`    admissible ${short(a.product)}: ${a.values.map((w) => `${w.value}(${w.instance} inv ${ms(w.inv)} ack ${ms(w.ack)})`).join(', ') || 'none'}`);
  for (const line of v.lines ?? []) lines.push(`    ${line}`);
  return lines;
}

/** Counts of the history: requests, writes, reads by path (with X-Cache hits), failures. */
export function summary(history: readonly Operation[]): string[] {
  const writes = history.filter((op) => op.kind === 'write');
  const acked = writes.filter(succeeded).length;
  const byStatus = new Map<string, number>();
  for (const w of writes) if (!succeeded(w)) byStatus.set(w.status === undefined ? w.error ?? '?' : `${w.status} ${w.errorCode ?? ''}`.trim(), (byStatus.get(w.status === undefined ? w.error ?? '?' : `${w.status} ${w.errorCode ?? ''}`.trim()) ?? 0) + 1);
  const reads = new Map<string, { n: number; hits: number; maxMs: number }>();
  for (const op of history) {
    if (op.kind === 'write') continue;
    const entry = reads.get(op.path) ?? { n: 0, hits: 0, maxMs: 0 };
    entry.n++;
    if (op.xCache === 'HIT') entry.hits++;
    entry.maxMs = Math.max(entry.maxMs, op.complete - op.inv);
    reads.set(op.path, entry);
  }
  const failures = history.filter((op) => op.status === undefined || op.status >= 500);
  const twins = writes.filter((w) => w.twin !== undefined).length;
  return [
    `  requests ${history.length}; writes ${writes.length} (acked ${acked}, unacked ${writes.length - acked}${byStatus.size ? `: ${[...byStatus].map(([k, n]) => `${k} x${n}`).join(', ')}` : ''}; twin ${twins}); reads ${history.length - writes.length}`,
    `  reads by path: ${[...reads].map(([path, r]) => `${path} ${r.n}${r.hits ? ` (HIT ${r.hits})` : ''} max ${r.maxMs.toFixed(0)} ms`).join('; ')}`,
    `  5xx ${failures.filter((op) => op.status !== undefined).length}, timeouts/no answer ${failures.filter((op) => op.status === undefined).length}`,
  ];
}

/** Violations grouped by kind, at most {@link MAX_PER_KIND} with evidence per kind. */
export function violationReport(violations: readonly Violation[]): string[] {
  if (violations.length === 0) return ['  violations: none'];
  const byKind = new Map<ViolationKind, Violation[]>();
  for (const v of violations) byKind.set(v.kind, [...(byKind.get(v.kind) ?? []), v]);
  const lines = [`  violations: ${violations.length} (${[...byKind].map(([k, list]) => `${k} ${list.length}`).join(', ')})`];
  for (const [kind, list] of byKind) {
    lines.push(` ${kind}: ${list.length}${list.length > MAX_PER_KIND ? ` (first ${MAX_PER_KIND})` : ''}`);
    for (const v of list.slice(0, MAX_PER_KIND)) lines.push(...evidence(v));
  }
  return lines;
}
