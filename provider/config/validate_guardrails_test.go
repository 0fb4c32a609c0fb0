package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// With member stacks the guard SCP exempts only adminRoleNames, so a
// deployment that protects its member resources must name the roles its
// member stacks run as; with a StackSet it need not.
func TestProtectMemberResourcesWithMemberStacksNeedsAdminRoles(t *testing.T) {
	protected := func(shape string, admins ...string) Config {
		c := validConfig()
		c.MemberAccountResources = shape
		d := c.Deployments["web"]
		d.ProtectMemberResources = true
		d.AdminRoleNames = admins
		c.Deployments["web"] = d
		return c.WithDefaults(testContext)
	}
	ps := protected(MemberAccountStacks).Validate(testContext)
	if assert.Len(t, ps, 1) {
		assert.Contains(t, ps.Error(), `deployments["web"].adminRoleNames: is required with protectMemberResources and `+
			`memberAccountResources MemberAccountStacks`)
		assert.Contains(t, ps.Error(), "name the role(s) the member account stacks run as")
	}
	assert.Empty(t, protected(MemberAccountStacks, "BackupAdmin").Validate(testContext))
	assert.Empty(t, protected(StackSet).Validate(testContext))
}
