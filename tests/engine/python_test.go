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

// TestPythonProgram runs a Python program through Python's Automation API
// (python/flow.py, the SDK of sdk/python): up with typed outputs, a no-op
// preview, up and refresh, and destroy keeping the retained resources.
func TestPythonProgram(t *testing.T) {
	python := os.Getenv("ORGBACKUP_PYTHON")
	if python == "" {
		t.Fatal("run the engine tests with make engine (ORGBACKUP_PYTHON unset)")
	}
	h := newHarness(t)
	dir := filepath.Join(h.dir, "python")
	require.NoError(t, os.Mkdir(dir, 0o755))
	env := append(os.Environ(), h.env("python", World{})...)
	step := func(name string) map[string]any {
		cmd := exec.Command(python, "python/flow.py", name, dir)
		cmd.Env = env
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		require.NoError(t, err, "flow.py %s", name)
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		var result map[string]any
		require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &result))
		return result
	}
	mark := h.mark()
	up := step("up")
	// The same stack, selected from Go to read its state.
	stack, err := auto.SelectStackInlineSource(context.Background(), "test", "orgbackup-python", nil,
		append(h.options("python", World{}), auto.WorkDir(dir))...)
	require.NoError(t, err)
	resources := h.resources(stack)
	assert.Equal(t, resourceURNs(resources, func(stateResource) bool { return true }), urns(byMethod(h.calls(mark), "Create")))
	outputs := up["outputs"].(map[string]any)
	assert.Contains(t, outputsOf(resources, "arn"), outputs["standardVaultArn"])
	assert.True(t, strings.HasPrefix(outputs["kmsKeyId"].(string), "mrk-"))
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
