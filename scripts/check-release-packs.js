// Checks the packages of a versioned copy of the work tree (release dry run):
// usage: node check-release-packs.js <original root> <package dir>... (run in the copy).
// At least one package is released; each released one (version moved) has a CHANGELOG entry;
// for each package: internal
// dependency ranges accept the new versions, `npm pack --dry-run` ships only
// dist/, README.md, LICENSE, CHANGELOG.md and package.json, and publint is clean.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const semver = require('semver');

const [root, ...dirs] = process.argv.slice(2);
const problems = [];
const manifests = new Map(dirs.map((dir) => [dir, JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))]));
const versions = new Map([...manifests.values()].map((m) => [m.name, m.version]));
let released = 0;
const shipped = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+)$/;

for (const [dir, manifest] of manifests) {
  const before = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8')).version;
  const where = `${manifest.name}@${manifest.version}`;
  // A package no pending changeset names (nor a dependency it follows) keeps its version: it is not released.
  if (manifest.version === before) console.log(`${where}: not released (no pending changeset names it)`);
  else if (!semver.gt(manifest.version, before)) problems.push(`${where}: version went back (was ${before})`);
  else released += 1;
  const changelog = fs.readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8');
  if (manifest.version !== before && !changelog.includes(`## ${manifest.version}\n`)) {
    problems.push(`${where}: no "## ${manifest.version}" in CHANGELOG.md`);
  }
  for (const [dep, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (versions.has(dep) && !semver.satisfies(versions.get(dep), range)) {
      problems.push(`${where}: depends on ${dep}@${range}, which excludes the new ${versions.get(dep)}`);
    }
  }
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' }));
  if (pack.version !== manifest.version) problems.push(`${where}: packs version ${pack.version}`);
  const files = pack.files.map((f) => f.path);
  for (const file of files) {
    if (!shipped.test(file)) problems.push(`${where}: ships ${file}`);
    if (/\.ts$/.test(file) && !/\.d\.ts$/.test(file)) problems.push(`${where}: ships TypeScript source ${file}`);
  }
  for (const needed of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
    if (!files.includes(needed)) problems.push(`${where}: does not ship ${needed}`);
  }
  try {
    execFileSync(path.join(root, 'node_modules', '.bin', 'publint'), ['--strict', dir], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    problems.push(`${where}: publint: ${String(error.stdout || error.message).trim()}`);
  }
  console.log(`${where}: ${files.length} files, ${pack.size} bytes packed`);
}

if (released === 0) problems.push('no package version was raised: the pending changesets release nothing');
if (problems.length > 0) {
  console.error(problems.map((p) => `  ✗ ${p}`).join('\n'));
  process.exit(1);
}
