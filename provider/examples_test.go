package provider

import (
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

var update = flag.Bool("update", false, "rewrite the example fixtures")

// TestExampleFixtures keeps the fixtures of the language examples' tests
// true: inputs.json is the organization every example passes to OrgBackup,
// deployments.json what OrgBackup outputs for it (under these mocks).
func TestExampleFixtures(t *testing.T) {
	data, err := os.ReadFile("../examples/config/reference-lag.yaml")
	require.NoError(t, err)
	f, err := config.Load(data)
	require.NoError(t, err)
	inputs, err := json.MarshalIndent(f.Config, "", "  ")
	require.NoError(t, err)

	_, deployments, err := run(argsOf(f.Config))
	require.NoError(t, err)
	outputs, err := json.MarshalIndent(exported(reflect.ValueOf(deployments)), "", "  ")
	require.NoError(t, err)

	for path, content := range map[string][]byte{
		"../examples/testdata/inputs.json":      append(inputs, '\n'),
		"../examples/testdata/deployments.json": append(outputs, '\n'),
	} {
		if *update {
			require.NoError(t, os.WriteFile(path, content, 0o644))
		}
		committed, err := os.ReadFile(path)
		require.NoError(t, err, "run go test ./provider -run TestExampleFixtures -update")
		assert.Equal(t, string(content), string(committed), path)
	}
}
