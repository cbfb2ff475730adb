/** Command-line options of `npm run check:coherence`. */
import type { S3Mode } from './s3-target';

/** Validated options. */
export interface CheckOptions {
  /** Steady-phase length per scenario (s). */
  readonly seconds: number;
  readonly scenario: string;
  readonly seed: number;
  /** Cross-instance bound D (ms). */
  readonly lagMs: number;
  readonly products: number;
  readonly hot: number;
  readonly loops: number;
  readonly timeoutMs: number;
  /** A response slower than this is a violation (ms). */
  readonly slowMs: number;
  /** `embedded`: the app's embedded S3 server per scenario; `real`: a fresh bucket per scenario on `S3_TEST_ENDPOINT`. */
  readonly s3: S3Mode;
  /** Where history files and logs go (default: a fresh folder under the OS temp dir). */
  readonly out?: string;
}

/** A bad command line. */
export class CheckOptionError extends Error {
  override readonly name = 'CheckOptionError';
}

const DEFAULTS: CheckOptions = { seconds: 10, scenario: 'all', seed: 0, lagMs: 250, products: 12, hot: 3, loops: 6, timeoutMs: 5000, slowMs: 2000, s3: 'embedded' };

const NUMERIC: ReadonlyArray<[keyof CheckOptions, string, number]> = [
  ['seconds', '--seconds', 1],
  ['seed', '--seed', 0],
  ['lagMs', '--lag-ms', 0],
  ['products', '--products', 1],
  ['hot', '--hot', 1],
  ['loops', '--loops', 1],
  ['timeoutMs', '--timeout-ms', 1],
  ['slowMs', '--slow-ms', 1],
];

export const USAGE = `usage: npm run check:coherence -- [--seconds N] [--scenario all|single|single-redis|twin-redis|redis-kill] [--seed S]
  [--s3 embedded|real] [--lag-ms D] [--products P] [--hot H] [--loops C] [--timeout-ms T] [--slow-ms S] [--out DIR]`;

/** Parses `argv` (without node and script). The seed defaults to a random one (printed). */
export function parseOptions(argv: readonly string[], randomSeed = Math.floor(Math.random() * 1e6)): CheckOptions {
  const options: Record<string, unknown> = { ...DEFAULTS, seed: randomSeed };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') throw new CheckOptionError(USAGE);
    if (value === undefined) throw new CheckOptionError(`${flag} needs a value\n${USAGE}`);
    i++;
    if (flag === '--scenario') options.scenario = value;
    else if (flag === '--out') options.out = value;
    else if (flag === '--s3') {
      if (value !== 'embedded' && value !== 'real') throw new CheckOptionError(`--s3 must be embedded or real, got ${value}`);
      options.s3 = value;
    }
    else {
      const spec = NUMERIC.find(([, name]) => name === flag);
      if (!spec) throw new CheckOptionError(`unknown option ${flag}\n${USAGE}`);
      const n = Number(value);
      if (!Number.isInteger(n) || n < spec[2]) throw new CheckOptionError(`${flag} must be an integer >= ${spec[2]}, got ${value}`);
      options[spec[0]] = n;
    }
  }
  const result = options as unknown as CheckOptions;
  if (result.hot > result.products) throw new CheckOptionError('--hot must not exceed --products');
  return result;
}
