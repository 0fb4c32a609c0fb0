package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Service-managed StackSets never deploy to the management account
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html).
func TestRootTargetWithStackSetWarns(t *testing.T) {
	c := validConfig()
	d := c.Deployments["web"]
	d.BackupTargets = []string{"ou-abcd-defghijk", "r-abcd"}
	c.Deployments["web"] = d
	var got []string
	for _, w := range c.WithDefaults(testContext).Warnings(testContext) {
		got = append(got, w.String())
	}
	assert.Equal(t, []string{`deployments["web"].backupTargets[1]: "r-abcd" is the organization root: its backup ` +
		`policy reaches the management account 999999999999, but service-managed StackSets never deploy to the ` +
		`management account, so its backups will fail without the member vaults and roles. Cover it with a ` +
		`MemberAccount stack in account 999999999999, or target the OUs under the root instead of the root`}, got)

	c.MemberAccountResources = MemberAccountStacks
	assert.Empty(t, c.WithDefaults(testContext).Warnings(testContext), "member stacks can run in the management account")
	assert.Empty(t, validConfig().WithDefaults(testContext).Warnings(testContext), "OU targets only")
}
