// The organization the scenarios stand in and the principals they evaluate:
// the synthetic root, an OU no deployment targets, another organization, a
// role's session and an account's organization path.
export const ROOT = 'r-ab12'
export const OUTSIDE_ORG = 'o-zzzz9999zz'
export const SYNTHETIC_OTHER_OU = 'ou-abcd-99999999'
// The organization context of a principal of another organization.
export const OUTSIDE_ORG_CONTEXT = { orgId: OUTSIDE_ORG, orgPaths: [`${OUTSIDE_ORG}/r-zz99/`] }

// session is a session of the role name, on rolePath, in account, with its
// organization context org ({ orgId, orgPaths }).
export function session(account, name, org, rolePath = '/') {
  return { arn: `arn:aws:sts::${account}:assumed-role/${name}/session`, roleArn: `arn:aws:iam::${account}:role${rolePath}${name}`,
    account, ...org }
}

// orgPaths is aws:PrincipalOrgPaths / aws:ResourceOrgPaths of an account
// directly under target, an OU or the root of organization org
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths).
export function orgPaths(org, target) {
  return target.startsWith('r-') ? [`${org}/${target}/`] : [`${org}/${ROOT}/${target}/`]
}
