/**
 * How often the API's conditional writes lost to another writer, from each
 * instance's `/metrics` (`s3_requests_total{operation="PutObject",outcome="precondition_failed"}`).
 * An update whose If-Match PUT loses reads again and retries, up to
 * `MAX_UPDATE_ATTEMPTS`; the last loss answers 409 `concurrent_update`. So
 * retries = lost PUTs - 409s, minus, on Ceph RGW, each instance's first If-Match
 * requests (sent with the quoted ETag until one of them answers 412 and the
 * store switches to the bare form: see `S3ObjectStore`). Only
 * a real S3 enforces If-Match (`--s3 real`); on the embedded server both stay 0.
 */

/** A metric sample of the Prometheus text format: its labels and value. */
interface Sample {
  readonly labels: ReadonlyMap<string, string>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function samples(text: string, name: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match || match[1] !== name) continue;
    const labels = new Map<string, string>();
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels.set(key, value);
    out.push({ labels, value: Number(match[3]) });
  }
  return out;
}

/** The sum of `name`'s samples whose labels include every pair of `labels` (0 when none), from a Prometheus text exposition. */
export function counterTotal(text: string, name: string, labels: Readonly<Record<string, string>>): number {
  return samples(text, name)
    .filter((s) => Object.entries(labels).every(([key, value]) => s.labels.get(key) === value))
    .reduce((sum, s) => sum + s.value, 0);
}

/** The Prometheus text of the instance at `url` (`GET /metrics`). */
export async function scrapeMetrics(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  if (response.status !== 200) throw new Error(`GET ${url}/metrics answered ${response.status}`);
  return response.text();
}

/** The conditional PutObject attempts S3 refused (412), from an instance's metrics text. */
export function lostConditionalPuts(metrics: string): number {
  return counterTotal(metrics, 's3_requests_total', { operation: 'PutObject', outcome: 'precondition_failed' });
}
