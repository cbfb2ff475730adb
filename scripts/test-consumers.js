#!/usr/bin/env node
// `npm run test:consumers` (issue 12): builds, packs @s3verless/cache and
// @s3verless/express-cache, installs the two tarballs into fresh projects
// outside the repository (no workspace links; from the npm cache when it can:
// --prefer-offline) and runs each consumer row in scripts/consumers/. Prints a
// table (row, result, seconds) and exits non-zero if any row fails.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const fixtures = path.join(__dirname, 'consumers');
const INSTALL_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
const PACKAGES = ['packages/cache', 'packages/express-cache'];
/** A command installed in the repository's own node_modules (attw, publint: root devDependencies). */
const bin = (name) => path.join(root, 'node_modules/.bin', name);

/** Runs a command; resolves to { code, output } (never rejects on a non-zero exit). */
function exec(cmd, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, npm_config_workspaces: '' } });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', (err) => resolve({ code: -1, output: String(err) }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function mustExec(cmd, args, cwd) {
  const { code, output } = await exec(cmd, args, cwd);
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${output}`);
  return output;
}

/**
 * Creates a project in `dir` with the fixtures and installs the tarballs and
 * `extra`. Resolves to { dir, error }: a failed install fails that project's rows.
 */
function createProject(dir, tarballs, extra) {
  return installProject(dir, tarballs, extra).then(() => ({ dir }), (error) => ({ dir, error }));
}

async function installProject(dir, tarballs, extra) {
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true }));
  for (const file of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, file), path.join(dir, file));
  await mustExec('npm', ['install', ...INSTALL_FLAGS, ...tarballs, ...extra], dir);
  // The express-cache tarball's dependency on @s3verless/cache must be the packed one, not a registry copy.
  const nested = path.join(dir, 'node_modules/@s3verless/express-cache/node_modules/@s3verless/cache');
  if (fs.existsSync(nested)) throw new Error(`${dir}: @s3verless/cache was installed twice (not deduplicated with the tarball)`);

}

async function main() {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's3verless-consumers-'));
  const keep = process.env.KEEP_CONSUMERS === '1';
  try {
    console.log('== build');
    await mustExec('npx', ['tsc', '-b', 'packages/cache', 'packages/express-cache'], root);
    console.log(`== pack into ${tmp}`);
    const packs = path.join(tmp, 'packs');
    fs.mkdirSync(packs);
    const tarballs = [];
    for (const pkg of PACKAGES) {
      const out = await mustExec('npm', ['pack', '--silent', '--pack-destination', packs], path.join(root, pkg));
      tarballs.push(path.join(packs, out.trim().split('\n').pop()));
    }
    console.log('== install the tarballs into fresh projects');
    const [express5, express4, connect] = await Promise.all([
      createProject(path.join(tmp, 'express5'), tarballs, ['express@^5', 'ioredis@^6', 'typescript@~5.9', '@types/node@^20']),
      createProject(path.join(tmp, 'express4'), tarballs, ['express@^4.21']),
      createProject(path.join(tmp, 'connect'), tarballs, ['connect@^3']),
    ]);
    const installed = Date.now();
    const tsc = path.join(express5.dir, 'node_modules/typescript/bin/tsc');
    const rows = [
      ['CJS + Express 5 (MISS -> HIT, 304, invalidateAfter)', 'node', ['express-app.cjs', '5'], express5],
      ['CJS + Express 4 (installed without --legacy-peer-deps)', 'node', ['express-app.cjs', '4'], express4],
      ['Connect 3 (Express not installed)', 'node', ['connect-app.cjs'], connect],
      ['plain node:http (called by hand)', 'node', ['node-http.cjs'], connect],
      ['app.use(cacheMiddleware) shorthand', 'node', ['shorthand.cjs'], express5],
      ['ESM named imports of every entry', 'node', ['esm.mjs'], express5],
      ['tsc --noEmit --strict, moduleResolution nodenext', 'node', [tsc, '-p', 'tsconfig.nodenext.json'], express5],
      ['tsc --noEmit --strict, moduleResolution bundler', 'node', [tsc, '-p', 'tsconfig.bundler.json'], express5],
      ['tsc --noEmit --strict, moduleResolution node (lib es2021)', 'node', [tsc, '-p', 'tsconfig.node.json'], express5],
      // The packed tarballs themselves: attw (no profile flag) and publint, as a registry user would get them.
      ...tarballs.map((tgz, i) => [`attw ${PACKAGES[i]} tarball`, bin('attw'), [tgz], { dir: root }]),
      ...PACKAGES.map((pkg) => [`publint ${pkg}`, bin('publint'), [pkg], { dir: root }]),
    ];
    const results = await Promise.all(rows.map(async ([name, cmd, args, cwd]) => {
      if (cwd.error) return { name, ok: false, output: `install failed: ${cwd.error.message}`, seconds: 0 };
      const t0 = Date.now();
      const { code, output } = await exec(cmd, args, cwd.dir);
      return { name, ok: code === 0, output, seconds: (Date.now() - t0) / 1000 };
    }));
    for (const r of results.filter((r) => !r.ok)) console.log(`\n-- ${r.name} FAILED:\n${r.output}`);
    const width = Math.max(...results.map((r) => r.name.length));
    console.log(`\n${'row'.padEnd(width)} | result | s`);
    console.log(`${'-'.repeat(width)}-|--------|-----`);
    for (const r of results) console.log(`${r.name.padEnd(width)} | ${r.ok ? 'pass  ' : 'FAIL  '} | ${r.seconds.toFixed(1)}`);
    const total = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`\ninstalls done after ${((installed - started) / 1000).toFixed(1)} s; total ${total} s`);
    const failed = results.filter((r) => !r.ok).length;
    if (failed > 0) {
      console.log(`${failed} consumer row(s) failed`);
      process.exitCode = 1;
    } else console.log('all consumer rows passed');
  } finally {
    if (keep) console.log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
