//go:build engine

package engine

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPythonProgram runs python/flow.py, a program of the Python SDK of
// sdk/python, through Python's Automation API.
func TestPythonProgram(t *testing.T) {
	t.Parallel()
	python := os.Getenv("ORGBACKUP_PYTHON")
	require.NotEmpty(t, python, "run the engine tests with make engine (ORGBACKUP_PYTHON unset)")
	testProgram(t, "orgbackup-python", python, "python/flow.py")
}

// TestTypeScriptProgram runs typescript/flow.ts, a program of the Node.js
// SDK of sdk/nodejs, through Node.js's Automation API.
func TestTypeScriptProgram(t *testing.T) {
	t.Parallel()
	testProgram(t, "orgbackup-typescript", "node", "typescript/build/flow.js")
}

// testProgram runs the steps of a flow script: up, with outputs read
// through the SDK's typed outputs; a no-op preview, up and refresh; and
// destroy, which keeps the retained resources.
func testProgram(t *testing.T, project string, command ...string) {
	h := newHarness(t)
	dir := filepath.Join(h.dir, project)
	require.NoError(t, os.Mkdir(dir, 0o755))
	env := append(os.Environ(), h.env(project, World{})...)
	step := func(name string) map[string]any {
		cmd := exec.Command(command[0], append(command[1:], name, dir)...)
		cmd.Env = env
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		require.NoError(t, err, "%s %s", command, name)
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		var result map[string]any
		require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &result))
		return result
	}

	mark := h.mark()
	up := step("up")
	// The same stack, selected from Go to read its state.
	stack, err := auto.SelectStackInlineSource(context.Background(), "test", project, nil,
		append(h.options(project, World{}), auto.WorkDir(dir))...)
	require.NoError(t, err)
	resources := h.resources(stack)
	assert.Equal(t, resourceURNs(resources, func(stateResource) bool { return true }), urns(byMethod(h.calls(mark), "Create")))
	outputs := up["outputs"].(map[string]any)
	assert.Contains(t, outputsOf(resources, "arn"), outputs["standardVaultArn"])
	assert.True(t, strings.HasPrefix(outputs["kmsKeyId"].(string), "mrk-"), outputs["kmsKeyId"])
	assertRetention(t, resources)

	mark = h.mark()
	step("noop")
	assert.Empty(t, changing(h.calls(mark)))

	mark = h.mark()
	step("destroy")
	deleted := urns(byMethod(h.calls(mark), "Delete"))
	assert.Equal(t, resourceURNs(resources, func(r stateResource) bool { return !r.RetainOnDelete }), deleted)
	assert.NotEmpty(t, resourceURNs(resources, func(r stateResource) bool { return r.RetainOnDelete }))
}
