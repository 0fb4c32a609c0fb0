//go:build engine

package engine

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/sdk/go/orgbackup"
	"github.com/orgbackup/pulumi-orgbackup/tests/engine/calls"
)

// lagPitr is the example whose deployment ca-prod has a multi-party
// approval team: its central air-gapped vaults are aws-native's, and its
// plan backs up into an air-gapped vault in each member account.
const (
	lagPitr     = "../../examples/config/lag-pitr.yaml"
	lagPitrTeam = "arn:aws:mpa:us-east-1:888888888888:approval-team/ca-prod-recovery"
)

// lagPitrRegions are the example's regions, the stack's own first.
var lagPitrRegions = []string{region, "eu-west-1"}

// exampleProgram is a Pulumi YAML program of project that runs OrgBackup
// with the example configuration config (its context left out: the
// component looks it up), inputs overridden by overrides, and exports the
// deployments.
func exampleProgram(t *testing.T, config, project string, overrides map[string]any) string {
	t.Helper()
	data, err := os.ReadFile(config)
	require.NoError(t, err)
	var inputs map[string]any
	require.NoError(t, yaml.Unmarshal(data, &inputs))
	delete(inputs, "context")
	for k, v := range overrides {
		inputs[k] = v
	}
	out, err := yaml.Marshal(map[string]any{
		"name": project, "runtime": "yaml",
		"resources": map[string]any{"backup": map[string]any{"type": "orgbackup:index:OrgBackup", "properties": inputs}},
		"outputs":   map[string]any{"deployments": "${backup.deployments}"},
	})
	require.NoError(t, err)
	return string(out)
}

// TestLagPitrExample runs lag-pitr.yaml as a central stack: preview, then
// up creates every resource once, the air-gapped vaults as aws-native's
// with the deployment's team (looked up first, to adopt them), their
// policies pulumi-aws's on the vaults' backupVaultName; a no-op preview,
// up and refresh; destroy keeps the air-gapped vaults; a stack created
// again adopts them (import) and replaces nothing.
func TestLagPitrExample(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	stack := h.yamlStack("lag-pitr", exampleProgram(t, lagPitr, "orgbackup-lag-pitr", nil), World{})

	mark := h.mark()
	preview, err := stack.Preview(ctx)
	require.NoError(t, err)
	assert.Empty(t, changing(h.calls(mark)), "a preview changes nothing")

	mark = h.mark()
	up, err := stack.Up(ctx)
	require.NoError(t, err)
	upCalls := h.calls(mark)
	resources := h.resources(stack)
	assert.Equal(t, stateURNs(resources), urns(byMethod(upCalls, "Create")),
		"up creates every resource of the state once")
	assert.Equal(t, preview.ChangeSummary["create"], (*up.Summary.ResourceChanges)["create"],
		"the preview announced what up created")
	assertRetention(t, resources)

	// Two configurations (the plan's 7-35, the retained 7-12) in each region.
	assert.Empty(t, ofType(resources, desired.BackupLogicallyAirGapped), "with a team, no air-gapped vault is pulumi-aws's")
	vaults := ofType(resources, desired.BackupAirGappedVault)
	regions := regionsOf(upCalls)
	assertOnAWSNative(t, upCalls, vaults)
	var placed []string
	for _, v := range vaults {
		name := v.Inputs["backupVaultName"]
		placed = append(placed, regions[v.URN]+"/"+v.ID)
		assert.True(t, strings.HasSuffix(v.URN, "-"+regions[v.URN]), "%s is created in its region", v.URN)
		assertAirGappedVault(t, v, "111111111111", regions[v.URN])
		assert.Equal(t, map[string]any{"CostCentre": "platform"}, v.Inputs["backupVaultTags"], v.URN)
		// The vault's policy stays pulumi-aws's, on the vault's backupVaultName output.
		policies := resourceURNs(resources, func(r stateResource) bool {
			return r.Type == desired.BackupVaultPolicy && urnName(r.URN) == urnName(v.URN)+"-policy"
		})
		if assert.Len(t, policies, 1, "%s has its policy", v.URN) {
			policy := byURN(resources, policies[0])
			assert.Equal(t, name, policy.Inputs["backupVaultName"], policy.URN)
			assert.Equal(t, regions[v.URN], regions[policy.URN], policy.URN)
			assert.Contains(t, policy.Inputs["policy"], v.Outputs["backupVaultArn"], "%s names its vault", policy.URN)
		}
	}
	assert.ElementsMatch(t, []string{
		"eu-west-2/aws-backup-ca-prod-lag-7-35", "eu-west-2/aws-backup-ca-prod-lag-7-12",
		"eu-west-1/aws-backup-ca-prod-lag-7-35", "eu-west-1/aws-backup-ca-prod-lag-7-12",
	}, placed)
	// Adopt: each vault is looked up (pulumi-aws getVault, in its region) and, absent, created.
	lookups := map[string]int{}
	for _, c := range upCalls {
		if c.Method == "Invoke" && c.Token == desired.GetBackupVault {
			lookups[c.Region]++
			assert.NotEmpty(t, c.Error, "no vault exists yet")
		}
	}
	assert.Equal(t, map[string]int{"eu-west-2": 2, "eu-west-1": 2}, lookups)
	t.Logf("up: %d resources created, %d air-gapped vaults on aws-native", len(resources), len(vaults))
	// Restore testing (docs/restore-testing.md): a plan in each region over
	// the region's locked and air-gapped vaults, a selection per tested type
	// naming the plan and the restore testing role.
	plans := ofType(resources, desired.BackupRestoreTestingPlan)
	require.Len(t, plans, len(lagPitrRegions), "one restore testing plan per region")
	for _, p := range plans {
		assert.Equal(t, "aws_backup_ca_prod_restore_testing", p.Inputs["name"], p.URN)
		assert.Contains(t, p.Outputs["arn"], ":restore-testing-plan:aws_backup_ca_prod_restore_testing-", p.URN)
		selection, _ := p.Inputs["recoveryPointSelection"].(map[string]any)
		assert.ElementsMatch(t, []any{
			"arn:aws:backup:" + regions[p.URN] + ":111111111111:backup-vault:aws-backup-ca-prod-standard-7-12",
			"arn:aws:backup:" + regions[p.URN] + ":111111111111:backup-vault:aws-backup-ca-prod-standard-7-35",
			"arn:aws:backup:" + regions[p.URN] + ":111111111111:backup-vault:aws-backup-ca-prod-lag-7-12",
			"arn:aws:backup:" + regions[p.URN] + ":111111111111:backup-vault:aws-backup-ca-prod-lag-7-35",
		}, selection["includeVaults"], "%s tests the region's locked and air-gapped vaults", p.URN)
	}
	selections := ofType(resources, desired.BackupRestoreTestingSelection)
	require.Len(t, selections, 2*len(lagPitrRegions), "DynamoDB and EC2 in each region")
	for _, sel := range selections {
		assert.Equal(t, "aws_backup_ca_prod_restore_testing", sel.Inputs["restoreTestingPlanName"], sel.URN)
		assert.Equal(t, "arn:aws:iam::111111111111:role/aws-backup-ca-prod-restore-testing", sel.Inputs["iamRoleArn"], sel.URN)
		assert.False(t, sel.RetainOnDelete, "%s goes with the stack", sel.URN)
	}

	assertAuditReports(t, resources, upCalls, regions)

	mark = h.mark()
	_, err = stack.Preview(ctx, optpreview.ExpectNoChanges())
	require.NoError(t, err)
	_, err = stack.Up(ctx, optup.ExpectNoChanges())
	require.NoError(t, err)
	_, err = stack.Refresh(ctx, optrefresh.ExpectNoChanges())
	require.NoError(t, err)
	assert.Empty(t, changing(h.calls(mark)), "no-op preview, up and refresh change nothing")

	mark = h.mark()
	assertDestroyKeepsRetained(t, h, stack, resources)
	destroyed := urns(byMethod(h.calls(mark), "Delete"))
	for _, urn := range destroyed {
		assert.NotContains(t, stateURNs(vaults), urn, "an air-gapped vault reached Delete")
	}
	// The report bucket, its Object Lock configuration and its other
	// configuration stay; the frameworks and report plans go.
	for _, r := range resources {
		switch {
		case strings.HasPrefix(r.Type, "aws:s3/"):
			assert.NotContains(t, destroyed, r.URN, "%s is kept", r.URN)
		case r.Type == desired.BackupFramework || r.Type == desired.BackupReportPlan:
			assert.Contains(t, destroyed, r.URN, "%s is deleted", r.URN)
		}
	}

	// What destroy left: a stack created again adopts the air-gapped vaults
	// and the report bucket with its policy.
	world := World{Vaults: existingVaults(resources, regions, desired.BackupAirGappedVault),
		Buckets: existingBuckets(resources, regions)}
	again := h.yamlStack("lag-pitr-again", exampleProgram(t, lagPitr, "orgbackup-lag-pitr-again", nil), world)
	assertAdopts(t, h, again, world, desired.BackupAirGappedVault, vaults)
	mark = h.mark()
	_, err = again.Up(ctx, optup.ExpectNoChanges())
	require.NoError(t, err)
	assert.Empty(t, changing(h.calls(mark)))
	assertDestroyKeepsRetained(t, h, again, h.resources(again))
}

// TestMemberAccountAirGappedVaults runs lag-pitr.yaml with member stacks
// in a central stack, then MemberAccount for ca-prod in a member account's
// stack: up creates the account's air-gapped vault AirGappedVault-<region>
// in both regions on aws-native, with its policy and the team; a second
// up changes nothing; destroy keeps the vaults; a stack created again
// adopts them (import) and replaces nothing.
func TestMemberAccountAirGappedVaults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	central := h.yamlStack("lag-central", exampleProgram(t, lagPitr, "orgbackup-lag-central",
		map[string]any{"memberAccountResources": string(orgbackup.MemberAccountResourcesMemberAccountStacks)}), World{})
	up, err := central.Up(ctx)
	require.NoError(t, err)
	config := deploymentsOutput(t, up.Outputs)["ca-prod"].MemberAccountConfig
	require.NotNil(t, config.MemberLagVaultConfig)
	assert.Equal(t, "7-35", *config.MemberLagVaultConfig)
	require.NotNil(t, config.MpaApprovalTeamArn)
	assert.Equal(t, lagPitrTeam, *config.MpaApprovalTeamArn)
	name := config.MemberAccountResourceNamePrefix + "ca-prod-lag-7-35"
	assert.Equal(t, "org-aws-backup-ca-prod-lag-7-35", name)

	program := memberAccountProgram("organization/orgbackup-lag-central/test", "ca-prod")
	member := h.goStack("member", program, World{AccountID: memberAccount})
	mark := h.mark()
	_, err = member.Up(ctx)
	require.NoError(t, err)
	upCalls := h.calls(mark)
	resources := h.resources(member)
	assert.Equal(t, stateURNs(resources), urns(byMethod(upCalls, "Create")),
		"no vault exists yet: up creates every resource once")
	regions := regionsOf(upCalls)
	vaults := ofType(resources, desired.BackupAirGappedVault)
	require.Len(t, vaults, len(lagPitrRegions), "one air-gapped vault in each region")
	assertOnAWSNative(t, upCalls, vaults)
	for _, r := range lagPitrRegions {
		i := slices.IndexFunc(vaults, func(v stateResource) bool { return urnName(v.URN) == "member-AirGappedVault-"+r })
		if !assert.GreaterOrEqual(t, i, 0, "AirGappedVault-%s", r) {
			continue
		}
		v := vaults[i]
		assert.Equal(t, r, regions[v.URN], "%s is created in its region, by aws-native", v.URN)
		assert.Equal(t, name, v.ID)
		assertAirGappedVault(t, v, memberAccount, r)
		assert.Equal(t, float64(7), v.Inputs["minRetentionDays"])
		assert.Equal(t, float64(35), v.Inputs["maxRetentionDays"])
		assert.Equal(t, map[string]any{"CostCentre": "platform"}, v.Inputs["backupVaultTags"], v.URN)
		// The policy is the vault's own input, a JSON object, resolved for the account.
		policy, ok := v.Inputs["accessPolicy"].(map[string]any)
		if assert.True(t, ok, "%s: accessPolicy is a JSON object: %v", v.URN, v.Inputs["accessPolicy"]) {
			var sids []string
			for _, s := range policy["Statement"].([]any) {
				sids = append(sids, s.(map[string]any)["Sid"].(string))
			}
			assert.ElementsMatch(t, []string{"ProtectVaultAndContents", "OnlyBackupsWrite", "ProtectRecoveryPointTags",
				"ProtectApprovalTeam", "ProtectVaultPolicy"}, sids, v.URN)
			text, err := json.Marshal(policy)
			require.NoError(t, err)
			assert.NotContains(t, string(text), "${AWS::", v.URN)
			assert.Contains(t, string(text), "arn:aws:iam::"+memberAccount+":role/", v.URN)
		}
	}
	assert.Empty(t, resourceURNs(resources, func(r stateResource) bool {
		return r.Type == desired.BackupVaultPolicy && strings.Contains(r.URN, "AirGappedVault")
	}), "the air-gapped vault's policy is no resource of its own")

	h.assertNoOp(ctx, member)

	assertDestroyKeepsRetained(t, h, member, resources)

	// What destroy left: a stack created again adopts every vault.
	world := World{AccountID: memberAccount, Vaults: existingVaults(resources, regions, desired.BackupVault,
		desired.BackupAirGappedVault)}
	again := h.goStack("member-again", program, world)
	assertAdopts(t, h, again, world, desired.BackupAirGappedVault, vaults)
	mark = h.mark()
	_, err = again.Up(ctx, optup.ExpectNoChanges())
	require.NoError(t, err)
	assert.Empty(t, changing(h.calls(mark)))

	assertDestroyKeepsRetained(t, h, again, h.resources(again))
	assertDestroyKeepsRetained(t, h, central, h.resources(central))
}

// assertAirGappedVault checks what every aws-native air-gapped vault of
// OrgBackup has: retained, the deployment's team, its name as id and
// output, and its ARN in account and region.
func assertAirGappedVault(t *testing.T, v stateResource, account, region string) {
	t.Helper()
	name, _ := v.Inputs["backupVaultName"].(string)
	assert.True(t, v.RetainOnDelete, "%s is retained", v.URN)
	assert.Equal(t, lagPitrTeam, v.Inputs["mpaApprovalTeamArn"], "%s has the deployment's team", v.URN)
	assert.Equal(t, name, v.ID, v.URN)
	assert.Equal(t, name, v.Outputs["backupVaultName"], v.URN)
	assert.Equal(t, "arn:aws:backup:"+region+":"+account+":backup-vault:"+name, v.Outputs["backupVaultArn"], v.URN)
}

// assertAdopts runs up on stack, a stack created again where world holds
// what an earlier one left: every vault of the state that exists is
// imported, and none is created, updated, replaced or deleted; a lock is
// never imported but put again (created), on an existing vault too, which
// succeeds because no lock of world is immutable yet (the grace time of the
// earlier stack's locks is not over); the resources of type typ take the
// same inputs as before (was).
func assertAdopts(t *testing.T, h *harness, stack auto.Stack, world World, typ string, was []stateResource) {
	t.Helper()
	for _, v := range world.Vaults {
		require.False(t, v.Locked && v.LockDate != nil && !v.LockDate.After(time.Now()),
			"%s's lock is immutable: the stack could not put its own", v.Name)
	}
	mark := h.mark()
	_, err := stack.Up(context.Background())
	require.NoError(t, err)
	cs := h.calls(mark)
	resources := h.resources(stack)
	regions := regionsOf(cs)
	isVault := func(r stateResource) bool {
		return r.Type == desired.BackupVault || r.Type == desired.BackupAirGappedVault
	}
	var existing, relocked []string // the state's vaults and buckets the world holds; the locks of those vaults
	for _, r := range resources {
		inWorld := func(v Vault) bool { return v.Region == regions[r.URN] && v.Name == r.ID }
		if isVault(r) && slices.ContainsFunc(world.Vaults, inWorld) {
			existing = append(existing, r.URN)
		}
		// A kept report bucket and its policy, which denies putting another.
		bucketInWorld := func(b Bucket) bool { return b.Region == regions[r.URN] && b.Name == r.ID }
		if (r.Type == desired.S3Bucket || r.Type == desired.S3BucketPolicy) && slices.ContainsFunc(world.Buckets, bucketInWorld) {
			existing = append(existing, r.URN)
		}
		if r.Type == desired.BackupVaultLockConfiguration && slices.ContainsFunc(world.Vaults, inWorld) {
			relocked = append(relocked, r.URN)
		}
	}
	slices.Sort(existing)
	require.NotEmpty(t, existing)
	assert.Equal(t, existing, urns(byMethod(cs, "Import")), "every existing vault and bucket is imported, no lock")
	for _, c := range byMethod(cs, "Import") {
		assert.Equal(t, byURN(resources, c.URN).ID, c.ID, "%s is imported by its name", c.URN)
	}
	for _, method := range []string{"Create", "Update", "Delete"} {
		for _, c := range byMethod(cs, method) {
			assert.NotContains(t, existing, c.URN, "an adopted vault or bucket reached %s", method)
		}
	}
	for _, urn := range relocked {
		i := slices.IndexFunc(byMethod(cs, "Create"), func(c calls.Call) bool { return c.URN == urn })
		if assert.GreaterOrEqual(t, i, 0, "%s, on an existing vault, is put again", urn) {
			c := byMethod(cs, "Create")[i]
			assert.Equal(t, float64(3), c.Inputs["changeableForDays"], "%s is a compliance-mode lock", urn)
		}
	}
	assert.Empty(t, byMethod(cs, "Delete"), "nothing is deleted")
	assert.Empty(t, replaced(cs), "nothing is replaced")
	adopted := ofType(resources, typ)
	require.Len(t, adopted, len(was))
	for _, r := range adopted {
		i := slices.IndexFunc(was, func(w stateResource) bool { return urnName(w.URN) == urnName(r.URN) })
		if assert.GreaterOrEqual(t, i, 0, r.URN) {
			assert.Equal(t, was[i].ID, r.ID, r.URN)
			// An import reads back the key AWS Backup made for the vault too;
			// the program never sets it.
			inputs := maps.Clone(r.Inputs)
			if key, ok := inputs["encryptionKeyArn"]; ok {
				assert.Equal(t, was[i].Outputs["encryptionKeyArn"], key, "%s keeps its key", r.URN)
				delete(inputs, "encryptionKeyArn")
			}
			assert.Equal(t, was[i].Inputs, inputs, "%s keeps its inputs", r.URN)
		}
	}
	t.Logf("adopted: %d vaults and buckets imported, %d locks put on them again, %d resources created", len(existing),
		len(relocked), len(byMethod(cs, "Create")))
}

// existingBuckets are the report buckets of resources, a destroyed
// stack's, as the double's world describes them: kept with their Object
// Lock and policy.
func existingBuckets(resources []stateResource, regions map[string]string) []Bucket {
	var out []Bucket
	for _, r := range resources {
		if r.Type != desired.S3Bucket {
			continue
		}
		b := Bucket{Region: regions[r.URN], Name: r.ID, ObjectLockEnabled: r.Inputs["objectLockEnabled"] == true}
		if tags, ok := r.Inputs["tags"].(map[string]any); ok {
			b.Tags = map[string]string{}
			for k, v := range tags {
				b.Tags[k] = v.(string)
			}
		}
		for _, p := range resources {
			if p.Type == desired.S3BucketPolicy && p.Inputs["bucket"] == r.ID {
				b.Policy, _ = p.Inputs["policy"].(string)
			}
		}
		out = append(out, b)
	}
	return out
}

// assertAuditReports checks lag-pitr's audit reports (docs/audit-reports.md)
// after up: the backup account's framework in each region; in the primary
// region the report bucket with Object Lock, its versioning, default
// retention in compliance mode for maxRetentionDays, SSE-S3, public access
// block and policy, all kept on destroy, and five organization-wide report
// plans delivering to it; the policy put after every report plan and
// framework (the reports service-linked role it names exists by then).
func assertAuditReports(t *testing.T, resources []stateResource, upCalls []calls.Call, regions map[string]string) {
	t.Helper()
	const bucket = "aws-backup-ca-prod-reports-111111111111"
	frameworks := ofType(resources, desired.BackupFramework)
	require.Len(t, frameworks, len(lagPitrRegions), "the backup account's framework in each region")
	var inRegions []string
	for _, f := range frameworks {
		inRegions = append(inRegions, regions[f.URN])
		assert.Equal(t, "aws_backup_central_copies", f.Inputs["name"], f.URN)
		assert.Contains(t, f.Outputs["arn"], ":framework:aws_backup_central_copies-", f.URN)
		assert.NotEmpty(t, f.Inputs["controls"], f.URN)
	}
	assert.ElementsMatch(t, lagPitrRegions, inRegions)

	buckets := ofType(resources, desired.S3Bucket)
	require.Len(t, buckets, 1)
	b := buckets[0]
	assert.Equal(t, bucket, b.ID)
	assert.Equal(t, region, regions[b.URN], "in the primary region")
	assert.Equal(t, true, b.Inputs["objectLockEnabled"])
	assert.Equal(t, "arn:aws:s3:::"+bucket, b.Outputs["arn"])
	one := func(typ string) stateResource {
		rs := ofType(resources, typ)
		require.Len(t, rs, 1, typ)
		assert.Equal(t, bucket, rs[0].Inputs["bucket"], "%s configures the report bucket", rs[0].URN)
		assert.True(t, rs[0].RetainOnDelete, "%s is kept", rs[0].URN)
		return rs[0]
	}
	assert.Equal(t, map[string]any{"status": "Enabled"}, one(desired.S3BucketVersioning).Inputs["versioningConfiguration"])
	lock := one(desired.S3BucketObjectLock)
	assert.Equal(t, "Enabled", lock.Inputs["objectLockEnabled"])
	assert.Equal(t, map[string]any{"defaultRetention": map[string]any{"mode": "COMPLIANCE", "days": float64(35)}},
		lock.Inputs["rule"], "compliance mode for the deployment's maxRetentionDays")
	assert.Equal(t, []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "AES256"}}},
		one(desired.S3BucketEncryption).Inputs["rules"])
	pab := one(desired.S3BucketPublicAccessBlock)
	for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.Equal(t, true, pab.Inputs[k], k)
	}
	policy := one(desired.S3BucketPolicy)
	assert.Contains(t, policy.Inputs["policy"],
		"arn:aws:iam::111111111111:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports")

	plans := ofType(resources, desired.BackupReportPlan)
	require.Len(t, plans, 5)
	creates := byMethod(upCalls, "Create")
	at := func(urn string) int {
		return slices.IndexFunc(creates, func(c calls.Call) bool { return c.URN == urn })
	}
	var templates []any
	for _, p := range append(plans, frameworks...) {
		assert.Less(t, at(p.URN), at(policy.URN), "%s is created before the bucket policy", p.URN)
	}
	for _, p := range plans {
		assert.Equal(t, region, regions[p.URN], p.URN)
		channel, _ := p.Inputs["reportDeliveryChannel"].(map[string]any)
		assert.Equal(t, bucket, channel["s3BucketName"], p.URN)
		setting, _ := p.Inputs["reportSetting"].(map[string]any)
		templates = append(templates, setting["reportTemplate"])
		assert.Equal(t, []any{"eu-west-2", "eu-west-1"}, setting["regions"], p.URN)
		assert.Contains(t, p.Outputs["arn"], ":report-plan:aws_backup_ca_prod_", p.URN)
		for _, typ := range []string{desired.S3BucketVersioning, desired.S3BucketObjectLock, desired.S3BucketEncryption,
			desired.S3BucketPublicAccessBlock} {
			assert.Less(t, at(one(typ).URN), at(p.URN), "%s delivers to a configured bucket", p.URN)
		}
	}
	assert.ElementsMatch(t, []any{"BACKUP_JOB_REPORT", "COPY_JOB_REPORT", "RESTORE_JOB_REPORT",
		"CONTROL_COMPLIANCE_REPORT", "RESOURCE_COMPLIANCE_REPORT"}, templates)
}

// existingVaults are the vaults of resources, a destroyed stack's, of the
// types given that AWS still holds: the retained ones, as the double's
// world describes them, a backup vault locked with the retention range of
// the stack's lock of it (retained as well). A lock the stack put is in
// compliance mode, its lock date changeableForDays after now (the stack was
// just destroyed: still in its grace time); one it imported (no
// changeableForDays) was imported because it was immutable already
// (docs/member-accounts.md): its lock date is gone by.
func existingVaults(resources []stateResource, regions map[string]string, types ...string) []Vault {
	var out []Vault
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	tags := func(v any) map[string]string {
		m, _ := v.(map[string]any)
		if len(m) == 0 {
			return nil
		}
		out := map[string]string{}
		for k, e := range m {
			out[k] = e.(string)
		}
		return out
	}
	for _, r := range resources {
		if !r.RetainOnDelete || !slices.Contains(types, r.Type) {
			continue
		}
		switch r.Type {
		case desired.BackupVault:
			v := Vault{Region: regions[r.URN], Name: r.ID, KmsKeyArn: str(r.Inputs, "kmsKeyArn"), Tags: tags(r.Inputs["tags"])}
			if i := slices.IndexFunc(resources, func(l stateResource) bool {
				return l.Type == desired.BackupVaultLockConfiguration && l.RetainOnDelete && l.ID == r.ID &&
					regions[l.URN] == regions[r.URN]
			}); i >= 0 {
				days := func(k string) int { f, _ := resources[i].Inputs[k].(float64); return int(f) }
				v.Locked, v.MinRetentionDays, v.MaxRetentionDays = true, days("minRetentionDays"), days("maxRetentionDays")
				date := time.Now().Add(-24 * time.Hour)
				if _, put := resources[i].Inputs["changeableForDays"]; put {
					date = time.Now().Add(time.Duration(days("changeableForDays")) * 24 * time.Hour)
				}
				v.LockDate = &date
			}
			out = append(out, v)
		case desired.BackupAirGappedVault:
			days := func(k string) int { f, _ := r.Inputs[k].(float64); return int(f) }
			policy, _ := r.Inputs["accessPolicy"].(map[string]any)
			out = append(out, Vault{Region: regions[r.URN], Name: r.ID, LogicallyAirGapped: true,
				KmsKeyArn: str(r.Outputs, "encryptionKeyArn"), Tags: tags(r.Inputs["backupVaultTags"]),
				MinRetentionDays: days("minRetentionDays"), MaxRetentionDays: days("maxRetentionDays"),
				AccessPolicy: policy, MpaApprovalTeamArn: str(r.Inputs, "mpaApprovalTeamArn")})
		}
	}
	return out
}

// assertOnAWSNative checks the aws-native plugin, not pulumi-aws, created vaults.
func assertOnAWSNative(t *testing.T, cs []calls.Call, vaults []stateResource) {
	t.Helper()
	for _, c := range byMethod(cs, "Create") {
		if slices.Contains(stateURNs(vaults), c.URN) {
			assert.Equal(t, desired.AWSNative, c.Package, c.URN)
		}
	}
}

func stateURNs(resources []stateResource) []string {
	return resourceURNs(resources, func(stateResource) bool { return true })
}

func ofType(resources []stateResource, typ string) []stateResource {
	var out []stateResource
	for _, r := range resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

func byURN(resources []stateResource, urn string) stateResource {
	for _, r := range resources {
		if r.URN == urn {
			return r
		}
	}
	return stateResource{}
}

// regionsOf maps the URN of every resource cs created or imported to the
// region of the provider that did.
func regionsOf(cs []calls.Call) map[string]string {
	out := map[string]string{}
	for _, c := range cs {
		if (c.Method == "Create" || c.Method == "Import") && !c.Preview {
			out[c.URN] = c.Region
		}
	}
	return out
}

// urnName is the logical name of urn.
func urnName(urn string) string { return urn[strings.LastIndex(urn, "::")+2:] }
