import { existsSync } from 'node:fs';
import type { Config } from 'jest';

/**
 * One jest run for every workspace. Tests import workspace packages by name;
 * `moduleNameMapper` points those names at the TypeScript sources so that the
 * suite needs no prior build. ts-jest transpiles only (isolatedModules in
 * tsconfig.test.json); `npm run typecheck` type-checks the tests separately.
 */
const config: Config = {
  testEnvironment: 'node',
  roots: ['packages', 'apps', 'conformance'].filter((dir) => existsSync(`${__dirname}/${dir}`)).map((dir) => `<rootDir>/${dir}`),
  testMatch: ['**/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  moduleNameMapper: {
    '^@s3verless/cache$': '<rootDir>/packages/cache/src/index.ts',
    '^@s3verless/cache/testing$': '<rootDir>/packages/cache/src/testing/index.ts',
    '^@s3verless/cache/redis$': '<rootDir>/packages/cache/src/redis/index.ts',
    '^@s3verless/express-cache$': '<rootDir>/packages/express-cache/src/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
  testTimeout: 20_000,
};

export default config;
