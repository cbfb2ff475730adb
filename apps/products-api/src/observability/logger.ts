import pino, { type Logger } from 'pino';
import type { Config } from '../config/config';
import { prettyLogStream } from './pretty-log';

/** The settings the logger reads. */
export type LoggerConfig = Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>;

type PinoPretty = (options: { destination: NodeJS.WritableStream; colorize: boolean; sync: boolean; ignore: string }) => NodeJS.WritableStream;

/**
 * pino-pretty when it is installed (it is an optional dependency), else undefined.
 * `load` exists for the test of the fallback.
 */
export function findPinoPretty(load: (id: string) => unknown = require): PinoPretty | undefined {
  try {
    return load('pino-pretty') as PinoPretty;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/**
 * The app's logger: JSON lines on `out` (`LOG_FORMAT=json`), or lines for a
 * terminal (`LOG_FORMAT=pretty`: pino-pretty, or the built-in formatter when
 * pino-pretty is not installed; `prettyModule` finds it). Colours only when
 * `out` is a terminal.
 */
export function createLogger(
  config: LoggerConfig,
  out: NodeJS.WritableStream = process.stdout,
  prettyModule: () => PinoPretty | undefined = findPinoPretty,
): Logger {
  const options = { level: config.LOG_LEVEL, base: { service: 'products-api' } };
  if (config.LOG_FORMAT === 'json') return pino(options, out);
  const colorize = (out as { isTTY?: boolean }).isTTY === true;
  const pretty = prettyModule();
  const destination = pretty ? pretty({ destination: out, colorize, sync: true, ignore: 'pid,hostname,service' }) : prettyLogStream(out);
  return pino(options, destination);
}
