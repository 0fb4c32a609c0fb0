//go:build readme

package readme

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/deployer"
)

type document struct {
	Statement []struct {
		Principal map[string]string
		Action    any
		Condition map[string]map[string]string
	}
}

func actions(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	var out []string
	for _, a := range v.([]any) {
		out = append(out, a.(string))
	}
	return out
}

// The delegation policy of docs/prerequisites.md lets the backup account do
// every Organizations action the deployer policy of each example
// organization needs, other than the reads every delegated administrator
// has (RegisterDelegatedAdministrator: "It grants read-only access to
// Organizations service data",
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html).
func TestDelegationPolicyCoversTheDeployersOrganizationsActions(t *testing.T) {
	bs, err := Blocks(filepath.Join(root, "docs/prerequisites.md"), "docs/prerequisites.md")
	require.NoError(t, err)
	var delegation document
	for _, b := range bs {
		if b.Lang == "json" && strings.Contains(b.Code, `"Statement"`) {
			require.NoError(t, json.Unmarshal([]byte(b.Code), &delegation))
		}
	}
	require.NotEmpty(t, delegation.Statement, "docs/prerequisites.md holds the delegation policy")
	delegated := map[string]bool{}
	for _, s := range delegation.Statement {
		assert.Equal(t, map[string]string{"AWS": "arn:aws:iam::BACKUP_ACCOUNT_ID:root"}, s.Principal)
		for _, a := range actions(s.Action) {
			delegated[a] = true
		}
	}

	files, err := filepath.Glob(filepath.Join(root, "examples/config/*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		file, err := config.Load(data)
		require.NoError(t, err)
		built, err := central.Build(file.Config, file.Context)
		require.NoError(t, err)
		var needed document
		doc := deployer.Central(built.Config, file.Context, built.Resources)
		require.NoError(t, json.Unmarshal([]byte(doc.JSON()), &needed))
		for _, s := range needed.Statement {
			for _, a := range actions(s.Action) {
				name := strings.TrimPrefix(a, "organizations:")
				if name == a || strings.HasPrefix(name, "Describe") || strings.HasPrefix(name, "List") {
					continue
				}
				assert.True(t, delegated[a], "%s: the deployer needs %s, which the delegation policy does not allow",
					filepath.Base(f), a)
			}
		}
	}
}
