package prerequisites

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// example loads an example organization as render does and returns its
// configuration with the management account's context.
func example(t *testing.T, name string) (config.Config, config.Context, string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "config", name+".yaml"))
	require.NoError(t, err)
	f, err := config.Load(data)
	require.NoError(t, err)
	mgmt := f.Context
	mgmt.AccountID = f.Context.ManagementAccountID
	return f.Config, mgmt, f.Context.AccountID
}

var allSet = &Organization{FeatureSet: "ALL", RootID: "r-ab12",
	ServicePrincipals:  []string{BackupPrincipal, StackSetsPrincipal},
	EnabledPolicyTypes: []string{"BACKUP_POLICY", "SERVICE_CONTROL_POLICY"}}

func names(rs []desired.Resource) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Name
	}
	return out
}

// TestExamples: every example organization plans the organization's
// settings, the backup account's registrations, the delegation policy and,
// by default (guardPolicyManagedBy ManagementAccount), exactly the guard
// SCPs and attachments OrgBackup planned before, in that order.
func TestExamples(t *testing.T) {
	// The examples whose render has an aws-native:ram:ResourceShare: RAM
	// sharing with the organization is needed there only.
	shares := map[string]bool{"reference-lag": true, "lag-pitr": true}
	for _, name := range []string{"reference", "reference-lag", "lag-pitr", "member-stacks"} {
		t.Run(name, func(t *testing.T) {
			cfg, mgmt, backup := example(t, name)
			res, err := Build(cfg, mgmt, backup, Options{Organization: allSet})
			require.NoError(t, err)
			var want []string
			if shares[name] {
				want = append(want, RAMSharing)
			}
			want = append(want, GlobalSettings, DelegatedAdministrator(BackupPrincipal))
			principals := []string{BackupPrincipal}
			if res.Config.MemberAccountResources == config.StackSet {
				want = append(want, DelegatedAdministrator(StackSetsPrincipal))
				principals = append(principals, StackSetsPrincipal)
			}
			want = append(want, DelegationPolicy)
			guards := central.GuardPolicies(res.Config, BackupContext(mgmt, backup))
			want = append(want, names(guards)...)
			assert.Equal(t, want, names(res.Resources))
			assert.Equal(t, principals, res.DelegatedAdministrators)
			assert.Len(t, res.GuardPolicies, len(guards)-countType(guards, desired.OrganizationsAttachment))
			assert.Empty(t, res.ManualSteps, "the organization has every setting")

			byName := map[string]desired.Resource{}
			for _, r := range res.Resources {
				byName[r.Name] = r
				assert.Empty(t, r.ImportID, "nothing exists: %s is created", r.Name)
			}
			if _, ok := byName[RAMSharing]; ok {
				assert.True(t, byName[RAMSharing].RetainOnDelete)
			}
			assert.True(t, byName[GlobalSettings].RetainOnDelete)
			assert.True(t, byName[DelegatedAdministrator(BackupPrincipal)].RetainOnDelete,
				"deregistering the backup account would break its stack: never on destroy")
			gs, ok := desired.ArgsOf[desired.GlobalSettingsArgs](byName[GlobalSettings])
			require.True(t, ok)
			assert.Equal(t, map[string]string{"isCrossAccountBackupEnabled": "true"}, gs.GlobalSettings)
			da, ok := desired.ArgsOf[desired.DelegatedAdministratorArgs](byName[DelegatedAdministrator(BackupPrincipal)])
			require.True(t, ok)
			assert.Equal(t, backup, da.AccountID)
			policy, ok := desired.ArgsOf[desired.ResourcePolicyArgs](byName[DelegationPolicy])
			require.True(t, ok)
			assert.Equal(t, res.DelegationPolicy, policy.Content)
			assert.Contains(t, res.DelegationPolicy, "arn:aws:iam::"+backup+":root")
		})
	}
}

func countType(rs []desired.Resource, typ string) int {
	n := 0
	for _, r := range rs {
		if r.Type == typ {
			n++
		}
	}
	return n
}

// TestGuardPoliciesFollowTheirOwner: with BackupAccount, OrgBackup keeps
// the guard SCPs, this plan has none and the delegation policy lets the
// backup account manage SCPs; with ManagementAccount, the reverse.
func TestGuardPoliciesFollowTheirOwner(t *testing.T) {
	cfg, mgmt, backup := example(t, "lag-pitr")
	own, err := Build(cfg, mgmt, backup, Options{})
	require.NoError(t, err)
	assert.NotZero(t, countType(own.Resources, desired.OrganizationsPolicy))
	// Nothing on SCPs but the read-only statement of the guard look-up.
	assert.NotContains(t, strings.Replace(own.DelegationPolicy, `"StringEquals":{"organizations:PolicyType":"SERVICE_CONTROL_POLICY"}`, "", 1),
		"SERVICE_CONTROL_POLICY", "the backup account gets no right on SCPs but reading them")
	assert.Contains(t, own.DelegationPolicy, `{"Sid":"ReadServiceControlPolicies","Effect":"Allow","Principal":{"AWS":`+
		`"arn:aws:iam::111111111111:root"},"Action":["organizations:DescribePolicy","organizations:ListPoliciesForTarget"],`+
		`"Resource":"*","Condition":{"StringEquals":{"organizations:PolicyType":"SERVICE_CONTROL_POLICY"}}}`)

	cfg.GuardPolicyManagedBy = config.GuardManagedByBackupAccount
	theirs, err := Build(cfg, mgmt, backup, Options{})
	require.NoError(t, err)
	assert.Zero(t, countType(theirs.Resources, desired.OrganizationsPolicy))
	assert.Zero(t, countType(theirs.Resources, desired.OrganizationsAttachment))
	assert.Empty(t, theirs.GuardPolicies)
	assert.Contains(t, theirs.DelegationPolicy, "SERVICE_CONTROL_POLICY")
}

// TestAdoption: a registration that exists is imported and kept on
// destroy; a guard SCP named in GuardPolicyIDs is imported with each of
// its attachments ("<target>:<policy>").
func TestAdoption(t *testing.T) {
	cfg, mgmt, backup := example(t, "lag-pitr")
	res, err := Build(cfg, mgmt, backup, Options{
		Registered:     map[string][]string{BackupPrincipal: {"222222222222", backup}, StackSetsPrincipal: {"222222222222"}},
		GuardPolicyIDs: map[string]string{"ca-prod": "p-guard123"},
	})
	require.NoError(t, err)
	for _, r := range res.Resources {
		switch {
		case r.Name == DelegatedAdministrator(BackupPrincipal):
			assert.Equal(t, backup+"/"+BackupPrincipal, r.ImportID)
			assert.True(t, r.RetainOnDelete, "what the component did not register stays registered")
		case r.Name == DelegatedAdministrator(StackSetsPrincipal):
			assert.Empty(t, r.ImportID, "another account's registration is not this one")
			assert.True(t, r.RetainOnDelete, "created or adopted, a registration stays on destroy")
		case r.Type == desired.OrganizationsPolicy:
			assert.Equal(t, "p-guard123", r.ImportID)
		case r.Type == desired.OrganizationsAttachment:
			args, ok := desired.ArgsOf[desired.PolicyAttachmentArgs](r)
			require.True(t, ok)
			target := res.Config.Deployments[args.TargetID.Deployment].BackupTargets[args.TargetID.Index]
			assert.Equal(t, target+":p-guard123", r.ImportID)
		default:
			assert.Empty(t, r.ImportID, r.Name)
		}
	}
}

// TestSkipDelegationPolicy: the content is an output and a manual step,
// not a resource.
func TestSkipDelegationPolicy(t *testing.T) {
	cfg, mgmt, backup := example(t, "reference")
	res, err := Build(cfg, mgmt, backup, Options{SkipDelegationPolicy: true, Organization: allSet})
	require.NoError(t, err)
	assert.NotContains(t, names(res.Resources), DelegationPolicy)
	assert.NotEmpty(t, res.DelegationPolicy)
	assert.Equal(t, []string{DelegationPolicyCommand}, res.ManualSteps)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(res.DelegationPolicy), &doc))
}

// TestMissingSettingsFailWithTheirCommands: every setting the organization
// lacks is a problem naming its command, all at once; what is not known is
// never missing, and render (nothing looked up) lists them all as steps.
func TestMissingSettingsFailWithTheirCommands(t *testing.T) {
	cfg, mgmt, backup := example(t, "lag-pitr")
	_, err := Build(cfg, mgmt, backup, Options{Organization: &Organization{FeatureSet: "ALL", RootID: "r-ab12",
		ServicePrincipals: []string{"ram.amazonaws.com"}, EnabledPolicyTypes: []string{}}})
	var ps config.Problems
	require.True(t, errors.As(err, &ps), err)
	text := err.Error()
	for _, cmd := range []string{
		"aws organizations enable-aws-service-access --service-principal backup.amazonaws.com",
		"aws cloudformation activate-organizations-access",
		"aws organizations enable-policy-type --root-id r-ab12 --policy-type BACKUP_POLICY",
		"aws organizations enable-policy-type --root-id r-ab12 --policy-type SERVICE_CONTROL_POLICY",
	} {
		assert.Contains(t, text, cmd)
	}
	assert.NotContains(t, text, "enable-all-features")
	assert.Len(t, ps, 4)

	_, err = Build(cfg, mgmt, backup, Options{Organization: &Organization{FeatureSet: "CONSOLIDATED_BILLING"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "aws organizations enable-all-features")
	assert.NotContains(t, err.Error(), "enable-policy-type", "not known without all features: not missing")

	res, err := Build(cfg, mgmt, backup, Options{})
	require.NoError(t, err)
	joined := strings.Join(res.ManualSteps, "\n")
	assert.Contains(t, joined, "enable-all-features")
	assert.Contains(t, joined, "--root-id $ROOT_ID --policy-type SERVICE_CONTROL_POLICY")
}

// TestInputProblems: the backup account, the adopted SCP ids and OrgBackup's
// own rules are checked together, each with its input path.
func TestInputProblems(t *testing.T) {
	cfg, mgmt, _ := example(t, "lag-pitr")
	cfg.CentralAccountResourceNamePrefix = ""
	_, err := Build(cfg, mgmt, "12345", Options{GuardPolicyIDs: map[string]string{"nope": "p-12345678", "ca-prod": "x"}})
	var ps config.Problems
	require.True(t, errors.As(err, &ps), err)
	paths := map[string]bool{}
	for _, p := range ps {
		paths[p.Path] = true
	}
	assert.True(t, paths["backupAccountId"])
	assert.True(t, paths[`guardPolicyIds["nope"]`])
	assert.True(t, paths[`guardPolicyIds["ca-prod"]`])
	assert.True(t, paths["centralAccountResourceNamePrefix"], "OrgBackup's validation: %v", ps)

	_, err = Build(cfg, mgmt, mgmt.AccountID, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is the management account")

	cfg, mgmt, backup := example(t, "lag-pitr")
	cfg.GuardPolicyManagedBy = config.GuardManagedByBackupAccount
	_, err = Build(cfg, mgmt, backup, Options{GuardPolicyIDs: map[string]string{"ca-prod": "p-12345678"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "guardPolicyManagedBy")
}

// TestDeterministic: the same inputs give the same plan.
func TestDeterministic(t *testing.T) {
	cfg, mgmt, backup := example(t, "lag-pitr")
	a, err := Build(cfg, mgmt, backup, Options{})
	require.NoError(t, err)
	b, err := Build(cfg, mgmt, backup, Options{})
	require.NoError(t, err)
	ja, _ := json.Marshal(a.Resources)
	jb, _ := json.Marshal(b.Resources)
	assert.Equal(t, string(ja), string(jb))
}
