//go:build engine

package engine

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/sdk/go/orgbackup"
	"github.com/orgbackup/pulumi-orgbackup/tests/engine/calls"
)

// TestMemberAccountLockedVaults follows the member account's
// compliance-locked vault of in-account copies (issue 20) through the
// engine. A MemberAccount stack, in an account that holds no vault yet,
// creates in each region the vault <memberPrefix><deployment>-locked-<min>-<max>
// on the deployment key, its lock configuration (the deployment's
// retention range, changeableForDays 3, the least AWS accepts:
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html)
// and its policy; a second preview and up change nothing; destroy deletes
// the policy and never the vault or its lock. A stack created again in
// the account destroy left (the vaults, the locked one with its lock)
// imports the vault and the lock, puts no lock again ("On and after the
// lock date, the Vault Lock becomes immutable and cannot be changed or
// deleted", same page), and then sees no change.
func TestMemberAccountLockedVaults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	regions := []string{region, "eu-west-1"}
	org := &organization{regions: regions, deployments: []string{"web"},
		members: orgbackup.MemberAccountResourcesMemberAccountStacks}
	central := h.goStack("central", org.program(), World{})
	up, err := central.Up(ctx)
	require.NoError(t, err)
	config := deploymentsOutput(t, up.Outputs)["web"].MemberAccountConfig
	// The deployment's current vault configuration (organization.args: 7 to 90 days).
	require.NotNil(t, config.MemberLockedVaultConfig)
	assert.Equal(t, "7-90", *config.MemberLockedVaultConfig)
	locked := config.MemberAccountResourceNamePrefix + "web-locked-7-90"
	assert.Equal(t, "orgdeploy-aws-backup-web-locked-7-90", locked)

	program := func(ctx *pulumi.Context) error {
		_, err := orgbackup.NewMemberAccount(ctx, "member", &orgbackup.MemberAccountArgs{
			CentralStack: pulumi.StringRef("organization/orgbackup-central/test"),
			Deployment:   pulumi.StringRef("web"),
			Tags:         pulumi.StringMap{"CostCentre": pulumi.String("platform")},
		})
		return err
	}
	member := h.goStack("member", program, World{AccountID: memberAccount})
	mark := h.mark()
	_, err = member.Up(ctx)
	require.NoError(t, err)
	upCalls := h.calls(mark)
	resources := h.resources(member)
	assertRetention(t, resources)
	for _, r := range regions {
		vault, vaultAt := createdOnce(t, upCalls, "member-LockedVault-"+r)
		lock, lockAt := createdOnce(t, upCalls, "member-LockedVault-"+r+"-lock")
		policy, _ := createdOnce(t, upCalls, "member-LockedVault-"+r+"-policy")
		for _, c := range []calls.Call{vault, lock, policy} {
			assert.Equal(t, r, c.Region, "%s is created in its region", c.URN)
			assert.Equal(t, desired.AWS, c.Package, c.URN)
		}
		assert.Equal(t, desired.BackupVault, vault.Type)
		assert.Equal(t, locked, vault.ID)
		// A standard vault on the deployment key's replica in the region, as the backup vault.
		assert.Equal(t, map[string]any{"name": locked,
			"kmsKeyArn": "arn:aws:kms:" + r + ":" + config.CentralAccountId + ":key/" + config.KmsKeyId,
			"tags":      map[string]any{"CostCentre": "platform"}}, vault.Inputs, vault.URN)

		assert.Equal(t, desired.BackupVaultLockConfiguration, lock.Type)
		assert.Less(t, vaultAt, lockAt, "%s is put once its vault exists", lock.URN)
		assert.Equal(t, map[string]any{"backupVaultName": locked, "changeableForDays": float64(3),
			"minRetentionDays": float64(7), "maxRetentionDays": float64(90)}, lock.Inputs, lock.URN)

		assert.Equal(t, desired.BackupVaultPolicy, policy.Type)
		assert.Equal(t, locked, policy.Inputs["backupVaultName"], policy.URN)
		text, _ := policy.Inputs["policy"].(string)
		var doc struct {
			Statement []struct {
				Sid, Effect string
			}
		}
		require.NoError(t, json.Unmarshal([]byte(text), &doc), policy.URN)
		var sids []string
		for _, st := range doc.Statement {
			sids = append(sids, st.Sid)
			assert.Equal(t, "Deny", st.Effect, "%s: %s is one of the shared Deny statements", policy.URN, st.Sid)
		}
		assert.ElementsMatch(t, []string{"ProtectVaultAndContents", "ProtectRecoveryPointLifecycles",
			"ProtectRecoveryPointTags", "ProtectVaultPolicy"}, sids, policy.URN)
		assert.NotContains(t, text, "${AWS::", "%s is resolved for the account", policy.URN)
		assert.Contains(t, text, "arn:aws:iam::"+memberAccount+":role/", policy.URN)
	}
	locks := ofType(resources, desired.BackupVaultLockConfiguration)
	require.Len(t, locks, len(regions), "one lock in each region")
	for _, l := range locks {
		assert.True(t, l.RetainOnDelete, "%s is retained", l.URN)
		assert.Equal(t, locked, l.ID, "%s: a lock's id is its vault's name", l.URN)
		assert.Equal(t, "arn:aws:backup:"+regionsOf(upCalls)[l.URN]+":"+memberAccount+":backup-vault:"+locked,
			l.Outputs["backupVaultArn"], l.URN)
	}

	mark = h.mark()
	_, err = member.Preview(ctx, optpreview.ExpectNoChanges())
	require.NoError(t, err)
	_, err = member.Up(ctx, optup.ExpectNoChanges())
	require.NoError(t, err)
	assert.Empty(t, changing(h.calls(mark)))

	mark = h.mark()
	assertDestroyKeepsRetained(t, h, member, resources)
	deleted := urns(byMethod(h.calls(mark), "Delete"))
	for _, r := range regions {
		for _, kept := range []string{"member-LockedVault-" + r, "member-LockedVault-" + r + "-lock"} {
			assert.False(t, slices.ContainsFunc(deleted, func(u string) bool { return urnName(u) == kept }),
				"%s reached Delete", kept)
		}
		assert.True(t, slices.ContainsFunc(deleted, func(u string) bool { return urnName(u) == "member-LockedVault-"+r+"-policy" }),
			"the locked vault's policy is the stack's: destroy deletes it")
	}

	// What destroy left: the vaults, the locked one in each region with its lock.
	world := World{AccountID: memberAccount, Vaults: existingVaults(resources, regionsOf(upCalls), desired.BackupVault)}
	for _, r := range regions {
		i := slices.IndexFunc(world.Vaults, func(v Vault) bool { return v.Region == r && v.Name == locked })
		if assert.GreaterOrEqual(t, i, 0, "%s is left in %s", locked, r) {
			v := world.Vaults[i]
			assert.True(t, v.Locked && v.MinRetentionDays == 7 && v.MaxRetentionDays == 90, "%s keeps its lock: %+v", r, v)
		}
	}
	again := h.goStack("member-again", program, world)
	mark = h.mark()
	events := newEngineEvents()
	preview, err := again.Preview(ctx, optpreview.EventStreams(events.ch))
	require.NoError(t, err)
	ops := map[string]apitype.OpType{}
	for urn, op := range events.ops() {
		ops[urnName(urn)] = op
	}
	for _, r := range regions {
		assert.Equal(t, apitype.OpImport, ops["member-LockedVault-"+r], "the locked vault in %s is imported", r)
		assert.Equal(t, apitype.OpImport, ops["member-LockedVault-"+r+"-lock"], "its lock in %s is imported", r)
		assert.Equal(t, apitype.OpCreate, ops["member-LockedVault-"+r+"-policy"], "its policy in %s, deleted, is created", r)
	}
	// Each region's backup, restore and locked vault, and the lock.
	assert.Equal(t, 4*len(regions), preview.ChangeSummary[apitype.OpImport])
	assert.Empty(t, lockCreates(h.calls(mark)), "a preview plans no lock put")

	mark = h.mark()
	assertAdopts(t, h, again, world, desired.BackupVault, ofType(resources, desired.BackupVault))
	adoptCalls := h.calls(mark)
	assert.Empty(t, lockCreates(adoptCalls), "no lock is put again")
	imported := byMethod(adoptCalls, "Import")
	againResources := h.resources(again)
	for _, l := range ofType(againResources, desired.BackupVaultLockConfiguration) {
		i := slices.IndexFunc(imported, func(c calls.Call) bool { return c.URN == l.URN })
		if !assert.GreaterOrEqual(t, i, 0, "%s is imported", l.URN) {
			continue
		}
		assert.Equal(t, locked, imported[i].ID, "%s is imported by its vault's name", l.URN)
		assert.True(t, l.RetainOnDelete, "%s is retained", l.URN)
		assert.Equal(t, locked, l.Outputs["backupVaultName"], l.URN)
		assert.Equal(t, float64(7), l.Outputs["minRetentionDays"], l.URN)
		assert.Equal(t, float64(90), l.Outputs["maxRetentionDays"], l.URN)
	}
	require.Len(t, ofType(againResources, desired.BackupVaultLockConfiguration), len(regions))

	mark = h.mark()
	_, err = again.Preview(ctx, optpreview.ExpectNoChanges())
	require.NoError(t, err)
	_, err = again.Up(ctx, optup.ExpectNoChanges())
	require.NoError(t, err)
	assert.Empty(t, changing(h.calls(mark)))

	assertDestroyKeepsRetained(t, h, again, againResources)
	assertDestroyKeepsRetained(t, h, central, h.resources(central))
}

// createdOnce is the one Create outside a preview among cs of the
// resource named name, and its place in cs.
func createdOnce(t *testing.T, cs []calls.Call, name string) (calls.Call, int) {
	t.Helper()
	var found []int
	for i, c := range cs {
		if c.Method == "Create" && !c.Preview && urnName(c.URN) == name {
			found = append(found, i)
		}
	}
	require.Len(t, found, 1, "%s is created once", name)
	return cs[found[0]], found[0]
}

// lockCreates are the Creates among cs, in a preview or not, of a lock
// configuration: pulumi-aws's PutBackupVaultLockConfiguration.
func lockCreates(cs []calls.Call) []string {
	var out []string
	for _, c := range cs {
		if c.Method == "Create" && c.Type == desired.BackupVaultLockConfiguration {
			out = append(out, c.URN)
		}
	}
	return out
}
