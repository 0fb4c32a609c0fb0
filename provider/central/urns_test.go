package central

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
)

var update = flag.Bool("update", false, "rewrite the golden lists of logical names")

// A child's URN is its parent's type and its own type and logical name. For
// every example configuration, testdata/urns/<example>.txt pins them, for
// OrgBackup's children and for each deployment's MemberAccount, with the
// physical names. A change shows in the golden list's diff; a resource
// that only changed its logical name must list the old one in Aliases,
// else `pulumi up` would delete and recreate it (and for a retained locked
// vault, the create fails on the vault still there): -update refuses it.
func TestLogicalNamesAreStable(t *testing.T) {
	examples, err := filepath.Glob("../../examples/config/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, examples)
	for _, path := range examples {
		example := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(example, func(t *testing.T) {
			golden := filepath.Join("testdata", "urns", example+".txt")
			current := urnSections(t, example)
			if committed, err := os.ReadFile(golden); err == nil {
				before := parseURNs(t, string(committed))
				for section, resources := range current {
					for _, r := range desired.UnaliasedRenames(before[section], resources) {
						assert.Failf(t, "renamed without an alias", "%s: %s %s is now %s: give it Aliases: [%q] "+
							"(Pulumi would otherwise delete and recreate it)", section, r.Type, r.From, r.To, r.From)
					}
				}
			}
			text := formatURNs(example, current)
			if *update && !t.Failed() {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, []byte(text), 0o644))
			}
			committed, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./provider/central -run TestLogicalNamesAreStable -update")
			assert.Equal(t, string(committed), text, "the logical names of %s changed: a renamed resource needs "+
				"Aliases; if the change is meant, run go test ./provider/central -run TestLogicalNamesAreStable -update", example)
		})
	}
}

// urnSections plans an example: OrgBackup's children, and the children of
// each deployment's MemberAccount (as if run in the central account, in its
// first region, without AWS Backup's service-linked role yet).
func urnSections(t *testing.T, example string) map[string][]desired.Resource {
	plan, cfg := planOf(t, example, nil)
	sections := map[string][]desired.Resource{"OrgBackup": plan.Resources}
	for _, key := range cfg.DeploymentKeys() {
		in := plan.Deployments[key].Member
		in.KMSKeyID = "key"
		account := member.Account{ID: in.CentralAccountID, Region: in.Regions[0]}
		sections["MemberAccount "+key] = member.Resources(in, account)
	}
	return sections
}

const urnHeader = `# Logical names of the children of OrgBackup and of each deployment's MemberAccount for
# examples/config/%s.yaml: type, logical name, deployment, region, physical name, aliases,
# the outputs of other resources its inputs refer to ("-" for none). Rewritten by
# go test ./provider/central -run TestLogicalNamesAreStable -update.
`

func formatURNs(example string, sections map[string][]desired.Resource) string {
	var b strings.Builder
	fmt.Fprintf(&b, urnHeader, example)
	for _, section := range slices.Sorted(maps.Keys(sections)) {
		fmt.Fprintf(&b, "\n[%s]\n", section)
		for _, r := range sections[section] {
			fmt.Fprintln(&b, strings.Join([]string{r.Type, r.Name, orDash(r.Deployment), orDash(r.Region),
				orDash(r.PhysicalName), orDash(strings.Join(r.Aliases, ",")), orDash(strings.Join(refs(r), ","))}, "\t"))
		}
	}
	return b.String()
}

func parseURNs(t *testing.T, text string) map[string][]desired.Resource {
	sections := map[string][]desired.Resource{}
	section := ""
	for _, line := range strings.Split(text, "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			section = strings.Trim(line, "[]")
		default:
			f := strings.Split(line, "\t")
			require.Len(t, f, 7, line)
			r := desired.Resource{Type: f[0], Name: f[1], Deployment: fromDash(f[2]), Region: fromDash(f[3]),
				PhysicalName: fromDash(f[4])}
			if a := fromDash(f[5]); a != "" {
				r.Aliases = strings.Split(a, ",")
			}
			if refs := fromDash(f[6]); refs != "" {
				var inputs []any
				for _, ref := range strings.Split(refs, ",") {
					resource, output, _ := strings.Cut(ref, ".")
					inputs = append(inputs, desired.Out(resource, output))
				}
				r.Inputs = map[string]any{"refs": inputs}
			}
			sections[section] = append(sections[section], r)
		}
	}
	return sections
}

// refs lists the outputs of other resources r's inputs refer to, sorted
// and without repeats, as resource.output.
func refs(r desired.Resource) []string {
	var out []string
	for _, ref := range refsOf(r.Inputs) {
		out = append(out, ref.Resource+"."+ref.Output)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func fromDash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// Renaming a locked vault's logical name is a delete and a create for
// Pulumi; the check finds it, and accepts it once the old name is an alias.
func TestRenamingAResourceNeedsAnAlias(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	renamed := append([]desired.Resource(nil), plan.Resources...)
	const old = "ca-prod-standard-vault-7-35-eu-west-2"
	i := slices.IndexFunc(renamed, func(r desired.Resource) bool { return r.Name == old })
	require.GreaterOrEqual(t, i, 0)
	renamed[i].Name = "ca-prod-locked-vault-7-35-eu-west-2"
	assert.Equal(t, []desired.Rename{{Type: desired.BackupVault, From: old, To: renamed[i].Name}},
		desired.UnaliasedRenames(plan.Resources, renamed))

	renamed[i].Aliases = []string{old}
	assert.Empty(t, desired.UnaliasedRenames(plan.Resources, renamed))
	removed := slices.Delete(slices.Clone(plan.Resources), i, i+1)
	assert.Empty(t, desired.UnaliasedRenames(plan.Resources, removed), "a removal is no rename; the golden list shows it")
}

// Two vault locks of a region have no physical name; each is still told
// apart by the vault its inputs refer to, so renaming both is found.
func TestRenamingTwoLocksOfARegionNeedsAliases(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	const lockType = desired.BackupVaultLockConfiguration
	renamed := slices.Clone(plan.Resources)
	var want []desired.Rename
	for i, r := range renamed {
		if r.Type == lockType && r.Region == "eu-west-2" {
			renamed[i].Name = r.Name + "-renamed"
			want = append(want, desired.Rename{Type: lockType, From: r.Name, To: renamed[i].Name})
		}
	}
	require.Len(t, want, 2, "the example has two standard vaults in eu-west-2")
	assert.Equal(t, want, desired.UnaliasedRenames(plan.Resources, renamed))
	golden := parseURNs(t, formatURNs("lag-pitr", map[string][]desired.Resource{"OrgBackup": plan.Resources}))
	assert.Equal(t, want, desired.UnaliasedRenames(golden["OrgBackup"], renamed), "against the golden list")
}
