// Package yaml checks the Pulumi YAML example against schema.json: no YAML
// runtime runs here, so its types and properties are checked instead.
package yaml

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/internal/yamlprogram"
)

func load(t *testing.T) (yamlprogram.Schema, yamlprogram.Program) {
	data, err := os.ReadFile("Pulumi.yaml")
	require.NoError(t, err)
	return yamlprogram.LoadSchema(t, "../../schema.json"), yamlprogram.Parse(t, data)
}

// Resource types and inputs, and the outputs the program reads, match the schema.
func TestProgramMatchesTheSchema(t *testing.T) {
	s, p := load(t)
	yamlprogram.Check(t, s, p)
}

// Every output of the example reads an output property of a resource.
func TestOutputsReadOutputProperties(t *testing.T) {
	_, p := load(t)
	for name, expr := range p.Outputs {
		text, _ := expr.(string)
		assert.Regexp(t, yamlprogram.OutputRead, text, name)
	}
}

// The YAML example passes the organization every example passes.
func TestSameOrganizationAsTheOtherExamples(t *testing.T) {
	_, p := load(t)
	data, err := os.ReadFile("../testdata/inputs.json")
	require.NoError(t, err)
	var want any
	require.NoError(t, json.Unmarshal(data, &want))
	got, err := json.Marshal(p.Resources["backup"].Properties)
	require.NoError(t, err)
	var normalized any
	require.NoError(t, json.Unmarshal(got, &normalized))
	assert.Equal(t, want, normalized)
}
