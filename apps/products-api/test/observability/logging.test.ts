import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { createLogger, findPinoPretty } from '../../src/observability/logger';
import { formatPrettyLine } from '../../src/observability/pretty-log';
import { requestLogging } from '../../src/observability/request-logging';

/** A stream that keeps what is written to it. */
function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

function capture(level = 'info'): { logger: pino.Logger; lines: () => Array<Record<string, unknown>>; raw: () => string[] } {
  const { stream, text } = sink();
  const raw = () => text().trim().split('\n').filter(Boolean);
  return { logger: pino({ level }, stream), raw, lines: () => raw().map((l) => JSON.parse(l)) };
}

describe('request logs', () => {
  const app = (logger: pino.Logger) => {
    const a = express();
    a.use(requestLogging(logger));
    a.get('/x', (_req, res) => res.json({ ok: true }));
    a.get('/cached', (_req, res) => res.set('x-cache', 'HIT').json({ ok: true }));
    a.get('/healthz', (_req, res) => res.json({ ok: true }));
    return a;
  };

  it('writes one short JSON line per request: method, URL, status, duration, X-Cache and a request id echoed in X-Request-Id', async () => {
    const { logger, lines, raw } = capture();
    const res = await request(app(logger)).get('/x?a=1').set('authorization', 'Bearer secret-token').set('cookie', 'sid=secret');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const [line] = lines();
    expect(line.msg).toMatch(/^GET \/x\?a=1 200 \d+ms -$/);
    expect(line.req).toEqual({ id: res.headers['x-request-id'], method: 'GET', url: '/x?a=1' });
    expect(line.res).toEqual({ statusCode: 200, cache: '-' });
    expect(typeof line.responseTime).toBe('number');
    expect(raw()[0].length).toBeLessThan(300);
    expect(JSON.stringify(line)).not.toContain('secret');
  });

  it("names the response cache's outcome (X-Cache)", async () => {
    const { logger, lines } = capture();
    await request(app(logger)).get('/cached');
    const [line] = lines();
    expect(line.msg).toMatch(/^GET \/cached 200 \d+ms HIT$/);
    expect(line.res).toEqual({ statusCode: 200, cache: 'HIT' });
  });

  it('at debug writes the full request and response (headers), still without credentials', async () => {
    const { logger, lines } = capture('debug');
    await request(app(logger)).get('/cached').set('authorization', 'Bearer secret-token').set('cookie', 'sid=secret');
    const [line] = lines();
    const req = line.req as { headers: Record<string, string>; remoteAddress: string };
    expect(req.headers.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(req.remoteAddress).toBeDefined();
    expect((line.res as { headers: Record<string, string> }).headers['x-cache']).toBe('HIT');
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

describe('the log format (LOG_FORMAT)', () => {
  it('json: one JSON object per line', () => {
    const { stream, text } = sink();
    createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' }, stream).info({ n: 1 }, 'hello');
    expect(JSON.parse(text())).toMatchObject({ level: 30, service: 'products-api', n: 1, msg: 'hello' });
  });

  it('pretty: a human-readable line through pino-pretty (installed here as an optional dependency)', () => {
    expect(findPinoPretty()).toBeDefined();
    const { stream, text } = sink();
    createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' }, stream).info('GET /products 200 3ms MISS');
    expect(text()).toMatch(/INFO.*: GET \/products 200 3ms MISS\n/);
    expect(() => JSON.parse(text())).toThrow();
  });

  it('pretty without pino-pretty: the built-in formatter', () => {
    const missing = (id: string) => {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    };
    expect(findPinoPretty(missing)).toBeUndefined();
    const { stream, text } = sink();
    const logger = createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' }, stream, () => findPinoPretty(missing));
    logger.warn({ req: { id: 'r1' } }, 'GET /x 404 1ms -');
    logger.info('second');
    expect(text()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  GET \/x 404 1ms - \{"req":\{"id":"r1"\}\}\n\d\d:\d\d:\d\d\.\d{3} INFO  second\n$/);
  });

  it('the built-in formatter leaves a line that is not JSON as it is', () => {
    expect(formatPrettyLine('not json')).toBe('not json');
    expect(formatPrettyLine('42')).toBe('42');
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
