package member

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
)

var web = Input{
	Deployment: "web", CentralAccountResourceNamePrefix: "backup-", MemberAccountResourceNamePrefix: "org-",
	Partition: "aws", OrganizationID: "o-abcd1234ef", CentralAccountID: "111111111111", KMSKeyID: "key",
	Regions: []string{"eu-west-2", "eu-west-1"}, AdminRoleNames: []string{"BackupAdmin"},
	StandardVaultConfigs: []string{"7-90"}, MemberLockedVaultConfig: "7-90",
}

func resources(t *testing.T, in Input) map[string]map[string]any {
	t.Helper()
	var template struct{ Resources map[string]map[string]any }
	require.NoError(t, json.Unmarshal([]byte(Template(in)), &template))
	return template.Resources
}

// Settings that depend on an account's quotas fail exactly in the new
// accounts auto-deployment targets: reserved or provisioned concurrency
// cannot leave less than the account's minimum unreserved concurrency, and
// new accounts have reduced Lambda quotas
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html).
func TestTemplateSetsNoQuotaDependentSetting(t *testing.T) {
	for id, r := range resources(t, web) {
		props, _ := r["Properties"].(map[string]any)
		for _, key := range []string{"ReservedConcurrentExecutions", "ProvisionedConcurrencyConfig"} {
			assert.NotContains(t, props, key, "%s sets %s", id, key)
		}
		assert.NotEqual(t, "AWS::Lambda::Version", r["Type"], "no provisioned concurrency through versions")
	}
}

// The vault manager's whole configuration is in its environment, not in
// the events a caller can craft.
func TestVaultManagerTakesItsConfigurationFromTheTemplate(t *testing.T) {
	fn := resources(t, web)["VaultManager"]["Properties"].(map[string]any)
	vars := fn["Environment"].(map[string]any)["Variables"].(map[string]any)
	assert.Equal(t, map[string]any{"Ref": "AWS::StackId"}, vars["STACK_ID"])
	assert.Equal(t, map[string]any{"Ref": VaultTagsParameter}, vars["VAULT_TAGS"])
	var vaults map[string]map[string]any
	require.NoError(t, json.Unmarshal([]byte(vars["VAULTS"].(map[string]any)["Fn::Sub"].(string)), &vaults))
	d := Describe(web)
	for _, v := range d.Vaults {
		assert.Equal(t, v.Name, vaults[v.ID]["BackupVaultName"])
	}
	assert.Equal(t, "org-web-vault-manager", fn["FunctionName"])
}

// The vault manager's role has an exact name per region, on its path: the
// StackSet creates a stack per account and region and role names are
// unique in an account (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html),
// so the name ends with the region. Every vault policy that exempts the
// vault manager exempts that role, never every role on the path (issue 22),
// and the air-gapped vault's too.
func TestVaultManagerRoleIsNamedPerRegion(t *testing.T) {
	in := web
	in.MemberLAGVaultConfig = "7-35"
	role := resources(t, in)["VaultManagerRole"]["Properties"].(map[string]any)
	assert.Equal(t, map[string]any{"Fn::Sub": "org-web-vault-manager-${AWS::Region}"}, role["RoleName"])
	assert.Equal(t, "/org-web-vault-manager/", role["Path"])
	const exact = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/org-web-vault-manager/org-web-vault-manager-${AWS::Region}"
	named := 0
	for _, v := range DescribeStackSet(in).Vaults {
		for _, st := range v.Policy.Statement {
			for _, arn := range st.Condition["ArnNotLike"]["aws:PrincipalArn"] {
				if strings.Contains(arn, "vault-manager") {
					assert.Equal(t, exact, arn, "%s %s", v.ID, st.Sid)
					named++
				}
			}
		}
	}
	assert.Equal(t, 3*2+2, named, "tags and policy of the backup, restore and locked vaults, tags and policy of the air-gapped vault")
}

// The vault manager may set the vault policy and tag (its own policy limits
// it to the vaults), nothing else the vault denies, and only from inside
// its function (https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html);
// the central access role may only shorten lifecycles; where no vault
// manager exists (MemberAccount component) nothing exempts its path.
func TestVaultPolicyExemptionsAreNarrow(t *testing.T) {
	exemptions := func(d Description) map[string]string {
		out := map[string]string{}
		for _, v := range d.Vaults {
			for _, s := range v.Policy.Statement {
				if s.Effect == "Deny" {
					out[v.ID+" "+s.Sid] = strings.Join(s.Condition["ArnNotLike"]["aws:PrincipalArn"], " ")
				}
			}
		}
		return out
	}
	stackSet := exemptions(DescribeStackSet(web))
	require.Len(t, stackSet, 12) // four base statements of three vaults
	for sid, exempt := range stackSet {
		assert.Equal(t, strings.HasSuffix(sid, "ProtectVaultPolicy") || strings.HasSuffix(sid, "ProtectRecoveryPointTags"),
			strings.Contains(exempt, "vault-manager"), sid)
		assert.Equal(t, strings.HasSuffix(sid, "ProtectRecoveryPointLifecycles"), strings.Contains(exempt, "central-access"), sid)
		assert.Equal(t, strings.HasSuffix(sid, "ProtectRecoveryPointTags"), strings.Contains(exempt, "AWSServiceRoleForBackup"), sid)
	}
	for sid, exempt := range exemptions(Describe(web)) {
		assert.NotContains(t, exempt, "vault-manager", sid)
	}
	for _, v := range DescribeStackSet(web).Vaults {
		var actions []string
		for _, s := range v.Policy.Statement {
			if s.Effect == "Deny" {
				actions = append(actions, s.Action...)
			}
		}
		for _, a := range []string{"backup:TagResource", "backup:UntagResource", "backup:UpdateRecoveryPointLifecycle",
			"backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVault", "backup:DeleteRecoveryPoint"} {
			assert.Contains(t, actions, a, v.ID)
		}
	}
	policy := web.policies().VaultManagerPolicy()
	for _, s := range policy.Statement {
		assert.NotContains(t, s.Action, "backup:DeleteBackupVault")
		if strings.HasPrefix(s.Action[0], "backup:") {
			assert.Equal(t, "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:org-web-vault-manager",
				s.Condition["ArnEquals"]["lambda:SourceFunctionArn"][0], s.Sid)
		}
	}
}

// Lambda allows 4 KB of environment variables
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
func TestEnvironmentLimitIsCheckedAtPreview(t *testing.T) {
	assert.Less(t, EnvironmentSize(web, "{}"), LambdaEnvironmentLimit)
	cfg := config.Config{CentralAccountResourceNamePrefix: "backup-", MemberAccountResourceNamePrefix: "org-",
		MemberAccountResources: config.StackSet, Regions: []string{"eu-west-2"},
		Deployments: map[string]config.Deployment{"web": {AdminRoleNames: []string{"BackupAdmin"}}}}
	ctx := config.Context{Partition: "aws", AccountID: "111111111111", OrganizationID: "o-abcd1234ef", Region: "eu-west-2"}
	var ps config.Problems
	ValidateStackSet(&ps, cfg, ctx, map[string]string{"team": "backup"})
	assert.Empty(t, ps)
	d := cfg.Deployments["web"]
	for i := range 40 {
		d.AdminRoleNames = append(d.AdminRoleNames, strings.Repeat("A", 40)+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	cfg.Deployments["web"] = d
	ValidateStackSet(&ps, cfg, ctx, nil)
	require.Len(t, ps, 2, "both limits, at once: 40 admin roles outgrow the template too")
	assert.Equal(t, `deployments["web"].adminRoleNames`, ps[0].Path)
	assert.Contains(t, ps[0].Message, "Lambda allows 4096")
	assert.Contains(t, ps[1].Message, "CloudFormation allows 51200")
}

// A StackSet's TemplateBody holds "a maximum length of 51,200 bytes"
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html):
// a deployment whose member template outgrows it (here by retained vaults,
// each named in the member policies) is refused at preview, naming the
// deployment and what to cut, while its vault manager's environment fits.
func TestStackSetTemplateLimitIsCheckedAtPreview(t *testing.T) {
	cfg := config.Config{CentralAccountResourceNamePrefix: "backup-", MemberAccountResourceNamePrefix: "org-",
		MemberAccountResources: config.StackSet, Regions: []string{"eu-west-2", "eu-west-1"},
		Deployments: map[string]config.Deployment{"web": {AdminRoleNames: []string{"BackupAdmin"}}}}
	ctx := config.Context{Partition: "aws", AccountID: "111111111111", OrganizationID: "o-abcd1234ef", Region: "eu-west-2"}
	var ps config.Problems
	ValidateStackSet(&ps, cfg, ctx, nil)
	require.Empty(t, ps)
	d := cfg.Deployments["web"]
	for i := range 400 {
		d.RetainedVaults = append(d.RetainedVaults, config.RetainedVault{MinRetentionDays: 1, MaxRetentionDays: 100 + i,
			UseLogicallyAirGappedVault: true})
	}
	cfg.Deployments["web"] = d
	in := NewInput(cfg, ctx, "web", "")
	require.Greater(t, len(Template(in)), StackSetTemplateLimit)
	require.LessOrEqual(t, EnvironmentSize(in, "{}"), LambdaEnvironmentLimit)
	ValidateStackSet(&ps, cfg, ctx, nil)
	require.Len(t, ps, 1)
	assert.Equal(t, `deployments["web"]`, ps[0].Path)
	assert.Contains(t, ps[0].Message, "CloudFormation allows 51200")
	assert.Contains(t, ps[0].Message, "memberAccountResources "+config.MemberAccountStacks)
}

// The member roles' recovery point permissions cover every documented
// recovery point format of the account
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/access-control.html#access-control-resources).
func TestMemberRecoveryPointPermissionsCoverEveryFormat(t *testing.T) {
	resolve := strings.NewReplacer(Partition, "aws", AccountID, "222222222222", Region, "eu-west-2")
	checked := map[string]bool{}
	for _, r := range Describe(web).Roles {
		if r.Policy == nil {
			continue
		}
		for _, s := range r.Policy.Statement {
			for _, a := range s.Action {
				if a != "backup:StartCopyJob" && a != "backup:UpdateRecoveryPointLifecycle" {
					continue
				}
				checked[r.ID+" "+a] = true
				for _, f := range iam.RecoveryPointFormats {
					arn := f.ARN("aws", "eu-west-2", "222222222222")
					matched := false
					for _, pattern := range s.Resource {
						re := "^" + strings.ReplaceAll(regexp.QuoteMeta(resolve.Replace(pattern)), `\*`, ".*") + "$"
						matched = matched || regexp.MustCompile(re).MatchString(arn)
					}
					assert.True(t, matched, "%s %s excludes %s", r.ID, a, arn)
				}
			}
		}
	}
	assert.Equal(t, map[string]bool{"CentralAccessRole backup:UpdateRecoveryPointLifecycle": true,
		"CentralAccessRole backup:StartCopyJob": true, "RestoreAccessRole backup:StartCopyJob": true}, checked,
		"the ingest shortens and copies into the locked vault, the restore only copies")
}

// Five admin roles (with paths), two retained vault configurations, the
// longest region and ten tags leave the vault manager's environment well
// inside Lambda's 4 KB: the vaults share one policy body
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
// The locked vault (its key, lock and own statement) takes about 520 bytes
// of it; ValidateStackSet names what to shorten past the limit.
func TestEnvironmentOfFiveAdminRolesAndTagsHasMargin(t *testing.T) {
	in := web
	in.Regions = []string{"ap-southeast-5", "eu-west-2"}
	in.AdminRoleNames = []string{"BackupAdmin", "platform/BackupOperator", "AWSReservedSSO_AdministratorAccess_0123456789abcdef",
		"security/IncidentResponder", "BreakGlass"}
	in.StandardVaultConfigs = []string{"7-90", "30-365", "90-3650"}
	in.LAGVaultConfigs = []string{"7-90", "30-365"}
	tags := map[string]string{}
	for i := range 10 {
		tags[strings.Repeat("k", 10)+string(rune('a'+i))] = strings.Repeat("v", 20)
	}
	size := EnvironmentSize(in, config.VaultTagsJSON(tags))
	t.Logf("environment: %d bytes of %d", size, LambdaEnvironmentLimit)
	assert.Less(t, size, LambdaEnvironmentLimit*5/6, "a sixth of the limit left")
}

// The template's VAULTS and VAULT_POLICY are the pieces the vault policies
// are assembled from: assembling them gives the documents render writes.
func TestVaultManagerPiecesAssembleToTheRenderedPolicies(t *testing.T) {
	fn := resources(t, web)["VaultManager"]["Properties"].(map[string]any)
	vars := fn["Environment"].(map[string]any)["Variables"].(map[string]any)
	var base VaultPolicyBase
	require.NoError(t, json.Unmarshal([]byte(vars["VAULT_POLICY"].(map[string]any)["Fn::Sub"].(string)), &base))
	var vaults map[string]struct{ Statements []iam.Statement }
	require.NoError(t, json.Unmarshal([]byte(vars["VAULTS"].(map[string]any)["Fn::Sub"].(string)), &vaults))
	docs := Documents(web, true)
	for _, id := range []string{BackupVaultID, RestoreVaultID, LockedVaultID} {
		assert.JSONEq(t, docs[id+".policy"].JSON(), AssembleVaultPolicy(base, vaults[id].Statements).JSON(), id)
	}
}

// CloudFormation waits ServiceTimeout seconds for the function, which
// answers before its own timeout
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-customresource.html:
// an integer from 1 to 3600).
func TestCustomResourcesTimeOutSoonAfterTheFunction(t *testing.T) {
	rs := resources(t, web)
	fnTimeout := rs["VaultManager"]["Properties"].(map[string]any)["Timeout"].(float64)
	n := 0
	for id, r := range rs {
		if !strings.HasPrefix(r["Type"].(string), "Custom::") {
			continue
		}
		n++
		timeout := r["Properties"].(map[string]any)["ServiceTimeout"].(float64)
		assert.Greater(t, timeout, fnTimeout, id)
		assert.LessOrEqual(t, timeout, 3600.0, id)
	}
	assert.Equal(t, 4, n, "three vaults and the service-linked role")
}

// The inline code is the compacted source, and the compaction keeps every
// statement. CloudFormation zips inline code into a package that "cannot
// exceed 4MB" (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html#cfn-lambda-function-code-zipfile);
// what binds is the StackSet's TemplateBody, at most 51,200 bytes
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html),
// which the code must leave most of to the policies.
func TestInlineCodeIsCompactedSource(t *testing.T) {
	assert.Less(t, len(vaultManagerCode), StackSetTemplateLimit/8)
	assert.Less(t, len(vaultManagerCode), len(vaultManagerSource))
	assert.NotContains(t, vaultManagerCode, "# ")
	strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, stmt := range []string{"signal.alarm(0)", "config=CONFIG", "access_policy(json.loads(os.environ[\"VAULT_POLICY\"])"} {
		assert.Contains(t, strip(vaultManagerCode), strip(stmt))
	}
}

// The central-access role serves the ingest and the reconciler, in both
// shapes: it trusts their two central roles only (by aws:PrincipalArn,
// within the organization), and lets the reconciler list the account's copy
// jobs, which hold the ingest's idempotency token (ListCopyJobs takes no
// resource type: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html).
func TestCentralAccessRoleServesTheIngestAndTheReconciler(t *testing.T) {
	for shape, d := range map[string]Description{"MemberAccount": Describe(web), "StackSet": DescribeStackSet(web)} {
		var role *Role
		for i := range d.Roles {
			if d.Roles[i].ID == CentralAccessRoleID {
				role = &d.Roles[i]
			}
		}
		require.NotNil(t, role, shape)
		require.Len(t, role.Trust.Statement, 1)
		trust := role.Trust.Statement[0]
		assert.Equal(t, iam.Strings{"arn:aws:iam::111111111111:role/backup-web-backup-ingest-sfn",
			"arn:aws:iam::111111111111:role/backup-web-backup-reconcile-sfn"}, trust.Condition["ArnEquals"]["aws:PrincipalArn"], shape)
		assert.Equal(t, iam.Strings{"o-abcd1234ef"}, trust.Condition["StringEquals"]["aws:PrincipalOrgID"], shape)
		listed := false
		for _, s := range role.Policy.Statement {
			for _, a := range s.Action {
				if a == "backup:ListCopyJobs" {
					listed = true
					assert.Equal(t, iam.Strings{"*"}, s.Resource, shape)
				}
			}
		}
		assert.True(t, listed, "%s: the central-access role lists copy jobs", shape)
	}
}
