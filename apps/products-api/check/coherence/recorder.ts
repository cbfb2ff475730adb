/** Keeps the operations of a run in memory and writes them as JSON lines. */
import { writeFileSync } from 'node:fs';
import type { Operation } from './history';

/** Hands out operation ids and keeps every recorded operation. */
export class Recorder {
  private nextId = 0;
  readonly operations: Operation[] = [];

  /** A fresh operation id. */
  id(): number {
    return this.nextId++;
  }

  record(op: Operation): void {
    this.operations.push(op);
  }

  /** Writes the history, one JSON object per line, sorted by invocation (Infinity is written as null). */
  write(file: string): void {
    const sorted = [...this.operations].sort((a, b) => a.inv - b.inv);
    writeFileSync(file, sorted.map((op) => JSON.stringify(op)).join('\n') + '\n');
  }
}
