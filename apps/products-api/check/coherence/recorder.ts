/** Keeps the operations of a run in memory and writes them as JSON lines. */
import { writeFileSync } from 'node:fs';
import type { Operation, S3Probe } from './history';

/** Hands out operation ids and keeps every recorded operation. */
export class Recorder {
  private nextId = 0;
  readonly operations: Operation[] = [];
  /** Reads of S3 itself made during the steady phase. */
  readonly probes: S3Probe[] = [];

  /** A fresh operation id. */
  id(): number {
    return this.nextId++;
  }

  record(op: Operation): void {
    this.operations.push(op);
  }

  probe(probe: S3Probe): void {
    this.probes.push(probe);
  }

  /** Writes the history (S3 probes as `kind: 's3-probe'`), one JSON object per line, sorted by invocation (Infinity is written as null). */
  write(file: string): void {
    const probes = this.probes.map((p) => ({ kind: 's3-probe', ...p }));
    const sorted = [...this.operations, ...probes].sort((a, b) => a.inv - b.inv);
    writeFileSync(file, sorted.map((op) => JSON.stringify(op)).join('\n') + '\n');
  }
}
