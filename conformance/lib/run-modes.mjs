/**
 * Runs several modes of run.mjs as child processes (concurrently or one after
 * the other) and collects their JSON reports.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNode } from './children.mjs';

const runner = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'run.mjs');

/**
 * @param {string[]} modes
 * @param {{ concurrent?: boolean }} options
 * @returns {Promise<Record<string, { code: number, report: object | null, stderr: string }>>}
 *   per mode: run.mjs's exit code (see EXIT in run.mjs), its JSON report, its stderr.
 */
export async function runModes(modes, { concurrent = true } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cache-tests-modes-'));
  try {
    const one = async (mode) => {
      const out = path.join(tmp, `${mode}.json`);
      const child = startNode(runner, ['--mode', mode, '--json', out, '--quiet']);
      let stderr = '';
      child.stdout.resume();
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk) => { stderr += chunk; });
      const [code, signal] = await once(child, 'exit');
      let report = null;
      try { report = JSON.parse(readFileSync(out, 'utf8')); } catch { /* no report written */ }
      return [mode, { code: code ?? 128, signal, report, stderr }];
    };
    const entries = [];
    if (concurrent) entries.push(...await Promise.all(modes.map(one)));
    else for (const mode of modes) entries.push(await one(mode));
    return Object.fromEntries(entries);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
