# provd on Node 20. `npm start` runs the TypeScript sources through tsx, so there is no build
# step; the compilers below exist only to build better-sqlite3 when no prebuilt binary matches.

FROM node:20-bookworm-slim AS dependencies
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# tsx is a runtime dependency; the dev tools (tsc, vitest, biome) are not needed to serve.
RUN npm ci --omit=dev --no-audit --no-fund

# The runtime stage starts clean so the compilers do not ship in the image.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
  PROVD_DATA_DIR=/var/lib/provd \
  PROVD_REST_HOST=0.0.0.0
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY . .
# The image's `node` user (uid 1000) owns the data dir; a named volume inherits that ownership.
RUN mkdir -p /var/lib/provd && chown node:node /var/lib/provd
USER node
VOLUME ["/var/lib/provd"]
# 8666 REST API, 8667 phone HTTP, 69/udp TFTP.
EXPOSE 8666/tcp 8667/tcp 69/udp
CMD ["npm", "start"]
