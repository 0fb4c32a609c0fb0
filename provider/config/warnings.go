package config

import (
	"fmt"
	"strings"
)

// Warnings returns what c (resolved) deploys but cannot make work, each
// with the input path behind it: a root target with the StackSet reaches
// the management account with the backup policy, but service-managed
// StackSets never deploy stack instances to the management account
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html),
// so its backup jobs find neither the member vault nor the member roles.
func (c Config) Warnings(ctx Context) Problems {
	var ws Problems
	if c.MemberAccountResources != StackSet {
		return ws
	}
	for _, key := range c.DeploymentKeys() {
		for i, target := range c.Deployments[key].BackupTargets {
			if !strings.HasPrefix(target, "r-") {
				continue
			}
			ws.Add(fmt.Sprintf("deployments[%q].backupTargets[%d]", key, i), "%q is the organization root: its backup "+
				"policy reaches the management account %s, but service-managed StackSets never deploy to the management "+
				"account, so its backups will fail without the member vaults and roles. Cover it with a MemberAccount "+
				"stack in account %s, or target the OUs under the root instead of the root", target,
				ctx.ManagementAccountID, ctx.ManagementAccountID)
		}
	}
	return ws
}
