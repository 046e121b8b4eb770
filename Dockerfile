# syntax=docker/dockerfile:1

# Build: compile the TypeScript with the dev dependencies, then drop them.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci applies these to the installed packages (patch-package, postinstall).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
# The explore page (web/) is built here with Vite into dist/web, which the hub serves at /.
COPY scripts/build-web.mjs ./scripts/
COPY web ./web
RUN npm run build && npm run build:web && npm prune --omit=dev

# Run: only what the hub reads at run time, as the image's unprivileged `node` user.
FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/app/data
WORKDIR /app
# package.json marks the root the hub finds reference/ and docs/ from.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY reference ./reference
COPY docs ./docs
# The embedded database lives here when no DATABASE_URL is given.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 4000
# /readyz: healthy means the database is reachable and migrated, not merely that the process runs.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# As in `npm start` (README, Performance; a test keeps the two the same): Node 24's V8 grows the young
# generation to twice Node 20's, and 16 MB semi-spaces keep Node 20's size; --heap-growing-percent=50
# lets the old generation grow to 1.5 times what was live after a collection rather than up to four
# times; --no-concurrent-recompilation optimises hot functions on the main thread, whose compiler
# memory on V8's worker threads was 15-20 MB of the peak of 8 concurrent rankings. --liftoff-only:
# the embedded database compiled by V8's baseline compiler only (EMBEDDED_WASM_COMPILER).
CMD ["node", "--liftoff-only", "--max-semi-space-size=16", "--heap-growing-percent=50", "--no-concurrent-recompilation", "dist/src/main.js"]
