/**
 * `npm run seed -- --count N`: loads N demo products into the products store
 * (see `SEED_USAGE` in ./cli). Ctrl-C stops starting new products and lets the
 * ones in flight finish; a second Ctrl-C quits at once.
 */
import { runSeedCli } from './cli';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
});

runSeedCli(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }, { signal: interrupt.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`seed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
