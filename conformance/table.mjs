#!/usr/bin/env node
/**
 * Prints the README's markdown table (npm run conformance:table): per suite
 * file, required and optional tests passed by ours (policy 'http' and 'ttl')
 * and by the eight proxies whose published results ship with the suite
 * (cache-tests/results/*.json), all judged the same way.
 *
 *   node conformance/table.mjs [--http report.json] [--ttl report.json]
 *
 * The reports are run.mjs --json files; without one, the mode is run now
 * (both concurrently, ~60 s).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkBuilt } from './lib/app.mjs';
import { classify } from './lib/classify.mjs';
import { runModes } from './lib/run-modes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The proxies of the table, in column order, with their results file. */
export const PROXIES = [
  ['Apache httpd', 'apache'], ['Varnish', 'varnish'], ['Squid', 'squid'], ['Caddy', 'caddy'],
  ['Traffic Server', 'trafficserver'], ['HAProxy', 'haproxy'], ['nginx', 'nginx'], ['Fastly', 'fastly'],
];

/** Markdown tables (required, optional) from column name → classification (or null: not available). */
export function markdownTables(columns) {
  const names = Object.keys(columns);
  const any = Object.values(columns).find(Boolean);
  const out = [];
  for (const [kind, title] of [['required', 'Required tests passed'], ['optional', 'Optional ("optimal") tests passed']]) {
    out.push(`**${title}**`, '');
    out.push(`| suite file | tests | ${names.join(' | ')} |`);
    out.push(`|---|---:|${names.map(() => '---:').join('|')}|`);
    any.perSuite.forEach((row, i) => {
      if (row[kind].total === 0) return;
      const cells = names.map((n) => (columns[n] ? String(columns[n].perSuite[i][kind].passed) : '—'));
      out.push(`| ${row.id} | ${row[kind].total} | ${cells.join(' | ')} |`);
    });
    const totals = names.map((n) => (columns[n] ? `**${columns[n].totals[kind].passed}**` : '—'));
    out.push(`| **total** | ${any.totals[kind].total} | ${totals.join(' | ')} |`, '');
  }
  return out.join('\n');
}

async function main() {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { http: { type: 'string' }, ttl: { type: 'string' } } });
  const reports = {};
  const notes = [];
  for (const mode of ['http', 'ttl']) {
    if (!values[mode]) continue;
    const report = JSON.parse(readFileSync(values[mode], 'utf8'));
    // run.mjs --json writes {"policy": "absent"} when the build has no policy 'http'.
    if (report.policy === 'absent') notes.push(`${values[mode]}: policy 'http' was not in the build: its column is empty.`);
    reports[mode] = report.policy === 'absent' ? null : report;
  }
  const missing = ['http', 'ttl'].filter((m) => !(m in reports));
  if (missing.length) {
    for (const warning of checkBuilt()) console.error(`warning: ${warning}`);
    const runs = await runModes(missing);
    for (const mode of missing) {
      const run = runs[mode];
      if (run.code === 3) {
        reports[mode] = null;
        notes.push(`policy 'http' is not in this build: its column is empty.`);
      } else if (run.code !== 0 || !run.report) {
        throw new Error(`mode ${mode} failed (exit ${run.code}):\n${run.stderr}`);
      } else reports[mode] = run.report;
    }
  }
  const columns = {
    'ours (http)': reports.http ? classify(reports.http.results) : null,
    'ours (ttl)': classify(reports.ttl.results),
  };
  for (const [name, file] of PROXIES) {
    columns[name] = classify(JSON.parse(readFileSync(path.join(here, 'cache-tests/results', `${file}.json`), 'utf8')));
  }
  console.log(markdownTables(columns));
  for (const note of notes) console.error(`note: ${note}`);
}

main().catch((err) => { console.error(err?.stack ?? err); process.exitCode = 1; });
