# syntax=docker/dockerfile:1
# The products API. Build: docker build -t s3verless-products-api .   (docker compose builds it too)

# --- build: install everything, compile TypeScript ---------------------------
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY packages/cache/package.json packages/cache/
COPY packages/express-cache/package.json packages/express-cache/
COPY apps/products-api/package.json apps/products-api/
RUN npm ci --no-audit --no-fund
COPY packages packages
COPY apps apps
RUN npm run build

# --- runtime: production dependencies and compiled output only --------------
FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/cache/package.json packages/cache/
COPY packages/express-cache/package.json packages/express-cache/
COPY apps/products-api/package.json apps/products-api/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/packages/cache/dist packages/cache/dist
COPY --from=build /app/packages/express-cache/dist packages/express-cache/dist
COPY --from=build /app/apps/products-api/dist apps/products-api/dist
# The embedded S3 server (used when S3_ENDPOINT is unset) writes here.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/products-api/dist/main.js"]
