//go:build readme

package readme

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// No Pulumi YAML runtime runs here: a YAML program's resource types, input
// properties and the outputs it reads are checked against schema.json.

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

func loadSchema(t *testing.T) schema {
	var s schema
	data, err := os.ReadFile(filepath.Join(root, "schema.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &s))
	return s
}

var (
	interpolation = regexp.MustCompile(`^\$\{[^}]+\}$`)
	outputRead    = regexp.MustCompile(`\$\{(\w+)\.(\w+)`)
)

func checkProgram(t *testing.T, s schema, code string) {
	var p struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
		Outputs map[string]any
	}
	require.NoError(t, yaml.Unmarshal([]byte(code), &p))
	require.NotEmpty(t, p.Resources)
	for name, r := range p.Resources {
		spec, ok := s.Resources[r.Type]
		require.True(t, ok, "%s: no resource type %s in schema.json", name, r.Type)
		checkObject(t, s, name, spec.InputProperties, spec.RequiredInputs, r.Properties)
		if r.Type == "orgbackup:index:OrgBackup" {
			validateInputs(t, r.Properties)
		}
	}
	for name, expr := range p.Outputs {
		text, _ := expr.(string)
		for _, m := range outputRead.FindAllStringSubmatch(text, -1) {
			r, ok := p.Resources[m[1]]
			if assert.True(t, ok, "output %s reads %s, which is no resource of the program", name, m[1]) {
				assert.Contains(t, s.Resources[r.Type].Properties, m[2], "output %s reads an output of %s", name, m[1])
			}
		}
	}
}

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
			checkObject(t, s, path, typ.Properties, typ.Required, object)
		}
		return
	}
	switch prop.Type {
	case "array":
		if list, ok := v.([]any); assert.True(t, ok, "%s: a list is expected", path) {
			for _, e := range list {
				checkValue(t, s, path+"[]", *prop.Items, e)
			}
		}
	case "object":
		if object, ok := v.(map[string]any); assert.True(t, ok, "%s: a map is expected", path) {
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
