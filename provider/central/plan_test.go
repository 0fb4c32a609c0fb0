package central

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// planOf plans an example config of examples/config.
// loadExample reads examples/config/<example>.yaml.
func loadExample(t testing.TB, example string) config.File {
	t.Helper()
	data, err := os.ReadFile("../../examples/config/" + example + ".yaml")
	require.NoError(t, err)
	f, err := config.Load(data)
	require.NoError(t, err)
	return f
}

func planOf(t testing.TB, example string, edit func(*config.File)) (Result, config.Config) {
	t.Helper()
	f := loadExample(t, example)
	if edit != nil {
		edit(&f)
	}
	built, err := Build(f.Config, f.Context)
	require.NoError(t, err)
	return built, built.Config
}

func countTypes(plan Result) map[string]int {
	counts := map[string]int{}
	for _, r := range plan.Resources {
		counts[r.Type]++
	}
	return counts
}

func find(t testing.TB, plan Result, name string) desired.Resource {
	t.Helper()
	for _, r := range plan.Resources {
		if r.Name == name {
			return r
		}
	}
	require.Failf(t, "missing resource", "%s is not planned", name)
	return desired.Resource{}
}

func TestReferenceExample(t *testing.T) {
	plan, _ := planOf(t, "reference", nil)
	assert.Equal(t, map[string]int{
		desired.IAMServiceLinkedRole:         1,
		desired.LogResourcePolicy:            1,
		desired.OrganizationsPolicy:          1, // the backup policy; the guard SCP is OrgPrerequisites'
		desired.OrganizationsAttachment:      1,
		desired.IAMRole:                      7,
		desired.IAMRolePolicy:                6,
		desired.IAMRolePolicyAttachment:      2,
		desired.KMSKey:                       2, // the deployment's and the alert topic's
		desired.KMSAlias:                     1, // the deployment key's
		desired.BackupVault:                  2,
		desired.BackupVaultPolicy:            2,
		desired.BackupVaultLockConfiguration: 1,
		desired.EventBus:                     1,
		desired.EventBusPolicy:               1,
		desired.LogGroup:                     3,
		desired.EventRule:                    5,
		desired.EventTarget:                  5,
		desired.StateMachine:                 3,
		desired.CloudFormationStackSet:       1,
		desired.CloudFormationStackInstances: 1,
		desired.SNSTopic:                     1,
		desired.MetricAlarm:                  3,
	}, countTypes(plan))
	assert.Len(t, plan.Resources, 51)

	var physical []string
	for _, r := range plan.Resources {
		if r.PhysicalName != "" && r.Type != desired.IAMRolePolicy {
			physical = append(physical, r.PhysicalName)
		}
	}
	const c = "immutable-aws-backup-website-service"
	assert.ElementsMatch(t, []string{
		"AWSServiceRoleForBackup", "immutable-aws-backup-event-buses-to-cloudwatch",
		c, // organization policy
		c + "-backup-service-role", "default-to-" + c + "-event-bus", c + "-backup-ingest-eventbridge",
		c + "-backup-ingest-sfn", c + "-backup-restore-sfn", c + "-backup-ingest-sfn-states",
		"alias/" + c, c + "-intermediate", c + "-standard-7-90",
		c, "/aws/events/" + c, "log-to-cloudwatch", "backup-events-to-" + c + "-event-bus",
		"/aws/vendedlogs/states/" + c + "-backup-ingest", c + "-backup-ingest",
		"/aws/vendedlogs/states/" + c + "-backup-restore", c + "-backup-restore",
		c + "-backup-ingest", // the rule that starts it
		c + "-backup-reconcile-sfn", c + "-backup-reconcile",
		c + "-backup-reconcile",                // its schedule rule
		"orgdeploy-aws-backup-website-service", // StackSet
		c + "-alerts", c + "-failed-jobs",
		c + "-executions-failed", c + "-rules-failed-invocations", c + "-reconciler-heartbeat",
	}, physical)
}

// TestRetainedVaultWithUnsetBounds keeps the vault of a configuration that
// set no bounds: its lock has none either.
func TestRetainedVaultWithUnsetBounds(t *testing.T) {
	plan, _ := planOf(t, "reference", func(f *config.File) {
		d := f.Config.Deployments["website-service"]
		d.RetainedVaults = []config.RetainedVault{{}}
		f.Config.Deployments["website-service"] = d
	})
	vault := find(t, plan, "website-service-standard-vault-0-0-eu-west-2")
	assert.Equal(t, "immutable-aws-backup-website-service-standard-0-0", vault.PhysicalName)
	assert.Equal(t, map[string]any{"backupVaultName": desired.Out(vault.Name, desired.OutputName), "changeableForDays": 3},
		find(t, plan, vault.Name+"-lock").Inputs)
}

func TestLockedAndAirGappedVaults(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	for _, region := range []string{"eu-west-2", "eu-west-1"} {
		for _, cfg := range []naming.VaultConfig{{MinDays: 7, MaxDays: 12}, {MinDays: 7, MaxDays: 35}} {
			vault := find(t, plan, "ca-prod-standard-vault-"+cfg.String()+"-"+region)
			assert.True(t, vault.RetainOnDelete, vault.Name)
			assert.NotContains(t, vault.Inputs, "kmsKeyArn", "locked vaults use the AWS-managed key")
			lock := find(t, plan, vault.Name+"-lock")
			assert.True(t, lock.RetainOnDelete)
			assert.Equal(t, map[string]any{"backupVaultName": desired.Out(vault.Name, desired.OutputName), "changeableForDays": 3,
				"minRetentionDays": cfg.MinDays, "maxRetentionDays": cfg.MaxDays}, lock.Inputs)

			lag := find(t, plan, "ca-prod-lag-vault-"+cfg.String()+"-"+region)
			assert.True(t, lag.RetainOnDelete)
			assert.Equal(t, desired.BackupAirGappedVault, lag.Type, "with an approval team, aws-native's vault")
			assert.Equal(t, "arn:aws:mpa:us-east-1:888888888888:approval-team/ca-prod-recovery", lag.Inputs["mpaApprovalTeamArn"])
			assert.True(t, lag.Adopt, "an existing vault of the name is adopted")
			assert.Equal(t, cfg.MaxDays, lag.Inputs["maxRetentionDays"])
		}
		intermediate := find(t, plan, "ca-prod-intermediate-vault-"+region)
		assert.False(t, intermediate.RetainOnDelete)
		assert.Equal(t, desired.Out("ca-prod-key-"+region, desired.OutputARN), intermediate.Inputs["kmsKeyArn"])
	}
}

func TestRAMShareOfAirGappedVaults(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	counts := countTypes(plan)
	assert.Equal(t, 2, counts[desired.RAMResourceShare])
	assert.Equal(t, 2, counts[desired.AWSNativeProvider])
	share := find(t, plan, "ca-prod-lag-share-eu-west-1")
	assert.Equal(t, "aws-native-eu-west-1", share.Provider)
	assert.Equal(t, []any{
		"arn:aws:organizations::999999999999:ou/o-abcd1234ef/ou-abcd-11111111",
		"arn:aws:organizations::999999999999:ou/o-abcd1234ef/ou-abcd-22222222",
	}, share.Inputs["principals"], "the OUs themselves: accounts joining later are shared with, no account status is read")
	assert.Equal(t, false, share.Inputs["allowExternalPrincipals"])
	assert.Equal(t, []any{
		"arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-lag-7-12",
		"arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-lag-7-35",
	}, share.Inputs["resourceArns"])

	noRestores, _ := planOf(t, "lag-pitr", func(f *config.File) {
		d := f.Deployments["ca-prod"]
		d.AllowBackupTargetsToRestore = false
		d.MpaApprovalTeamArn = "" // its vaults would be aws-native ones
		f.Deployments["ca-prod"] = d
	})
	assert.Zero(t, countTypes(noRestores)[desired.RAMResourceShare])
	assert.Zero(t, countTypes(noRestores)[desired.AWSNativeProvider])
}

func TestExtraRegionsUseTheirProvider(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	provider := find(t, plan, "aws-eu-west-1")
	assert.Equal(t, desired.AWSProvider, provider.Type)
	assert.Equal(t, map[string]any{"region": "eu-west-1"}, provider.Inputs)
	for _, r := range plan.Resources {
		switch {
		case strings.HasPrefix(r.Type, desired.ProviderPrefix):
			assert.Empty(t, r.Provider, r.Name)
		case desired.Plugin(r.Type) == desired.AWSNative:
			assert.Equal(t, "aws-native-"+r.Region, r.Provider, r.Name)
		case r.Region == "eu-west-1":
			assert.Equal(t, "aws-eu-west-1", r.Provider, r.Name)
		default:
			assert.Empty(t, r.Provider, "%s runs on the component's provider", r.Name)
		}
	}
	primary := find(t, plan, "ca-prod-key-eu-west-2")
	assert.Equal(t, desired.KMSKey, primary.Type)
	assert.Equal(t, true, primary.Inputs["multiRegion"])
	assert.Equal(t, true, primary.Inputs["enableKeyRotation"])
	replica := find(t, plan, "ca-prod-key-eu-west-1")
	assert.Equal(t, desired.KMSReplicaKey, replica.Type)
	assert.Equal(t, desired.Out("ca-prod-key-eu-west-2", desired.OutputARN), replica.Inputs["primaryKeyArn"])
	assert.Equal(t, primary.Inputs["policy"], replica.Inputs["policy"])
	assert.True(t, primary.RetainOnDelete && replica.RetainOnDelete, "member recovery points stay encrypted with the keys")
}

// TestPrimaryRegionIsTheProvidersRegion lists the provider's region second:
// the primary key and the member accounts' account-wide resources stay in
// it, so reordering the regions replaces nothing.
func TestPrimaryRegionIsTheProvidersRegion(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", func(f *config.File) { f.Config.Regions = []string{"eu-west-1", "eu-west-2"} })
	assert.Equal(t, desired.KMSKey, find(t, plan, "ca-prod-key-eu-west-2").Type)
	assert.Equal(t, desired.KMSReplicaKey, find(t, plan, "ca-prod-key-eu-west-1").Type)
	summary := plan.Deployments["ca-prod"]
	assert.Equal(t, "ca-prod-key-eu-west-2", summary.PrimaryKey)
	assert.Equal(t, []string{"eu-west-2", "eu-west-1"}, summary.Member.Regions)

	plan, _ = planOf(t, "lag-pitr", func(f *config.File) { f.Config.Regions = []string{"eu-west-1", "us-east-1"} })
	assert.Equal(t, desired.KMSKey, find(t, plan, "ca-prod-key-eu-west-1").Type, "else the first region")
}

func TestKeyAndVaultPoliciesAreScopedToTheDeploymentsOUs(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	paths := []any{"o-abcd1234ef/*/ou-abcd-11111111/*", "o-abcd1234ef/*/ou-abcd-22222222/*"}
	var key struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(find(t, plan, "ca-prod-key-eu-west-2").Inputs["policy"].(string)), &key))
	// As before issue 13: the alert topics have a key of their own (TestAlertKey);
	// since issue 22 no statement reads the key for every member principal.
	require.Len(t, key.Statement, 4)
	for _, s := range key.Statement[1:4] {
		condition := s["Condition"].(map[string]any)
		assert.Equal(t, paths, condition["ForAnyValue:StringLike"].(map[string]any)["aws:PrincipalOrgPaths"], s["Sid"])
	}
	assert.Equal(t, map[string]any{"aws:PrincipalArn": []any{
		"arn:aws:iam::*:role/BackupAdmin",
		"arn:aws:iam::*:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup",
		"arn:aws:iam::*:role/org-aws-backup-ca-prod-backup-service-role",
		// the vault manager's role of each region by name, not its path (issue 22)
		"arn:aws:iam::*:role/org-aws-backup-ca-prod-vault-manager/org-aws-backup-ca-prod-vault-manager-eu-west-1",
		"arn:aws:iam::*:role/org-aws-backup-ca-prod-vault-manager/org-aws-backup-ca-prod-vault-manager-eu-west-2",
	}}, key.Statement[1]["Condition"].(map[string]any)["ArnLike"])

	var vault struct{ Statement []map[string]any }
	policyJSON := find(t, plan, "ca-prod-lag-vault-7-35-eu-west-1-policy").Inputs["policy"].(string)
	require.NoError(t, json.Unmarshal([]byte(policyJSON), &vault))
	assert.Equal(t, "backup:CopyIntoBackupVault", vault.Statement[0]["Action"])
	assert.Equal(t, map[string]any{
		"ArnLike":                map[string]any{"aws:PrincipalArn": "arn:aws:iam::*:role/org-aws-backup-ca-prod-backup-service-role"},
		"ForAnyValue:StringLike": map[string]any{"aws:PrincipalOrgPaths": paths},
	}, vault.Statement[0]["Condition"])
	assert.Equal(t, "arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-lag-7-35", vault.Statement[0]["Resource"])
	var intermediate struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(find(t, plan, "ca-prod-intermediate-vault-eu-west-2-policy").Inputs["policy"].(string)),
		&intermediate))
	vault.Statement[0]["Resource"] = "arn:aws:backup:eu-west-2:111111111111:backup-vault:aws-backup-ca-prod-intermediate"
	assert.Equal(t, intermediate.Statement, vault.Statement[:1], "the same grant on every copy destination")
}

// TestLockedVaultsDenyTheAutomationShorteningCopies: no automation role of
// the deployment (the backup service role included) can ever shorten,
// delete or disassociate a locked copy, in standard and air-gapped vaults
// alike.
func TestLockedVaultsDenyTheAutomationShorteningCopies(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	deny := map[string]any{
		"Sid": "ProtectCentralCopiesFromAutomation", "Effect": "Deny", "Principal": map[string]any{"AWS": "*"},
		"Action": []any{"backup:DeleteRecoveryPoint", "backup:DisassociateRecoveryPoint",
			"backup:DisassociateRecoveryPointFromParent", "backup:UpdateRecoveryPointLifecycle"}, "Resource": "*",
		"Condition": map[string]any{"ArnLike": map[string]any{"aws:PrincipalArn": []any{
			"arn:aws:iam::111111111111:role/aws-backup-ca-prod-backup-ingest-eventbridge",
			"arn:aws:iam::111111111111:role/aws-backup-ca-prod-backup-ingest-sfn",
			"arn:aws:iam::111111111111:role/aws-backup-ca-prod-backup-ingest-sfn-states",
			"arn:aws:iam::111111111111:role/aws-backup-ca-prod-backup-reconcile-sfn",
			"arn:aws:iam::111111111111:role/aws-backup-ca-prod-backup-restore-sfn",
			"arn:aws:iam::111111111111:role/aws-backup-ca-prod-backup-service-role",
			"arn:aws:iam::111111111111:role/default-to-aws-backup-ca-prod-event-bus",
		}}},
	}
	for _, region := range []string{"eu-west-2", "eu-west-1"} {
		for _, vault := range []string{"standard-vault-7-12", "standard-vault-7-35", "lag-vault-7-12", "lag-vault-7-35"} {
			var policy struct{ Statement []map[string]any }
			name := "ca-prod-" + vault + "-" + region + "-policy"
			require.NoError(t, json.Unmarshal([]byte(find(t, plan, name).Inputs["policy"].(string)), &policy))
			assert.Equal(t, deny, policy.Statement[len(policy.Statement)-1], name)
		}
	}
	var intermediate struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(find(t, plan, "ca-prod-intermediate-vault-eu-west-2-policy").Inputs["policy"].(string)),
		&intermediate))
	assert.Len(t, intermediate.Statement, 1, "the ingest machine shortens intermediate lifecycles")
}

// The root's accounts sit directly under it, so its path has no wildcard
// before it (the reference module's "o-…/*/r-…/*" matches no account).
func TestRootTargetPath(t *testing.T) {
	assert.Equal(t, "o-abcd1234ef/r-ab12/*", naming.OrgPath("o-abcd1234ef", "r-ab12"))
	assert.Equal(t, "o-abcd1234ef/*/ou-ab12-11111111/*", naming.OrgPath("o-abcd1234ef", "ou-ab12-11111111"))
}

func TestEventPatternsAndStateMachines(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	ingest := find(t, plan, "ca-prod-ingest-rule-eu-west-1")
	assert.Equal(t, desired.Out("ca-prod-event-bus-eu-west-1", desired.OutputName), ingest.Inputs["eventBusName"])
	var pattern map[string]any
	require.NoError(t, json.Unmarshal([]byte(ingest.Inputs["eventPattern"].(string)), &pattern))
	branches := pattern["detail"].(map[string]any)["$or"].([]any)
	require.Len(t, branches, 4, "member → intermediate, intermediate → standard, member → LAG, failed member → central")
	assert.Equal(t, []any{
		"arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-lag-7-12",
		"arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-lag-7-35",
	}, branches[2].(map[string]any)["destinationBackupVaultArn"])
	failed := branches[3].(map[string]any)
	assert.Equal(t, []any{"FAILED"}, failed["state"])
	assert.Equal(t, []any{
		"arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-intermediate",
		"arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-lag-7-12",
		"arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-lag-7-35",
	}, failed["destinationBackupVaultArn"], "the central copy targets")
	assert.Len(t, failed["sourceBackupVaultArn"].([]any)[0].(map[string]any)["anything-but"], 5,
		"every central vault is a source the ingest leaves to the failed-jobs rule")

	target := find(t, plan, "ca-prod-ingest-rule-eu-west-1-target")
	assert.Equal(t, "arn:aws:states:eu-west-1:111111111111:stateMachine:aws-backup-ca-prod-backup-ingest", target.Inputs["arn"])
	assert.Equal(t, "arn:aws:iam::111111111111:role/aws-backup-ca-prod-backup-ingest-eventbridge", target.Inputs["roleArn"])

	machine := find(t, plan, "ca-prod-ingest-eu-west-1")
	assert.Equal(t, "EXPRESS", machine.Inputs["type"])
	assert.Equal(t, desired.Out("ca-prod-role-ingest-sfn", desired.OutputARN), machine.Inputs["roleArn"])
	assert.Equal(t, map[string]any{"level": "ALL", "includeExecutionData": true,
		"logDestination": "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/vendedlogs/states/aws-backup-ca-prod-backup-ingest:*"},
		machine.Inputs["loggingConfiguration"])
	assert.Contains(t, machine.Inputs["definition"], `"standardBackupVaultArn":"arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-standard-7-35"`)
	assert.Equal(t, "STANDARD", find(t, plan, "ca-prod-restore-eu-west-1").Inputs["type"])

	forward := find(t, plan, "ca-prod-forward-rule-eu-west-2")
	assert.NotContains(t, forward.Inputs, "eventBusName", "forwards from the default bus")
}

func TestAttachmentsAndLogPolicy(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	for i, target := range []int{0, 1} {
		for _, policyName := range []string{"aws-backup-ca-prod", "aws-backup-ca-prod.2"} {
			a := find(t, plan, "ca-prod-policy-"+policyName+"-"+string(rune('0'+i)))
			assert.Equal(t, desired.Target("ca-prod", target), a.Inputs["targetId"])
			assert.Equal(t, desired.Out("ca-prod-policy-"+policyName, desired.OutputID), a.Inputs["policyId"])
			assert.True(t, a.DeleteBeforeReplace)
		}
	}
	assert.Equal(t, 2, countTypes(plan)[desired.LogResourcePolicy],
		"one per region, whatever the number of deployments")
}

func TestServiceLinkedRoleOnlyWhenMissing(t *testing.T) {
	plan, _ := planOf(t, "reference", func(f *config.File) { f.Context.BackupServiceLinkedRoleExists = true })
	assert.Zero(t, countTypes(plan)[desired.IAMServiceLinkedRole])
	plan, _ = planOf(t, "reference", nil)
	role := find(t, plan, "backup-service-linked-role")
	assert.True(t, role.RetainOnDelete)
}

// Resources refer only to resources registered before them, and every
// logical name is unique.
func TestPlanOrderAndNames(t *testing.T) {
	for _, example := range []string{"reference", "lag-pitr"} {
		plan, _ := planOf(t, example, nil)
		seen := map[string]bool{}
		for _, r := range plan.Resources {
			assert.False(t, seen[r.Name], "%s is planned twice", r.Name)
			for _, dep := range r.DependsOn {
				assert.True(t, seen[dep], "%s depends on %s, planned later", r.Name, dep)
			}
			for _, ref := range refsOf(r.Inputs) {
				assert.True(t, seen[ref.Resource], "%s refers to %s, planned later", r.Name, ref.Resource)
			}
			if r.Provider != "" {
				assert.True(t, seen[r.Provider], "%s uses provider %s, planned later", r.Name, r.Provider)
			}
			seen[r.Name] = true
		}
	}
}

func refsOf(v any) []desired.Ref {
	switch v := v.(type) {
	case desired.Ref:
		return []desired.Ref{v}
	case map[string]any:
		var out []desired.Ref
		for _, e := range v {
			out = append(out, refsOf(e)...)
		}
		return out
	case []any:
		var out []desired.Ref
		for _, e := range v {
			out = append(out, refsOf(e)...)
		}
		return out
	}
	return nil
}

func TestPlanIsDeterministic(t *testing.T) {
	first, _ := planOf(t, "lag-pitr", nil)
	firstJSON, err := json.Marshal(first.Resources)
	require.NoError(t, err)
	for range 20 {
		again, _ := planOf(t, "lag-pitr", nil)
		require.True(t, reflect.DeepEqual(first, again))
		againJSON, err := json.Marshal(again.Resources)
		require.NoError(t, err)
		require.Equal(t, string(firstJSON), string(againJSON))
	}
}

func TestPendingTargetsStayPlaceholders(t *testing.T) {
	plan, _ := planOf(t, "reference", func(f *config.File) {
		d := f.Deployments["website-service"]
		d.BackupTargets = []string{naming.PendingTarget("website-service", 0)}
		f.Deployments["website-service"] = d
	})
	key := find(t, plan, "website-service-key-eu-west-2").Inputs["policy"].(string)
	assert.Contains(t, key, `"aws:PrincipalOrgPaths":"{{path website-service 0}}"`)
	attachment := find(t, plan, "website-service-policy-immutable-aws-backup-website-service-0")
	assert.Equal(t, desired.Target("website-service", 0), attachment.Inputs["targetId"])
}

func TestSummary(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	s := plan.Deployments["ca-prod"]
	assert.Equal(t, []string{"aws-backup-ca-prod", "aws-backup-ca-prod.2"}, s.PolicyNames)
	region := s.Regions["eu-west-1"]
	assert.Equal(t, "aws-backup-ca-prod-lag-7-35", region.LAGVaultName)
	assert.Equal(t, "ca-prod-lag-share-eu-west-1", region.ShareResource)
	assert.Equal(t, []string{
		"arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-standard-7-12",
		"arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-standard-7-35",
	}, region.StandardVaultARNs)
	keys := make([]string, 0, len(s.Regions))
	for k := range s.Regions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	assert.Equal(t, []string{"eu-west-1", "eu-west-2"}, keys)
}

// An IAM Identity Center permission set's admin role reaches the policies
// as the two ARN patterns aws:PrincipalArn is matched against with ArnLike
// (key use) and ArnNotLike (the member vaults' deny): its roles' ARNs are
// arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_<set>_<suffix>
// (https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html).
func TestAdminRolePatternsReachThePolicies(t *testing.T) {
	const sso = "aws-reserved/sso.amazonaws.com/AWSReservedSSO_BackupAdmin_*"
	patterns := []string{sso, "aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_BackupAdmin_*"}
	plan, _ := planOf(t, "reference", func(f *config.File) {
		d := f.Deployments["website-service"]
		d.AdminRoleNames = []string{sso}
		f.Deployments["website-service"] = d
	})
	var key struct {
		Statement []struct {
			Sid       string
			Condition map[string]map[string]any
		}
	}
	require.NoError(t, json.Unmarshal([]byte(find(t, plan, "website-service-key-eu-west-2").Inputs["policy"].(string)), &key))
	found := 0
	for _, s := range key.Statement {
		if s.Sid == "AllowUseForMemberAccounts" {
			found++
			for _, p := range patterns {
				assert.Contains(t, s.Condition["ArnLike"]["aws:PrincipalArn"], "arn:aws:iam::*:role/"+p)
			}
		}
	}
	assert.Equal(t, 1, found)
	vault := plan.Deployments["website-service"].Member
	for _, id := range []string{"BackupVault.policy", "RestoreVault.policy"} {
		doc, err := json.Marshal(member.Documents(vault, false)[id])
		require.NoError(t, err)
		for _, p := range patterns {
			assert.Contains(t, string(doc), `"arn:${AWS::Partition}:iam::${AWS::AccountId}:role/`+p+`"`, id)
		}
		assert.Contains(t, string(doc), `"ArnNotLike"`, id)
	}
}

// The member template names the central roles by ARN; its stack instances
// wait for every one of them.
func TestStackInstancesDependOnEveryCentralRoleTheTemplateNames(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	instances := find(t, plan, "ca-prod-stack-set-instances")
	template := find(t, plan, "ca-prod-stack-set").Inputs["templateBody"].(string)
	for _, r := range plan.Resources {
		if r.Type != desired.IAMRole || r.Deployment != "ca-prod" {
			continue
		}
		arn := "arn:aws:iam::111111111111:role/" + r.PhysicalName
		if strings.Contains(template, `"`+arn+`"`) {
			assert.Contains(t, instances.DependsOn, r.Name, "the template names %s", arn)
		}
	}
	assert.Subset(t, instances.DependsOn, []string{"ca-prod-role-backup-service", "ca-prod-role-ingest-sfn", "ca-prod-role-restore-sfn",
		"ca-prod-role-reconcile-sfn"})
}

// TestEveryPlannedResourceHasTypedArgs: every resource of every example,
// OrgBackup's and each MemberAccount's, reads back whole as the Args of its
// type, and New of what it reads writes the same inputs.
func TestEveryPlannedResourceHasTypedArgs(t *testing.T) {
	examples, err := filepath.Glob("../../examples/config/*.yaml")
	require.NoError(t, err)
	for _, path := range examples {
		example := strings.TrimSuffix(filepath.Base(path), ".yaml")
		for section, resources := range urnSections(t, example) {
			for _, r := range resources {
				args, err := desired.DecodeArgs(r)
				if !assert.NoError(t, err, "%s %s", example, section) {
					continue
				}
				assert.Equal(t, r.Inputs, desired.New(r, args).Inputs, "%s %s: %s", example, section, r.Name)
			}
		}
	}
}
