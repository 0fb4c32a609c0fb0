//go:build engine

package engine

import (
	"context"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/sdk/go/orgbackup"
)

const memberAccount = "222222222222"

// TestMemberAccountAdoptsVaults runs OrgBackup with member stacks in a
// central stack, then MemberAccount in a member account's stack that reads
// the central stack through a real stack reference. The member account's
// vaults in one region exist already (left by the StackSet, with its
// tags): they are imported and their tags updated, the others created
// (the locked vault of in-account copies among them: the StackSet left
// none); a second up changes nothing; destroy keeps every vault.
func TestMemberAccountAdoptsVaults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	org := &organization{regions: []string{region, "eu-west-1"}, deployments: []string{"web"},
		members: orgbackup.MemberAccountResourcesMemberAccountStacks}
	central := h.goStack("central", org.program(), World{})
	up, err := central.Up(ctx)
	require.NoError(t, err)
	config := deploymentsOutput(t, up.Outputs)["web"].MemberAccountConfig

	backupVault := config.MemberAccountResourceNamePrefix + "web-cmk"
	restoreVault := config.MemberAccountResourceNamePrefix + "web-default"
	world := World{AccountID: memberAccount, Vaults: []Vault{
		{Region: region, Name: backupVault, Tags: map[string]string{"CostCentre": "stackset"},
			KmsKeyArn: "arn:aws:kms:" + region + ":" + config.CentralAccountId + ":key/" + config.KmsKeyId},
		{Region: region, Name: restoreVault},
	}}
	member := h.goStack("member", func(ctx *pulumi.Context) error {
		m, err := orgbackup.NewMemberAccount(ctx, "member", &orgbackup.MemberAccountArgs{
			CentralStack: pulumi.StringRef("organization/orgbackup-central/test"),
			Deployment:   pulumi.StringRef("web"),
			Tags:         pulumi.StringMap{"CostCentre": pulumi.String("platform")},
		})
		if err != nil {
			return err
		}
		ctx.Export("accountId", m.AccountId)
		ctx.Export("backupVaultName", m.BackupVaultName)
		return nil
	}, world)

	mark := h.mark()
	memberUp, err := member.Up(ctx)
	require.NoError(t, err)
	assert.Equal(t, memberAccount, memberUp.Outputs["accountId"].Value)
	assert.Equal(t, backupVault, memberUp.Outputs["backupVaultName"].Value)

	resources := h.resources(member)
	vaults := map[string][]string{} // region -> vault ids
	var vaultURNs []string
	for _, r := range resources {
		if r.Type == desired.BackupVault {
			vaultURNs = append(vaultURNs, r.URN)
			assert.True(t, r.RetainOnDelete, "%s is retained", r.URN)
		}
	}
	imported := urns(byMethod(h.calls(mark), "Import"))
	created := urns(byMethod(h.calls(mark), "Create"))
	for _, c := range byMethod(h.calls(mark), "Import") {
		vaults[c.Region] = append(vaults[c.Region], c.ID)
	}
	assert.ElementsMatch(t, []string{backupVault, restoreVault}, vaults[region], "the existing vaults are imported")
	assert.Empty(t, vaults["eu-west-1"])
	// The backup, restore and locked vaults (issue 20's
	// <memberPrefix><deployment>-locked-<min>-<max>) in each of the two regions.
	assert.Len(t, vaultURNs, 6)
	for _, urn := range vaultURNs {
		assert.True(t, slices.Contains(imported, urn) != slices.Contains(created, urn), "%s is imported or created, once", urn)
	}
	assert.Len(t, imported, 2)
	// The adopted vaults take the stack's tags (README: "Pulumi then brings its tags in line").
	for _, r := range resources {
		if r.Type == desired.BackupVault {
			assert.Equal(t, map[string]any{"CostCentre": "platform"}, r.Outputs["tags"], r.URN)
		}
	}
	updated := byMethod(h.calls(mark), "Update")
	assert.Equal(t, imported, urns(updated), "only the imported vaults are updated, after their import")
	for _, c := range updated {
		assert.Equal(t, []string{"tags"}, c.Diffs, c.URN)
	}

	h.assertNoOp(ctx, member)

	assertDestroyKeepsRetained(t, h, member, resources)
	assertDestroyKeepsRetained(t, h, central, h.resources(central))
}
