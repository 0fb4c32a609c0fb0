package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRestoreDestinationAccountIDs(t *testing.T) {
	problems := func(ids ...string) []string {
		c := validConfig()
		d := c.Deployments["web"]
		d.RestoreDestinationAccountIDs = ids
		c.Deployments["web"] = d
		var out []string
		for _, p := range c.WithDefaults(testContext).Validate(testContext) {
			out = append(out, p.String())
		}
		return out
	}
	assert.Empty(t, problems("444455556666", "012345678901"))
	assert.Equal(t, []string{
		`deployments["web"].restoreDestinationAccountIds[0]: "4444-5555-6666" is not a 12-digit account id: list the account ids ` +
			`(12 digits, as AWS writes them, leading zeros kept) that any recovery point of the deployment may be restored ` +
			`into besides its origin account`,
		`deployments["web"].restoreDestinationAccountIds[2]: "444455556666" is already listed at ` +
			`deployments["web"].restoreDestinationAccountIds[1]`,
	}, problems("4444-5555-6666", "444455556666", "444455556666"))
}
