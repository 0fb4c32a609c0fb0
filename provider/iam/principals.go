package iam

import "fmt"

// PrincipalWithConditions is a principal and the conditions every statement
// that names it must carry, as AWS CDK pairs them (PrincipalWithConditions,
// OrganizationPrincipal and its aws:PrincipalOrgID:
// https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam.OrganizationPrincipal.html).
// Its Statement method is the only way its principal enters a statement
// here, so no statement of it loses the organization condition.
type PrincipalWithConditions struct {
	Principal  *Principal
	Conditions Conditions
}

// AccountRolesInOrganization are roles of an account of the organization.
// The principal is the account, never a role ARN: IAM turns a role
// principal into the role's unique id, so a role created later, or created
// again, would break the grant
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles).
// aws:PrincipalArn names the roles, aws:PrincipalOrgID keeps out every
// account outside the organization.
func AccountRolesInOrganization(partition, accountID, organizationID string, roleARNs ...string) PrincipalWithConditions {
	return PrincipalWithConditions{
		Principal: &Principal{AWS: Strings{AccountRoot(partition, accountID)}},
		Conditions: Conditions{
			ArnEquals:    {PrincipalARN: Sorted(roleARNs...)},
			StringEquals: {PrincipalOrgID: Strings{organizationID}},
		},
	}
}

// RolesUnderOrgPaths are the principals of the accounts under orgPaths
// (aws:PrincipalOrgPaths) whose ARNs match rolePatterns (aws:PrincipalArn);
// with no pattern, every principal of those accounts.
func RolesUnderOrgPaths(orgPaths []string, rolePatterns ...string) PrincipalWithConditions {
	c := Conditions{ForAnyValueStringLike: {PrincipalOrgPaths: Sorted(orgPaths...)}}
	if len(rolePatterns) > 0 {
		c[ArnLike] = map[string]Strings{PrincipalARN: Sorted(rolePatterns...)}
	}
	return PrincipalWithConditions{Principal: Anyone, Conditions: c}
}

// Statement is st granted or denied to the principal: st's conditions
// joined to the principal's. It panics when st sets a principal or a key
// the principal's conditions already set.
func (p PrincipalWithConditions) Statement(st Statement) Statement {
	if st.Principal != nil {
		panic("iam: a statement of a PrincipalWithConditions names its principal")
	}
	st.Principal = p.Principal
	merged := Conditions{}
	for _, c := range []Conditions{p.Conditions, st.Condition} {
		for op, keys := range c {
			if merged[op] == nil {
				merged[op] = map[string]Strings{}
			}
			for k, v := range keys {
				if _, ok := merged[op][k]; ok {
					panic(fmt.Sprintf("iam: condition %s %s set twice", op, k))
				}
				merged[op][k] = v
			}
		}
	}
	st.Condition = merged
	return st
}
