# syntax=docker/dockerfile:1
# The oi collector as an image: `docker build -t oi .`, then `docker run oi collect` (or see
# docker-compose.yml). Stage 1 builds the workspace; stage 2 holds the built CLI and its production
# dependencies only, run by an unprivileged user.

FROM node:24-bookworm-slim AS build
# The exact pnpm of package.json's packageManager (corepack is not used: see pnpm-workspace.yaml);
# a test holds the two versions equal.
ARG PNPM_VERSION=10.34.8
ENV CI=true
RUN npm install --global --no-fund --no-audit "pnpm@${PNPM_VERSION}" && npm cache clean --force
WORKDIR /repo
# The lockfile alone decides what is downloaded: this layer survives every change of the sources.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile
# The CLI and the workspace packages it depends on, each after its own dependencies.
RUN pnpm --filter "cli..." run build
# A self-contained copy of the CLI: its dist, and production dependencies with the workspace packages
# copied in (legacy deploy: the workspace does not inject its packages).
RUN pnpm --filter cli --prod deploy --legacy /out

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    OI_BUDGET_DIR=/budget \
    OI_METRICS_PORT=9464 \
    OI_METRICS_HOST=0.0.0.0
WORKDIR /app
# Owned by root and only readable by the user that runs it: the process cannot change its own code.
COPY --from=build /out /app
COPY config/config.json /app/config/config.json
# Named volumes start as a copy of these directories, so they belong to the user from the first run.
RUN mkdir -p /data /budget && chown node:node /data /budget
# The node image's unprivileged user (uid 1000).
USER node
VOLUME ["/data", "/budget"]
EXPOSE 9464
# No curl in the slim image: node asks the metrics server, which only `oi collect` starts.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.OI_METRICS_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/main.js"]
CMD ["collect"]
