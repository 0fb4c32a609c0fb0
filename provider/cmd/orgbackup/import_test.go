package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// render writes import.json, in the format of `pulumi import --file`, and
// the Terraform addresses of its entries, one a line.
func TestRenderWritesTheImportFile(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"render", "--config", "../../../examples/config/reference.yaml", "--out", out, "--name", "central"},
		&stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	data, err := os.ReadFile(filepath.Join(out, "import.json"))
	require.NoError(t, err)
	var file struct {
		Resources []struct{ Type, Name, ID, Parent string }
	}
	require.NoError(t, json.Unmarshal(data, &file))
	require.NotEmpty(t, file.Resources)
	assert.Equal(t, "central", file.Resources[0].Name)
	for _, r := range file.Resources[1:] {
		assert.Equal(t, "central", r.Parent)
		assert.True(t, strings.HasPrefix(r.Name, "central-"), r.Name)
	}
	addresses, err := os.ReadFile(filepath.Join(out, "terraform-addresses.txt"))
	require.NoError(t, err)
	assert.Len(t, strings.Split(strings.TrimSpace(string(addresses)), "\n"), len(file.Resources)-1)
}

// A Terraform state without the module's resources fails render, naming
// each lookup, and writes nothing.
func TestRenderRefusesAStateWithoutTheModule(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	require.NoError(t, os.WriteFile(state, []byte(`{"format_version":"1.0","values":{"root_module":{}}}`), 0o644))
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	code := run([]string{"render", "--config", "../../../examples/config/reference.yaml", "--out", out,
		"--terraform-state", state}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), `no resource module.deployment["website-service"].aws_kms_key.key in the Terraform state`)
	assert.NoDirExists(t, out)
}
