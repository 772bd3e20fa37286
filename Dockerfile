# Responsibot as a container: `docker build -t responsibot .` then see docs/deploy.md.
# Two stages: the first installs the production dependencies (compiling the SQLite driver if no
# prebuilt binary can be had), the second carries only what the bot needs to run, as a non-root user.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# Compilers for better-sqlite3's fallback build from source; they stay in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The README's install command (npm ci) without the test and benchmark tools.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    DATA_DIR=/data \
    OPS_PORT=9464 \
    PORT=3000
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json manifest.json ./
COPY src ./src
COPY knowledge ./knowledge
# The SQLite database lives on a volume owned by the unprivileged user that runs the bot.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# PORT: Slack HTTP mode and the OAuth install pages; OPS_PORT: /healthz, /readyz, /metrics.
EXPOSE 3000 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.OPS_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The README's start command. Stop with SIGTERM (docker stop): the bot finishes in-flight work first.
CMD ["npm", "start"]
