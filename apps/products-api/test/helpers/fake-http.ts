/**
 * Tiny HTTP servers that misbehave on purpose (answer an error, never answer),
 * to drive the real S3 client into failures without mocking it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A listening test server. */
export interface FakeServer {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** An HTTP server answering every request with `handler`. */
export async function startHttpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<FakeServer> {
  const server = createServer((req, res) => {
    req.resume();
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An S3-style XML error answer. */
export function s3ErrorAnswer(status: number, code: string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const body =
      req.method === 'HEAD'
        ? ''
        : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>test</Message></Error>`;
    res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}

/** A TCP server that accepts connections and never answers. */
export async function startSilentServer(): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
