package config

import (
	"fmt"
	"slices"
	"strings"
)

// Service-managed StackSets never deploy stack instances to the
// management account, "even if that account is part of your organization
// or belongs to an organizational unit (OU)"
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-associate-stackset-with-org.html,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html),
// so when a deployment's backup policy reaches the management account, its
// backup jobs there find neither the member vaults nor the member roles.

// Warnings returns what c (resolved) deploys but cannot make work, each
// with the input path behind it: alerts that reach nobody (alertWarnings);
// a reconciler that looks too late (reconciliationWarnings);
// a root target with the StackSet reaches the management account with the
// backup policy. Whether an OU target holds
// the management account needs a look-up: see OUTargetWarnings.
func (c Config) Warnings(ctx Context) Problems {
	var ws Problems
	c.alertWarnings(&ws)
	c.reconciliationWarnings(&ws)
	c.approvalTeamWarnings(&ws)
	c.guardOwnerWarnings(&ws)
	c.lockedCopiesWarnings(&ws)
	c.auditReportsWarnings(&ws)
	for _, key := range c.DeploymentKeys() {
		for i, target := range c.Deployments[key].BackupTargets {
			if strings.HasPrefix(target, "r-") {
				ws.Add(targetPath(key, i), "%q is the organization root, which holds every account, the backup account "+
					"%s included. %s", target, ctx.AccountID, backupAccountInTarget(c, key))
			}
		}
	}
	if c.MemberAccountResources != StackSet {
		return ws
	}
	for _, key := range c.DeploymentKeys() {
		for i, target := range c.Deployments[key].BackupTargets {
			if !strings.HasPrefix(target, "r-") {
				continue
			}
			ws.Add(targetPath(key, i), "%q is the organization root: its backup policy reaches the management "+
				"account %s, but service-managed StackSets never deploy to the management account, so its backups "+
				"will fail without the member vaults and roles. Cover it with a MemberAccount stack in account %s, "+
				"or target the OUs under the root instead of the root", target, ctx.ManagementAccountID,
				ctx.ManagementAccountID)
		}
	}
	return ws
}

// lockedCopiesWarnings warns of each deployment that turns
// inAccountLockedCopies off: a backup AWS refuses to copy to the backup
// account for its key ("Cross-account copy with AWS managed keys isn't
// supported for resources that aren't fully managed by AWS Backup",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html#copy-encryption)
// then stays only in the member backup vault, which the account's
// administrators can empty.
func (c Config) lockedCopiesWarnings(ws *Problems) {
	for _, key := range c.DeploymentKeys() {
		if c.Deployments[key].UsesMemberLockedVault() {
			continue
		}
		ws.Add(fmt.Sprintf("deployments[%q].inAccountLockedCopies", key), "is false: a backup of EBS, EC2, RDS, "+
			"Aurora or another type AWS Backup does not fully manage, on an AWS managed key (aws/ebs, aws/rds) or on "+
			"a customer managed key the backup account may not use, is never copied to the backup account and then "+
			"stays only in the member backup vault, which the account's administrators can empty; remove the input "+
			"(default true) to copy such backups into a compliance-locked vault of their account, and see "+
			"protection/%s.md for the cells that read never", key)
	}
}

// OUTargetWarnings returns, for c (resolved), a warning for each OU target
// that holds the backup account (ctx.AccountID) and, with the StackSet, for
// each that holds the management account or whose accounts (at any depth,
// as accountsUnder looks them up) could not be looked up.
func (c Config) OUTargetWarnings(ctx Context, accountsUnder func(ou string) ([]string, error)) Problems {
	var ws Problems
	stackSet := c.MemberAccountResources == StackSet
	for _, key := range c.DeploymentKeys() {
		for i, target := range c.Deployments[key].BackupTargets {
			if !strings.HasPrefix(target, "ou-") {
				continue
			}
			accounts, err := accountsUnder(target)
			switch {
			case err != nil && stackSet:
				ws.Add(targetPath(key, i), "could not look up the accounts under %q (%v): if the management "+
					"account %s is among them, service-managed StackSets never deploy to it, so its backups will "+
					"fail without the member vaults and roles; cover it with a MemberAccount stack in that account",
					target, err, ctx.ManagementAccountID)
			case err != nil:
				ws.Add(targetPath(key, i), "could not look up the accounts under %q (%v): if the backup account %s "+
					"is among them, its own backups are never locked", target, err, ctx.AccountID)
			case slices.Contains(accounts, ctx.ManagementAccountID) && stackSet:
				ws.Add(targetPath(key, i), "%q holds the management account %s: its backup policy reaches it, but "+
					"service-managed StackSets never deploy to the management account, even in an OU, so its backups "+
					"will fail without the member vaults and roles. Cover it with a MemberAccount stack in account %s, "+
					"or move that account out of the OU", target, ctx.ManagementAccountID, ctx.ManagementAccountID)
			}
			if err == nil && slices.Contains(accounts, ctx.AccountID) {
				ws.Add(targetPath(key, i), "%q holds the backup account %s. %s", target, ctx.AccountID,
					backupAccountInTarget(c, key))
			}
		}
	}
	return ws
}

// guardOwnerWarnings warns of guardPolicyManagedBy BackupAccount when a
// deployment has a guard. The delegation and deployer policies then let
// the backup account tag service control policies with the guard tag on
// creation, and change, attach and delete the ones that carry it; no
// condition key tells a policy being created from an existing one
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html),
// so whoever controls the backup account's IAM can tag any SCP of the
// organization and then rewrite or detach it.
func (c Config) guardOwnerWarnings(ws *Problems) {
	if !c.GuardPoliciesInBackupAccount() {
		return
	}
	for _, key := range c.DeploymentKeys() {
		if c.HasGuard(key) {
			ws.Add("guardPolicyManagedBy", "%q lets the backup account tag any service control policy of the "+
				"organization with %s and then change, detach or delete it: AWS has no condition that limits tagging "+
				"to the policies it creates. Use %q (the default) and deploy OrgPrerequisites in the management "+
				"account, unless no stack can run there (docs/prerequisites.md, step 11)", GuardManagedByBackupAccount,
				"orgbackup:guard", GuardManagedByManagementAccount)
			return
		}
	}
}

// GuardAttachmentWarnings returns, for c (resolved) with the guard SCPs in
// the management account's hands (guardPolicyManagedBy ManagementAccount),
// a warning for each target of a deployment with a guard that the guard is
// not attached to, as scpsOn (the names of the SCPs attached to a target)
// tells, and one for each target it could not look at. OrgBackup plans no
// guard then, so without OrgPrerequisites the member resources it keeps
// are open to the member accounts' administrators.
func (c Config) GuardAttachmentWarnings(scpsOn func(target string) ([]string, error)) Problems {
	var ws Problems
	if c.GuardPoliciesInBackupAccount() {
		return ws
	}
	for _, key := range c.DeploymentKeys() {
		if !c.HasGuard(key) {
			continue
		}
		guard := c.Names(key).VaultManagerGuard()
		what := "member vault manager"
		if c.Deployments[key].ProtectMemberResources {
			what = "member vaults, roles and event forwarder"
		}
		for i, target := range c.Deployments[key].BackupTargets {
			names, err := scpsOn(target)
			switch {
			case err != nil:
				ws.Add(targetPath(key, i), "could not check that the guard SCP %q is attached to %q (%v): run "+
					"orgbackup doctor, or deploy OrgPrerequisites in the management account (docs/org-prerequisites.md)",
					guard, target, err)
			case !slices.Contains(names, guard):
				ws.Add(targetPath(key, i), "the guard SCP %q is not attached to %q: with guardPolicyManagedBy "+
					"ManagementAccount, OrgPrerequisites attaches it from the management account "+
					"(docs/org-prerequisites.md); until it does, the administrators of the accounts under %q can "+
					"change the deployment's %s", guard, target, target, what)
			}
		}
	}
	return ws
}

// backupAccountInTarget says what happens when a target of deployment key
// holds the backup account. A root holds every account of the
// organization, and the policies attached to a root or an OU apply to
// every account under it
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_getting-started_concepts.html):
// the backup policy reaches the backup account and, with a StackSet, the
// member resources are deployed there, but a copy from the backup
// account's member vault into its own intermediate vault is a copy within
// one account, which the ingest never moves on to the locked vault (it
// takes only copies from member accounts). The guard SCP, too, applies to
// the backup account's own principals.
func backupAccountInTarget(c Config, key string) string {
	msg := "Its backup policy reaches the backup account, whose own backups then stay in a vault of that account " +
		"that its administrators can empty: they are never copied to the locked vaults"
	if c.HasGuard(key) {
		msg += ", and the deployment's guard SCP restricts the backup account's own principals"
	}
	return msg + ". Keep workloads out of the backup account and move it into an OU that no deployment targets " +
		"(or target the OUs under the root, without the backup account's)"
}

func targetPath(key string, i int) string {
	return fmt.Sprintf("deployments[%q].backupTargets[%d]", key, i)
}

// approvalTeamWarnings warns of each deployment whose logically air-gapped
// vaults have no multi-party approval team: if the account holding one is
// compromised or closed, a team outside it is the only way back in
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/multipartyapproval.html).
func (c Config) approvalTeamWarnings(ws *Problems) {
	for _, key := range c.DeploymentKeys() {
		d := c.Deployments[key]
		if c.DeploymentMpaApprovalTeam(key) != "" || (len(d.LAGVaultConfigs()) == 0 && !d.UsesMemberLAG()) {
			continue
		}
		ws.Add(fmt.Sprintf("deployments[%q].mpaApprovalTeamArn", key), "is not set, and the deployment creates "+
			"logically air-gapped vaults: without a multi-party approval team, their backups cannot be reached "+
			"once the account that holds them is compromised or closed. Name an approval team here or in the "+
			"component's mpaApprovalTeamArn (docs/multi-party-approval.md)")
	}
}
