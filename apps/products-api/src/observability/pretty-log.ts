import { Writable } from 'node:stream';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line has; not repeated after the message. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service']);

/**
 * One pino JSON line as a line for a terminal: `HH:MM:SS.mmm LEVEL message`, then
 * any other fields as compact JSON. A line that is not pino JSON is returned as it is.
 */
export function formatPrettyLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (record === null || typeof record !== 'object') return line;
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 23) : '';
  const level = (LEVELS[record.level as number] ?? String(record.level)).padEnd(5);
  const rest = Object.fromEntries(Object.entries(record).filter(([key]) => !HIDDEN.has(key)));
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${time} ${level} ${String(record.msg ?? '')}${extra}`;
}

/**
 * The built-in pretty destination (used when the optional pino-pretty is not
 * installed): takes pino's JSON lines and writes {@link formatPrettyLine}s to `out`.
 */
export function prettyLogStream(out: NodeJS.WritableStream): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line !== '') out.write(`${formatPrettyLine(line)}\n`);
      done();
    },
  });
}
