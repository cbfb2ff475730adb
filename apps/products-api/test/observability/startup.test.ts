/**
 * Startup failures (issue 10, item 8): a busy port or an address that is not local ends the
 * process with one clear line and exit code 1, after closing what had started (the embedded S3
 * server would otherwise keep the process alive). Real child processes, as `npm start` runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');

/** Children still running (a hanging start, the bug these tests catch) are killed after the tests. */
const running = new Set<ChildProcess>();

/** Runs `src/main.ts` (in `cwd`, the repository root by default) until it exits by itself; resolves with its exit code and output. */
function runApi(env: Record<string, string | undefined>, cwd = root): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const main = join(root, 'apps/products-api/src/main.ts');
  const child = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), main], {
    cwd,
    // `undefined`: not in the child's environment.
    env: JSON.parse(JSON.stringify({ ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.test.json'), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env })),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr, stdout })));
}

describe('startup errors (a real child process)', () => {
  let busy: Server;
  let busyPort: number;
  let dataDir: string;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as AddressInfo).port;
    dataDir = mkdtempSync(join(tmpdir(), 'startup-test-'));
  });
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await new Promise<void>((resolve) => busy.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a busy port: one line "port N is already in use", exit code 1, the embedded S3 server closed (the process does not hang)', async () => {
    const { code, stderr, stdout } = await runApi({ PORT: String(busyPort), EMBEDDED_S3_DIR: dataDir });
    expect(code).toBe(1);
    expect(stderr).toBe(`products-api failed to start: port ${busyPort} is already in use\n`);
    expect(stdout).not.toContain('listening');
  }, 30_000);

  it('an address that is not one of this machine: one line naming it, exit code 1', async () => {
    const { code, stderr } = await runApi({ PORT: '0', HOST: '203.0.113.7', EMBEDDED_S3_DIR: dataDir });
    expect(code).toBe(1);
    expect(stderr).toBe('products-api failed to start: address 203.0.113.7 is not an address of this machine\n');
  }, 30_000);

  it('a busy port for the embedded S3 server: one line naming it, exit code 1', async () => {
    const { code, stderr } = await runApi({ PORT: '0', EMBEDDED_S3_PORT: String(busyPort), EMBEDDED_S3_DIR: dataDir });
    expect(code).toBe(1);
    expect(stderr).toBe(`products-api failed to start: embedded S3 port ${busyPort} is already in use\n`);
  }, 30_000);

  it('reads .env from the current directory, and the environment wins over it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'startup-env-'));
    try {
      // HOST in the file would fail the start with "not an address of this machine"; the environment's HOST (127.0.0.1) wins.
      writeFileSync(join(cwd, '.env'), `PORT=${busyPort}\nHOST=203.0.113.7\nEMBEDDED_S3_DIR=${dataDir}\n`);
      const { code, stderr } = await runApi({ PORT: undefined, EMBEDDED_S3_DIR: undefined }, cwd);
      expect(code).toBe(1);
      expect(stderr).toBe(`products-api failed to start: port ${busyPort} is already in use\n`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 30_000);
});
