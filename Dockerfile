# Manifests stage: the sources reduced to the package manifests (root, libs, apps and every connector,
# each in its folder) and the lock file. The build stage copies only these before `npm ci`, so the install
# layer stays cached until a manifest changes, and a new connector folder needs no line in this file.
FROM node:20-bookworm-slim AS manifests
WORKDIR /app
COPY . .
RUN find . -mindepth 1 -type f ! -name package.json ! -name package-lock.json ! -name .npmrc -delete \
 && find . -mindepth 1 -type d -empty -delete

# Build stage: install everything, compile TypeScript to dist/. No install scripts, as `allowScripts`
# in package.json has it (README): the image's npm 10 does not read that list, so it is said here.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY --from=manifests /app ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled output and production dependencies only, as an unprivileged user. The
# workspace packages come along (package.json and sources, a few hundred KB): node_modules links to
# them, connector discovery reads their package.json, and the compiled server maps their TypeScript
# entries to dist/ (apps/server/src/discovery/compiled-workspaces.ts).
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/libs libs
COPY --from=build /app/connectors connectors
COPY --from=build /app/apps/console/dist apps/console/dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The heap's limit as `npm start` sets it (README, "Memory"); keep the two in step (config-docs.spec.ts).
CMD ["node", "--max-old-space-size=1024", "dist/apps/server/src/main.js"]
