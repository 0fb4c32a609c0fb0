package config

import (
	"bytes"
	"encoding/json"
	"fmt"

	"gopkg.in/yaml.v3"
)

// File is what the render command reads: the OrgBackup inputs with the
// schema's names, plus the context the component would look up in AWS.
type File struct {
	Context Context `json:"context"`
	Config
}

// Load parses a YAML or JSON file strictly: unknown fields are errors.
func Load(data []byte) (File, error) {
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return File{}, fmt.Errorf("parsing config: %w", err)
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
