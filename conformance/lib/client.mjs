/**
 * The suite's client, as its own `test-engine/cli.mjs` runs it, but with a
 * list of test ids and the results written to a file:
 *
 *   node client.mjs <base-url> <results.json> [id,id,...] [--dump]
 *
 * `--dump` prints every request and response (the suite's own trace) to stdout.
 */
import { writeFileSync } from 'node:fs';
import { runTests, getResults } from '../cache-tests/test-engine/client/runner.mjs';
import suites from '../cache-tests/tests/index.mjs';

const [base, out, ids = '', ...flags] = process.argv.slice(2);
const dump = flags.includes('--dump') || ids === '--dump';
const wanted = ids && ids !== '--dump' ? new Set(ids.split(',').filter(Boolean)) : null;

let selected = suites;
if (wanted) {
  const known = new Set(suites.flatMap((s) => s.tests.map((t) => t.id)));
  const unknown = [...wanted].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    console.error(`unknown test id(s): ${unknown.join(', ')}`);
    process.exit(2);
  }
  selected = suites
    .map((s) => ({ ...s, tests: s.tests.filter((t) => wanted.has(t.id)) }))
    .filter((s) => s.tests.length > 0);
}
if (dump) for (const s of selected) for (const t of s.tests) t.dump = true;

await runTests(selected, false, base);
writeFileSync(out, JSON.stringify(getResults(), null, 2));
process.exit(0);
