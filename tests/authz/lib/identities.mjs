// Identity policies that do not come from render: AWS managed policies
// copied from the AWS managed policy reference, and stand-ins for the AWS
// managed service-role policies whose documents render does not write.
import { Doc } from './rendered.mjs'

// PowerUserAccess v12, copied from
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html
export const POWER_USER_URL = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html'
export const powerUserAccess = new Doc(`AWS managed PowerUserAccess (${POWER_USER_URL})`, {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    {
      Effect: 'Allow',
      Action: [
        'account:GetAccountInformation',
        'account:GetGovCloudAccountInformation',
        'account:GetPrimaryEmail',
        'account:ListRegions',
        'iam:CreateServiceLinkedRole',
        'iam:DeleteServiceLinkedRole',
        'iam:ListRoles',
        'organizations:DescribeEffectivePolicy',
        'organizations:DescribeOrganization',
      ],
      Resource: '*',
    },
  ],
})

// AdministratorAccess, the attacker's rights in an account it controls:
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
export const administratorAccess = new Doc(
  'AWS managed AdministratorAccess (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html)',
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
)

// managedStandIn stands for the AWS managed service-role policies attached to
// an AWS Backup role (AWSBackupServiceRolePolicyForBackup and the like): their
// documents are AWS's, not rendered, so the identity side is taken to allow
// the action and the scenario checks the rendered resource side (vault
// access policy, key policy, trust).
export function managedStandIn(role, managedArns, action) {
  const names = managedArns.length ? managedArns.join(', ') : 'AWS managed service-role policies'
  return new Doc(`stand-in for ${names} on ${role} (not rendered; taken to allow ${[action].flat().join(', ')})`, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
  })
}
