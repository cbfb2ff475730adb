import { type ChildProcess, spawn } from 'node:child_process';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { deferred } from '@s3verless/cache/testing';

const root = join(__dirname, '../../../..');

/** An S3 endpoint that holds every request until the test releases it, then answers NoSuchKey. */
async function holdingS3(): Promise<{ url: string; received: Promise<void>; release(): void; close(): Promise<void> }> {
  const received = deferred();
  const released = deferred();
  const server = http.createServer((_req: IncomingMessage, res: ServerResponse) => {
    received.resolve();
    void released.promise.then(() => {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>missing</Message></Error>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: received.promise,
    release: () => released.resolve(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Starts `src/main.ts` in a child process and resolves with its URL once it logs that it listens. */
function startApi(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; logs: string[] }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'apps/products-api/src/main.ts'], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.test.json', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        logs.push(line);
        const parsed = JSON.parse(line) as { url?: string; msg?: string };
        if (parsed.msg?.startsWith('products-api listening') && parsed.url) resolve({ child, url: parsed.url, logs });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`API exited early (${code}): ${logs.join('\n')}`)));
  });
}

describe('graceful shutdown (a real child process)', () => {
  it('on SIGTERM: stops accepting, finishes the request in flight, exits 0', async () => {
    const s3 = await holdingS3();
    const { child, url, logs } = await startApi({ S3_ENDPOINT: s3.url, S3_ACCESS_KEY_ID: 'test', S3_SECRET_ACCESS_KEY: 'test', S3_MAX_ATTEMPTS: '1' });
    try {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const inFlight = fetch(`${url}/products/00000000-0000-4000-8000-000000000000`);
      await s3.received; // the request is inside the API, waiting for S3
      child.kill('SIGTERM');
      while (!logs.some((l) => l.includes('shutting down'))) await new Promise((r) => setImmediate(r));
      await expect(fetch(`${url}/healthz`)).rejects.toThrow(); // no new connections
      s3.release();
      const response = await inFlight;
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await s3.close();
    }
  }, 30_000);

  it('refuses to start with a bad configuration, listing every problem, exit code 1', async () => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'apps/products-api/src/main.ts'], {
      cwd: root,
      env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.test.json', PORT: 'x', CACHE_TTL: '-1', S3_SECRET_ACCESS_KEY: 'hunter2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT/);
    expect(stderr).toMatch(/CACHE_TTL/);
    expect(stderr).toMatch(/S3_ACCESS_KEY_ID/);
    expect(stderr).not.toContain('hunter2');
  }, 30_000);
});
