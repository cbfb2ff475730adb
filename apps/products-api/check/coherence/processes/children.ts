/**
 * Child processes of a coherence run: spawned with their output in a log file,
 * tracked so that every one is killed on every exit path (normal end, error,
 * SIGINT/SIGTERM of the checker).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';

/** A spawned child with its log. */
export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly logFile: string;
  /** Resolves once the child exited. */
  readonly exited: Promise<unknown>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
  /** The last `bytes` of its log. */
  tail(bytes?: number): string;
}

const running = new Set<ChildProcess>();
let hooksInstalled = false;

/** Kills every child still running (SIGKILL, synchronous): the exit hook. */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAllChildren();
      process.stderr.write(`\ncoherence check: ${signal}, children killed\n`);
      process.exit(130);
    });
  }
}

/** Spawns `command args` with stdout+stderr appended to `logFile`. */
export function spawnChild(name: string, command: string, args: readonly string[], logFile: string, options: SpawnOptions = {}): Child {
  installHooks();
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  running.add(child);
  const exited = once(child, 'exit').catch(() => undefined);
  void exited.then(() => {
    running.delete(child);
    log.end();
  });
  child.on('error', (error) => log.write(`spawn error: ${error.message}\n`));
  let stopping: Promise<void> | undefined;
  return {
    name,
    process: child,
    logFile,
    exited,
    stop: (graceMs = 3000) =>
      (stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(force);
      })()),
    tail: (bytes = 2000) => {
      try {
        return readFileSync(logFile, 'utf8').slice(-bytes);
      } catch {
        return '';
      }
    },
  };
}

/** Resolves with the first stdout line of `child` that `match` accepts; rejects when it exits first or after `timeoutMs`. */
export function waitForLine(child: Child, match: (line: string) => boolean, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => finish(new Error(`${child.name}: not ready within ${timeoutMs} ms; log:\n${child.tail()}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      const line = lines.find(match);
      if (line !== undefined) finish(undefined, line);
    };
    const onExit = (): void => finish(new Error(`${child.name} exited before it was ready; log:\n${child.tail()}`));
    function finish(error?: Error, line?: string): void {
      clearTimeout(timer);
      child.process.stdout?.off('data', onData);
      child.process.off('exit', onExit);
      if (error) reject(error);
      else resolve(line ?? '');
    }
    child.process.stdout?.on('data', onData);
    child.process.once('exit', onExit);
  });
}
