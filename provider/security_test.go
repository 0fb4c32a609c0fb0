package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// The security properties every generated document and vault must have,
// checked over every example organization.

// organizationConditions are the condition keys that keep a grant inside
// the deployment's part of the organization.
var organizationConditions = []string{"aws:PrincipalOrgPaths", "aws:PrincipalOrgID", "aws:ResourceOrgPaths"}

// document is a policy document as AWS reads it.
type document struct {
	name       string
	account    string // the account the document lives in
	trust      bool
	statements []map[string]any
}

// examplePlans plans every example organization.
func examplePlans(t *testing.T) map[string]central.Result {
	paths, err := filepath.Glob("../examples/config/*.yaml")
	require.NoError(t, err)
	plans := map[string]central.Result{}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		f, err := config.Load(data)
		require.NoError(t, err)
		built, err := central.Build(f.Config, f.Context)
		require.NoError(t, err)
		plans[filepath.Base(path)] = built
	}
	require.NotEmpty(t, plans)
	return plans
}

// documents lists every policy document of a plan and of its member
// templates.
func documents(t *testing.T, plan central.Result) []document {
	var out []document
	add := func(name, account, text string, trust bool) {
		var d struct{ Statement []map[string]any }
		require.NoError(t, json.Unmarshal([]byte(text), &d), name)
		out = append(out, document{name: name, account: account, trust: trust, statements: d.Statement})
	}
	for _, r := range plan.Resources {
		if input, ok := desired.PolicyInput(r); ok {
			add(r.Name, testContext.AccountID, r.Inputs[input].(string), input == desired.TrustPolicyInput)
		}
	}
	for key, s := range plan.Deployments {
		for name, doc := range member.Documents(s.Member, true) {
			add("member "+key+" "+name, member.AccountID, doc.JSON(), strings.HasSuffix(name, ".trust"))
		}
	}
	return out
}

func list(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, len(v))
		for i, e := range v {
			out[i] = e.(string)
		}
		return out
	}
	return nil
}

// conditionKeys lists the condition keys of a statement.
func conditionKeys(s map[string]any) []string {
	var keys []string
	conditions, _ := s["Condition"].(map[string]any)
	for _, operator := range conditions {
		for key := range operator.(map[string]any) {
			keys = append(keys, key)
		}
	}
	return keys
}

func hasAny(keys, wanted []string) bool {
	for _, k := range keys {
		for _, w := range wanted {
			if k == w {
				return true
			}
		}
	}
	return false
}

// foreignPrincipals returns the AWS principals of a statement outside the
// given account: "*", wildcard accounts and other accounts' ARNs.
func foreignPrincipals(s map[string]any, account string) []string {
	principal, ok := s["Principal"].(map[string]any)
	if !ok {
		return nil
	}
	var foreign []string
	for _, p := range list(principal["AWS"]) {
		if p == "*" || !strings.Contains(p, ":"+account+":") {
			foreign = append(foreign, p)
		}
	}
	return foreign
}

func TestCrossAccountGrantsStayInTheOrganization(t *testing.T) {
	for example, plan := range examplePlans(t) {
		for _, doc := range documents(t, plan) {
			for _, s := range doc.statements {
				if s["Effect"] != "Allow" {
					continue
				}
				where := fmt.Sprint(example, " ", doc.name, " ", s["Sid"])
				if foreign := foreignPrincipals(s, doc.account); len(foreign) > 0 {
					assert.True(t, hasAny(conditionKeys(s), organizationConditions),
						"%s allows %v without an organization condition", where, foreign)
				}
				// Identity statements that reach into other accounts' roles.
				for _, resource := range list(s["Resource"]) {
					if strings.HasPrefix(resource, "arn:aws:iam::*:role/") {
						assert.True(t, hasAny(conditionKeys(s), organizationConditions),
							"%s reaches %s without an organization condition", where, resource)
					}
				}
			}
		}
	}
}

func TestServiceTrustsNameTheirSource(t *testing.T) {
	for example, plan := range examplePlans(t) {
		for _, doc := range documents(t, plan) {
			for _, s := range doc.statements {
				principal, _ := s["Principal"].(map[string]any)
				// The log groups' resource policy is the EventBridge user
				// guide's, which names no source key (iam.EventBusLogs).
				if principal["Service"] == nil || !doc.trust {
					continue
				}
				assert.True(t, hasAny(conditionKeys(s), []string{"aws:SourceAccount", "aws:SourceArn"}),
					"%s %s: a service principal without aws:SourceAccount or aws:SourceArn", example, doc.name)
			}
		}
	}
}

func TestNoAnonymousGrants(t *testing.T) {
	for example, plan := range examplePlans(t) {
		for _, doc := range documents(t, plan) {
			for _, s := range doc.statements {
				principal, _ := s["Principal"].(map[string]any)
				// A Deny without a condition grants nothing: the member
				// air-gapped vault's policy denies some actions to everyone.
				if principal != nil && strings.Join(list(principal["AWS"]), "") == "*" && s["Effect"] != "Deny" {
					assert.NotEmpty(t, conditionKeys(s), "%s %s: Principal * without a condition", example, doc.name)
				}
			}
		}
	}
}

func TestLockedVaultsUseTheAWSManagedKeyAndStay(t *testing.T) {
	for example, plan := range examplePlans(t) {
		byName := map[string]desired.Resource{}
		for _, r := range plan.Resources {
			byName[r.Name] = r
		}
		standard, lag := 0, 0
		for _, r := range plan.Resources {
			switch {
			case r.Type == desired.BackupVault && strings.Contains(r.PhysicalName, "-standard-"):
				standard++
				assert.NotContains(t, r.Inputs, "kmsKeyArn", "%s %s: locked vaults use the AWS-managed key", example, r.Name)
				assert.True(t, r.RetainOnDelete, "%s %s is retained on delete", example, r.Name)
				lock, ok := byName[r.Name+"-lock"]
				require.True(t, ok, "%s %s has a lock", example, r.Name)
				assert.GreaterOrEqual(t, lock.Inputs["changeableForDays"], 3, "%s %s: compliance mode", example, r.Name)
				assert.True(t, lock.RetainOnDelete)
			case r.Type == desired.BackupLogicallyAirGapped || r.Type == desired.BackupAirGappedVault:
				lag++
				assert.True(t, r.RetainOnDelete, "%s %s is retained on delete", example, r.Name)
			}
		}
		assert.Positive(t, standard, example)
		if strings.Contains(example, "lag") {
			assert.Positive(t, lag, example)
		}
	}
}

// The member accounts' locked vault of in-account copies, in both member
// shapes of every example: on the deployment key (a copy of a type AWS
// Backup does not fully manage needs "a CMK or the managed key of the
// service": https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html#copy-encryption),
// locked in compliance mode (a ChangeableForDays of 3 or more:
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html)
// with the retention range its name carries, and never deleted. The IAM
// simulator of the authorization tier cannot model Vault Lock, so this is
// where the lock is asserted.
func TestMemberLockedVaultsAreComplianceLockedOnTheDeploymentKeyAndStay(t *testing.T) {
	checked := 0
	for example, plan := range examplePlans(t) {
		for key, s := range plan.Deployments {
			in := s.Member
			if in.MemberLockedVaultConfig == "" {
				continue
			}
			cfg, err := naming.ParseVaultConfig(in.MemberLockedVaultConfig)
			require.NoError(t, err)
			name := in.Names().MemberLockedVault(in.MemberLockedVaultConfig)
			for shape, d := range map[string]member.Description{"StackSet": member.DescribeStackSet(in),
				"MemberAccount": member.Describe(in)} {
				var vault *member.Vault
				for i := range d.Vaults {
					if d.Vaults[i].ID == member.LockedVaultID {
						vault = &d.Vaults[i]
					}
				}
				require.NotNil(t, vault, "%s %s %s", example, key, shape)
				assert.Equal(t, name, vault.Name)
				assert.Equal(t, d.Vaults[0].KeyARN, vault.KeyARN, "%s %s %s: the backup vault's key", example, key, shape)
				assert.Contains(t, vault.KeyARN, ":key/", "%s %s %s: a customer managed key", example, key, shape)
				require.NotNil(t, vault.Lock)
				assert.Equal(t, member.Lock{MinRetentionDays: cfg.MinDays, MaxRetentionDays: cfg.MaxDays, ChangeableForDays: 3},
					*vault.Lock, "%s %s %s", example, key, shape)
			}
			in.KMSKeyID = "key-id"
			byName := map[string]desired.Resource{}
			for _, r := range member.Resources(in, member.Account{ID: "222222222222", Region: in.Regions[0]}) {
				byName[r.Name] = r
			}
			for _, region := range in.Regions {
				vault, lock := byName[member.LockedVaultID+"-"+region], byName[member.LockedVaultID+"-"+region+"-lock"]
				assert.True(t, vault.RetainOnDelete && vault.Adopt, "%s %s: the vault is kept and adopted", example, region)
				assert.True(t, lock.RetainOnDelete, "%s %s: the lock is kept", example, region)
				assert.Equal(t, map[string]any{"backupVaultName": desired.Out(member.LockedVaultID+"-"+region, desired.OutputName),
					"changeableForDays": 3, "minRetentionDays": cfg.MinDays, "maxRetentionDays": cfg.MaxDays}, lock.Inputs)
				_, ok := byName[member.LockedVaultID+"-"+region+"-policy"]
				assert.True(t, ok, "%s %s: the vault has its policy", example, region)
			}
			var tpl struct {
				Resources map[string]struct{ Properties map[string]any }
			}
			require.NoError(t, json.Unmarshal([]byte(member.Template(s.Member)), &tpl))
			assert.Equal(t, map[string]any{"MinRetentionDays": float64(cfg.MinDays), "MaxRetentionDays": float64(cfg.MaxDays),
				"ChangeableForDays": float64(3)}, tpl.Resources[member.LockedVaultID].Properties["LockConfiguration"], example)
			checked++
		}
	}
	assert.Positive(t, checked, "the examples keep inAccountLockedCopies' default")
}
