package iam

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The guard is the vault manager guard alone without protectMemberResources,
// so a StackSet deployment's SCP does not change until the option is set;
// with member stacks it exempts no StackSets execution role, which does not
// work there.
func TestGuardComposition(t *testing.T) {
	s := scope
	s.AdminRoleNames = []string{"BackupAdmin"}
	assert.Equal(t, s.VaultManagerGuard().JSON(), s.Guard(true, false).JSON())
	assert.Empty(t, s.Guard(false, false).Statement)

	withStackSet := s.Guard(true, true)
	assert.Len(t, withStackSet.Statement, 5)
	for _, st := range withStackSet.Statement {
		assert.Contains(t, st.Condition["ArnNotLike"][principalArn], "arn:aws:iam::*:role/stacksets-exec-*", st.Sid)
		assert.Contains(t, st.Condition["ArnNotLike"][principalArn], "arn:aws:iam::*:role/BackupAdmin", st.Sid)
	}
	memberStacks := s.Guard(false, true)
	assert.Len(t, memberStacks.Statement, 3)
	for _, st := range memberStacks.Statement {
		assert.Equal(t, Strings{"arn:aws:iam::*:role/BackupAdmin"}, st.Condition["ArnNotLike"][principalArn], st.Sid)
		assert.NotContains(t, st.Action, "iam:PassRole", st.Sid)
	}
}
