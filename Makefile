# linkchart: the two commands are `make run` and `make test` (see README.md).
GO      ?= go
ADDR    ?= 127.0.0.1:8080
DB      ?= linkchart.db
BIN     := bin/linkchart

.PHONY: run build frontend test test-deps neo4j neo4j-stop bench bench-page vet clean

## run: build the page and serve the seed dataset on the embedded store at http://$(ADDR)
run: frontend
	$(GO) run ./cmd/linkchart serve --addr $(ADDR) --db $(DB)

## build: the binary with the page embedded, in bin/
build: frontend
	$(GO) build -o $(BIN) ./cmd/linkchart

## frontend: install the page's npm packages (lockfile) and bundle it with esbuild
frontend:
	npm --prefix frontend ci --no-audit --no-fund --loglevel=error
	npm --prefix frontend run build

## test: install what the tests need, start Neo4j, run every test, stop Neo4j
test:
	bash scripts/test.sh

## test-deps: only the installs of `make test` (chromium, python packages, npm packages, Neo4j jars)
test-deps:
	bash scripts/test.sh --deps-only

## neo4j: start Neo4j Community 5.26 (Maven Central jars) on bolt://127.0.0.1:7687, empty, no auth
neo4j:
	bash scripts/neo4j.sh start

## neo4j-stop: stop it
neo4j-stop:
	bash scripts/neo4j.sh stop

## bench: both stores side by side, this tree beside BENCH_BASELINE (before/after), Go benchmarks and wrk; one table (README.md)
bench:
	bash scripts/bench.sh

## bench-page: the page at scale in headless Chromium, this tree beside 6f7a386 (BENCH_PAGE_BASELINE); one table (frontend/README.md)
bench-page:
	bash scripts/bench-page.sh

vet:
	$(GO) vet ./...

clean:
	rm -rf bin frontend/dist/*.js frontend/dist/*.css frontend/dist/*.html
