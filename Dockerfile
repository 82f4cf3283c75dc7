# linkchart in a container: the page is bundled with npm, the binary is built
# with Go (the page embedded), and both run from a small image as a non-root
# user. Used by docker-compose.yml; build alone with `docker build -t linkchart .`

# 1. The page: esbuild bundle from the npm lockfile.
FROM node:22-alpine AS page
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend/ ./
RUN npm run build

# 2. The binary: static (CGO off), with the bundle from stage 1 embedded.
FROM golang:1.26-alpine AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS=-trimpath
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=page /src/frontend/dist/ ./frontend/dist/
RUN go build -ldflags="-s -w" -o /out/linkchart ./cmd/linkchart

# 3. The PDF brief's fonts (README, "PDF fonts"), from Debian's packages:
# Liberation (Latin, Cyrillic), Nanum (Korean), IPA P Gothic (Japanese).
FROM debian:bookworm-slim AS fonts
RUN apt-get update && apt-get install -y --no-install-recommends fonts-liberation fonts-nanum fonts-ipafont-gothic \
 && rm -rf /var/lib/apt/lists/*

# 4. Runtime: Alpine for busybox wget (the healthcheck) and CA certificates;
# the binary runs as an unprivileged user that owns only /data.
FROM alpine:3.22 AS runtime
RUN apk add --no-cache ca-certificates tzdata \
 && addgroup -S -g 10001 linkchart \
 && adduser -S -D -H -u 10001 -G linkchart -h /data linkchart \
 && mkdir -p /data && chown linkchart:linkchart /data
COPY --from=build /out/linkchart /usr/local/bin/linkchart
COPY --from=fonts /usr/share/fonts/truetype/liberation/ /usr/share/fonts/truetype/liberation/
COPY --from=fonts /usr/share/fonts/truetype/nanum/ /usr/share/fonts/truetype/nanum/
COPY --from=fonts /usr/share/fonts/opentype/ipafont-gothic/ /usr/share/fonts/opentype/ipafont-gothic/
USER 10001:10001
WORKDIR /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["/usr/local/bin/linkchart"]
# Without Neo4j: the embedded store in /data (mount a volume there to keep it).
CMD ["serve", "--addr", "0.0.0.0:8080", "--db", "/data/linkchart.db"]
