// Package yamlprogram checks Pulumi YAML programs against schema.json, for
// tests on machines without a Pulumi YAML runtime: resource types, input
// properties (recursively, with enums and required inputs) and the output
// properties the program reads.
package yamlprogram

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"

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

// Schema is what the checks read of a package schema.
type Schema struct {
	Resources map[string]struct {
		InputProperties map[string]property
		RequiredInputs  []string
		Properties      map[string]property
	}
	Types map[string]objectType
}

// Program is a Pulumi YAML program's resources and outputs.
type Program struct {
	Resources map[string]struct {
		Type       string
		Properties map[string]any
	}
	Outputs map[string]any
}

// LoadSchema reads a schema.json.
func LoadSchema(t require.TestingT, path string) Schema {
	var s Schema
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &s))
	return s
}

// Parse reads a program from its YAML text.
func Parse(t require.TestingT, code []byte) Program {
	var p Program
	require.NoError(t, yaml.Unmarshal(code, &p))
	return p
}

var (
	interpolation = regexp.MustCompile(`^\$\{[^}]+\}$`)
	// OutputRead matches an expression reading ${resource.property}.
	OutputRead = regexp.MustCompile(`\$\{(\w+)\.(\w+)`)
)

// Check checks every resource of p against s and every output read of p
// against the properties its resource outputs.
func Check(t require.TestingT, s Schema, p Program) {
	require.NotEmpty(t, p.Resources)
	for name, r := range p.Resources {
		spec, ok := s.Resources[r.Type]
		require.True(t, ok, "%s: no resource type %s in schema.json", name, r.Type)
		s.checkObject(t, name, spec.InputProperties, spec.RequiredInputs, r.Properties)
	}
	for name, expr := range p.Outputs {
		text, _ := expr.(string)
		for _, m := range OutputRead.FindAllStringSubmatch(text, -1) {
			r, ok := p.Resources[m[1]]
			if assert.True(t, ok, "output %s reads %s, which is no resource of the program", name, m[1]) {
				assert.Contains(t, s.Resources[r.Type].Properties, m[2], "output %s reads an output of %s", name, m[1])
			}
		}
	}
}

// checkObject checks values against an object's properties, recursively.
func (s Schema) checkObject(t require.TestingT, path string, props map[string]property, required []string, values map[string]any) {
	for _, r := range required {
		assert.Contains(t, values, r, "%s: required property %s is missing", path, r)
	}
	for key, v := range values {
		prop, ok := props[key]
		if assert.True(t, ok, "%s.%s is not a property", path, key) {
			s.checkValue(t, path+"."+key, prop, v)
		}
	}
}

func (s Schema) checkValue(t require.TestingT, path string, prop property, v any) {
	if text, ok := v.(string); ok && interpolation.MatchString(text) {
		return // an output of another resource or a configuration value
	}
	if prop.Ref != "" {
		typ, ok := s.Types[strings.TrimPrefix(prop.Ref, "#/types/")]
		require.True(t, ok, "%s: %s is not in schema.json", path, prop.Ref)
		if len(typ.Enum) > 0 {
			var allowed []string
			for _, e := range typ.Enum {
				allowed = append(allowed, e.Value)
			}
			assert.Contains(t, allowed, v, path)
			return
		}
		if object, ok := v.(map[string]any); assert.True(t, ok, "%s: an object is expected", path) {
			s.checkObject(t, path, typ.Properties, typ.Required, object)
		}
		return
	}
	switch prop.Type {
	case "array":
		if list, ok := v.([]any); assert.True(t, ok, "%s: a list is expected", path) {
			for _, e := range list {
				s.checkValue(t, path+"[]", *prop.Items, e)
			}
		}
	case "object":
		if object, ok := v.(map[string]any); assert.True(t, ok, "%s: a map is expected", path) {
			for k, e := range object {
				s.checkValue(t, path+"["+k+"]", *prop.AdditionalProperties, e)
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
