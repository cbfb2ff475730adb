import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** What {@link loadEnvFile} did: the file it read (undefined: there was none) and the variables it set. */
export interface EnvFileOutcome {
  readonly path: string | undefined;
  readonly applied: readonly string[];
}

/**
 * Reads a dotenv file (`NAME=value` lines, `#` comments, quotes; Node's own
 * `util.parseEnv`, the parser behind `node --env-file`) into `env`. The
 * environment wins: a variable already set, even to '', is left as it is. A
 * missing file is fine (nothing is set); any other read error is thrown.
 */
export function loadEnvFile(path: string, env: NodeJS.ProcessEnv = process.env): EnvFileOutcome {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: undefined, applied: [] };
    throw error;
  }
  const applied: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(content))) {
    if (value === undefined || env[name] !== undefined) continue;
    env[name] = value;
    applied.push(name);
  }
  return { path, applied };
}
