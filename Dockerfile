# provd on Node 20: a build stage compiles the TypeScript (and better-sqlite3, when no prebuilt
# binary matches); the runtime stage carries only compiled JS and production dependencies.
# Settings are PROVD_* variables (README.md, docs/operations.md); docker-compose.yml sets the usual ones.

FROM node:20-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# The runtime stage starts clean so the compilers and dev tools do not ship in the image.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
  PROVD_DATA_DIR=/var/lib/provd \
  PROVD_REST_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
COPY plugins ./plugins
COPY contrib/docker/healthcheck.mjs ./contrib/docker/healthcheck.mjs
# The image's `node` user (uid 1000) owns the data dir; a named volume inherits that ownership.
RUN mkdir -p /var/lib/provd && chown node:node /var/lib/provd
USER node
VOLUME ["/var/lib/provd"]
# 8666 REST API (and GET /metrics), 8667 phone HTTP, 69/udp TFTP.
EXPOSE 8666/tcp 8667/tcp 69/udp
# Healthy once the REST listener answers /metrics and the read models follow the log. With
# PROVD_METRICS_REQUIRE_TOKEN=true, pass a token in PROVD_HEALTHCHECK_TOKEN.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "contrib/docker/healthcheck.mjs"]
# provd drains on SIGTERM (up to 20 s for downloads under way): give `docker stop` more than
# its default 10 s, e.g. `docker stop -t 30` (docker-compose.yml sets stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
