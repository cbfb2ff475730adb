/**
 * Raw HTTP/1.1 over TCP, for requests a client library would refuse or rewrite (malformed
 * escapes, oversized headers, bodies in an exact byte sequence): the bytes go out as given.
 */
import { connect } from 'node:net';

/** A parsed answer: status, lower-cased headers, body text. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Parses the bytes of one HTTP/1.1 response (read until the server closed the connection). */
export function parseRawResponse(raw: Buffer): RawResponse {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no complete response head in ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: raw.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1')).toString('utf8') };
}

/**
 * Sends `head` (request line and headers, without the blank line) and `body` to `url` with
 * `Connection: close` (and `Content-Length`, unless `head` sets `Transfer-Encoding`), and resolves with the answer once the server closes the connection.
 */
export function rawRequest(url: string, head: string, body: Buffer | string = ''): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const hasBody = bytes.length > 0 && !/^transfer-encoding:/im.test(head);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      try {
        resolve(parseRawResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    const headers = `${head}\r\nHost: ${hostname}:${port}\r\nConnection: close${hasBody ? `\r\nContent-Length: ${bytes.length}` : ''}\r\n\r\n`;
    socket.write(Buffer.concat([Buffer.from(headers, 'latin1'), bytes]));
  });
}
