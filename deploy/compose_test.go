package deploy

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// compose is the part of the compose file the checks read.
type compose struct {
	Services map[string]service `yaml:"services"`
	Volumes  map[string]any     `yaml:"volumes"`
}

type service struct {
	Image       string               `yaml:"image"`
	Build       any                  `yaml:"build"`
	Command     []string             `yaml:"command"`
	Environment environment          `yaml:"environment"`
	Volumes     []string             `yaml:"volumes"`
	Ports       []string             `yaml:"ports"`
	DependsOn   map[string]dependsOn `yaml:"depends_on"`
	Healthcheck *struct {
		Test    any  `yaml:"test"`
		Disable bool `yaml:"disable"`
	} `yaml:"healthcheck"`
}

type dependsOn struct {
	Condition string `yaml:"condition"`
}

// environment accepts both compose forms: a map, or a list of KEY=VALUE.
type environment map[string]string

func (e *environment) UnmarshalYAML(n *yaml.Node) error {
	*e = environment{}
	if n.Kind == yaml.SequenceNode {
		var items []string
		if err := n.Decode(&items); err != nil {
			return err
		}
		for _, it := range items {
			k, v, _ := strings.Cut(it, "=")
			(*e)[k] = v
		}
		return nil
	}
	var m map[string]string
	if err := n.Decode(&m); err != nil {
		return err
	}
	for k, v := range m {
		(*e)[k] = v
	}
	return nil
}

func readRoot(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", name))
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return string(b)
}

func loadCompose(t *testing.T) compose {
	t.Helper()
	var c compose
	if err := yaml.Unmarshal([]byte(readRoot(t, "docker-compose.yml")), &c); err != nil {
		t.Fatalf("parse docker-compose.yml: %v", err)
	}
	for _, name := range []string{"neo4j", "linkchart"} {
		if _, ok := c.Services[name]; !ok {
			t.Fatalf("docker-compose.yml: no service %q (have %v)", name, keys(c.Services))
		}
	}
	return c
}

func keys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// ref matches one compose variable reference: ${NAME}, ${NAME:-default},
// ${NAME:?message} and the like.
var ref = regexp.MustCompile(`\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+-][^}]*)?\}`)

func TestNeo4jImageIs526Community(t *testing.T) {
	c := loadCompose(t)
	img := c.Services["neo4j"].Image
	if !regexp.MustCompile(`^neo4j:5\.26(\.\d+)?-community$`).MatchString(img) {
		t.Errorf("neo4j image = %q, want neo4j:5.26-community or neo4j:5.26.x-community", img)
	}
}

func TestEveryServiceHasAHealthcheck(t *testing.T) {
	c := loadCompose(t)
	for _, name := range keys(c.Services) {
		hc := c.Services[name].Healthcheck
		switch {
		case hc == nil:
			t.Errorf("service %s: no healthcheck", name)
		case hc.Disable:
			t.Errorf("service %s: healthcheck disabled", name)
		case hc.Test == nil || hc.Test == "" || slices.Equal(asStrings(hc.Test), []string{"NONE"}):
			t.Errorf("service %s: healthcheck without a test", name)
		}
	}
	if test := strings.Join(asStrings(c.Services["linkchart"].Healthcheck.Test), " "); !strings.Contains(test, "/readyz") {
		t.Errorf("linkchart healthcheck %q does not ask /readyz", test)
	}
}

func asStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, _ := x.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}

func TestNeo4jDataIsANamedVolume(t *testing.T) {
	c := loadCompose(t)
	found := false
	for _, v := range c.Services["neo4j"].Volumes {
		src, dst, ok := strings.Cut(v, ":")
		if !ok || !strings.HasPrefix(dst, "/data") {
			continue
		}
		found = true
		if strings.ContainsAny(src, "./~$") {
			t.Errorf("neo4j /data is mounted from %q, want a named volume", src)
		}
		if _, declared := c.Volumes[src]; !declared {
			t.Errorf("volume %q is used by neo4j but not declared under volumes: (declared %v)", src, keys(c.Volumes))
		}
	}
	if !found {
		t.Errorf("neo4j mounts nothing on /data: %v", c.Services["neo4j"].Volumes)
	}
}

func TestLinkchartWaitsForAHealthyNeo4j(t *testing.T) {
	c := loadCompose(t)
	lc := c.Services["linkchart"]
	dep, ok := lc.DependsOn["neo4j"]
	if !ok {
		t.Fatalf("linkchart does not depend on neo4j: %v", lc.DependsOn)
	}
	if dep.Condition != "service_healthy" {
		t.Errorf("linkchart depends on neo4j with condition %q, want service_healthy", dep.Condition)
	}
	if lc.Build == nil {
		t.Errorf("linkchart has no build: it must be built from the Dockerfile")
	}
	cmd := strings.Join(lc.Command, " ")
	for _, want := range []string{"serve", "--addr 0.0.0.0:8080", "--neo4j-uri bolt://neo4j:7687"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("linkchart command %q lacks %q", cmd, want)
		}
	}
	for _, k := range []string{"NEO4J_USERNAME", "NEO4J_PASSWORD"} {
		if _, ok := lc.Environment[k]; !ok {
			t.Errorf("linkchart environment lacks %s", k)
		}
	}
}

func TestNoSecretLiterals(t *testing.T) {
	c := loadCompose(t)
	secret := regexp.MustCompile(`(?i)PASSWORD|SECRET|TOKEN|AUTH`)
	for _, name := range keys(c.Services) {
		env := c.Services[name].Environment
		for _, k := range keys(env) {
			if !secret.MatchString(k) {
				continue
			}
			rest := ref.ReplaceAllString(env[k], "")
			if k == "NEO4J_AUTH" {
				// neo4j/${NEO4J_PASSWORD}, or none (no auth) is not a secret.
				if rest != "neo4j/" || !strings.Contains(env[k], "${NEO4J_PASSWORD") {
					t.Errorf("service %s: NEO4J_AUTH = %q, want neo4j/${NEO4J_PASSWORD...}", name, env[k])
				}
				continue
			}
			if rest != "" {
				t.Errorf("service %s: %s = %q holds a literal; use only ${...} references", name, k, env[k])
			}
		}
	}
	// And nowhere else in the file: no "password: literal" or "-p literal".
	raw := readRoot(t, "docker-compose.yml")
	lit := regexp.MustCompile(`(?i)(password|passwd|secret)\s*[:=]\s*["']?([^\s"'$#][^\s"']*)`)
	for i, line := range strings.Split(raw, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if m := lit.FindStringSubmatch(ref.ReplaceAllString(line, "")); m != nil {
			t.Errorf("docker-compose.yml:%d: looks like a literal secret: %q", i+1, strings.TrimSpace(line))
		}
	}
}

func TestPortsBindLoopbackOnly(t *testing.T) {
	c := loadCompose(t)
	if len(c.Services["linkchart"].Ports) == 0 {
		t.Errorf("linkchart publishes no port")
	}
	for _, name := range keys(c.Services) {
		for _, p := range c.Services[name].Ports {
			if !strings.HasPrefix(p, "127.0.0.1:") {
				t.Errorf("service %s publishes %q: want it bound to 127.0.0.1", name, p)
			}
		}
	}
	found := false
	for _, p := range c.Services["linkchart"].Ports {
		if strings.HasSuffix(p, ":8080") {
			found = true
		}
	}
	if !found {
		t.Errorf("linkchart does not publish container port 8080: %v", c.Services["linkchart"].Ports)
	}
}

// Every variable the compose file uses is documented in .env.example, and
// .env.example holds no password.
func TestEnvExampleDocumentsEveryVariable(t *testing.T) {
	raw := readRoot(t, "docker-compose.yml")
	example := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(readRoot(t, ".env.example")))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Errorf(".env.example: not KEY=VALUE: %q", line)
			continue
		}
		example[k] = v
	}
	name := regexp.MustCompile(`^\$\{([A-Za-z_][A-Za-z0-9_]*)`)
	for _, r := range ref.FindAllString(raw, -1) {
		v := name.FindStringSubmatch(r)[1]
		if _, ok := example[v]; !ok {
			// Port overrides beside Neo4j's own are optional and documented in the file itself.
			if !strings.HasSuffix(v, "_PORT") {
				t.Errorf("docker-compose.yml uses ${%s}, which .env.example does not document", v)
			}
		}
	}
	if v, ok := example["NEO4J_PASSWORD"]; !ok || v != "" {
		t.Errorf(".env.example: NEO4J_PASSWORD must be listed and left empty, got %q", v)
	}
}

type stage struct {
	from, name string
	lines      []string
}

func dockerStages(t *testing.T) []stage {
	t.Helper()
	var stages []stage
	// Join continuation lines, drop comments.
	text := strings.ReplaceAll(readRoot(t, "Dockerfile"), "\\\n", " ")
	from := regexp.MustCompile(`(?i)^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?`)
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if m := from.FindStringSubmatch(line); m != nil {
			stages = append(stages, stage{from: m[1], name: m[2]})
			continue
		}
		if len(stages) == 0 {
			continue
		}
		stages[len(stages)-1].lines = append(stages[len(stages)-1].lines, line)
	}
	return stages
}

func (s stage) has(re string) bool {
	r := regexp.MustCompile(re)
	return slices.ContainsFunc(s.lines, r.MatchString)
}

func TestDockerfileHasThreeStagesAndRunsAsNonRoot(t *testing.T) {
	stages := dockerStages(t)
	if len(stages) < 3 {
		t.Fatalf("Dockerfile has %d stages, want 3 (node, go build, runtime)", len(stages))
	}
	node := slices.IndexFunc(stages, func(s stage) bool { return strings.HasPrefix(s.from, "node:") })
	gob := slices.IndexFunc(stages, func(s stage) bool { return strings.HasPrefix(s.from, "golang:") })
	if node < 0 {
		t.Errorf("no node stage (FROM node:...)")
	} else {
		s := stages[node]
		if !s.has(`npm ci`) || !s.has(`npm run build`) {
			t.Errorf("node stage does not run npm ci and npm run build: %q", s.lines)
		}
	}
	if gob < 0 {
		t.Errorf("no go build stage (FROM golang:...)")
	} else {
		s := stages[gob]
		if !s.has(`CGO_ENABLED=0`) || !s.has(`go build .*\./cmd/linkchart`) {
			t.Errorf("go stage does not build ./cmd/linkchart with CGO_ENABLED=0: %q", s.lines)
		}
		if node >= 0 && !s.has(`COPY --from=(`+regexp.QuoteMeta(stages[node].name)+`|`+stages[node].from+`)\s.*dist`) {
			t.Errorf("go stage does not copy the page bundle from the node stage before building")
		}
	}
	rt := stages[len(stages)-1]
	if strings.HasPrefix(rt.from, "node:") || strings.HasPrefix(rt.from, "golang:") {
		t.Errorf("runtime stage is %s: want a small image, not a toolchain", rt.from)
	}
	if gob >= 0 && !rt.has(`^COPY --from=`+regexp.QuoteMeta(stages[gob].name)+`\s`) {
		t.Errorf("runtime stage does not copy the binary from the go stage %q", stages[gob].name)
	}
	user := ""
	for _, l := range rt.lines {
		if f := strings.Fields(l); len(f) >= 2 && strings.EqualFold(f[0], "USER") {
			user = f[1]
		}
	}
	u, _, _ := strings.Cut(user, ":")
	if u == "" || u == "root" || u == "0" {
		t.Errorf("runtime stage runs as %q; want a non-root USER", user)
	}
}

func TestDockerignoreKeepsSecretsAndBuildsOut(t *testing.T) {
	lines := strings.Split(readRoot(t, ".dockerignore"), "\n")
	for _, want := range []string{".env", ".git", "**/node_modules", ".neo4j/"} {
		if !slices.Contains(lines, want) {
			t.Errorf(".dockerignore lacks %q", want)
		}
	}
}
