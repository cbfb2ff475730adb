import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from './api-error';

/** The answer to a request Node's HTTP parser refused, by the parser's error code. */
export function clientErrorAnswer(code: string | undefined): ApiError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError(431, 'headers_too_large', 'The request line and headers are larger than the server accepts.');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new ApiError(413, 'payload_too_large', 'The chunk extensions of the body are larger than the server accepts.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError(408, 'request_timeout', 'The request was not received in time.');
    default:
      return new ApiError(400, 'bad_request', 'The request is not valid HTTP.');
  }
}

/** The raw HTTP/1.1 response carrying `error` in the error shape; the connection closes after it. */
export function rawErrorResponse(error: ApiError): string {
  const body = JSON.stringify(error.toBody());
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * `clientError` listener of the HTTP server: what Node answers by itself to a request its parser
 * refuses (431 with an empty body, 400, 408, 413), answered in the API's error shape instead. As
 * Node does, nothing is written when a response of this connection has already started (that
 * would corrupt it) or the socket cannot be written; the socket is closed in every case.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  socket.end(rawErrorResponse(clientErrorAnswer(error.code)), () => socket.destroy());
}
