/**
 * What `npm publish` would upload for each library package: `npm pack --dry-run --json` lists the
 * tarball, and the checks below read it the way a consumer (and publint) would. The packages are
 * built first (`tsc -b`, incremental: a no-op when dist is current) because the tarball is dist.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));
const PACKAGES = ['packages/cache', 'packages/express-cache'];

interface PackedFile {
  path: string;
}

interface Manifest {
  name: string;
  description?: string;
  keywords?: string[];
  license?: string;
  homepage?: string;
  bugs?: { url?: string };
  repository?: { type?: string; url?: string; directory?: string };
  type?: string;
  sideEffects?: boolean;
  exports: Record<string, string | Record<string, string>>;
  typesVersions?: Record<string, Record<string, string[]>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** The package a module specifier names (`@scope/name/sub` → `@scope/name`), or undefined for a relative or `node:` one. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  return specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/** Whether the installed `name` ships its own type declarations (then a consumer that installs it has them). */
function shipsTypes(name: string): boolean {
  const installed = JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [root] }), 'utf8')) as { types?: string; typings?: string };
  return installed.types !== undefined || installed.typings !== undefined;
}

/** The URL of the repository as `https://…` (the root package.json holds it once). */
const repositoryUrl = (readJson('package.json') as Manifest).repository?.url ?? '';
const repositoryHttps = repositoryUrl.replace(/^git\+/, '').replace(/\.git$/, '');

beforeAll(() => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', ...PACKAGES], { cwd: root, stdio: 'pipe' });
}, 120_000);

describe.each(PACKAGES)('the tarball of %s', (dir) => {
  const manifest = readJson(`${dir}/package.json`) as Manifest;
  let files: string[] = [];

  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: join(root, dir), encoding: 'utf8' });
    files = (JSON.parse(out) as Array<{ files: PackedFile[] }>)[0].files.map((file) => file.path).sort();
  }, 60_000);

  it('holds only dist, the README, the LICENSE and package.json', () => {
    expect(files.filter((path) => !path.startsWith('dist/'))).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(files.filter((path) => path.endsWith('.tsbuildinfo') || path.endsWith('.d.ts.map') || path.endsWith('.ts.map'))).toEqual([]);
    expect(files.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
  });

  it('holds every file its exports name', () => {
    const targets = Object.values(manifest.exports).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry)));
    for (const target of targets) expect(files).toContain(target.replace(/^\.\//, ''));
  });

  it('has declarations that import only what a consumer has: node, its dependencies, peers that ship their types', () => {
    const allowed = new Set([
      manifest.name,
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}).filter(shipsTypes),
    ]);
    const imported = new Set<string>();
    for (const path of files.filter((file) => file.endsWith('.d.ts'))) {
      // Comments (TSDoc examples) name packages too: only the code counts.
      const text = readFileSync(join(root, dir, path), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)) {
        const name = packageOf(match[1]);
        if (name !== undefined) imported.add(name);
      }
    }
    expect([...imported].filter((name) => !allowed.has(name))).toEqual([]);
  });

  it('maps every subpath export for moduleResolution "node" too (typesVersions)', () => {
    const subpaths = Object.entries(manifest.exports).filter(([path, entry]) => path !== '.' && typeof entry === 'object' && entry.types !== undefined);
    for (const [path, entry] of subpaths) {
      const types = (entry as Record<string, string>).types;
      expect({ path, typesVersions: manifest.typesVersions?.['*']?.[path.replace(/^\.\//, '')] }).toEqual({ path, typesVersions: [types] });
      expect(files).toContain(types.replace(/^\.\//, ''));
    }
  });

  it('passes attw (Are the types wrong?) in every resolution mode, with no profile flag', () => {
    const bin = join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js');
    let out: string;
    try {
      out = execFileSync(process.execPath, [bin, '--pack', '.', '--format', 'json'], { cwd: join(root, dir), encoding: 'utf8' });
    } catch (error) {
      out = String((error as { stdout?: unknown }).stdout);
    }
    const problems = (JSON.parse(out) as { problems?: unknown }).problems;
    expect(Object.values(problems ?? {}).flat()).toEqual([]);
  }, 60_000);

  it('ships source maps only with the sources inside them (sourcesContent)', () => {
    const maps = files.filter((path) => path.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const path of maps) {
      const map = JSON.parse(readFileSync(join(root, dir, path), 'utf8')) as { sources: string[]; sourcesContent?: unknown[] };
      expect({ path, complete: map.sourcesContent?.length === map.sources.length && map.sourcesContent.every((s) => typeof s === 'string') }).toEqual({
        path,
        complete: true,
      });
    }
  });

  it('carries the MIT licence of the project', () => {
    expect(manifest.license).toBe('MIT');
    const license = readFileSync(join(root, dir, 'LICENSE'), 'utf8');
    expect(license).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 S3verless for TypeScript contributors\n/);
  });

  it('has the metadata a registry page and a bundler read', () => {
    expect(manifest.description?.length).toBeGreaterThan(20);
    expect(manifest.keywords?.length).toBeGreaterThan(2);
    expect(manifest.type).toBe('commonjs');
    expect(manifest.sideEffects).toBe(false);
    expect(repositoryHttps).toMatch(/^https:\/\/\S+[^/]$/);
    expect(manifest.repository).toEqual({ type: 'git', url: repositoryUrl, directory: dir });
    expect(manifest.homepage).toBe(`${repositoryHttps}/tree/main/${dir}#readme`);
    expect(manifest.bugs).toEqual({ url: `${repositoryHttps}/issues` });
  });

  it('passes publint with nothing to suggest', () => {
    const bin = join(root, 'node_modules/publint/src/cli.js');
    const out = execFileSync(process.execPath, [bin, 'run', '--strict', '--pack', 'npm'], { cwd: join(root, dir), encoding: 'utf8' });
    expect(out).toContain('All good!');
  }, 60_000);
});
