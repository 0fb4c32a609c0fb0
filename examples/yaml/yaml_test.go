// Package yaml checks the Pulumi YAML example against schema.json: no YAML
// runtime runs here, so its types and properties are checked instead.
package yaml

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

type property struct {
	Type                 string
	Ref                  string `json:"$ref"`
	Items                *property
	AdditionalProperties *property
}

type objectType struct {
	Properties map[string]property
	Required   []string
	Enum       []struct{ Value string }
}

type schema struct {
	Resources map[string]struct {
		InputProperties map[string]property
		RequiredInputs  []string
		Properties      map[string]property
	}
	Types map[string]objectType
}

type program struct {
	Resources map[string]struct {
		Type       string
		Properties map[string]any
	}
	Outputs map[string]string
}

func load(t *testing.T) (schema, program) {
	var s schema
	data, err := os.ReadFile("../../schema.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &s))
	var p program
	data, err = os.ReadFile("Pulumi.yaml")
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(data, &p))
	return s, p
}

func TestResourcesMatchTheSchema(t *testing.T) {
	s, p := load(t)
	require.NotEmpty(t, p.Resources)
	for name, r := range p.Resources {
		spec, ok := s.Resources[r.Type]
		require.True(t, ok, "%s: no resource type %s in schema.json", name, r.Type)
		checkObject(t, s, name, spec.InputProperties, spec.RequiredInputs, r.Properties)
	}
}

// checkObject checks values against an object's properties, recursively.
func checkObject(t *testing.T, s schema, path string, props map[string]property, required []string, values map[string]any) {
	for _, r := range required {
		assert.Contains(t, values, r, "%s: required property %s is missing", path, r)
	}
	for key, v := range values {
		prop, ok := props[key]
		if assert.True(t, ok, "%s.%s is not a property", path, key) {
			checkValue(t, s, path+"."+key, prop, v)
		}
	}
}

func checkValue(t *testing.T, s schema, path string, prop property, v any) {
	if prop.Ref != "" {
		token := strings.TrimPrefix(prop.Ref, "#/types/")
		typ, ok := s.Types[token]
		require.True(t, ok, "%s: %s is not in schema.json", path, prop.Ref)
		if len(typ.Enum) > 0 {
			var allowed []string
			for _, e := range typ.Enum {
				allowed = append(allowed, e.Value)
			}
			assert.Contains(t, allowed, v, path)
			return
		}
		object, ok := v.(map[string]any)
		if assert.True(t, ok, "%s: an object is expected", path) {
			checkObject(t, s, path, typ.Properties, typ.Required, object)
		}
		return
	}
	switch prop.Type {
	case "array":
		list, ok := v.([]any)
		if assert.True(t, ok, "%s: a list is expected", path) {
			for _, e := range list {
				checkValue(t, s, path+"[]", *prop.Items, e)
			}
		}
	case "object":
		object, ok := v.(map[string]any)
		if assert.True(t, ok, "%s: a map is expected", path) {
			for k, e := range object {
				checkValue(t, s, path+"["+k+"]", *prop.AdditionalProperties, e)
			}
		}
	case "string":
		assert.IsType(t, "", v, path)
	case "integer":
		assert.IsType(t, 0, v, path)
	case "boolean":
		assert.IsType(t, true, v, path)
	}
}

var outputPath = regexp.MustCompile(`^\$\{(\w+)\.(\w+)`)

func TestOutputsReadOutputProperties(t *testing.T) {
	s, p := load(t)
	for name, expr := range p.Outputs {
		m := outputPath.FindStringSubmatch(expr)
		require.NotNil(t, m, "%s: %s", name, expr)
		resource := p.Resources[m[1]]
		assert.Contains(t, s.Resources[resource.Type].Properties, m[2], "%s reads an output of %s", name, m[1])
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
