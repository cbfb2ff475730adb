/**
 * An HTTP forwarder in front of the embedded server (which does not enforce
 * conditional writes) that enforces `If-None-Match: *` and `If-Match` on PUT
 * the way a real S3 does, so the storage layer's conditional paths run over
 * real HTTP, the real SDK and the real embedded server:
 *
 * - `aws` (AWS S3, MinIO): `If-Match` with the quoted or bare ETag compares it
 *   with the current one; a missing key answers `404 NoSuchKey`.
 * - `rgw` (Ceph RGW 16.2, DigitalOcean Spaces): the quoted ETag always answers
 *   412, the bare one is compared; a missing key answers 412. This is the
 *   behaviour measured on RGW (`TOOLCHAIN.md`, "Ceph RGW").
 *
 * The check (a HEAD to the server) and the forwarded PUT run under a per-key
 * lock, so they are atomic among the requests that pass through the proxy.
 * Every request is recorded as `METHOD if-match → status`.
 */
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeyedMutex } from '../../src/storage/keyed-mutex';

/** Which server's `If-Match` behaviour to reproduce. */
export type ConditionalDialect = 'aws' | 'rgw';

/** One request seen by the proxy. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  /** The `If-Match` header as sent (`undefined`: none). */
  readonly ifMatch: string | undefined;
  readonly status: number;
}

/** A running proxy. */
export interface ConditionalProxy {
  /** Endpoint for the S3 client (path style). */
  readonly url: string;
  /** Every request so far, in arrival order of their answers. */
  readonly requests: ProxiedRequest[];
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Starts a proxy to `target` (e.g. the embedded server's endpoint) on a free 127.0.0.1 port. */
export async function startConditionalProxy(target: string, dialect: ConditionalDialect): Promise<ConditionalProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const locks = new KeyedMutex();
  const requests: ProxiedRequest[] = [];

  const send = (method: string, path: string, headers: IncomingHttpHeaders, body?: Buffer): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const out = request({ host: upstream.hostname, port: upstream.port, method, path, headers, agent }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
        answer.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  /** The answer S3 would give instead of storing, or `undefined` when the condition holds. */
  const refusal = async (req: IncomingMessage, path: string): Promise<Answer | undefined> => {
    const ifMatch = req.headers['if-match'];
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifMatch === undefined && ifNoneMatch === undefined) return undefined;
    // The embedded server checks the access key, not the signature: the PUT's auth headers do for a HEAD.
    const { host, authorization } = req.headers;
    const head = await send('HEAD', path.split('?')[0], { host, authorization, 'x-amz-date': req.headers['x-amz-date'], 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    const current = head.status === 200 ? String(head.headers.etag ?? '').replace(/"/g, '') : undefined;
    if (ifNoneMatch !== undefined) return current === undefined ? undefined : s3Error(412, 'PreconditionFailed');
    if (current === undefined) return dialect === 'aws' ? s3Error(404, 'NoSuchKey') : s3Error(412, 'PreconditionFailed');
    const quoted = /^".*"$/.test(ifMatch ?? '');
    if (dialect === 'rgw' && quoted) return s3Error(412, 'PreconditionFailed');
    return ifMatch?.replace(/"/g, '') === current ? undefined : s3Error(412, 'PreconditionFailed');
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const method = req.method ?? 'GET';
      const handle = async (): Promise<Answer> => {
        if (method !== 'PUT') return send(method, path, req.headers, Buffer.concat(chunks));
        const key = path.split('?')[0];
        return locks.run([key], async () => (await refusal(req, path)) ?? send(method, path, req.headers, Buffer.concat(chunks)));
      };
      handle().then(
        (answer) => {
          const ifMatch = req.headers['if-match'];
          requests.push({ method, path, ifMatch: typeof ifMatch === 'string' ? ifMatch : undefined, status: answer.status });
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
        },
        () => res.destroy(),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

function s3Error(status: number, code: string): Answer {
  const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>proxy</Message></Error>`);
  return { status, headers: { 'content-type': 'application/xml', 'content-length': String(body.length) }, body };
}
