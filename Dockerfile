# The control-plane operator (mission-control-operator).
# Build: docker build -t ghcr.io/mission-control-constructs/mission-control-operator:v0.1.0 .
# The Deployment the ControlPlane construct emits runs it as uid 65532 with a read-only root
# filesystem; the operator writes nothing to disk.

FROM docker.io/library/node:24.21-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY lib ./lib
COPY imports ./imports
RUN npx tsc -p tsconfig.json && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# Node 24: the operator loads @kubernetes/client-node without its generated API clients there
# (module.registerHooks), about 45 MiB less memory than on Node 20.
FROM gcr.io/distroless/nodejs24-debian12:nonroot
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/build/lib ./build/lib
USER 65532:65532
ENV NODE_ENV=production
EXPOSE 8080 8081
# The node flags are lib/reconciler/node-flags.ts (a test keeps the two equal).
ENTRYPOINT ["/nodejs/bin/node", "--optimize-for-size", "build/lib/reconciler/main.js"]
