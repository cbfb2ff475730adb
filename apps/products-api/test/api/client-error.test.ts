/**
 * The `clientError` answers without a server: which error shape for which parser error, and no
 * byte written on a connection whose response has already started (that would corrupt it).
 */
import { Duplex } from 'node:stream';
import { answerClientError, clientErrorAnswer } from '../../src/http/client-error';
import { parseRawResponse } from '../helpers/raw-http';

/** A socket that records what is written to it. */
function recordingSocket(): { socket: Duplex; written: () => Buffer } {
  const chunks: Buffer[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { socket, written: () => Buffer.concat(chunks) };
}

describe('clientError answers', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431, 'headers_too_large'],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413, 'payload_too_large'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'request_timeout'],
    ['HPE_INVALID_METHOD', 400, 'bad_request'],
    [undefined, 400, 'bad_request'],
  ])('%s: %i %s', (code, status, errorCode) => {
    expect(clientErrorAnswer(code)).toMatchObject({ status, code: errorCode });
  });

  it('writes a complete response in the error shape, then closes the socket', async () => {
    const { socket, written } = recordingSocket();
    const closed = new Promise((resolve) => socket.once('close', resolve));
    answerClientError(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    await closed;
    const res = parseRawResponse(written());
    expect(res.status).toBe(408);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', connection: 'close', 'x-content-type-options': 'nosniff' });
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'request_timeout', message: 'The request was not received in time.' } });
  });

  it('writes nothing when a response on this connection has started, or the peer reset it; destroys the socket', () => {
    for (const [code, inFlight] of [['HPE_INVALID_METHOD', { headersSent: true }], ['ECONNRESET', null]] as const) {
      const { socket, written } = recordingSocket();
      Object.assign(socket, { _httpMessage: inFlight });
      answerClientError(Object.assign(new Error('x'), { code }), socket);
      expect({ code, written: written().length, destroyed: socket.destroyed }).toEqual({ code, written: 0, destroyed: true });
    }
  });
});
