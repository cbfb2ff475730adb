#!/usr/bin/env node
/**
 * Runs the HTTP caching conformance suite (conformance/cache-tests, the suite
 * behind cache-tests.fyi) against the cache middleware used as a reverse proxy:
 *
 *   suite client → Express 5 app [cache middleware of the mode] → forwarder → suite origin server
 *
 *   node conformance/run.mjs --mode http|ttl|plain [--only id,id] [--json out.json] [--dump] [--quiet]
 *
 * Modes: `http` = cacheMiddleware({ policy: 'http' }) with no other option;
 * `ttl` = { ttl: 3600, storeHeaders: the suite's bookkeeping headers };
 * `plain` = no cache (the forwarder alone: what a plain forwarding proxy passes).
 * Ports are free ones chosen by the OS, so runs may be concurrent.
 * Exit codes: 0 run completed (whatever the score), 1 harness error,
 * 2 usage, 3 mode http on a build without policy 'http', 4 packages not built.
 * See conformance/README.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp, checkBuilt, MODES, NotBuiltError, PolicyMissingError } from './lib/app.mjs';
import { startNode, stop, waitForLine } from './lib/children.mjs';
import { classify, suites } from './lib/classify.mjs';
import { formatSummary } from './lib/report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const suiteDir = path.join(here, 'cache-tests');
/** The suite's client waits 10 s per request at most; a whole run takes ~60 s. */
const RUN_TIMEOUT_MS = 5 * 60_000;

export const EXIT = { ok: 0, error: 1, usage: 2, policyMissing: 3, notBuilt: 4 };

/** The snapshot's upstream commit, from SNAPSHOT.md. */
export function suiteVersion() {
  const match = /commit\s+([0-9a-f]{7,40})/.exec(readFileSync(path.join(suiteDir, 'SNAPSHOT.md'), 'utf8'));
  return match ? match[1] : 'unknown';
}

/**
 * One run of the suite in `mode`; resolves with the raw results and their
 * classification. Every process and server it starts is stopped before it settles.
 */
export async function runSuite(mode, { only = null, dump = false, log = () => {} } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `cache-tests-${mode}-`));
  const started = Date.now();
  let origin;
  let client;
  let server;
  try {
    origin = startNode(path.join(suiteDir, 'test-engine/server/server.mjs'), [], {
      cwd: tmp,
      env: { npm_config_port: '0', npm_config_protocol: 'http', npm_config_pidfile: path.join(tmp, 'origin.pid') },
    });
    origin.stderr.pipe(process.stderr);
    const [, originPort] = await waitForLine(origin, /Listening on http:\/\/.*:(\d+)\//);
    if (dump) origin.stdout.on('data', (chunk) => process.stderr.write(chunk));
    else origin.stdout.resume();
    const originUrl = `http://127.0.0.1:${originPort}`;

    const forwardErrors = [];
    const { app } = buildApp(mode, originUrl, { onForwardError: (err) => forwardErrors.push(err.message) });
    server = http.createServer(app);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${server.address().port}`;
    log(`mode ${mode}: origin ${originUrl}, app ${base}`);

    const out = path.join(tmp, 'results.json');
    const args = [base, out, only ? only.join(',') : '', ...(dump ? ['--dump'] : [])];
    client = startNode(path.join(here, 'lib/client.mjs'), args, { cwd: suiteDir, nodeFlags: ['--no-warnings'] });
    client.stdout.pipe(dump ? process.stdout : process.stderr);
    client.stderr.pipe(process.stderr);
    const [code, signal] = await Promise.race([
      once(client, 'exit'),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`the suite did not finish within ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS).unref()),
    ]);
    if (code !== 0) throw new Error(`the suite's client failed (${signal ?? `exit ${code}`})`);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    return { mode, results, classification: classify(results), forwardErrors, durationMs: Date.now() - started };
  } finally {
    if (client) await stop(client);
    if (server) {
      server.closeAllConnections();
      server.close();
    }
    if (origin) await stop(origin);
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        mode: { type: 'string' },
        only: { type: 'string' },
        json: { type: 'string' },
        dump: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    console.error(`${err.message}\nusage: node conformance/run.mjs --mode http|ttl|plain [--only id,id] [--json out.json] [--dump] [--quiet]`);
    return EXIT.usage;
  }
  if (values.help || !(values.mode in MODES)) {
    console.error('usage: node conformance/run.mjs --mode http|ttl|plain [--only id,id] [--json out.json] [--dump] [--quiet]');
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const only = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : null;
  if (only) {
    const known = new Set(suites.flatMap((s) => s.tests.map((t) => t.id)));
    const unknown = only.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      console.error(`unknown test id(s): ${unknown.join(', ')}`);
      return EXIT.usage;
    }
  }
  try {
    for (const warning of checkBuilt()) console.error(`warning: ${warning}`);
  } catch (err) {
    if (err instanceof NotBuiltError) {
      console.error(`error: ${err.message}`);
      return EXIT.notBuilt;
    }
    throw err;
  }

  let run;
  try {
    run = await runSuite(values.mode, { only, dump: values.dump, log: (line) => values.quiet || console.error(line) });
  } catch (err) {
    if (err instanceof PolicyMissingError) {
      console.error(`error: mode http: ${err.message}.`);
      if (values.json) writeFileSync(values.json, JSON.stringify({ mode: values.mode, suite: suiteVersion(), policy: 'absent', error: err.message }, null, 2));
      return EXIT.policyMissing;
    }
    throw err;
  }
  const report = {
    mode: values.mode,
    options: MODES[values.mode],
    suite: suiteVersion(),
    only,
    durationMs: run.durationMs,
    ...run.classification,
    forwardErrors: run.forwardErrors,
    results: run.results,
  };
  if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
  if (!values.quiet) console.log(formatSummary(report));
  return EXIT.ok;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => { process.exitCode = code; },
    (err) => { console.error(err?.stack ?? err); process.exitCode = EXIT.error; },
  );
}
