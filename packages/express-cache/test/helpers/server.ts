import express, { type Express } from 'express';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';

/** A running Express app on 127.0.0.1 (one server for many concurrent requests). */
export interface TestServer {
  readonly app: Express;
  readonly url: string;
  /** supertest bound to the running server. */
  readonly http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Builds an Express 5 app with `configure`, starts it on a free port. */
export async function startServer(configure: (app: Express) => void): Promise<TestServer> {
  const app = express();
  configure(app);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    http: request(url),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
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
