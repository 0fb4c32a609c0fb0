//go:build readme

package readme

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

var root, _ = filepath.Abs("../..")

// checkers says how each language tag is checked; any other tag fails.
var checkers = map[string]func(t *testing.T, blocks []Block){
	"go":         checkGo,
	"ts":         checkTypeScript,
	"typescript": checkTypeScript,
	"python":     checkPython,
	"yaml":       checkYAML,
	"json":       checkJSON,
	"sh":         checkShell,
	"bash":       checkShell,
	"mermaid":    checkMermaid,
	"text":       checkText,
}

func blocks(t *testing.T) []Block {
	var out []Block
	docs, err := Pages(root)
	require.NoError(t, err)
	for _, doc := range docs {
		bs, err := Blocks(filepath.Join(root, doc), doc)
		require.NoError(t, err)
		out = append(out, bs...)
	}
	return out
}

func TestEveryBlockIsChecked(t *testing.T) {
	byLang := map[string][]Block{}
	for _, b := range blocks(t) {
		if _, ok := checkers[b.Lang]; !assert.True(t, ok, "%s: no checker for language %q", b, b.Lang) {
			continue
		}
		if b.Fragment {
			t.Logf("%s: fragment, not checked", b)
			continue
		}
		byLang[b.Lang] = append(byLang[b.Lang], b)
	}
	// Every language of the README is there.
	for _, lang := range []string{"go", "ts", "python", "yaml", "sh"} {
		assert.NotEmpty(t, byLang[lang], "no %s block", lang)
	}
	for lang, bs := range byLang {
		t.Run(lang, func(t *testing.T) {
			t.Logf("%d %s blocks", len(bs), lang)
			checkers[lang](t, bs)
		})
	}
}

func write(t *testing.T, path, content string) {
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
	return string(out)
}

// checkGo vets every Go block as a program of its own in one module that
// requires the SDK (replaced by sdk/) and pulumi-aws at the provider's
// versions; a program of the SDK then runs under Pulumi's mocks
// (mocks_go.txt) and the inputs it gives OrgBackup are validated.
func checkGo(t *testing.T, blocks []Block) {
	dir := t.TempDir()
	rootMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	var sums []string
	for _, f := range []string{"go.sum", "sdk/go.sum"} {
		data, err := os.ReadFile(filepath.Join(root, f))
		require.NoError(t, err)
		sums = append(sums, string(data))
	}
	mod := strings.Replace(string(rootMod), "module github.com/orgbackup/pulumi-orgbackup",
		"module readmesnippets", 1) +
		"\nrequire github.com/orgbackup/pulumi-orgbackup/sdk v0.1.0\n" +
		"\nreplace github.com/orgbackup/pulumi-orgbackup/sdk => " + filepath.Join(root, "sdk") + "\n"
	write(t, filepath.Join(dir, "go.mod"), mod)
	write(t, filepath.Join(dir, "go.sum"), strings.Join(sums, ""))
	mocks, err := os.ReadFile("mocks_go.txt")
	require.NoError(t, err)
	for i, b := range blocks {
		t.Run(b.String(), func(t *testing.T) {
			pkg := fmt.Sprintf("./b%02d", i)
			write(t, filepath.Join(dir, pkg, "main.go"), b.Code)
			run(t, dir, []string{"GOFLAGS=-mod=mod"}, "go", "vet", pkg)
			// A program of the SDK also runs, under mocks.
			if !strings.Contains(b.Code, "pulumi-orgbackup/sdk/go/orgbackup") {
				return
			}
			require.Equal(t, 1, strings.Count(b.Code, "pulumi.Run("), "the program runs with pulumi.Run")
			write(t, filepath.Join(dir, pkg, "main.go"), strings.Replace(b.Code, "pulumi.Run(", "runUnderMocks(", 1))
			write(t, filepath.Join(dir, pkg, "mocks.go"), string(mocks))
			inputs := filepath.Join(t.TempDir(), "inputs")
			run(t, dir, []string{"GOFLAGS=-mod=mod", "ORGBACKUP_README_INPUTS=" + inputs,
				"ORGBACKUP_README_DEPLOYMENTS=" + filepath.Join(root, "examples/testdata/deployments.json")}, "go", "run", pkg)
			validateRecorded(t, b, inputs)
		})
	}
}

// checkTypeScript type-checks every block, each a module of its own, with
// the example's pinned @pulumi/pulumi and TypeScript and the built SDK,
// installed by mk/readme.mk into ORGBACKUP_README_TS; then runs each under
// Pulumi's mocks (run_typescript.js) and validates the inputs it gives OrgBackup.
func checkTypeScript(t *testing.T, blocks []Block) {
	dir := os.Getenv("ORGBACKUP_README_TS")
	if dir == "" {
		t.Fatal("ORGBACKUP_README_TS is not set: run `make readme`")
	}
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "snippets")))
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "build")))
	var files []string
	for i, b := range blocks {
		name := fmt.Sprintf("snippets/b%02d.ts", i)
		write(t, filepath.Join(dir, name), b.Code)
		files = append(files, name)
	}
	tsconfig, err := json.Marshal(map[string]any{
		"compilerOptions": map[string]any{"strict": true, "target": "es2022", "module": "commonjs",
			"moduleResolution": "node", "esModuleInterop": true, "skipLibCheck": true,
			"outDir": "build", "noEmitOnError": true},
		"files": files,
	})
	require.NoError(t, err)
	write(t, filepath.Join(dir, "tsconfig.json"), string(tsconfig))
	cmd := exec.Command(filepath.Join(dir, "node_modules", ".bin", "tsc"), "-p", "tsconfig.json")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		report := string(out)
		for i, b := range blocks {
			report = strings.ReplaceAll(report, fmt.Sprintf("snippets/b%02d.ts", i), b.String())
		}
		t.Fatalf("tsc:\n%s", report)
	}
	for i, b := range blocks {
		t.Run(b.String(), func(t *testing.T) {
			inputs := filepath.Join(t.TempDir(), "inputs")
			run(t, ".", []string{"NODE_PATH=" + filepath.Join(dir, "node_modules"), "ORGBACKUP_README_INPUTS=" + inputs},
				"node", "run_typescript.js", filepath.Join(dir, "build", fmt.Sprintf("b%02d.js", i)))
			validateRecorded(t, b, inputs)
		})
	}
}

// checkPython runs every block under Pulumi's mocks (run_python.py) with the
// SDK installed in the interpreter ORGBACKUP_README_PYTHON.
func checkPython(t *testing.T, blocks []Block) {
	python := os.Getenv("ORGBACKUP_README_PYTHON")
	if python == "" {
		t.Fatal("ORGBACKUP_README_PYTHON is not set: run `make readme`")
	}
	dir := t.TempDir()
	for i, b := range blocks {
		t.Run(b.String(), func(t *testing.T) {
			file := filepath.Join(dir, fmt.Sprintf("b%02d.py", i))
			inputs := filepath.Join(dir, fmt.Sprintf("b%02d.inputs", i))
			write(t, file, b.Code)
			run(t, ".", []string{"ORGBACKUP_README_INPUTS=" + inputs}, python, "run_python.py", file)
			validateRecorded(t, b, inputs)
		})
	}
}

// validateRecorded validates every OrgBackup's inputs a run of b recorded in
// file; a block that constructs an OrgBackup must have recorded some.
func validateRecorded(t *testing.T, b Block, file string) {
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) && !strings.Contains(b.Code, "OrgBackup(") {
		return // no OrgBackup in this block
	}
	require.NoError(t, err, "the run recorded the OrgBackup's inputs")
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var registered map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &registered))
		validateInputs(t, registered)
	}
}

// validateInputs runs OrgBackup's validation on the inputs a block gives it,
// in an organization like the examples'.
func validateInputs(t *testing.T, inputs map[string]any) {
	doc := map[string]any{"context": map[string]any{"partition": "aws", "accountId": "111111111111",
		"organizationId": "o-abcd1234ef", "managementAccountId": "999999999999", "region": "eu-west-2"}}
	for k, v := range inputs {
		doc[k] = v
	}
	data, err := json.Marshal(doc)
	require.NoError(t, err)
	file, err := config.Load(data)
	require.NoError(t, err)
	_, err = config.Resolve(file.Config, file.Context)
	require.NoError(t, err, "OrgBackup refuses the block's inputs")
}

// checkYAML checks a Pulumi YAML program against schema.json and a render
// configuration as render loads it; a YAML block must be one of the two.
func checkYAML(t *testing.T, blocks []Block) {
	s := loadSchema(t)
	for _, b := range blocks {
		t.Run(b.String(), func(t *testing.T) {
			var doc map[string]any
			require.NoError(t, yaml.Unmarshal([]byte(b.Code), &doc))
			switch {
			case doc["runtime"] == "yaml" || doc["resources"] != nil:
				checkProgram(t, s, b.Code)
			case doc["context"] != nil:
				file, err := config.Load([]byte(b.Code))
				require.NoError(t, err)
				_, err = config.Resolve(file.Config, file.Context)
				require.NoError(t, err)
			default:
				t.Fatalf("neither a Pulumi YAML program nor a render configuration; mark it `yaml fragment` if it is a part")
			}
		})
	}
}

func checkJSON(t *testing.T, blocks []Block) {
	for _, b := range blocks {
		assert.True(t, json.Valid([]byte(b.Code)), "%s: invalid JSON", b)
	}
}

func checkShell(t *testing.T, blocks []Block) {
	for _, b := range blocks {
		cmd := exec.Command("bash", "-n")
		cmd.Stdin = strings.NewReader(b.Code)
		out, err := cmd.CombinedOutput()
		assert.NoError(t, err, "%s: %s", b, out)
	}
}

// checkText checks that a text block is output a test produced: it equals a
// golden file under provider/*/testdata (an alert message, for example),
// which its test compares with what the code writes.
func checkText(t *testing.T, blocks []Block) {
	goldens, err := filepath.Glob(filepath.Join(root, "provider", "*", "testdata", "*.txt"))
	require.NoError(t, err)
	contents := map[string]bool{}
	for _, g := range goldens {
		data, err := os.ReadFile(g)
		require.NoError(t, err)
		contents[strings.TrimRight(string(data), "\n")] = true
	}
	for _, b := range blocks {
		assert.True(t, contents[strings.TrimRight(b.Code, "\n")], "%s: not the content of a golden file under "+
			"provider/*/testdata (text blocks show real output)", b)
	}
}

// mermaidDiagrams are the Mermaid diagram types the documents may use.
var mermaidDiagrams = []string{"flowchart", "graph"}

// checkMermaid checks that a Mermaid block starts with a diagram type; the
// diagram tier parses the rendered diagrams with Mermaid itself.
func checkMermaid(t *testing.T, blocks []Block) {
	for _, b := range blocks {
		var first string
		for _, line := range strings.Split(b.Code, "\n") {
			if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "%%") && l != "---" {
				first = l
				break
			}
		}
		ok := false
		for _, d := range mermaidDiagrams {
			ok = ok || strings.HasPrefix(first, d+" ") || first == d
		}
		assert.True(t, ok, "%s: starts with %q, not a diagram type of %v", b, first, mermaidDiagrams)
	}
}
