/** Text summaries of a classified run. */

const KINDS = ['required', 'optional', 'check'];

/** `a / b` right-aligned in a column. */
function ratio({ passed, total }) {
  return `${passed} / ${total}`;
}

/** Pads a table (array of rows of strings) into aligned columns. */
export function alignTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ')).join('\n');
}

/** The console summary of one run report (see run.mjs). */
export function formatSummary(report) {
  const lines = [];
  const { totals, counts } = report;
  lines.push(`cache-tests ${report.suite}, mode ${report.mode}${report.options ? ` ${JSON.stringify(report.options)}` : ' (no cache)'}, ${(report.durationMs / 1000).toFixed(1)} s`);
  if (report.only) {
    for (const id of report.only) {
      const t = report.tests[id];
      lines.push(`  ${id} [${t.kind}]: ${t.result}${t.detail ? ` — ${t.detail}` : ''}`);
    }
    return lines.join('\n');
  }
  const untested = (kind) => Object.values(report.tests).filter((t) => t.kind === kind && t.result === 'untested').length;
  lines.push(`required passed: ${ratio(totals.required)}${untested('required') ? ` (${untested('required')} browser-only, not run)` : ''}`);
  lines.push(`optional passed: ${ratio(totals.optional)}${untested('optional') ? ` (${untested('optional')} browser-only, not run)` : ''}`);
  lines.push(`checks answered yes: ${ratio(totals.check)}`);
  lines.push(`results: ${Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (report.forwardErrors?.length) lines.push(`forwarder 502s: ${report.forwardErrors.length}`);
  lines.push('');
  const rows = [['suite file', ...KINDS]];
  for (const row of report.perSuite) rows.push([row.id, ...KINDS.map((k) => (row[k].total ? ratio(row[k]) : '-'))]);
  rows.push(['total', ...KINDS.map((k) => ratio(totals[k]))]);
  lines.push(alignTable(rows));
  return lines.join('\n');
}
