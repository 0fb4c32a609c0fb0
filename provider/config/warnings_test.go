package config

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Service-managed StackSets never deploy to the management account
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html).
func TestRootTargetWithStackSetWarns(t *testing.T) {
	c := validConfig()
	c.Alerts = &Alerts{Subscriptions: []AlertSubscription{{Protocol: "email", Endpoint: "ops@example.com"}}}
	d := c.Deployments["web"]
	d.BackupTargets = []string{"ou-abcd-defghijk", "r-abcd"}
	c.Deployments["web"] = d
	var got []string
	for _, w := range c.WithDefaults(testContext).Warnings(testContext) {
		got = append(got, w.String())
	}
	rootHoldsBackupAccount := `deployments["web"].backupTargets[1]: "r-abcd" is the organization root, which holds ` +
		`every account, the backup account 111111111111 included. Its backup policy reaches the backup account, whose ` +
		`own backups then stay in a vault of that account that its administrators can empty: they are never copied ` +
		`to the locked vaults`
	const fix = `. Keep workloads out of the backup account and move it into an OU that no deployment targets (or ` +
		`target the OUs under the root, without the backup account's)`
	assert.Equal(t, []string{
		rootHoldsBackupAccount + `, and the deployment's guard SCP restricts the backup account's own principals` + fix,
		`deployments["web"].backupTargets[1]: "r-abcd" is the organization root: its backup ` +
			`policy reaches the management account 999999999999, but service-managed StackSets never deploy to the ` +
			`management account, so its backups will fail without the member vaults and roles. Cover it with a ` +
			`MemberAccount stack in account 999999999999, or target the OUs under the root instead of the root`}, got)

	c.MemberAccountResources = MemberAccountStacks
	got = nil
	for _, w := range c.WithDefaults(testContext).Warnings(testContext) {
		got = append(got, w.String())
	}
	assert.Equal(t, []string{rootHoldsBackupAccount + fix}, got,
		"member stacks can run in the management account; without protectMemberResources there is no guard")
	c = validConfig()
	c.Alerts = &Alerts{Subscriptions: []AlertSubscription{{Protocol: "email", Endpoint: "ops@example.com"}}}
	assert.Empty(t, c.WithDefaults(testContext).Warnings(testContext), "OU targets only")
}

// The management account in a target OU gets no stack instance either
// ("even if that account ... belongs to an organizational unit (OU)",
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-associate-stackset-with-org.html).
func TestOUTargetHoldingTheManagementAccountWarns(t *testing.T) {
	c := validConfig()
	d := c.Deployments["web"]
	d.BackupTargets = []string{"ou-abcd-11111111", "r-abcd", "ou-abcd-22222222", "ou-abcd-33333333"}
	c.Deployments["web"] = d
	resolved := c.WithDefaults(testContext)
	var asked []string
	accountsUnder := func(ou string) ([]string, error) {
		asked = append(asked, ou)
		switch ou {
		case "ou-abcd-22222222":
			return []string{"222222222222", testContext.ManagementAccountID}, nil
		case "ou-abcd-33333333":
			return nil, errors.New("AccessDeniedException")
		}
		return []string{"222222222222"}, nil
	}
	var got []string
	for _, w := range resolved.OUTargetWarnings(testContext, accountsUnder) {
		got = append(got, w.String())
	}
	assert.Equal(t, []string{"ou-abcd-11111111", "ou-abcd-22222222", "ou-abcd-33333333"}, asked, "OUs only")
	assert.Equal(t, []string{
		`deployments["web"].backupTargets[2]: "ou-abcd-22222222" holds the management account 999999999999: its ` +
			`backup policy reaches it, but service-managed StackSets never deploy to the management account, even in ` +
			`an OU, so its backups will fail without the member vaults and roles. Cover it with a MemberAccount stack ` +
			`in account 999999999999, or move that account out of the OU`,
		`deployments["web"].backupTargets[3]: could not look up the accounts under "ou-abcd-33333333" ` +
			`(AccessDeniedException): if the management account 999999999999 is among them, service-managed ` +
			`StackSets never deploy to it, so its backups will fail without the member vaults and roles; cover it ` +
			`with a MemberAccount stack in that account`,
	}, got)

	c.MemberAccountResources = MemberAccountStacks
	asked = nil
	assert.Equal(t, []string{`deployments["web"].backupTargets[3]: could not look up the accounts under ` +
		`"ou-abcd-33333333" (AccessDeniedException): if the backup account 111111111111 is among them, its own ` +
		`backups are never locked`}, problemStrings(c.WithDefaults(testContext).OUTargetWarnings(testContext, accountsUnder)),
		"member stacks can run in the management account: only the backup account is looked for")
}

// A target that holds the backup account reaches it with the backup
// policy (and the guard SCP): policies attached to an OU apply to every
// account under it
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_getting-started_concepts.html).
func TestOUTargetHoldingTheBackupAccountWarns(t *testing.T) {
	c := validConfig()
	d := c.Deployments["web"]
	d.BackupTargets = []string{"ou-abcd-11111111", "ou-abcd-22222222"}
	c.Deployments["web"] = d
	accountsUnder := func(ou string) ([]string, error) {
		if ou == "ou-abcd-22222222" {
			return []string{"222222222222", testContext.AccountID}, nil
		}
		return []string{"222222222222"}, nil
	}
	holds := `deployments["web"].backupTargets[1]: "ou-abcd-22222222" holds the backup account 111111111111. Its ` +
		`backup policy reaches the backup account, whose own backups then stay in a vault of that account that its ` +
		`administrators can empty: they are never copied to the locked vaults`
	const fix = `. Keep workloads out of the backup account and move it into an OU that no deployment targets (or ` +
		`target the OUs under the root, without the backup account's)`
	assert.Equal(t, []string{holds + `, and the deployment's guard SCP restricts the backup account's own principals` + fix},
		problemStrings(c.WithDefaults(testContext).OUTargetWarnings(testContext, accountsUnder)))
	c.MemberAccountResources = MemberAccountStacks
	assert.Equal(t, []string{holds + fix},
		problemStrings(c.WithDefaults(testContext).OUTargetWarnings(testContext, accountsUnder)))
}

func problemStrings(ps Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

// A deployment with logically air-gapped vaults and no approval team is
// warned of, whichever vaults (central or member) it has; a team, the
// component's or its own, silences it
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/multipartyapproval.html).
func TestApprovalTeamWarnings(t *testing.T) {
	const path = `deployments["web"].mpaApprovalTeamArn`
	warned := func(c Config) bool {
		for _, w := range c.WithDefaults(testContext).Warnings(testContext) {
			if w.Path == path {
				return true
			}
		}
		return false
	}
	c := validConfig()
	assert.False(t, warned(c), "no air-gapped vault")
	for _, mutate := range []func(*Plan){
		func(p *Plan) { p.UseLogicallyAirGappedVault = true },
		func(p *Plan) { p.PrimaryBackupToLogicallyAirGappedVault = true },
	} {
		c := validConfig()
		p := c.Deployments["web"].Plans["gold"]
		mutate(&p)
		c.Deployments["web"].Plans["gold"] = p
		assert.True(t, warned(c))
		c.MpaApprovalTeamArn = "arn:aws:mpa:us-east-1:888888888888:approval-team/recovery"
		assert.False(t, warned(c))
	}
}

// GuardAttachmentWarnings: a guarded deployment's target without its guard
// SCP is warned of, one that could not be read too; none with
// BackupAccount, where OrgBackup attaches the guard itself.
func TestGuardAttachmentWarnings(t *testing.T) {
	c := validConfig()
	d := c.Deployments["web"]
	d.BackupTargets = []string{"ou-abcd-11111111", "ou-abcd-22222222", "ou-abcd-33333333"}
	c.Deployments["web"] = d
	resolved := c.WithDefaults(testContext)
	guard := resolved.Names("web").VaultManagerGuard()
	scpsOn := func(target string) ([]string, error) {
		switch target {
		case "ou-abcd-11111111":
			return []string{"FullAWSAccess", guard}, nil
		case "ou-abcd-33333333":
			return nil, errors.New("AccessDeniedException")
		}
		return []string{"FullAWSAccess"}, nil
	}
	assert.Equal(t, []string{
		`deployments["web"].backupTargets[1]: the guard SCP "` + guard + `" is not attached to "ou-abcd-22222222": ` +
			`with guardPolicyManagedBy ManagementAccount, OrgPrerequisites attaches it from the management account ` +
			`(docs/org-prerequisites.md); until it does, the administrators of the accounts under "ou-abcd-22222222" ` +
			`can change the deployment's member vault manager`,
		`deployments["web"].backupTargets[2]: could not check that the guard SCP "` + guard + `" is attached to ` +
			`"ou-abcd-33333333" (AccessDeniedException): run orgbackup doctor, or deploy OrgPrerequisites in the ` +
			`management account (docs/org-prerequisites.md)`,
	}, problemStrings(resolved.GuardAttachmentWarnings(scpsOn)))

	resolved.GuardPolicyManagedBy = GuardManagedByBackupAccount
	assert.Empty(t, resolved.GuardAttachmentWarnings(scpsOn))
	resolved.GuardPolicyManagedBy = GuardManagedByManagementAccount
	resolved.MemberAccountResources = MemberAccountStacks
	assert.Empty(t, resolved.GuardAttachmentWarnings(scpsOn), "member stacks without protectMemberResources have no guard")
}

// guardPolicyManagedBy BackupAccount is warned of whenever a deployment has
// a guard: the backup account can then take over any SCP through its tag.
func TestGuardInTheBackupAccountWarns(t *testing.T) {
	c := validConfig()
	c.Alerts = &Alerts{Subscriptions: []AlertSubscription{{Protocol: "email", Endpoint: "ops@example.com"}}}
	c.GuardPolicyManagedBy = GuardManagedByBackupAccount
	got := problemStrings(c.WithDefaults(testContext).Warnings(testContext))
	assert.Equal(t, []string{`guardPolicyManagedBy: "BackupAccount" lets the backup account tag any service control ` +
		`policy of the organization with orgbackup:guard and then change, detach or delete it: AWS has no condition ` +
		`that limits tagging to the policies it creates. Use "ManagementAccount" (the default) and deploy ` +
		`OrgPrerequisites in the management account, unless no stack can run there (docs/prerequisites.md, step 11)`}, got)
	c.MemberAccountResources = MemberAccountStacks
	assert.Empty(t, c.WithDefaults(testContext).Warnings(testContext), "no guard, nothing to take over")
}

// Without in-account locked copies, the backups AWS refuses to copy to the
// backup account for their key stay where the member's administrators can
// delete them
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html#copy-encryption).
func TestInAccountLockedCopiesOffWarns(t *testing.T) {
	c := validConfig()
	c.Alerts = &Alerts{Subscriptions: []AlertSubscription{{Protocol: "email", Endpoint: "ops@example.com"}}}
	assert.Empty(t, c.WithDefaults(testContext).Warnings(testContext), "on by default: no warning")
	off := false
	d := c.Deployments["web"]
	d.InAccountLockedCopies = &off
	c.Deployments["web"] = d
	var got []string
	for _, w := range c.WithDefaults(testContext).Warnings(testContext) {
		got = append(got, w.String())
	}
	assert.Equal(t, []string{`deployments["web"].inAccountLockedCopies: is false: a backup of EBS, EC2, RDS, Aurora ` +
		`or another type AWS Backup does not fully manage, on an AWS managed key (aws/ebs, aws/rds) or on a customer ` +
		`managed key the backup account may not use, is never copied to the backup account and then stays only in the ` +
		`member backup vault, which the account's administrators can empty; remove the input (default true) to copy ` +
		`such backups into a compliance-locked vault of their account, and see protection/web.md for the cells that ` +
		`read never`}, got)
}
