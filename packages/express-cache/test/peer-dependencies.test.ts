/**
 * Issue 12: `npm install` refused Express 4 (`peer express@"^5.0.0"`) and put
 * Express 5 into Connect-only and plain `node:http` projects (a required peer).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dependencies?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as Manifest;

describe('package.json peers', () => {
  it('accepts Express 4.21+ and 5 (the versions the behaviour suite runs on)', () => {
    expect(manifest.peerDependencies?.express).toBe('^4.21 || ^5');
  });

  it('makes Express an optional peer, so that Connect and node:http projects do not get it installed', () => {
    expect(manifest.peerDependenciesMeta?.express?.optional).toBe(true);
    expect(manifest.dependencies?.express).toBeUndefined();
  });
});
