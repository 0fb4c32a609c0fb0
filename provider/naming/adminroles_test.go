package naming

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// arnLike is the ArnLike condition operator: each of the six
// colon-separated components of the ARN is compared on its own, '*'
// matching any run of characters and '?' any one character
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
func arnLike(pattern, arn string) bool {
	p, a := strings.SplitN(pattern, ":", 6), strings.SplitN(arn, ":", 6)
	if len(p) != 6 || len(a) != 6 {
		return false
	}
	for i := range p {
		glob := strings.NewReplacer(`\*`, `.*`, `\?`, `.`).Replace(regexp.QuoteMeta(p[i]))
		if !regexp.MustCompile(`^` + glob + `$`).MatchString(a[i]) {
			return false
		}
	}
	return true
}

// matchesAny reports whether any admin role pattern of roles, in the ARN
// the policies build, matches the role ARN arn.
func matchesAny(roles []string, arn string) bool {
	for _, role := range AdminRolePatterns(roles) {
		if arnLike(RoleARN("aws", "*", role), arn) {
			return true
		}
	}
	return false
}

// The roles of a permission set, with the region in their path and
// without (identity source in us-east-1), as
// https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
// shows them, and what else the form matches.
func TestIdentityCenterAdminRoleMatchesThePermissionSetsRoles(t *testing.T) {
	roles := []string{IdentityCenterAdminRole("DatabaseAdministrator")}
	assert.Equal(t, []string{
		"aws-reserved/sso.amazonaws.com/AWSReservedSSO_DatabaseAdministrator_*",
		"aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_DatabaseAdministrator_*",
	}, AdminRolePatterns(roles))
	for _, arn := range []string{
		"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_DatabaseAdministrator_1234567890abcdef",
		"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_DatabaseAdministrator_abcdef0123456789",
		"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DatabaseAdministrator_1234567890abcdef",
		// A permission set named DatabaseAdministrator_ReadOnly: the
		// documented limit of the form.
		"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_DatabaseAdministrator_ReadOnly_1234567890abcdef",
	} {
		assert.True(t, matchesAny(roles, arn), arn)
	}
	for _, arn := range []string{
		"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_ReadOnly_1234567890abcdef",
		"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_DatabaseAdministrator",
		"arn:aws:iam::111122223333:role/AWSReservedSSO_DatabaseAdministrator_1234567890abcdef",
		"arn:aws:iam::111122223333:role/ops/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DatabaseAdministrator_1",
		"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.comx/AWSReservedSSO_DatabaseAdministrator_1",
	} {
		assert.False(t, matchesAny(roles, arn), arn)
	}
}

// A role given by its path and name matches that role only: not a role
// whose path continues the name, nor a longer name.
func TestExactAdminRoleMatchesOnlyItself(t *testing.T) {
	roles := []string{"ops/Backup", "BackupAdmin"}
	assert.Equal(t, roles, AdminRolePatterns(roles))
	assert.True(t, matchesAny(roles, "arn:aws:iam::111122223333:role/ops/Backup"))
	assert.True(t, matchesAny(roles, "arn:aws:iam::111122223333:role/BackupAdmin"))
	for _, arn := range []string{
		"arn:aws:iam::111122223333:role/ops/Backupx/Evil",
		"arn:aws:iam::111122223333:role/ops/Backup/Evil",
		"arn:aws:iam::111122223333:role/ops/Backup2",
		"arn:aws:iam::111122223333:role/BackupAdmin/Evil",
		"arn:aws:iam::111122223333:role/x/ops/Backup",
	} {
		assert.False(t, matchesAny(roles, arn), arn)
	}
}

// Why other wildcards are refused: under ArnLike, a trailing '*' or even
// one '?' reaches across the '/' of a path the role's creator chooses.
func TestWildcardsReachAcrossPaths(t *testing.T) {
	assert.True(t, arnLike("arn:aws:iam::*:role/Backup*", "arn:aws:iam::111122223333:role/Backupx/Evil"))
	assert.True(t, arnLike("arn:aws:iam::*:role/ops/Backup*", "arn:aws:iam::111122223333:role/ops/Backupx/Evil"))
	assert.True(t, arnLike("arn:aws:iam::*:role/a?b", "arn:aws:iam::111122223333:role/a/b"))
}

func TestIdentityCenterPermissionSet(t *testing.T) {
	for role, want := range map[string]string{
		"aws-reserved/sso.amazonaws.com/AWSReservedSSO_BackupAdmin_*": "BackupAdmin",
		"aws-reserved/sso.amazonaws.com/AWSReservedSSO_*_*":           "*",
	} {
		set, ok := IdentityCenterPermissionSet(role)
		assert.True(t, ok, role)
		assert.Equal(t, want, set, role)
	}
	for _, role := range []string{
		"aws-reserved/sso.amazonaws.com/AWSReservedSSO__*",
		"aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BackupAdmin_*",
		"aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_BackupAdmin_*",
		"aws-reserved/sso.amazonaws.com/AWSReservedSSO_BackupAdmin_1234567890abcdef",
		"BackupAdmin",
	} {
		_, ok := IdentityCenterPermissionSet(role)
		assert.False(t, ok, role)
	}
}
