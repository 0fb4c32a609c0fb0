//go:build readme

package readme

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type document struct {
	Statement []struct {
		Principal map[string]string
		Action    any
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

func readDocument(t *testing.T, path string) document {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc document
	require.NoError(t, json.Unmarshal(data, &doc), path)
	return doc
}

// For every example organization, the delegation policy render writes
// (policies-organizations/delegation.json, docs/prerequisites.md step 10)
// lets the backup account do every Organizations action the deployer's
// managed policies render writes (policies-iam/deployer-<n>.json) allow,
// but ListDelegatedAdministrators, which StackSets call in the backup
// account itself; and docs/prerequisites.md holds no hand-written copy.
func TestRenderedDelegationCoversTheRenderedDeployersOrganizationsActions(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "orgbackup")
	build := exec.Command("go", "build", "-o", bin, "./provider/cmd/orgbackup")
	build.Dir = root
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))

	files, err := filepath.Glob(filepath.Join(root, "examples/config/*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		dir := t.TempDir()
		out, err := exec.Command(bin, "render", "--config", f, "--out", dir).CombinedOutput()
		require.NoError(t, err, string(out))
		delegated := map[string]bool{}
		for _, s := range readDocument(t, filepath.Join(dir, "policies-organizations", "delegation.json")).Statement {
			assert.True(t, strings.HasSuffix(s.Principal["AWS"], ":root"), "%s: the backup account's root", filepath.Base(f))
			for _, a := range actions(s.Action) {
				delegated[a] = true
			}
		}
		policies, err := filepath.Glob(filepath.Join(dir, "policies-iam", "deployer-*.json"))
		require.NoError(t, err)
		require.NotEmpty(t, policies, "%s: render writes the deployer's managed policies", filepath.Base(f))
		for _, p := range policies {
			for _, s := range readDocument(t, p).Statement {
				for _, a := range actions(s.Action) {
					if !strings.HasPrefix(a, "organizations:") || a == "organizations:ListDelegatedAdministrators" {
						continue
					}
					assert.True(t, delegated[a], "%s: %s allows %s, which the delegation policy does not",
						filepath.Base(f), filepath.Base(p), a)
				}
			}
		}
	}

	page, err := os.ReadFile(filepath.Join(root, "docs/prerequisites.md"))
	require.NoError(t, err)
	bs, err := Blocks(filepath.Join(root, "docs/prerequisites.md"), "docs/prerequisites.md")
	require.NoError(t, err)
	for _, b := range bs {
		assert.False(t, b.Lang == "json" && strings.Contains(b.Code, `"organizations:`),
			"docs/prerequisites.md: the delegation policy is rendered (policies-organizations/delegation.json), not written by hand")
	}
	assert.Contains(t, string(page), "policies-organizations/delegation.json")
}
