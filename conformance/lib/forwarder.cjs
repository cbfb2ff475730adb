'use strict';
/**
 * The conformance harness's "route": a forwarder that plays the application
 * behind the cache middleware. It copies the request (method, target,
 * end-to-end headers, body) to the suite's origin server and answers with the
 * origin's status, reason phrase and headers, as transparently as possible,
 * so that what the cache sees is what the origin sent:
 *
 * - the origin's response is read whole before anything is written, and sent
 *   with one `end(body)`: the middleware sees one complete response;
 * - a response cut short (origin closed the connection before the headers, or
 *   before as many body bytes as its `Content-Length` announced) becomes a
 *   `502 Bad Gateway`, never a truncated 200;
 * - the body is the bytes the HTTP parser delivered: an origin that announces
 *   `Content-Length: 10` and writes 36 bytes yields a 10-byte body with
 *   `Content-Length: 10` (the surplus is dropped with the connection; every
 *   origin request uses a fresh connection, so it never taints another);
 * - only connection-management fields are dropped (`Transfer-Encoding`,
 *   `Content-Length` (recomputed), the `close`/`keep-alive` tokens of
 *   `Connection`); every other field, including `Connection`-listed ones and
 *   `Keep-Alive`, reaches the middleware, whose job it is to drop them;
 * - repeated fields stay repeated (`headersDistinct`), 102 and 103 interim
 *   responses are passed on.
 *
 * Plain CommonJS so that both the ESM runner and the jest test load it as is.
 */
const http = require('node:http');

/** Request fields a proxy must not forward (RFC 9110 §7.6.1), besides `Connection`-listed ones. */
const HOP_BY_HOP_REQUEST = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade',
]);

/**
 * Builds a `(req, res)` handler forwarding every request to `origin`.
 * @param {{ origin: string | URL, onError?: (err: Error) => void }} options
 *   `origin`: the origin's base URL (`http://127.0.0.1:port`);
 *   `onError`: told about failed origin exchanges (default: ignored; each one is a 502).
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
function createForwarder(options) {
  const origin = new URL(String(options.origin));
  if (origin.protocol !== 'http:') throw new TypeError(`forwarder: origin must be an http: URL; got ${origin.href}`);
  const onError = options.onError ?? (() => {});

  return function forward(req, res) {
    const target = req.originalUrl ?? req.url;
    let settled = false;
    const fail = (err) => {
      if (settled) return;
      settled = true;
      onError(err);
      upstream.destroy();
      if (res.headersSent) {
        res.destroy(err);
        return;
      }
      const body = Buffer.from(`Bad Gateway: ${err.message}\n`);
      res.statusCode = 502;
      res.setHeader('Content-Type', 'text/plain');
      res.setHeader('Content-Length', String(body.length));
      res.end(body);
    };

    const upstream = http.request({
      protocol: 'http:',
      host: origin.hostname,
      port: origin.port || 80,
      method: req.method,
      path: target,
      headers: requestHeaders(req),
      // A fresh connection per request: an origin that writes more than its
      // Content-Length cannot corrupt the next response on a reused socket.
      agent: false,
    });

    upstream.on('information', (info) => {
      if (settled) return;
      if (info.statusCode === 103) res.writeEarlyHints(interimHeaders(info.rawHeaders));
      else if (info.statusCode === 102) res.writeProcessing();
    });

    upstream.on('response', (upRes) => {
      const chunks = [];
      upRes.on('data', (chunk) => chunks.push(chunk));
      upRes.on('error', fail);
      upRes.on('aborted', () => fail(new Error('origin closed the connection mid-body')));
      upRes.on('end', () => {
        if (settled) return;
        if (!upRes.complete) {
          fail(new Error('origin closed the connection mid-body'));
          return;
        }
        settled = true;
        const body = Buffer.concat(chunks);
        res.statusCode = upRes.statusCode;
        if (upRes.statusMessage) res.statusMessage = upRes.statusMessage;
        copyResponseHeaders(upRes, res);
        // HEAD and 304 carry the framing of a body they do not have: keep the
        // origin's field. Otherwise the length is that of the bytes received.
        const bodiless = req.method === 'HEAD' || upRes.statusCode === 304 || upRes.statusCode === 204;
        if (bodiless) {
          const length = upRes.headers['content-length'];
          if (length !== undefined) res.setHeader('Content-Length', length);
          res.end();
        } else {
          res.setHeader('Content-Length', String(body.length));
          res.end(body);
        }
        // The origin may still be writing (more than it announced): drop it.
        upRes.socket?.destroy();
      });
    });

    upstream.on('error', (err) => {
      // Bytes beyond the announced Content-Length make the parser complain
      // after the message is complete: the response stands as received.
      if (upstream.res?.complete) return;
      fail(err);
    });
    // The client went away before its answer: stop the origin exchange.
    res.on('close', () => {
      if (!settled) {
        settled = true;
        upstream.destroy();
      }
    });
    req.pipe(upstream);
  };
}

/** End-to-end request fields, repeated ones kept repeated. */
function requestHeaders(req) {
  const listed = connectionTokens(req.headers.connection);
  const headers = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (HOP_BY_HOP_REQUEST.has(name) || listed.has(name)) continue;
    headers[name] = values.length === 1 ? values[0] : values;
  }
  return headers;
}

/**
 * Every response field the origin sent, except the framing the forwarder
 * recomputes and the connection-management tokens of its own hop.
 */
function copyResponseHeaders(upRes, res) {
  for (const [name, values] of Object.entries(upRes.headersDistinct)) {
    if (name === 'transfer-encoding' || name === 'content-length') continue;
    if (name === 'connection') {
      const kept = values.flatMap((v) => v.split(',')).map((t) => t.trim())
        .filter((t) => t !== '' && !['close', 'keep-alive'].includes(t.toLowerCase()));
      if (kept.length > 0) res.setHeader('Connection', kept.join(', '));
      continue;
    }
    res.setHeader(name, values.length === 1 ? values[0] : values);
  }
}

function connectionTokens(value) {
  const tokens = new Set();
  for (const token of String(value ?? '').split(',')) {
    const t = token.trim().toLowerCase();
    if (t) tokens.add(t);
  }
  return tokens;
}

/** The fields of an interim response as `writeEarlyHints` takes them. */
function interimHeaders(rawHeaders) {
  const hints = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const value = rawHeaders[i + 1];
    if (hints[name] === undefined) hints[name] = value;
    else hints[name] = [].concat(hints[name], value);
  }
  return hints;
}

module.exports = { createForwarder };
