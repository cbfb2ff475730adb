// Shared by the consumer rows: starts a node:http server on a free port and
// asserts on real HTTP exchanges with it (global fetch, Node >= 20).
'use strict';
const assert = require('node:assert/strict');

/** Listens on 127.0.0.1:0, runs `checks(base)`, then closes the server. */
async function withServer(server, checks) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    await checks(base);
  } finally {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Sends a request and asserts its status and X-Cache value; resolves to the response and its body. */
async function expectExchange(url, { method = 'GET', headers = {}, body, status = 200, xCache } = {}) {
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  assert.equal(res.status, status, `${method} ${url}: status ${res.status}, body ${text.slice(0, 200)}`);
  if (xCache !== undefined) assert.equal(res.headers.get('x-cache'), xCache, `${method} ${url}: X-Cache`);
  return { res, text };
}

/** Runs `main` and exits non-zero with the error on failure. */
function run(main) {
  main().then(() => console.log('ok'), (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

module.exports = { expectExchange, run, withServer };
