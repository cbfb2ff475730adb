import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { requestLogging } from '../../src/observability/request-logging';

function capture(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines: () => chunks.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('request logs', () => {
  const app = (logger: pino.Logger) => {
    const a = express();
    a.use(requestLogging(logger));
    a.get('/x', (_req, res) => res.json({ ok: true }));
    a.get('/healthz', (_req, res) => res.json({ ok: true }));
    return a;
  };

  it('writes one JSON line per request with a request id, echoed in X-Request-Id', async () => {
    const { logger, lines } = capture();
    const res = await request(app(logger)).get('/x').set('authorization', 'Bearer secret-token').set('cookie', 'sid=secret');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const [line] = lines();
    expect(line.msg).toBe('request completed');
    expect((line.req as { id: string }).id).toBe(res.headers['x-request-id']);
    expect(JSON.stringify(line)).not.toContain('secret');
  });

  it('with nothing to write (level silent) still gives every request an id, and logs again once the level is raised', async () => {
    const { logger, lines } = capture();
    logger.level = 'silent';
    const server = app(logger);
    const quiet = await request(server).get('/x').set('x-request-id', 'abc-123');
    expect(quiet.headers['x-request-id']).toBe('abc-123');
    expect((await request(server).get('/x').set('x-request-id', 'bad id!')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines()).toEqual([]);
    logger.level = 'info';
    const loud = await request(server).get('/x');
    expect(lines().map((line) => (line.req as { id: string }).id)).toEqual([loud.headers['x-request-id']]);
  });

  it('honours a sane incoming X-Request-Id and replaces an unsafe one', async () => {
    const { logger } = capture();
    expect((await request(app(logger)).get('/x').set('x-request-id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
    const unsafe = await request(app(logger)).get('/x').set('x-request-id', 'a b\t<script>');
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not log probes', async () => {
    const { logger, lines } = capture();
    await request(app(logger)).get('/healthz');
    expect(lines()).toEqual([]);
  });
});

describe('the app source', () => {
  it('has no console.* calls (everything goes through pino)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts') && /\bconsole\.(log|info|warn|error|debug)\(/.test(readFileSync(path, 'utf8'))) offenders.push(path);
      }
    };
    walk(join(__dirname, '../../src'));
    expect(offenders).toEqual([]);
  });
});
