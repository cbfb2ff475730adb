// ioredis 6's own .d.ts imports 'redis-errors', whose types (@types/redis-errors)
// ioredis lists only as a devDependency: every strict consumer with
// skipLibCheck off hits TS7016 inside node_modules/ioredis. Not ours to fix;
// this stub keeps our .d.ts fully checked (skipLibCheck stays false).
declare module 'redis-errors';
