/**
 * The final (quiet) phase check: after the load stopped and a quiet period
 * longer than D, S3 itself and every read path of every instance must show the
 * same value per product, and that value must be a MAXIMAL write (one that no
 * acknowledged write supersedes). Pure.
 */
import { short, type Violation } from './check';
import type { RegisterModel } from './model';

/** What one source (an instance's read path) showed in the final phase. */
export interface FinalObservation {
  /** e.g. `A get`, `B list-nc (cached)`, `A count stock>M`. */
  readonly source: string;
  /** by id: one value per product (undefined: not found / failed). */
  readonly byId?: ReadonlyMap<string, number | undefined>;
  /** list: the products on the (complete) page, with the `stock__gt` threshold (`-1`: none). */
  readonly list?: { readonly threshold: number; readonly items: ReadonlyMap<string, number> };
  /** count with the `stock__gt` threshold (`-1`: none). */
  readonly count?: { readonly threshold: number; readonly count: number | undefined };
}

/** Checks the final observations against S3 (`s3`: the stock value of each product object, undefined when missing or unreadable). */
export function checkFinal(model: RegisterModel, s3: ReadonlyMap<string, number | undefined>, observations: readonly FinalObservation[]): Violation[] {
  const violations: Violation[] = [];
  for (const product of model.products()) {
    const value = s3.get(product);
    if (value === undefined) {
      violations.push({ kind: 'final-disagreement', summary: `final: S3 has no readable object for ${short(product)}` });
      continue;
    }
    const write = model.writeOf(value);
    if (!write || write.product !== product) {
      violations.push({ kind: 'final-not-maximal', summary: `final: S3 holds ${short(product)} = ${value}, a value no write of it produced` });
      continue;
    }
    const superseding = model.writesOf(product).filter((w) => model.supersedes(w, write));
    if (superseding.length > 0) {
      violations.push({
        kind: 'final-not-maximal',
        summary: `final: S3 holds ${short(product)} = ${value}, superseded by ${superseding.length} acknowledged write(s) (lost update)`,
        producer: write,
        superseding: superseding.slice(0, 3),
      });
    }
  }
  for (const obs of observations) {
    const wrong: string[] = [];
    if (obs.byId) {
      for (const [product, value] of obs.byId) {
        if (value !== s3.get(product)) wrong.push(`${short(product)}: ${String(value)} (S3 ${String(s3.get(product))})`);
      }
    }
    if (obs.list) {
      for (const product of model.products()) {
        const inS3 = s3.get(product);
        const expected = inS3 !== undefined && inS3 > obs.list.threshold;
        const shown = obs.list.items.get(product);
        if (expected ? shown !== inS3 : shown !== undefined) {
          wrong.push(`${short(product)}: ${shown === undefined ? 'absent' : String(shown)} (S3 ${String(inS3)}, stock > ${obs.list.threshold})`);
        }
      }
    }
    if (obs.count) {
      const { threshold } = obs.count;
      const expected = model.products().filter((p) => (s3.get(p) ?? -Infinity) > threshold).length;
      if (obs.count.count !== expected) wrong.push(`count(stock > ${threshold}) = ${String(obs.count.count)}, S3 gives ${expected}`);
    }
    if (wrong.length > 0) {
      violations.push({
        kind: 'final-disagreement',
        summary: `final: ${obs.source} disagrees with S3 on ${wrong.length} item(s)`,
        lines: wrong.slice(0, 5),
      });
    }
  }
  return violations;
}
