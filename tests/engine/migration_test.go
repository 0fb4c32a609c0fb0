//go:build engine

package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// TestMigrationFromTheTerraformModule walks docs/migration.md through the
// engine: the resources the reference module created exist (here: the
// double holds them, created by a first stack standing in for Terraform),
// render writes import.json and fills its lookups from the module's state
// (`terraform show -json`, built from what the first stack holds), `pulumi
// import --file` adopts them into a new stack under the OrgBackup
// component, and `pulumi up` then changes none of them: it creates only
// what import.json leaves out, and a second up has no changes at all.
//
// The double reads back only vaults, so each entry carries the resource's
// inputs and outputs (the import file's "inputs" and "outputs", which skip
// the provider's Read): what the test checks is that every entry lands on
// the URN, parent, type, plugin version and id the component registers.
//
// reference.yaml is the module's README example: up creates the locked
// vault's policy, the event bus log policy, the StackSet with its
// instances (the guide deletes the module's first), and what the module
// never had: the reconciler (state machine, schedule rule, its role) and
// the alerts (topic, its key, one rule, three alarms). The vault manager's
// guard SCP and its attachment are the management account's
// (guardPolicyManagedBy ManagementAccount, the default): OrgBackup
// creates neither.
// reference-lag.yaml adds a second region, air-gapped vaults and their RAM
// share, none of which the single-region module could have created in
// eu-west-1, and an email subscription to each region's alert topic.
func TestMigrationFromTheTerraformModule(t *testing.T) {
	for _, example := range []struct {
		name    string
		world   World
		creates int
	}{
		{"reference", World{}, 16},
		{"reference-lag", World{}, 61},
	} {
		t.Run(example.name, func(t *testing.T) {
			migrate(t, "../../examples/config/"+example.name+".yaml", example.world, example.creates)
		})
	}
}

// migrate runs the migration of config's organization; creates is how
// many resources the first up creates.
func migrate(t *testing.T, config string, world World, creates int) {
	ctx := context.Background()
	h := newHarness(t)
	program := func(project string) string {
		data, err := os.ReadFile(config)
		require.NoError(t, err)
		var inputs map[string]any
		require.NoError(t, yaml.Unmarshal(data, &inputs))
		delete(inputs, "context") // what render is told, the component looks up
		out, err := yaml.Marshal(map[string]any{
			"name": project, "runtime": "yaml",
			"resources": map[string]any{"backup": map[string]any{"type": "orgbackup:index:OrgBackup", "properties": inputs}},
		})
		require.NoError(t, err)
		return string(out)
	}

	// What the reference module left in the account.
	terraform := h.yamlStack("terraform", program("orgbackup-terraform"), world)
	_, err := terraform.Up(ctx)
	require.NoError(t, err)
	existing := map[string]stateResource{} // by logical name
	for _, r := range h.resources(terraform) {
		existing[r.URN[strings.LastIndex(r.URN, "::")+2:]] = r
	}

	out := t.TempDir()
	render := func(args ...string) {
		rendered, err := exec.Command("../../bin/orgbackup", append([]string{"render", "--config", config, "--out", out}, args...)...).CombinedOutput()
		require.NoError(t, err, "%s", rendered)
	}
	render()
	var file importFile
	readJSON(t, filepath.Join(out, "import.json"), &file)
	state := terraformState(t, file, existing)
	render("--terraform-state", state)
	readJSON(t, filepath.Join(out, "import.json"), &file)

	imported := map[string]bool{}
	for i, r := range file.Resources {
		assert.NotContains(t, r.ID, "{{", "%s: every lookup is filled", r.Name)
		if r.Component {
			continue
		}
		was, ok := existing[r.Name]
		require.True(t, ok, "%s is a resource the component registers", r.Name)
		require.Equal(t, was.Type, r.Type, r.Name)
		file.Resources[i].Inputs = was.Inputs
		file.Resources[i].Outputs = was.Outputs
		imported[r.Name] = true
	}
	enriched := filepath.Join(t.TempDir(), "import.json")
	data, err := json.Marshal(file)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(enriched, data, 0o644))

	stack := h.yamlStack("migration", program("orgbackup-migration"), world)
	mark := h.mark()
	h.cli(t, "migration", world, "import", "--file", enriched, "--yes", "--stack", "test", "--skip-preview", "--generate-code=false")
	assert.Empty(t, changing(h.calls(mark)), "import changes nothing in the account")

	byURN := map[string]stateResource{}
	for _, r := range h.resources(stack) {
		byURN[r.URN] = r
	}
	for name := range imported {
		urn := "urn:pulumi:test::orgbackup-migration::orgbackup:index:OrgBackup$" + existing[name].Type + "::" + name
		if assert.Contains(t, byURN, urn, "imported under the component") {
			assert.Equal(t, idOf(file, name), byURN[urn].ID)
		}
	}

	mark = h.mark()
	up, err := stack.Up(ctx)
	require.NoError(t, err)
	changes := *up.Summary.ResourceChanges
	assert.Equal(t, len(imported)+2, changes["same"], "the stack, the component and every imported resource stay the same")
	delete(changes, "same")
	delete(changes, "create")
	assert.Empty(t, changes, "up only creates")
	var notImported []string
	for name, r := range existing {
		if !imported[name] {
			notImported = append(notImported, r.URN[strings.LastIndex(r.URN, "$")+1:])
		}
	}
	var created []string
	for _, c := range changing(h.calls(mark)) {
		assert.Equal(t, "Create", c.Method, "up changes no imported resource: %s %s", c.Method, c.URN)
		created = append(created, c.URN[strings.LastIndex(c.URN, "$")+1:])
	}
	slices.Sort(notImported)
	slices.Sort(created)
	assert.Equal(t, notImported, created, "up creates exactly what the reference module does not create")
	assert.Len(t, created, creates)

	h.assertNoOp(ctx, stack)
}

// importFile is the part of import.json the test reads and extends.
type importFile struct {
	Resources []importEntry `json:"resources"`
}

type importEntry struct {
	Type      string         `json:"type"`
	Name      string         `json:"name"`
	ID        string         `json:"id,omitempty"`
	Parent    string         `json:"parent,omitempty"`
	Version   string         `json:"version,omitempty"`
	Component bool           `json:"component,omitempty"`
	Inputs    map[string]any `json:"inputs,omitempty"`
	Outputs   map[string]any `json:"outputs,omitempty"`
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, v))
}

func idOf(file importFile, name string) string {
	for _, r := range file.Resources {
		if r.Name == name {
			return r.ID
		}
	}
	return ""
}

// terraformState writes what `terraform show -json` shows of a stack that
// calls the reference module as module "immutable_aws_backup": for every
// lookup of file, the attribute the module's resource holds, taken from
// the resource the first stack made (the key's id, the policy's id) or, for
// EventBridge target ids, which Terraform generates, a made-up one. Values
// representation: https://developer.hashicorp.com/terraform/internals/json-format
func terraformState(t *testing.T, file importFile, existing map[string]stateResource) string {
	t.Helper()
	type resource struct {
		Address string         `json:"address"`
		Mode    string         `json:"mode"`
		Values  map[string]any `json:"values"`
	}
	var resources []resource
	seen := map[string]bool{}
	for _, r := range file.Resources {
		for _, lookup := range lookups(r.ID) {
			address, attribute := lookup[0], lookup[1]
			if seen[address] {
				continue
			}
			seen[address] = true
			var value any
			switch attribute {
			case "key_id":
				value = existing[r.Name].Outputs["keyId"]
			case "id":
				value = existing[r.Name].ID
			case "target_id":
				value = "terraform-" + strings.Repeat("0", 20) + string(rune('1'+len(resources)))
			}
			require.NotEmpty(t, value, "%s %s", address, attribute)
			resources = append(resources, resource{"module.immutable_aws_backup." + address, "managed",
				map[string]any{attribute: value}})
		}
	}
	require.NotEmpty(t, resources)
	data, err := json.Marshal(map[string]any{"format_version": "1.0", "values": map[string]any{
		"root_module": map[string]any{"child_modules": []any{map[string]any{
			"address": "module.immutable_aws_backup", "resources": resources}}}}})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "terraform-show.json")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// lookups are the [address, attribute] of each "{{terraform ADDRESS ATTRIBUTE}}" in id.
func lookups(id string) [][2]string {
	var out [][2]string
	for _, part := range strings.Split(id, "{{terraform ")[1:] {
		fields := strings.Fields(strings.SplitN(part, "}}", 2)[0])
		out = append(out, [2]string{fields[0], fields[1]})
	}
	return out
}

// cli runs the Pulumi CLI in the project directory of the stack name,
// with the environment of its workspace.
func (h *harness) cli(t *testing.T, name string, world World, args ...string) {
	t.Helper()
	env := append(h.env(name, world), "PULUMI_HOME="+os.Getenv("ORGBACKUP_PULUMI_HOME"))
	var stdout, stderr bytes.Buffer
	_, _, code, err := h.pulumi.Run(context.Background(), filepath.Join(h.dir, name), nil,
		[]io.Writer{&stdout}, []io.Writer{&stderr}, env, args...)
	require.NoError(t, err, "pulumi %s (exit %d):\n%s\n%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
}
