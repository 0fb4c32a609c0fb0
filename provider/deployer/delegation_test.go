package deployer

import (
	goStrings "strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
)

// onServiceControlPolicies says whether a statement can touch an SCP: by
// its ARN, its policy type or the guard tag.
func onServiceControlPolicies(s iam.Statement) bool {
	doc := iam.New(s).JSON()
	return goStrings.Contains(doc, "service_control_policy") || goStrings.Contains(doc, serviceControlPolicy) ||
		goStrings.Contains(doc, GuardTagKey)
}

// readsOnly reports whether s allows nothing but the reads of the guard
// look-up: which SCPs a target holds, and their names.
func readsOnly(s iam.Statement) bool {
	for _, a := range s.Action {
		if a != "organizations:ListPoliciesForTarget" && a != "organizations:DescribePolicy" {
			return false
		}
	}
	return s.Effect == iam.Allow && len(s.NotAction) == 0
}

// With the default guardPolicyManagedBy, ManagementAccount, the plan holds
// no guard SCP, and neither the deployer policy nor the delegation grants
// anything on service control policies but reading which a target holds,
// to warn while a guard is not attached.
func TestNoRightOnServiceControlPoliciesUnlessTheBackupAccountManagesThem(t *testing.T) {
	managementAccount, backupAccount := 0, 0
	for _, p := range plans(t) {
		central, delegation := Central(p.cfg, p.ctx, p.plan.Resources), Delegation(p.cfg, p.ctx)
		if !p.cfg.GuardPoliciesInBackupAccount() {
			managementAccount++
			for _, r := range p.plan.Resources {
				if r.Type == desired.OrganizationsPolicy {
					assert.NotEqual(t, serviceControlPolicy, args[desired.OrganizationPolicyArgs](r).Type, "%s plans %s", p.name, r.Name)
				}
			}
			reads := 0
			for _, s := range append(central.Statement, delegation.Statement...) {
				if onServiceControlPolicies(s) {
					assert.True(t, readsOnly(s), "%s: %s", p.name, iam.New(s).JSON())
					reads++
				}
			}
			assert.Equal(t, len(p.cfg.GuardedDeployments()) > 0, reads > 0,
				"%s: the guard look-up reads SCPs exactly when a deployment has a guard", p.name)
			continue
		}
		backupAccount++
		sids := map[string]bool{}
		for _, s := range delegation.Statement {
			sids[s.Sid] = true
		}
		guarded := len(p.cfg.GuardedDeployments()) > 0
		for _, sid := range []string{"CreateGuardServiceControlPolicies", "TagGuardServiceControlPoliciesAtCreation",
			"ManageGuardServiceControlPolicies", "AttachGuardServiceControlPoliciesToTargets"} {
			assert.Equal(t, guarded, sids[sid], "%s: %s", p.name, sid)
		}
	}
	assert.NotZero(t, managementAccount)
	assert.NotZero(t, backupAccount)
}

// The delegation's principal is the backup account, as in AWS's examples
// (https://docs.aws.amazon.com/organizations/latest/userguide/security_iam_resource-based-policy-examples.html);
// it attaches backup policies only to the deployments' targets, and it
// allows every Organizations action the deployer policy grants outside the
// backup account.
func TestDelegationCoversTheDeployerAndNoMore(t *testing.T) {
	for _, p := range plans(t) {
		delegation := Delegation(p.cfg, p.ctx)
		s := scope{Context: p.ctx, cfg: p.cfg}
		delegated := map[string]bool{}
		for _, st := range delegation.Statement {
			assert.Equal(t, iam.Strings{"arn:" + p.ctx.Partition + ":iam::" + p.ctx.AccountID + ":root"}, st.Principal.AWS, p.name)
			assert.NotEmpty(t, st.Sid, p.name)
			for _, a := range st.Action {
				delegated[a] = true
			}
			if st.Sid == "AttachBackupPolicies" {
				want := targets(s, func(string) bool { return true })
				assert.Equal(t, append(want, backupPolicies(s, p.plan.Resources[0])...), st.Resource, p.name)
			}
		}
		for _, st := range Central(p.cfg, p.ctx, p.plan.Resources).Statement {
			for _, a := range st.Action {
				if !goStrings.HasPrefix(a, "organizations:") || a == "organizations:ListDelegatedAdministrators" {
					continue // ListDelegatedAdministrators: StackSets, on "*" in the backup account
				}
				assert.True(t, delegated[a], "%s: the deployer needs %s, which the delegation does not allow", p.name, a)
			}
		}
	}
}
