package naming

import "strings"

// IAM Identity Center creates the role of a permission set in each account
// it is assigned to as
// aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_<permission set>_<unique suffix>,
// the region absent when the identity source is in us-east-1, and the
// suffix changing whenever the role is created again
// (https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html).
const (
	IdentityCenterRolePath   = "aws-reserved/sso.amazonaws.com/"
	IdentityCenterNamePrefix = "AWSReservedSSO_"
)

// IdentityCenterAdminRole is the admin role form that names every role of
// an IAM Identity Center permission set.
func IdentityCenterAdminRole(permissionSet string) string {
	return IdentityCenterRolePath + IdentityCenterNamePrefix + permissionSet + "_*"
}

// IdentityCenterPermissionSet returns the permission set of an admin role
// given as IdentityCenterAdminRole, and whether it is one.
func IdentityCenterPermissionSet(role string) (string, bool) {
	rest, ok := strings.CutPrefix(role, IdentityCenterRolePath+IdentityCenterNamePrefix)
	if !ok {
		return "", false
	}
	set, ok := strings.CutSuffix(rest, "_*")
	return set, ok && set != ""
}

// AdminRolePatterns are the validated admin roles as the role part of the
// ARN patterns that aws:PrincipalArn is matched against with ArnLike and
// ArnNotLike: a role's path and name as given, and a permission set's
// roles as two patterns, with and without the region in the path.
func AdminRolePatterns(roles []string) []string {
	var out []string
	for _, role := range roles {
		set, ok := IdentityCenterPermissionSet(role)
		if !ok {
			out = append(out, role)
			continue
		}
		name := IdentityCenterNamePrefix + set + "_*"
		out = append(out, IdentityCenterRolePath+name, IdentityCenterRolePath+"*/"+name)
	}
	return out
}
