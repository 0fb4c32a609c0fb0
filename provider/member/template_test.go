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
	StandardVaultConfigs: []string{"7-90"},
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

// The vault manager may set the vault policy and nothing else the vault
// denies, and only from inside its function
// (https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html).
func TestVaultManagerHasNoOtherExemption(t *testing.T) {
	for _, v := range Describe(web).Vaults {
		for _, s := range v.Policy.Statement {
			if s.Effect != "Deny" {
				continue
			}
			exempt := strings.Join(s.Condition["ArnNotLike"]["aws:PrincipalArn"], " ")
			if strings.Join(s.Action, "") == putVaultPolicy {
				assert.Contains(t, exempt, "vault-manager", v.ID)
			} else {
				assert.NotContains(t, exempt, "vault-manager", "%s %s", v.ID, s.Sid)
			}
		}
	}
	policy := vaultManagerPolicy(web)
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
	ValidateEnvironment(&ps, cfg, ctx, map[string]string{"team": "backup"})
	assert.Empty(t, ps)
	d := cfg.Deployments["web"]
	for i := range 40 {
		d.AdminRoleNames = append(d.AdminRoleNames, strings.Repeat("A", 40)+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	cfg.Deployments["web"] = d
	ValidateEnvironment(&ps, cfg, ctx, nil)
	require.Len(t, ps, 1)
	assert.Contains(t, ps.Error(), `deployments["web"].adminRoleNames`)
	assert.Contains(t, ps.Error(), "Lambda allows 4096")
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
		"RestoreAccessRole backup:StartCopyJob": true}, checked, "the ingest shortens, the restore only copies")
}
