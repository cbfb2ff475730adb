/**
 * @apidevtools/swagger-parser in a child Node process. The version is 12 (OpenAPI 3.1, no `engines`
 * field) because 13 requires Node >= 22.19 and npm printed EBADENGINE on the Node 20 the README names.
 * The child process stays: swagger-parser 13's @apidevtools/json-schema-ref-parser 16 is an ES module
 * that jest's module runtime cannot `require` (before Node 24.9), and the child keeps an upgrade a
 * one-line change. The document goes to the child as JSON (a deep copy, as `structuredClone` would
 * give) and the result comes back as JSON.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../../../..');

const SCRIPT = `
const SwaggerParser = require('@apidevtools/swagger-parser');
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const { action, api } = JSON.parse(input);
  try {
    const result = await SwaggerParser[action](api);
    process.stdout.write(JSON.stringify({ ok: true, result }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ ok: false, message: String(error && error.message), details: error && error.details }));
  }
});
`;

type Outcome = { ok: true; result: unknown } | { ok: false; message: string; details?: unknown };

function run(action: 'validate' | 'dereference', api: unknown): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--no-warnings', '-e', SCRIPT], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => {
      try {
        done(JSON.parse(stdout) as Outcome);
      } catch {
        fail(new Error(`swagger-parser child exited with ${code}: ${stderr || stdout}`));
      }
    });
    child.stdin.end(JSON.stringify({ action, api }));
  });
}

/** `SwaggerParser.validate(api)`: resolves to the dereferenced document, rejects with the validator's message. */
export async function validateWithSwaggerParser(api: unknown): Promise<unknown> {
  const outcome = await run('validate', api);
  if (!outcome.ok) throw new Error(`${outcome.message}${outcome.details ? `\n${JSON.stringify(outcome.details, null, 2)}` : ''}`);
  return outcome.result;
}

/** `SwaggerParser.dereference(api)`: the document with every `$ref` replaced by a copy of its target. */
export async function dereferenceWithSwaggerParser(api: unknown): Promise<unknown> {
  const outcome = await run('dereference', api);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.result;
}
