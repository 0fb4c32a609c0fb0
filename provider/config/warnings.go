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

// OUTargetWarnings returns, for c (resolved) with the StackSet, a warning
// for each OU target that holds the management account, whose accounts
// (at any depth) accountsUnder looks up, and one for each OU whose
// accounts it could not look up.
func (c Config) OUTargetWarnings(ctx Context, accountsUnder func(ou string) ([]string, error)) Problems {
	var ws Problems
	if c.MemberAccountResources != StackSet {
		return ws
	}
	for _, key := range c.DeploymentKeys() {
		for i, target := range c.Deployments[key].BackupTargets {
			if !strings.HasPrefix(target, "ou-") {
				continue
			}
			accounts, err := accountsUnder(target)
			switch {
			case err != nil:
				ws.Add(targetPath(key, i), "could not look up the accounts under %q (%v): if the management "+
					"account %s is among them, service-managed StackSets never deploy to it, so its backups will "+
					"fail without the member vaults and roles; cover it with a MemberAccount stack in that account",
					target, err, ctx.ManagementAccountID)
			case slices.Contains(accounts, ctx.ManagementAccountID):
				ws.Add(targetPath(key, i), "%q holds the management account %s: its backup policy reaches it, but "+
					"service-managed StackSets never deploy to the management account, even in an OU, so its backups "+
					"will fail without the member vaults and roles. Cover it with a MemberAccount stack in account %s, "+
					"or move that account out of the OU", target, ctx.ManagementAccountID, ctx.ManagementAccountID)
			}
		}
	}
	return ws
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
