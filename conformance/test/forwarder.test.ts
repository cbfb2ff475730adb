import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createForwarder } from '../lib/forwarder.cjs';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let origin: http.Server;
let proxy: http.Server;
let proxyPort: number;
let route: Handler;
let received: Received[];
let errors: string[];

beforeEach(async () => {
  received = [];
  errors = [];
  origin = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
      route(req, res);
    });
  });
  origin.listen(0, '127.0.0.1');
  await once(origin, 'listening');
  const forward = createForwarder({
    origin: `http://127.0.0.1:${(origin.address() as AddressInfo).port}`,
    onError: (err) => errors.push(err.message),
  });
  proxy = http.createServer(forward);
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  proxyPort = (proxy.address() as AddressInfo).port;
});

afterEach(async () => {
  proxy.closeAllConnections();
  origin.closeAllConnections();
  await Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => origin.close(r))]);
});

interface Reply {
  status: number;
  reason: string;
  rawHeaders: string[];
  headers: http.IncomingHttpHeaders;
  body: string;
  interim: number[];
}

function request(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const interim: number[] = [];
    const req = http.request({ port: proxyPort, host: '127.0.0.1', method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode!, reason: res.statusMessage!, rawHeaders: res.rawHeaders, headers: res.headers,
        body: Buffer.concat(chunks).toString(), interim,
      }));
    });
    req.on('information', (info) => interim.push(info.statusCode));
    req.on('error', reject);
    req.end(body);
  });
}

function fieldLines(raw: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === name) out.push(raw[i + 1]);
  return out;
}

describe('conformance forwarder', () => {
  it('passes a request and a complete response through: method, target, fields (repeated ones too), body, reason phrase', async () => {
    route = (_req, res) => {
      res.statusCode = 203;
      res.statusMessage = 'Custom Reason';
      res.setHeader('Cache-Control', ['max-age=1', 'max-age=3600']);
      res.setHeader('Connection', 'a');
      res.setHeader('A', '1');
      res.setHeader('X-Other', 'kept');
      res.end('hello body');
    };
    const reply = await request('POST', '/test/x?q=1', { 'X-Req': 'r', 'Content-Type': 'text/plain', Connection: 'close, x-hop', 'X-Hop': 'h' }, 'payload');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/test/x?q=1', body: 'payload' });
    expect(received[0].headers['x-req']).toBe('r');
    expect(received[0].headers['x-hop']).toBeUndefined(); // listed in the client's Connection: hop-by-hop
    expect(reply.status).toBe(203);
    expect(reply.reason).toBe('Custom Reason');
    expect(reply.body).toBe('hello body');
    expect(reply.headers['content-length']).toBe('10');
    expect(fieldLines(reply.rawHeaders, 'cache-control')).toEqual(['max-age=1', 'max-age=3600']);
    // Connection-listed fields are left for the cache to drop; only the hop's own tokens go.
    expect(reply.headers.a).toBe('1');
    expect(fieldLines(reply.rawHeaders, 'connection').join(',')).toContain('a');
    expect(reply.headers['x-other']).toBe('kept');
    expect(errors).toEqual([]);
  });

  it('answers 502 when the origin drops the connection before answering', async () => {
    route = (req) => req.socket.destroy();
    const reply = await request('GET', '/dropped');
    expect(reply.status).toBe(502);
    expect(errors).toHaveLength(1);
  });

  it('answers 502 when the origin drops the connection mid-body', async () => {
    route = (_req, res) => {
      res.setHeader('Content-Length', '100');
      res.write('only ten b');
      setImmediate(() => res.socket?.destroy());
    };
    const reply = await request('GET', '/cut');
    expect(reply.status).toBe(502);
    expect(errors).toHaveLength(1);
  });

  it('keeps the announced Content-Length when the origin writes more, and the next exchange is clean', async () => {
    route = (req, res) => {
      if (req.url === '/wrong') {
        res.setHeader('Content-Length', '10');
        res.end('x'.repeat(36));
      } else res.end('next');
    };
    const reply = await request('GET', '/wrong');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe('10');
    expect(reply.body).toBe('x'.repeat(10));
    const next = await request('GET', '/next');
    expect(next.body).toBe('next');
    expect(errors).toEqual([]);
  });

  it('keeps the framing fields of HEAD and 304 answers, which have no body', async () => {
    route = (req, res) => {
      res.setHeader('Content-Length', '36');
      if (req.url === '/304') res.statusCode = 304;
      res.end();
    };
    const head = await request('HEAD', '/head');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('36');
    const notModified = await request('GET', '/304');
    expect(notModified.status).toBe(304);
    expect(notModified.headers['content-length']).toBe('36');
  });

  it('passes 103 and 102 interim responses on', async () => {
    route = (_req, res) => {
      res.writeProcessing();
      res.writeEarlyHints({ link: '</styles.css>; rel=preload; as=style' });
      res.end('final');
    };
    const reply = await request('GET', '/interim');
    expect(reply.interim).toEqual([102, 103]);
    expect(reply.body).toBe('final');
  });
});
