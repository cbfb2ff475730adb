#!/usr/bin/env node
/**
 * CI gate (npm run test:http-conformance): runs modes http and plain and
 * compares them with conformance/baseline.json; exits 1 on any regression.
 *
 *   node conformance/gate.mjs [--update] [--sequential]
 *
 * --update rewrites baseline.json from this run (npm run conformance:update).
 * --sequential runs the two modes one after the other (default: concurrently).
 * See conformance/README.md, "The gate".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkBuilt, NotBuiltError } from './lib/app.mjs';
import { baselineFrom, judge } from './lib/judge.mjs';
import { runModes } from './lib/run-modes.mjs';

const baselinePath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'baseline.json');

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { update: { type: 'boolean', default: false }, sequential: { type: 'boolean', default: false } },
  });
  try {
    for (const warning of checkBuilt()) console.error(`warning: ${warning}`);
  } catch (err) {
    if (err instanceof NotBuiltError) {
      console.error(`error: ${err.message}`);
      return 1;
    }
    throw err;
  }
  const started = Date.now();
  const runs = await runModes(['http', 'plain'], { concurrent: !values.sequential });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let previous = {};
  try { previous = JSON.parse(readFileSync(baselinePath, 'utf8')); } catch { /* first baseline */ }

  if (values.update) {
    if (runs.plain.code !== 0 || (runs.http.code !== 0 && runs.http.code !== 3)) {
      console.error(`a run failed, baseline not written:\n${runs.plain.stderr}\n${runs.http.stderr}`);
      return 1;
    }
    const baseline = baselineFrom(runs, previous);
    writeFileSync(baselinePath, `${JSON.stringify(baseline, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), baselinePath)} (${seconds} s):\n${JSON.stringify({ ...baseline, plainPassesHttpFails: undefined })}`);
    const todo = Object.keys(baseline.plainPassesHttpFails).filter((id) => baseline.plainPassesHttpFails[id].startsWith('TODO'));
    if (todo.length) console.log(`give a reason for each TODO entry of plainPassesHttpFails (the gate refuses TODOs): ${todo.join(', ')}`);
    return 0;
  }

  const { ok, lines } = judge(previous, runs);
  console.log(`cache-tests conformance gate (modes http + plain, ${values.sequential ? 'sequential' : 'concurrent'}, ${seconds} s)`);
  for (const line of lines) console.log(`  ${line}`);
  console.log(ok ? 'conformance gate: OK' : 'conformance gate: FAILED');
  return ok ? 0 : 1;
}

main().then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err?.stack ?? err); process.exitCode = 1; },
);
