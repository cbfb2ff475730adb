/**
 * An HTTP forwarder between one API instance and S3 that holds back a random
 * fraction of PUTs for up to `maxDelayMs`: half of them on the way in (the PUT
 * reaches S3 late, after a PUT sent later by the other instance), half on the
 * way out (S3 stored it, but the writer learns so late, after the other
 * instance's later PUT was stored and answered). Either way two instances'
 * writes of one product finish in another order than S3 applied them (the
 * "twin write" race). Everything else passes at once.
 */
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of {@link startDelayProxy}. */
export interface DelayProxyOptions {
  /** Where to forward, e.g. `http://127.0.0.1:4569`. */
  readonly target: string;
  /** Fraction (0..1) of PUT requests to delay. */
  readonly fraction: number;
  /** Longest delay in ms (uniform in 0..maxDelayMs). */
  readonly maxDelayMs: number;
  /** Random numbers in [0, 1) (a seeded PRNG). */
  readonly random: () => number;
}

/** A running proxy. */
export interface DelayProxy {
  readonly url: string;
  /** PUTs delayed so far. */
  delayed(): number;
  close(): Promise<void>;
}

/** Starts the proxy on a free 127.0.0.1 port. */
export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true });
  let delayed = 0;
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, answerDelayMs = 0): void => {
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        const relay = (): void => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        };
        if (answerDelayMs > 0) setTimeout(relay, answerDelayMs);
        else relay();
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'PUT' && options.random() < options.fraction) {
        delayed++;
        const delay = options.random() * options.maxDelayMs;
        if (options.random() < 0.5) setTimeout(() => forward(req, res, body), delay);
        else forward(req, res, body, delay);
      } else {
        forward(req, res, body);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    delayed: () => delayed,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
