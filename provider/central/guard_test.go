package central

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

type guardStatement struct {
	Sid       string
	Effect    string
	Action    strs
	NotAction strs
	Resource  any
	Condition map[string]map[string][]string
}

// strs is a policy element that holds a string or a list of them.
type strs []string

func (s *strs) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*s = strs{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(s))
}

func guardStatements(t *testing.T, r desired.Resource) map[string]guardStatement {
	t.Helper()
	assert.Equal(t, "SERVICE_CONTROL_POLICY", r.Inputs["type"])
	var doc struct{ Statement []guardStatement }
	require.NoError(t, json.Unmarshal([]byte(r.Inputs["content"].(string)), &doc))
	out := map[string]guardStatement{}
	for _, s := range doc.Statement {
		assert.Equal(t, "Deny", s.Effect, s.Sid)
		out[s.Sid] = s
	}
	return out
}

func sids(m map[string]guardStatement) []string { return slices.Sorted(maps.Keys(m)) }

func unprotected(key string) func(*config.File) {
	return func(f *config.File) {
		d := f.Config.Deployments[key]
		d.ProtectMemberResources = false
		f.Config.Deployments[key] = d
	}
}

// inBackupAccount applies edit (if any) and gives the guard SCPs to the
// backup account, so that OrgBackup's plan holds them.
func inBackupAccount(edit func(*config.File)) func(*config.File) {
	return func(f *config.File) {
		if edit != nil {
			edit(f)
		}
		f.Config.GuardPolicyManagedBy = config.GuardManagedByBackupAccount
	}
}

// By default the management account owns the guard SCPs: OrgBackup plans
// none, and GuardPolicies, which OrgPrerequisites registers, plans exactly
// the SCPs and attachments OrgBackup plans with BackupAccount, so the
// management stack can import those of an existing deployment unchanged.
func TestGuardPoliciesBelongToTheManagementAccountByDefault(t *testing.T) {
	for _, example := range []string{"lag-pitr", "member-stacks", "reference"} {
		plan, cfg := planOf(t, example, nil)
		for _, r := range plan.Resources {
			assert.NotEqual(t, desired.ServiceControlPolicy, r.Inputs["type"], "%s: %s", example, r.Name)
		}
		assert.Empty(t, plan.Deployments[cfg.DeploymentKeys()[0]].GuardResource)

		owned, ownedCfg := planOf(t, example, inBackupAccount(nil))
		var want []desired.Resource
		for _, r := range owned.Resources {
			if strings.Contains(r.Name, "-vault-manager-guard") {
				want = append(want, r)
			}
		}
		f := loadExample(t, example)
		assert.Equal(t, want, GuardPolicies(ownedCfg, f.Context), example)
		assert.NotEmpty(t, want, example)
	}
}

// The StackSet's vault manager may set the member vault policies: a service
// control policy on every target keeps everyone but the admin roles and
// StackSets' stacksets-exec-* roles from changing its function or role,
// whether or not the deployment protects its member resources; the policy
// keeps its names, so turning protectMemberResources on or off updates it
// in place.
func TestVaultManagerGuardOnEveryTarget(t *testing.T) {
	for _, protect := range []bool{false, true} {
		var edit func(*config.File)
		if !protect {
			edit = unprotected("ca-prod")
		}
		plan, _ := planOf(t, "lag-pitr", inBackupAccount(edit))
		guard := find(t, plan, "ca-prod-vault-manager-guard")
		assert.Equal(t, "aws-backup-ca-prod-vault-manager-guard", guard.PhysicalName)
		statements := guardStatements(t, guard)
		vm := statements["ProtectVaultManager"]
		assert.Equal(t, []any{"arn:aws:lambda:*:*:function:org-aws-backup-ca-prod-vault-manager",
			"arn:aws:lambda:*:*:function:org-aws-backup-ca-prod-vault-manager:*",
			"arn:aws:iam::*:role/org-aws-backup-ca-prod-vault-manager/*"}, vm.Resource)
		assert.Equal(t, []string{"iam:Get*", "iam:List*", "lambda:Get*", "lambda:InvokeFunction", "lambda:List*"},
			[]string(vm.NotAction))
		assert.Equal(t, []string{"arn:aws:iam::*:role/BackupAdmin", "arn:aws:iam::*:role/stacksets-exec-*"},
			vm.Condition["ArnNotLike"]["aws:PrincipalArn"])
		exempt := statements["ProtectExemptRoles"]
		assert.Equal(t, []any{"arn:aws:iam::*:role/BackupAdmin", "arn:aws:iam::*:role/stacksets-exec-*"}, exempt.Resource,
			"the roles the guard exempts are guarded themselves, with or without protectMemberResources")
		assert.Contains(t, []string(exempt.Action), "iam:PassRole")
		assert.Contains(t, []string(exempt.Action), "iam:UpdateAssumeRolePolicy")
		if protect {
			assert.Len(t, statements, 5)
			assert.Contains(t, guard.Inputs["description"],
				"member vaults, roles, event forwarder, AWS Backup settings, StackSet stack and vault manager, and the roles it exempts.")
		} else {
			assert.Equal(t, []string{"ProtectExemptRoles", "ProtectVaultManager"}, sids(statements))
			assert.Equal(t, "Only admin roles and StackSets may change the ca-prod deployment's member vault manager, and the roles it exempts.",
				guard.Inputs["description"])
		}
		for i := range 2 {
			a := find(t, plan, "ca-prod-vault-manager-guard-"+strconv.Itoa(i))
			assert.Equal(t, desired.Target("ca-prod", i), a.Inputs["targetId"])
			assert.Contains(t, find(t, plan, "ca-prod-stack-set-instances").DependsOn, a.Name,
				"the guard is in place before any vault manager exists")
		}
	}
}

// With protectMemberResources and a StackSet, the guard also denies the
// changes of the member vaults, roles and event forwarder rule, named with
// the member names in every account and region, to all but the admin
// roles and the StackSets execution roles; the vault manager, which creates
// the vaults and sets their policies, is exempt from the vault statement.
func TestMemberResourcesGuardWithStackSet(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", inBackupAccount(nil))
	statements := guardStatements(t, find(t, plan, "ca-prod-vault-manager-guard"))
	admins := []string{"arn:aws:iam::*:role/BackupAdmin", "arn:aws:iam::*:role/stacksets-exec-*"}
	vaults := statements["ProtectMemberVaults"]
	assert.Equal(t, []any{"arn:aws:backup:*:*:backup-vault:org-aws-backup-ca-prod-cmk",
		"arn:aws:backup:*:*:backup-vault:org-aws-backup-ca-prod-default",
		"arn:aws:backup:*:*:backup-vault:org-aws-backup-ca-prod-lag-*",
		"arn:aws:backup:*:*:backup-vault:org-aws-backup-ca-prod-locked-*"}, vaults.Resource,
		"the member air-gapped vaults of every configuration too")
	assert.Contains(t, vaults.Action, "backup:DisassociateBackupVaultMpaApprovalTeam")
	assert.Equal(t, []string{"arn:aws:iam::*:role/BackupAdmin", "arn:aws:iam::*:role/org-aws-backup-ca-prod-vault-manager/*",
		"arn:aws:iam::*:role/stacksets-exec-*"}, vaults.Condition["ArnNotLike"]["aws:PrincipalArn"])
	assert.Contains(t, vaults.Action, "backup:PutBackupVaultAccessPolicy")
	assert.NotContains(t, vaults.Action, "backup:StartBackupJob", "backup jobs go on")
	assert.NotContains(t, vaults.Action, "backup:CopyIntoBackupVault", "copies and restores go on")
	member := statements["ProtectMemberResources"]
	assert.Equal(t, []any{"arn:aws:cloudformation:*:*:stack/StackSet-org-aws-backup-ca-prod-????????-????-????-????-????????????/*",
		"arn:aws:events:*:*:rule/org-aws-backup-ca-prod-event-forwarder",
		"arn:aws:iam::*:role/aws-backup-ca-prod-backup-service-restore-role",
		"arn:aws:iam::*:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup",
		"arn:aws:iam::*:role/org-aws-backup-ca-prod-backup-service-role", "arn:aws:iam::*:role/org-aws-backup-ca-prod-central-access",
		"arn:aws:iam::*:role/org-aws-backup-ca-prod-event-forwarder", "arn:aws:iam::*:role/org-aws-backup-ca-prod-restore-access",
	}, member.Resource)
	assert.NotContains(t, member.Action, "iam:PassRole", "the restore-access role passes the backup service role")
	for _, a := range []string{"iam:UpdateAssumeRolePolicy", "iam:DeleteServiceLinkedRole", "events:DeleteRule",
		"cloudformation:DeleteStack", "cloudformation:UpdateStack", "cloudformation:SetStackPolicy"} {
		assert.Contains(t, member.Action, a)
	}
	// The stack of the StackSet in a member account, as AWS shows one
	// (https://docs.aws.amazon.com/cli/latest/reference/cloudformation/describe-stack-instance.html),
	// is covered; another StackSet's whose name starts the same is not.
	assert.True(t, covers(member, "arn:aws:cloudformation:us-west-2:123456789012:stack/StackSet-org-aws-backup-ca-prod-"+
		"e6cac20f-xmpl-46e9-8314-53e0d4591532/4287f9a0-e615-xmpl-894a-12b31d3117be"))
	assert.False(t, covers(member, "arn:aws:cloudformation:us-west-2:123456789012:stack/StackSet-org-aws-backup-ca-prod-eu-"+
		"e6cac20f-xmpl-46e9-8314-53e0d4591532/4287f9a0-e615-xmpl-894a-12b31d3117be"))
	settings := statements["ProtectBackupSettings"]
	assert.Equal(t, []string{"backup:UpdateRegionSettings"}, []string(settings.Action))
	assert.Equal(t, "*", settings.Resource, "UpdateRegionSettings takes no resource type")
	for _, s := range []guardStatement{member, settings, statements["ProtectExemptRoles"]} {
		assert.Equal(t, admins, s.Condition["ArnNotLike"]["aws:PrincipalArn"], s.Sid)
	}
}

// With member stacks there is no guard but when asked; then it holds the
// member resources statements alone and exempts only the admin roles, the
// member stacks' principals.
func TestMemberResourcesGuardWithMemberStacks(t *testing.T) {
	plan, _ := planOf(t, "member-stacks", inBackupAccount(nil))
	guard := find(t, plan, "payments-vault-manager-guard")
	assert.Equal(t, "central-backup-payments-vault-manager-guard", guard.PhysicalName)
	assert.Equal(t, "Only admin roles may change the payments deployment's member vaults, roles, event forwarder and AWS Backup "+
		"settings, and the roles it exempts.",
		guard.Inputs["description"])
	statements := guardStatements(t, guard)
	assert.Equal(t, []string{"ProtectBackupSettings", "ProtectExemptRoles", "ProtectMemberResources", "ProtectMemberVaults"},
		sids(statements))
	assert.NotContains(t, statements["ProtectMemberResources"].Action, "cloudformation:DeleteStack",
		"no StackSet, so no StackSet stack")
	assert.Equal(t, []any{"arn:aws:iam::*:role/BackupAdmin", "arn:aws:iam::*:role/PlatformBreakGlass"},
		statements["ProtectExemptRoles"].Resource, "with member stacks stacksets-exec-* is not exempt, so not guarded")
	for _, s := range statements {
		assert.Equal(t, []string{"arn:aws:iam::*:role/BackupAdmin", "arn:aws:iam::*:role/PlatformBreakGlass"},
			s.Condition["ArnNotLike"]["aws:PrincipalArn"], s.Sid)
	}
	a := find(t, plan, "payments-vault-manager-guard-0")
	assert.Equal(t, desired.Target("payments", 0), a.Inputs["targetId"])
	for _, r := range plan.Resources {
		assert.NotEqual(t, "analytics-vault-manager-guard", r.Name, "analytics does not protect its member resources")
	}
	summary := plan.Deployments["payments"]
	assert.Equal(t, "payments-vault-manager-guard", summary.GuardResource)
	assert.Empty(t, plan.Deployments["analytics"].GuardResource)
}

// The guard is an SCP: at most 5,120 characters
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html);
// the check at preview covers the whole document, member statements
// included, for both shapes.
func TestGuardSizeIsCheckedAtPreview(t *testing.T) {
	for _, example := range []struct{ name, key string }{{"lag-pitr", "ca-prod"}, {"member-stacks", "payments"}} {
		var ctx config.Context
		plan, cfg := planOf(t, example.name, inBackupAccount(func(f *config.File) { ctx = f.Context }))
		var ps config.Problems
		ValidateServiceControlPolicies(&ps, cfg, ctx)
		assert.Empty(t, ps)
		for _, r := range plan.Resources {
			if r.Type == desired.OrganizationsPolicy && r.Inputs["type"] == "SERVICE_CONTROL_POLICY" {
				assert.LessOrEqual(t, len(r.Inputs["content"].(string)), MaxServiceControlPolicyCharacters, r.Name)
			}
		}
		// 10 roles of 50 characters fit the guard without
		// protectMemberResources (two statements with a StackSet, none
		// with member stacks) but not with it (five, or four).
		d := cfg.Deployments[example.key]
		for i := range 10 {
			d.AdminRoleNames = append(d.AdminRoleNames, fmt.Sprintf("team-%02d/%s", i, strings.Repeat("BackupOperator", 3)))
		}
		cfg.Deployments[example.key] = d
		ValidateServiceControlPolicies(&ps, cfg, ctx)
		require.Len(t, ps, 1, example.name)
		assert.Contains(t, ps.Error(), fmt.Sprintf(`deployments[%q].adminRoleNames: would make the guard SCP`, example.key))
		assert.Contains(t, ps.Error(), "an SCP holds at most 5120")
		assert.Contains(t, ps.Error(), "set protectMemberResources to false")
		d.ProtectMemberResources = false
		cfg.Deployments[example.key] = d
		ps = nil
		ValidateServiceControlPolicies(&ps, cfg, ctx)
		assert.Empty(t, ps, "%s: without protectMemberResources the roles fit, or there is no guard", example.name)
	}
}

// arnLike is IAM's ArnLike: * and ? match within and across segments
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards).
func arnLike(pattern, arn string) bool {
	re := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(pattern)) + "$"
	return regexp.MustCompile(re).MatchString(arn)
}

func covers(s guardStatement, arn string) bool {
	resources, ok := s.Resource.([]any)
	if !ok {
		resources = []any{s.Resource}
	}
	for _, r := range resources {
		if arnLike(r.(string), arn) {
			return true
		}
	}
	return false
}

// Every vault, role and rule the member description creates (the
// template's and the MemberAccount component's) is under the guard, in any
// member account and region.
func TestMemberResourcesGuardCoversEveryMemberResource(t *testing.T) {
	for _, example := range []struct{ name, key string }{{"lag-pitr", "ca-prod"}, {"member-stacks", "payments"}} {
		plan, _ := planOf(t, example.name, inBackupAccount(nil))
		statements := guardStatements(t, find(t, plan, example.key+"-vault-manager-guard"))
		d := member.Describe(plan.Deployments[example.key].Member)
		const account, region = "222222222222", "eu-west-1"
		for _, r := range d.Roles {
			assert.True(t, covers(statements["ProtectMemberResources"], naming.RoleARN("aws", account, r.Name)), r.Name)
		}
		for _, v := range d.Vaults {
			assert.True(t, covers(statements["ProtectMemberVaults"], naming.VaultARN("aws", region, account, v.Name)), v.Name)
		}
		assert.True(t, covers(statements["ProtectMemberResources"],
			naming.EventRuleARN("aws", region, account, "", d.Rule.Name)), d.Rule.Name)
		assert.Len(t, d.Roles, 5, "a new member role needs its place in the guard")
	}
}

// The deployment key's policy names every admin role in three statements:
// the examples fit KMS's 32,768 bytes, 150 long admin role names do not,
// and the preview says which inputs grow it
// (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).
func TestKeyPolicySizeIsCheckedAtPreview(t *testing.T) {
	for _, example := range []string{"reference", "reference-lag", "lag-pitr", "member-stacks"} {
		f := loadExample(t, example)
		built, err := Build(f.Config, f.Context)
		require.NoError(t, err, example)
		for _, r := range built.Resources {
			if r.Type == desired.KMSKey && !strings.Contains(r.Name, "-alerts-key-") {
				assert.LessOrEqual(t, len(r.Inputs["policy"].(string)), MaxKeyPolicyBytes, r.Name)
			}
		}
	}
	_, cfg := planOf(t, "lag-pitr", nil)
	f := loadExample(t, "lag-pitr")
	d := cfg.Deployments["ca-prod"]
	for i := range 150 {
		d.AdminRoleNames = append(d.AdminRoleNames, fmt.Sprintf("team-%03d-%s", i, strings.Repeat("BackupOperator", 4)))
	}
	cfg.Deployments["ca-prod"] = d
	var ps config.Problems
	ValidateKeyPolicies(&ps, cfg, f.Context)
	require.Len(t, ps, 1)
	assert.Contains(t, ps.Error(), `deployments["ca-prod"]: would make the deployment key's policy`)
	assert.Contains(t, ps.Error(), "a key policy holds at most 32768")
}
