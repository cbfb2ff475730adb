/**
 * Child processes of a run, and their cleanup on every exit path: normal end,
 * error, exception, SIGINT/SIGTERM/SIGHUP of the runner. Each child is started
 * through a small guard that exits as soon as its stdin closes, so even a
 * runner killed with SIGKILL leaves no orphan (the kernel closes the pipe).
 */
import { spawn } from 'node:child_process';

const live = new Set();
let hooked = false;

/** Node code run in the child before the real module: exits when the parent's pipe closes. */
const GUARD = `process.stdin.on('end', () => process.exit(0)); process.stdin.on('error', () => process.exit(0)); process.stdin.resume(); process.stdin.unref?.(); await import(process.argv[1]);`;

/**
 * Starts `node <module> ...args` guarded as above. `stdout`/`stderr` are piped.
 * @returns {import('node:child_process').ChildProcess}
 */
export function startNode(modulePath, args, { env, cwd, nodeFlags = [] } = {}) {
  hookExit();
  const child = spawn(process.execPath, [...nodeFlags, '--input-type=module', '-e', GUARD, modulePath, ...args], {
    cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  return child;
}

/** Stops one child (SIGTERM, then SIGKILL after `graceMs`); resolves when it is gone. */
export function stop(child, graceMs = 2000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}

/** Kills every live child now (synchronous: usable from an `exit` handler). */
export function killAll() {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
  live.clear();
}

function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      killAll();
      process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[signal]);
    });
  }
}

/** Resolves with the first match of `pattern` in the child's stdout, rejects if it exits first or after `timeoutMs`. */
export function waitForLine(child, pattern, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => done(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output: ${seen}`)), timeoutMs);
    const onData = (chunk) => {
      seen += chunk;
      const match = pattern.exec(seen);
      if (match) done(null, match);
    };
    const onExit = (code, signal) => done(new Error(`exited (${signal ?? code}) before printing ${pattern}; output: ${seen}`));
    function done(err, match) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err); else resolve(match);
    }
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}
