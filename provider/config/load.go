package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// File is what the render command reads: the OrgBackup inputs with the
// schema's names, plus the context the component would look up in AWS.
type File struct {
	Context Context `json:"context"`
	Config
}

// Load parses a YAML or JSON file strictly: unknown fields are Problems
// naming their paths, every one at once.
func Load(data []byte) (File, error) {
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return File{}, fmt.Errorf("parsing config: %w", err)
	}
	var ps Problems
	checkFields(&ps, "", doc, reflect.TypeFor[File]())
	if err := ps.Err(); err != nil {
		return File{}, err
	}
	asJSON, err := json.Marshal(doc)
	if err != nil {
		return File{}, fmt.Errorf("parsing config: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(asJSON))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return File{}, fmt.Errorf("reading config: %w", err)
	}
	return f, nil
}

// checkFields reports every key of v that typ has no field for, with its
// input path. Values of the wrong shape are left to the decoder.
func checkFields(ps *Problems, path string, v any, typ reflect.Type) {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Struct:
		object, ok := v.(map[string]any)
		if !ok {
			return
		}
		fields := jsonFields(typ)
		for _, key := range slices.Sorted(maps.Keys(object)) {
			fieldPath := key
			switch {
			case key == "":
				fieldPath = path + `[""]`
			case path != "":
				fieldPath = path + "." + key
			}
			field, known := fields[key]
			if !known {
				ps.Add(fieldPath, "is not a field here (known fields: %s)", strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
				continue
			}
			checkFields(ps, fieldPath, object[key], field)
		}
	case reflect.Map:
		object, _ := v.(map[string]any)
		for _, key := range slices.Sorted(maps.Keys(object)) {
			checkFields(ps, fmt.Sprintf("%s[%q]", path, key), object[key], typ.Elem())
		}
	case reflect.Slice:
		list, _ := v.([]any)
		for i, e := range list {
			checkFields(ps, fmt.Sprintf("%s[%d]", path, i), e, typ.Elem())
		}
	}
}

// jsonFields maps the JSON names of a struct's fields, promoted ones
// included, to their types.
func jsonFields(typ reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for _, f := range reflect.VisibleFields(typ) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous || name == "" || name == "-" {
			continue
		}
		fields[name] = f.Type
	}
	return fields
}
