// Package readme checks every fenced code block of the user documentation:
// Go programs are compiled against sdk/go (and pulumi-aws v6), TypeScript is
// type-checked against the generated sdk/nodejs, and both, like Python with
// sdk/python installed, then run under Pulumi's mocks, where the inputs they
// give OrgBackup are validated as the component validates them; Pulumi YAML
// programs are checked against schema.json and validated the same way,
// render configurations are loaded and validated as render does, JSON is
// parsed and shell is parsed by bash. A block whose info string says
// "fragment" (```go fragment) is deliberately incomplete and only counted.
package readme

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Documents are the files whose blocks are checked, relative to the repository root: each
// must exist. Pages of docs/ that are not listed here are checked too (Pages), so a new page's
// blocks are checked wherever it lives.
var Documents = []string{"README.md", "CONTRIBUTING.md", "docs/_index.md", "docs/installation-configuration.md",
	"docs/concepts.md", "docs/inputs-outputs.md", "docs/prerequisites.md", "docs/permissions.md", "docs/render.md",
	"docs/alerts.md", "docs/reconciler.md", "docs/member-accounts.md", "docs/guardrails.md", "docs/restore.md",
	"docs/pulumi-deployments.md", "docs/migration.md", "docs/design.md", "docs/tests.md", "docs/performance.md",
	"sdk/nodejs/README.md", "sdk/python/README.md"}

// Pages returns Documents followed by every other Markdown page of docs/ under root (the cost
// and diagram pages, and any page added later), relative to root.
func Pages(root string) ([]string, error) {
	out := append([]string(nil), Documents...)
	listed := map[string]bool{}
	for _, d := range Documents {
		listed[d] = true
	}
	found, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		return nil, err
	}
	sort.Strings(found)
	for _, f := range found {
		name := "docs/" + filepath.Base(f)
		if !listed[name] {
			out = append(out, name)
		}
	}
	return out, nil
}

// Block is one fenced code block.
type Block struct {
	File     string
	Line     int // of the opening fence
	Lang     string
	Fragment bool
	Code     string
}

func (b Block) String() string { return fmt.Sprintf("%s:%d (%s)", b.File, b.Line, b.Lang) }

// Blocks reads the fenced code blocks of a Markdown file; blocks without a
// language tag are left out.
func Blocks(path, name string) ([]Block, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Block
	var open *Block
	var code strings.Builder
	scanner := bufio.NewScanner(f)
	for line := 1; scanner.Scan(); line++ {
		text := scanner.Text()
		trimmed := strings.TrimSpace(text)
		switch {
		case open == nil && strings.HasPrefix(trimmed, "```"):
			info := strings.Fields(strings.TrimPrefix(trimmed, "```"))
			open = &Block{File: name, Line: line}
			if len(info) > 0 {
				open.Lang = info[0]
				open.Fragment = len(info) > 1 && info[1] == "fragment"
			}
			code.Reset()
		case open != nil && trimmed == "```":
			open.Code = code.String()
			if open.Lang != "" {
				out = append(out, *open)
			}
			open = nil
		case open != nil:
			code.WriteString(text)
			code.WriteString("\n")
		}
	}
	if open != nil {
		return nil, fmt.Errorf("%s:%d: code block is never closed", name, open.Line)
	}
	return out, scanner.Err()
}
