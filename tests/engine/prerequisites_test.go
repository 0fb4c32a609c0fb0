//go:build engine

package engine

import (
	"context"
	"os"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
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
// Backup's delegated administrator: that registration is imported and
// retained, the StackSets one is created, with RAM sharing, cross-account
// backup (both retained), the delegation policy and the guard SCP with its
// attachment; a second preview and up change nothing; destroy deletes what
// the component made and never reaches Delete for the retained ones.
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
	types := map[string]int{}
	for _, r := range resources {
		types[r.Type]++
	}
	assert.Equal(t, map[string]int{
		desired.RAMSharingWithOrganization: 1, desired.BackupGlobalSettings: 1,
		desired.OrganizationsDelegatedAdministrator: 2, desired.OrganizationsResourcePolicy: 1,
		desired.OrganizationsPolicy: 1, desired.OrganizationsAttachment: 1,
	}, types)

	imported := byMethod(h.calls(mark), "Import")
	require.Len(t, imported, 1, "the existing registration is imported, nothing else")
	assert.Equal(t, "111111111111/backup.amazonaws.com", imported[0].ID)
	created := urns(byMethod(h.calls(mark), "Create"))
	assert.Len(t, created, len(resources)-1, "every other resource is created")
	assert.NotContains(t, created, imported[0].URN)

	retained := map[string]bool{}
	for _, r := range resources {
		retained[r.ID] = r.RetainOnDelete
	}
	assert.True(t, retained["111111111111/backup.amazonaws.com"], "the adopted registration is retained")
	assert.False(t, retained["111111111111/member.org.stacksets.cloudformation.amazonaws.com"],
		"the registration the component made goes on destroy")
	for _, r := range resources {
		switch r.Type {
		case desired.RAMSharingWithOrganization, desired.BackupGlobalSettings:
			assert.True(t, r.RetainOnDelete, r.URN)
		case desired.OrganizationsResourcePolicy:
			assert.Equal(t, up.Outputs["delegationPolicy"].Value, r.Inputs["content"])
			assert.NotContains(t, r.Inputs["content"], desired.ServiceControlPolicy,
				"the management account keeps the SCPs: the backup account gets no right on them")
		case desired.OrganizationsAttachment:
			assert.Equal(t, "ou-abcd-defghijk", r.Inputs["targetId"])
		}
	}
	guards := up.Outputs["guardPolicyIds"].Value.(map[string]any)
	assert.Contains(t, outputsOf(resources, "id"), guards["website-service"])
	assert.Empty(t, up.Outputs["manualSteps"].Value)
	principals, _ := up.Outputs["delegatedAdministrators"].Value.([]any)
	assert.Equal(t, []any{"backup.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com"}, principals)

	mark = h.mark()
	_, err = stack.Preview(ctx, optpreview.ExpectNoChanges())
	require.NoError(t, err)
	_, err = stack.Up(ctx, optup.ExpectNoChanges())
	require.NoError(t, err)
	assert.Empty(t, changing(h.calls(mark)))

	assertDestroyKeepsRetained(t, h, stack, resources)
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
