//go:build engine

package engine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

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
// none of the three.
//
// The vault is imported by a stack created again, its lock never
// (provider/member/resources.go: pulumi-aws's look-up cannot tell a lock
// in governance mode or before its lock date from an immutable one): the
// stack puts its own. Where the vault's lock is immutable ("On and after
// the lock date, the Vault Lock becomes immutable and cannot be changed or
// deleted", same page), the preview shows the lock created, up fails with
// AWS's refusal, and the way out of docs/member-accounts.md (pulumi import
// of the lock, under the MemberAccount) leads to an up that puts no lock
// and then to no change. Where the vault's lock is a governance-mode one
// or a compliance-mode one whose lock date is years away (one anyone
// allowed could have put before the stack, to remove it later), up puts
// the stack's compliance lock over it. Destroy never deletes the vault,
// its lock or its policy.
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

	program := memberAccountProgram("organization/orgbackup-central/test", "web")
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

	h.assertNoOp(ctx, member)

	mark = h.mark()
	assertDestroyKeepsRetained(t, h, member, resources)
	assertKeepsLockedVaults(t, h.calls(mark), regions)

	// What destroy left: the vaults, the locked one in each region with the
	// stack's lock, still in its grace time.
	left := existingVaults(resources, regionsOf(upCalls), desired.BackupVault)
	for _, r := range regions {
		i := slices.IndexFunc(left, func(v Vault) bool { return v.Region == r && v.Name == locked })
		if assert.GreaterOrEqual(t, i, 0, "%s is left in %s", locked, r) {
			v := left[i]
			assert.True(t, v.Locked && v.MinRetentionDays == 7 && v.MaxRetentionDays == 90, "%s keeps its lock: %+v", r, v)
			if assert.NotNil(t, v.LockDate, "%s: a compliance-mode lock", r) {
				assert.True(t, v.LockDate.After(time.Now()), "%s: still in its grace time", r)
			}
		}
	}

	// 1. Once the grace time is over, the lock is immutable.
	past := time.Now().Add(-24 * time.Hour)
	immutable := World{AccountID: memberAccount, Vaults: withLock(left, locked, func(v *Vault) { v.LockDate = &past })}
	again := h.goStack("member-again", program, immutable)
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
		assert.Equal(t, apitype.OpCreate, ops["member-LockedVault-"+r+"-lock"], "its lock in %s is put, not imported", r)
		assert.Equal(t, apitype.OpCreate, ops["member-LockedVault-"+r+"-policy"], "its policy in %s is put", r)
	}
	// Each region's backup, restore and locked vault; no lock.
	assert.Equal(t, 3*len(regions), preview.ChangeSummary[apitype.OpImport])
	assert.Empty(t, changing(h.calls(mark)), "a preview changes nothing")

	h.expectError("InvalidRequestException")
	mark = h.mark()
	_, err = again.Up(ctx)
	require.Error(t, err, "AWS refuses to put a lock on a vault whose lock is immutable")
	for _, text := range []string{"PutBackupVaultLockConfiguration", "InvalidRequestException", locked, "immutable"} {
		assert.Contains(t, err.Error(), text, "the user sees AWS's refusal")
	}
	var refused []string
	for _, c := range byMethod(h.calls(mark), "Create") {
		if c.Type == desired.BackupVaultLockConfiguration {
			assert.Contains(t, c.Error, "InvalidRequestException", "%s is refused", c.URN)
			refused = append(refused, c.URN)
		}
	}
	assert.NotEmpty(t, refused, "a lock was put, and refused")
	assert.Empty(t, ofType(h.resources(again), desired.BackupVaultLockConfiguration), "no lock reached the state")

	// docs/member-accounts.md: describe-backup-vault shows the lock is the
	// stack's (Locked, 7 to 90 days, a LockDate gone by: the world above),
	// then import it under the MemberAccount. Its logical name is the
	// component's child's, <MemberAccount name>-LockedVault-<region>-lock,
	// and it is read through the provider the program registers it with:
	// the stack's own (the default provider) in the stack's region, the
	// component's provider of the region in any other.
	component, providers := memberAccountURNs(t, again)
	assert.NotContains(t, providers, region, "the stack's region has the component's own provider")
	importDir := h.importProject(t, "member-again")
	mark = h.mark()
	for _, r := range regions {
		args := []string{"import", desired.BackupVaultLockConfiguration, "member-LockedVault-" + r + "-lock", locked,
			"--parent", component, "--generate-code=false", "--yes", "--stack", "test"}
		if r != region {
			require.Contains(t, providers, r, "the provider of %s is in the state", r)
			args = append(args, "--provider", providers[r])
		}
		out := h.cliOutput(t, importDir, immutable, args...)
		t.Logf("pulumi %s:\n%s", strings.Join(args, " "), out)
	}
	importCalls := byMethod(h.calls(mark), "Import") // the import's preview reads too
	assert.Len(t, slices.Compact(urns(importCalls)), len(regions), "each lock is imported")
	for _, c := range importCalls {
		assert.Equal(t, desired.BackupVaultLockConfiguration, c.Type, c.URN)
		assert.Equal(t, locked, c.ID, "%s is imported by its vault's name", c.URN)
		assert.Equal(t, strings.TrimSuffix(strings.TrimPrefix(urnName(c.URN), "member-LockedVault-"), "-lock"), c.Region,
			"%s is read in its region", c.URN)
	}
	assert.Empty(t, changing(h.calls(mark)), "an import changes nothing")

	mark = h.mark()
	_, err = again.Up(ctx)
	require.NoError(t, err, "with the lock imported, up goes through")
	for _, c := range h.calls(mark) {
		if c.Type == desired.BackupVaultLockConfiguration {
			assert.NotContains(t, []string{"Create", "Update", "Delete"}, c.Method, "%s: no lock is put again", c.URN)
			assert.Empty(t, c.Replaces, "%s is not replaced", c.URN)
		}
	}
	againResources := h.resources(again)
	assertRetention(t, againResources)
	imported := ofType(againResources, desired.BackupVaultLockConfiguration)
	require.Len(t, imported, len(regions))
	for _, l := range imported {
		assert.True(t, l.RetainOnDelete, "%s is retained", l.URN)
		assert.Equal(t, locked, l.ID, l.URN)
		assert.Equal(t, locked, l.Outputs["backupVaultName"], l.URN)
		assert.Equal(t, float64(7), l.Outputs["minRetentionDays"], l.URN)
		assert.Equal(t, float64(90), l.Outputs["maxRetentionDays"], l.URN)
	}

	h.assertNoOp(ctx, again)

	mark = h.mark()
	assertDestroyKeepsRetained(t, h, again, againResources)
	assertKeepsLockedVaults(t, h.calls(mark), regions)

	// 2. A lock anyone allowed could remove: in governance mode (no lock
	// date) in one region, in compliance mode with a lock date ten years
	// away in the other, both with a range of the attacker's choosing.
	weakLocks := map[string]func(*Vault){
		region: func(v *Vault) { v.LockDate = nil },
		"eu-west-1": func(v *Vault) {
			date := time.Now().Add(10 * 365 * 24 * time.Hour)
			v.LockDate = &date
		},
	}
	var weakVaults []Vault
	for _, v := range left {
		if set, ok := weakLocks[v.Region]; ok && v.Name == locked {
			v.MinRetentionDays, v.MaxRetentionDays = 1, 36500
			set(&v)
		}
		weakVaults = append(weakVaults, v)
	}
	weak := h.goStack("member-weak", program, World{AccountID: memberAccount, Vaults: weakVaults})
	mark = h.mark()
	_, err = weak.Up(ctx)
	require.NoError(t, err, "a lock that is not immutable is replaced")
	weakCalls := h.calls(mark)
	for _, r := range regions {
		i := slices.IndexFunc(weakCalls, func(c calls.Call) bool {
			return c.Method == "Import" && urnName(c.URN) == "member-LockedVault-"+r
		})
		require.GreaterOrEqual(t, i, 0, "the locked vault in %s is imported", r)
		assert.Equal(t, locked, weakCalls[i].ID)
		lock, lockAt := createdOnce(t, weakCalls, "member-LockedVault-"+r+"-lock")
		assert.Empty(t, lock.Error, lock.URN)
		assert.Less(t, i, lockAt, "%s is put once its vault is imported", lock.URN)
		assert.Equal(t, r, lock.Region, lock.URN)
		assert.Equal(t, map[string]any{"backupVaultName": locked, "changeableForDays": float64(3),
			"minRetentionDays": float64(7), "maxRetentionDays": float64(90)}, lock.Inputs,
			"%s: the stack's compliance lock replaces the weak one", lock.URN)
	}
	assert.Empty(t, lockImports(weakCalls), "no lock is imported")
	weakResources := h.resources(weak)
	assertRetention(t, weakResources)
	mark = h.mark()
	_, err = weak.Preview(ctx, optpreview.ExpectNoChanges())
	require.NoError(t, err)
	assert.Empty(t, changing(h.calls(mark)))
	mark = h.mark()
	assertDestroyKeepsRetained(t, h, weak, weakResources)
	assertKeepsLockedVaults(t, h.calls(mark), regions)

	assertDestroyKeepsRetained(t, h, central, h.resources(central))
}

// importProject is a project directory, next to the stack name's, from
// which pulumi import reaches the same stack: the same project name and
// stack configuration, but Pulumi YAML's runtime. pulumi import loads the
// project's language plugin, and the tier has none for Go: its Go
// programs run inline (Automation API); a user of a Go program has it.
// What an import does to the stack does not depend on the runtime.
func (h *harness) importProject(t *testing.T, name string) string {
	t.Helper()
	src, dir := filepath.Join(h.dir, name), name+"-import"
	require.NoError(t, os.MkdirAll(filepath.Join(h.dir, dir), 0o755))
	data, err := os.ReadFile(filepath.Join(src, "Pulumi.yaml"))
	require.NoError(t, err)
	var project map[string]any
	require.NoError(t, yaml.Unmarshal(data, &project))
	project["runtime"] = "yaml"
	data, err = yaml.Marshal(project)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(h.dir, dir, "Pulumi.yaml"), data, 0o644))
	config, err := os.ReadFile(filepath.Join(src, "Pulumi.test.yaml"))
	require.NoError(t, err, "the stack's configuration")
	require.NoError(t, os.WriteFile(filepath.Join(h.dir, dir, "Pulumi.test.yaml"), config, 0o644))
	return dir
}

// withLock is vaults with the lock of each vault named name changed by set.
func withLock(vaults []Vault, name string, set func(*Vault)) []Vault {
	out := slices.Clone(vaults)
	for i := range out {
		if out[i].Name == name {
			set(&out[i])
		}
	}
	return out
}

// assertKeepsLockedVaults checks no Delete of cs, a destroy's calls,
// reached the locked vault, its lock or its policy in any of regions.
func assertKeepsLockedVaults(t *testing.T, cs []calls.Call, regions []string) {
	t.Helper()
	deleted := urns(byMethod(cs, "Delete"))
	for _, r := range regions {
		for _, kept := range []string{"member-LockedVault-" + r, "member-LockedVault-" + r + "-lock",
			"member-LockedVault-" + r + "-policy"} {
			assert.False(t, slices.ContainsFunc(deleted, func(u string) bool { return urnName(u) == kept }),
				"%s reached Delete", kept)
		}
	}
}

// memberAccountURNs are the URNs in stack's state of its MemberAccount
// component and of the component's aws providers, by region.
func memberAccountURNs(t *testing.T, stack auto.Stack) (string, map[string]string) {
	t.Helper()
	exported, err := stack.Export(context.Background())
	require.NoError(t, err)
	var deployment apitype.DeploymentV3
	require.NoError(t, json.Unmarshal(exported.Deployment, &deployment))
	component, providers := "", map[string]string{}
	for _, r := range deployment.Resources {
		switch {
		case string(r.Type) == "orgbackup:index:MemberAccount":
			component = string(r.URN)
		case string(r.Type) == "pulumi:providers:aws" && component != "" && string(r.Parent) == component:
			if region, ok := r.Inputs["region"].(string); ok {
				providers[region] = string(r.URN)
			}
		}
	}
	require.NotEmpty(t, component, "the MemberAccount is in the state")
	return component, providers
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

// lockImports are the imports among cs of a lock configuration.
func lockImports(cs []calls.Call) []string {
	var out []string
	for _, c := range byMethod(cs, "Import") {
		if c.Type == desired.BackupVaultLockConfiguration {
			out = append(out, c.URN)
		}
	}
	return out
}
