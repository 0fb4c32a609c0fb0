//go:build readme

package readme

import (
	"path/filepath"
	"testing"

	"github.com/orgbackup/pulumi-orgbackup/internal/yamlprogram"
)

// No Pulumi YAML runtime runs here: a YAML program's resource types, input
// properties and the outputs it reads are checked against schema.json, and
// its OrgBackup inputs validated as the component validates them.
func checkProgram(t *testing.T, s yamlprogram.Schema, code string) {
	p := yamlprogram.Parse(t, []byte(code))
	yamlprogram.Check(t, s, p)
	for _, r := range p.Resources {
		if r.Type == "orgbackup:index:OrgBackup" {
			validateInputs(t, r.Properties)
		}
	}
}

func loadSchema(t *testing.T) yamlprogram.Schema {
	return yamlprogram.LoadSchema(t, filepath.Join(root, "schema.json"))
}
