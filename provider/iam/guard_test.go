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
	vaultManagerOnly := s.Guard(true, false)
	assert.Equal(t, append(s.VaultManagerGuard().Statement, vaultManagerOnly.Statement[1]), vaultManagerOnly.Statement)
	assert.Equal(t, "ProtectExemptRoles", vaultManagerOnly.Statement[1].Sid)
	assert.Empty(t, s.Guard(false, false).Statement)

	withStackSet := s.Guard(true, true)
	assert.Len(t, withStackSet.Statement, 5)
	for _, st := range withStackSet.Statement {
		assert.Contains(t, st.Condition[ArnNotLike][PrincipalARN], "arn:aws:iam::*:role/stacksets-exec-*", st.Sid)
		assert.Contains(t, st.Condition[ArnNotLike][PrincipalARN], "arn:aws:iam::*:role/BackupAdmin", st.Sid)
	}
	memberStacks := s.Guard(false, true)
	assert.Len(t, memberStacks.Statement, 4)
	for _, st := range memberStacks.Statement {
		assert.Equal(t, Strings{"arn:aws:iam::*:role/BackupAdmin"}, st.Condition[ArnNotLike][PrincipalARN], st.Sid)
		if st.Sid != "ProtectExemptRoles" {
			assert.NotContains(t, st.Action, "iam:PassRole", st.Sid)
		}
	}
}

// The roles the guard exempts are guarded by the same patterns it exempts
// them with, passing them included; with no admin role and no StackSet
// there is nothing to guard.
func TestExemptRolesGuard(t *testing.T) {
	s := scope
	s.AdminRoleNames = []string{"BackupAdmin", "aws-reserved/sso.amazonaws.com/AWSReservedSSO_Backup_*"}
	st, ok := s.exemptRolesGuard(true)
	assert.True(t, ok)
	// With a permission set, Identity Center's SAML provider too.
	assert.Equal(t, Sorted(append(s.guardExempt(true)[ArnNotLike][PrincipalARN], "arn:aws:iam::*:saml-provider/AWSSSO_*")...),
		st.Resource)
	assert.Equal(t, Sorted(append(Strings{"iam:PassRole", "sts:AssumeRole", "iam:CreateSAMLProvider", "iam:DeleteSAMLProvider",
		"iam:UpdateSAMLProvider"}, GuardedRoleActions...)...), st.Action)
	s.AdminRoleNames = []string{"BackupAdmin"}
	st, _ = s.exemptRolesGuard(true)
	assert.Equal(t, s.guardExempt(true)[ArnNotLike][PrincipalARN], st.Resource)
	assert.Equal(t, Sorted(append(Strings{"iam:PassRole", "sts:AssumeRole"}, GuardedRoleActions...)...), st.Action)
	s.AdminRoleNames = nil
	_, ok = s.exemptRolesGuard(false)
	assert.False(t, ok)
}
