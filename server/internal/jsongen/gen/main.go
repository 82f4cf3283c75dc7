// Command gen writes server/records_json.go (see package jsongen); run by
// go generate in package server.
package main

import (
	"log"
	"os"

	"linkchart/server/internal/jsongen"
)

func main() {
	src, err := jsongen.Render()
	if err != nil {
		log.Fatalf("jsongen: %v", err)
	}
	if err := os.WriteFile("records_json.go", src, 0o644); err != nil {
		log.Fatalf("jsongen: %v", err)
	}
}
