// Package deploy checks the container files at the repository root
// (docker-compose.yml, Dockerfile, .dockerignore, .env.example) by reading
// them: there is no Docker engine where the tests run, so the test parses the
// compose file with a YAML parser and the Dockerfile line by line and asserts
// what a user relies on: the Neo4j 5.26 community image, healthchecks, a named
// volume, start order, no secrets in the files, loopback-only ports, a
// three-stage build and a non-root runtime.
package deploy
