//go:build engine

package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// reference is the example configuration the move runs with.
const reference = "../../examples/config/reference.yaml"

// prerequisitesProgram is a Pulumi YAML program of project that runs
// OrgPrerequisites with the example configuration config (its context
// left out), the backup account's id and the inputs of overrides, and
// exports the guard SCPs' ids.
func prerequisitesProgram(t *testing.T, config, project string, overrides map[string]any) string {
	t.Helper()
	data, err := os.ReadFile(config)
	require.NoError(t, err)
	var inputs map[string]any
	require.NoError(t, yaml.Unmarshal(data, &inputs))
	delete(inputs, "context")
	inputs["backupAccountId"] = "111111111111"
	for k, v := range overrides {
		inputs[k] = v
	}
	out, err := yaml.Marshal(map[string]any{
		"name": project, "runtime": "yaml",
		"resources": map[string]any{"prerequisites": map[string]any{"type": "orgbackup:index:OrgPrerequisites", "properties": inputs}},
		"outputs":   map[string]any{"guardPolicyIds": "${prerequisites.guardPolicyIds}"},
	})
	require.NoError(t, err)
	return string(out)
}

// TestGuardPoliciesMoveToTheManagementAccount walks docs/prerequisites.md,
// "Moving existing guard SCPs to the management account", through the
// engine with the reference example:
//
//  1. a backup-account stack runs OrgBackup with guardPolicyManagedBy
//     BackupAccount, as before the release: it creates the guard SCP and
//     its attachment to the deployment's target; its deployments output
//     gives the SCP's id (guardPolicyId);
//  2. a management stack runs OrgPrerequisites with the same configuration
//     and guardPolicyIds {website-service: that id}: its preview shows the
//     SCP and its attachment as imports, and up imports both (Read of the
//     SCP by its id and of the attachment by "<target>:<id>") and creates
//     neither;
//  3. the backup stack switches to guardPolicyManagedBy ManagementAccount
//     and runs up with --exclude of the SCP's and the attachment's URNs:
//     no Delete of either reaches AWS; `pulumi state delete` of the
//     attachment, then of the SCP, succeeds;
//  4. the backup stack's preview shows no change, and warns of no missing
//     guard: the SCP is still attached, with its id, now in the
//     management stack's state alone; nothing in the whole move deleted or
//     re-created it.
func TestGuardPoliciesMoveToTheManagementAccount(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	const deployment = "website-service"

	// 1. The central stack of the backup account, owning its guard SCP. The
	// organization holds no guard yet (FullAWSAccess only).
	before := World{AttachedSCPs: map[string][]string{exampleTarget: {}}}
	backup := h.yamlStack("backup", exampleProgram(t, reference, "orgbackup-backup",
		map[string]any{"guardPolicyManagedBy": "BackupAccount"}), before)
	mark := h.mark()
	up, err := backup.Up(ctx)
	require.NoError(t, err)
	deployments, _ := up.Outputs["deployments"].Value.(map[string]any)
	website, _ := deployments[deployment].(map[string]any)
	guardID, _ := website["guardPolicyId"].(string)
	require.NotEmpty(t, guardID, "the deployments output gives the guard SCP's id: %v", website)
	// The guide's `pulumi stack output deployments --json | jq 'map_values(.guardPolicyId)'`.
	var output map[string]struct {
		GuardPolicyID string `json:"guardPolicyId"`
	}
	require.NoError(t, json.Unmarshal([]byte(h.cliOutput(t, "backup", before, "stack", "output", "deployments",
		"--json", "--stack", "test")), &output))
	assert.Equal(t, guardID, output[deployment].GuardPolicyID)

	var policy, attachment stateResource
	for _, r := range h.resources(backup) {
		switch {
		case r.Type == desired.OrganizationsPolicy && r.ID == guardID:
			policy = r
		case r.Type == desired.OrganizationsAttachment && r.Inputs["policyId"] == guardID:
			attachment = r
		}
	}
	require.NotEmpty(t, policy.URN, "the backup stack holds the guard SCP %s", guardID)
	require.NotEmpty(t, attachment.URN, "the backup stack holds the guard SCP's attachment")
	assert.Equal(t, exampleGuard, policy.Inputs["name"])
	assert.Equal(t, desired.ServiceControlPolicy, policy.Inputs["type"])
	assert.Equal(t, exampleTarget, attachment.Inputs["targetId"])
	assert.Subset(t, urns(byMethod(h.calls(mark), "Create")), []string{policy.URN, attachment.URN},
		"the backup account created the guard SCP and attached it")

	// What the organization now holds: the guard SCP, as the backup stack
	// made it, attached to the target.
	tags := map[string]string{}
	if m, ok := policy.Inputs["tags"].(map[string]any); ok {
		for k, v := range m {
			tags[k], _ = v.(string)
		}
	}
	description, _ := policy.Inputs["description"].(string)
	content, _ := policy.Inputs["content"].(string)
	organization := World{AttachedSCPs: map[string][]string{exampleTarget: {exampleGuard}},
		Policies: []Policy{{Name: exampleGuard, Type: desired.ServiceControlPolicy, Description: description,
			Content: content, Tags: tags}}}
	h.setWorld("backup", organization)
	management := organization
	management.AccountID = managementAccount

	// 2. The management stack adopts the SCP and its attachment.
	prerequisites := h.yamlStack("management", prerequisitesProgram(t, reference, "orgbackup-management",
		map[string]any{"guardPolicyIds": map[string]any{deployment: guardID}}), management)
	events := newEngineEvents()
	mark = h.mark()
	preview, err := prerequisites.Preview(ctx, optpreview.EventStreams(events.ch))
	require.NoError(t, err)
	ops := events.ops()
	var imports []string
	for urn, op := range ops {
		if op == apitype.OpImport {
			imports = append(imports, urn)
		}
	}
	slices.Sort(imports)
	managementPolicy, managementAttachment := "", ""
	for _, urn := range imports {
		switch resourceType(urn) {
		case desired.OrganizationsPolicy:
			managementPolicy = urn
		case desired.OrganizationsAttachment:
			managementAttachment = urn
		}
	}
	assert.Len(t, imports, 2, "the preview shows the SCP and its attachment as imports, nothing else: %v", imports)
	require.NotEmpty(t, managementPolicy, "the SCP is an import: %v", ops)
	require.NotEmpty(t, managementAttachment, "the attachment is an import: %v", ops)
	assert.Equal(t, 2, preview.ChangeSummary[apitype.OpImport])
	assert.Empty(t, changing(h.calls(mark)), "a preview changes nothing")

	mark = h.mark()
	upManagement, err := prerequisites.Up(ctx)
	require.NoError(t, err)
	imported := map[string]string{}
	for _, c := range byMethod(h.calls(mark), "Import") {
		imported[c.URN] = c.ID
	}
	assert.Equal(t, map[string]string{managementPolicy: guardID, managementAttachment: exampleTarget + ":" + guardID},
		imported, "up imports the SCP by its id and the attachment by target and id, nothing else")
	for _, c := range changing(h.calls(mark)) {
		assert.Equal(t, "Create", c.Method, "%s %s", c.Method, c.URN)
		assert.NotContains(t, []string{desired.OrganizationsPolicy, desired.OrganizationsAttachment}, c.Type,
			"no SCP or attachment is created: %s", c.URN)
	}
	assert.Equal(t, map[string]any{deployment: guardID}, upManagement.Outputs["guardPolicyIds"].Value)
	_, err = prerequisites.Preview(ctx, optpreview.ExpectNoChanges())
	require.NoError(t, err, "the management stack has nothing more to do")

	// 3. The backup stack lets go of them without deleting them.
	backup = h.yamlStack("backup", exampleProgram(t, reference, "orgbackup-backup",
		map[string]any{"guardPolicyManagedBy": "ManagementAccount"}), organization)
	// Without --exclude, up would delete both (and nothing else changes).
	events = newEngineEvents()
	plain, err := backup.Preview(ctx, optpreview.EventStreams(events.ch))
	require.NoError(t, err)
	ops = events.ops()
	assert.Equal(t, apitype.OpDelete, ops[policy.URN])
	assert.Equal(t, apitype.OpDelete, ops[attachment.URN])
	assert.Equal(t, 2, plain.ChangeSummary[apitype.OpDelete])
	for _, op := range []apitype.OpType{apitype.OpCreate, apitype.OpUpdate, apitype.OpReplace} {
		assert.Zero(t, plain.ChangeSummary[op], "%s: %v", op, plain.ChangeSummary)
	}
	// The URNs the guide finds with `pulumi stack --show-urns | grep vault-manager-guard`.
	guardURNs := resourceURNs(h.resources(backup), func(r stateResource) bool {
		return strings.Contains(r.URN, "vault-manager-guard")
	})
	assert.ElementsMatch(t, []string{policy.URN, attachment.URN}, guardURNs)

	mark = h.mark()
	switched, err := backup.Up(ctx, optup.Exclude(guardURNs))
	require.NoError(t, err)
	assert.Equal(t, []string{"same"}, slices.Sorted(maps.Keys(*switched.Summary.ResourceChanges)),
		"up --exclude neither creates, updates, replaces nor deletes: %v", *switched.Summary.ResourceChanges)
	assert.Empty(t, changing(h.calls(mark)), "up --exclude changes nothing in AWS")
	for _, c := range byMethod(h.calls(mark), "Delete") {
		assert.NotContains(t, []string{policy.URN, attachment.URN}, c.URN, "up --exclude deletes neither")
	}
	inState := resourceURNs(h.resources(backup), func(stateResource) bool { return true })
	assert.Contains(t, inState, policy.URN, "the excluded SCP stays in the backup stack's state")
	assert.Contains(t, inState, attachment.URN, "the excluded attachment stays in the backup stack's state")

	h.cli(t, "backup", organization, "state", "delete", attachment.URN, "--yes", "--stack", "test")
	h.cli(t, "backup", organization, "state", "delete", policy.URN, "--yes", "--stack", "test")
	inState = resourceURNs(h.resources(backup), func(stateResource) bool { return true })
	assert.NotContains(t, inState, policy.URN)
	assert.NotContains(t, inState, attachment.URN)

	// 4. Nothing left to do in the backup stack, no guard missing.
	events = newEngineEvents()
	mark = h.mark()
	_, err = backup.Preview(ctx, optpreview.ExpectNoChanges(), optpreview.EventStreams(events.ch))
	require.NoError(t, err, "the backup stack's preview shows no change")
	assert.Zero(t, countContaining(events.warnings(), "vault-manager-guard"),
		"the guard is attached, and BackupAccount's warning is gone: %q", events.warnings())
	assert.NotZero(t, invokesOf(h.calls(mark))[getPoliciesForTarget], "the preview looked the guard up")

	var owned []stateResource
	for _, r := range h.resources(prerequisites) {
		if r.URN == managementPolicy || r.URN == managementAttachment {
			owned = append(owned, r)
		}
	}
	require.Len(t, owned, 2, "the management stack holds the SCP and its attachment")
	for _, r := range owned {
		if r.Type == desired.OrganizationsPolicy {
			assert.Equal(t, guardID, r.ID, "the same SCP")
		} else {
			assert.Equal(t, exampleTarget+":"+guardID, r.ID, "still attached to the target")
		}
	}
	// guardPolicyIds can go: an import option is ignored once the
	// resource is in the state.
	prerequisites = h.yamlStack("management", prerequisitesProgram(t, reference, "orgbackup-management", nil), management)
	_, err = prerequisites.Preview(ctx, optpreview.ExpectNoChanges())
	require.NoError(t, err, "without guardPolicyIds, the management stack has nothing to do")

	for _, c := range h.calls(0) {
		if c.Method == "Delete" {
			assert.NotContains(t, []string{desired.OrganizationsPolicy, desired.OrganizationsAttachment}, c.Type,
				"no SCP or attachment was deleted during the move: %s %s", c.URN, c.ID)
		}
	}
}

// cliOutput runs the Pulumi CLI as cli does and returns what it printed.
func (h *harness) cliOutput(t *testing.T, name string, world World, args ...string) string {
	t.Helper()
	env := append(h.env(name, world), "PULUMI_HOME="+os.Getenv("ORGBACKUP_PULUMI_HOME"))
	var stdout, stderr bytes.Buffer
	_, _, code, err := h.pulumi.Run(context.Background(), filepath.Join(h.dir, name), nil,
		[]io.Writer{&stdout}, []io.Writer{&stderr}, env, args...)
	require.NoError(t, err, "pulumi %s (exit %d):\n%s\n%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
	return stdout.String()
}

// resourceType is the type of the resource urn names.
func resourceType(urn string) string { return string(resource.URN(urn).Type()) }
