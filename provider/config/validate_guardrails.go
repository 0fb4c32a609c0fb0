package config

import "fmt"

// validateGuardrails checks the deployments that protect their member
// resources: with member stacks, the guard SCP lets only adminRoleNames
// create and change the member vaults, roles and event forwarder, so the
// member stacks must run as one of them, and there must be one.
func (c Config) validateGuardrails(ps *Problems) {
	if c.MemberAccountResources != MemberAccountStacks {
		return
	}
	for _, key := range c.DeploymentKeys() {
		d := c.Deployments[key]
		if d.ProtectMemberResources && len(d.AdminRoleNames) == 0 {
			ps.Add(fmt.Sprintf("deployments[%q].adminRoleNames", key), "is required with protectMemberResources and "+
				"memberAccountResources %s: the guard SCP lets only adminRoleNames create and change the member "+
				"resources, so name the role(s) the member account stacks run as", MemberAccountStacks)
		}
	}
}
