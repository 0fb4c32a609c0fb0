//go:build engine

package engine

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

const managementAccount = "999999999999"

// managementProgram is examples/yaml/management, OrgPrerequisites in the
// management account.
func managementProgram(t *testing.T) string {
	data, err := os.ReadFile("../../examples/yaml/management/Pulumi.yaml")
	require.NoError(t, err)
	return string(data)
}

// TestManagementExampleInputsAreTheBackupExamples: the management program
// passes OrgPrerequisites exactly OrgBackup's inputs of examples/yaml, and
// the backup account's id.
func TestManagementExampleInputsAreTheBackupExamples(t *testing.T) {
	type program struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	var central, management program
	data, err := os.ReadFile("../../examples/yaml/Pulumi.yaml")
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(data, &central))
	require.NoError(t, yaml.Unmarshal([]byte(managementProgram(t)), &management))
	props := management.Resources["prerequisites"].Properties
	assert.Equal(t, "111111111111", props["backupAccountId"])
	delete(props, "backupAccountId")
	assert.Equal(t, central.Resources["backup"].Properties, props)
}

// TestOrgPrerequisitesLifecycle runs examples/yaml/management through the
// engine in a management account where the backup account is already AWS
// Backup's delegated administrator: that registration is imported, the
// StackSets one created, with RAM sharing, cross-account backup, the
// delegation policy (which lets the backup account only read service
// control policies) and the guard SCP with its attachment
// (assertManagementResources); a second preview and up change nothing;
// destroy deletes only the guard SCP, its attachment and the delegation
// policy, and never reaches Delete for the registrations and the
// organization's settings, which it keeps.
func TestOrgPrerequisitesLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	world := World{AccountID: managementAccount,
		DelegatedAdministrators: map[string][]string{"backup.amazonaws.com": {"111111111111"}}}
	stack := h.yamlStack("management", managementProgram(t), world)

	mark := h.mark()
	up, err := stack.Up(ctx)
	require.NoError(t, err)
	resources := h.resources(stack)
	outputs := map[string]any{}
	for k, v := range up.Outputs {
		outputs[k] = v.Value
	}
	assertManagementResources(t, h.calls(mark), resources, outputs)

	h.assertNoOp(ctx, stack)

	mark = h.mark()
	assertDestroyKeepsRetained(t, h, stack, resources)
	var deleted []string
	for _, c := range byMethod(h.calls(mark), "Delete") {
		deleted = append(deleted, c.Type+" "+c.ID)
	}
	guard := resourceIDOf(resources, desired.OrganizationsPolicy)
	assert.ElementsMatch(t, []string{desired.OrganizationsPolicy + " " + guard,
		desired.OrganizationsAttachment + " " + exampleTarget + ":" + guard,
		desired.OrganizationsResourcePolicy + " " + resourceIDOf(resources, desired.OrganizationsResourcePolicy)}, deleted,
		"destroy deletes the guard SCP, its attachment and the delegation policy (all of it the component's), nothing else")
}

// TestOrgPrerequisitesRefusesAnUnpreparedOrganization: without trusted
// access for StackSets and the policy types on the root, the preview
// fails naming each command, and up creates nothing.
func TestOrgPrerequisitesRefusesAnUnpreparedOrganization(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	world := World{AccountID: managementAccount, ServiceAccessPrincipals: []string{"backup.amazonaws.com"},
		PolicyTypes: []string{}}
	stack := h.yamlStack("unprepared", managementProgram(t), world)
	mark := h.mark()
	_, err := stack.Preview(ctx)
	require.Error(t, err)
	for _, cmd := range []string{
		"aws cloudformation activate-organizations-access",
		"aws organizations enable-policy-type --root-id r-ab12 --policy-type BACKUP_POLICY",
		"aws organizations enable-policy-type --root-id r-ab12 --policy-type SERVICE_CONTROL_POLICY",
	} {
		assert.Contains(t, err.Error(), cmd)
	}
	assert.NotContains(t, err.Error(), "enable-aws-service-access", "trusted access for AWS Backup is there")
	_, err = stack.Up(ctx)
	require.Error(t, err)
	assert.Empty(t, changing(h.calls(mark)))
	assert.Empty(t, h.resources(stack))
}
