import express, { type Express } from 'express';
import express4 from 'express4';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';

/** A running HTTP server on 127.0.0.1 (one server for many concurrent requests). */
export interface RunningServer {
  readonly url: string;
  /** supertest bound to the running server. */
  readonly http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/** A running Express app on 127.0.0.1. */
export interface TestServer extends RunningServer {
  readonly app: Express;
}

/** The major version of the Express that `express` resolves to here: 5, or 4 in `express4.test.ts`. */
export const expressMajor: 4 | 5 = (express as unknown) === express4 ? 4 : 5;

/** Starts `listener` (an Express or Connect app, or a plain `node:http` handler) on a free port. */
export async function serve(listener: http.RequestListener): Promise<RunningServer> {
  const server: Server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    http: request(url),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Builds an Express app with `configure`, starts it on a free port. Express 5
 * (`express`); the Express 4 run of the behaviour suite (`express4.test.ts`)
 * maps `express` to Express 4 for every module it loads.
 */
export async function startServer(configure: (app: Express) => void): Promise<TestServer> {
  const app = express();
  configure(app);
  return { app, ...(await serve(app)) };
}

/** A supertest parser that keeps the body as raw bytes (`res.body` is a Buffer). */
export function rawBody(res: unknown, done: (error: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A GET with Node's own client: no automatic decompression, the body exactly as sent. */
export function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}
