// Checks of the simulator itself on the evaluation rules the table relies
// on, so a change of the simulator cannot turn the table vacuous: a
// cross-account request needs an allow on both sides, an explicit deny in a
// resource policy wins over an identity allow, and a role trust policy must
// allow the caller even in its own account.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
import { Doc } from './rendered.mjs'

const CROSS_ACCOUNT_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html'
const allow = (action, principal) => new Doc('self-check', {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*', ...(principal ? { Principal: { AWS: principal } } : {}) }],
})
const deny = (action, principal = { AWS: '*' }) => new Doc('self-check', {
  Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*', ...(principal ? { Principal: principal } : {}) }],
})

export function selfCheckRows() {
  const caller = { arn: 'arn:aws:sts::222222222222:assumed-role/Caller/s', roleArn: 'arn:aws:iam::222222222222:role/Caller',
    account: '222222222222' }
  const vault = 'arn:aws:backup:eu-west-2:111111111111:backup-vault:v'
  const role = 'arn:aws:iam::222222222222:role/Target'
  const base = { example: '-', shape: '-', deployment: '-', group: 'self-check: simulator semantics', principal: caller,
    action: 'backup:CopyIntoBackupVault', resource: vault, resourceAccount: '111111111111', url: CROSS_ACCOUNT_URL }
  return [
    { ...base, title: 'cross-account: identity allow alone is denied', identity: [allow('backup:CopyIntoBackupVault')],
      resourcePolicy: new Doc('self-check', { Version: '2012-10-17', Statement: [] }), expected: 'Denied' },
    { ...base, title: 'cross-account: resource allow alone is denied', identity: [],
      resourcePolicy: allow('backup:CopyIntoBackupVault', 'arn:aws:iam::222222222222:root'), expected: 'Denied' },
    { ...base, title: 'cross-account: both sides allow', identity: [allow('backup:CopyIntoBackupVault')],
      resourcePolicy: allow('backup:CopyIntoBackupVault', 'arn:aws:iam::222222222222:root'), expected: 'Allowed' },
    { ...base, title: 'same account: a resource-policy deny wins over an identity allow',
      principal: { ...caller, arn: 'arn:aws:sts::111111111111:assumed-role/Caller/s', roleArn: 'arn:aws:iam::111111111111:role/Caller',
        account: '111111111111' },
      identity: [allow('backup:CopyIntoBackupVault')], resourcePolicy: deny('backup:CopyIntoBackupVault'), expected: 'Denied' },
    { ...base, title: 'an SCP deny on the caller\'s OU wins over an identity allow; FullAWSAccess elsewhere',
      principal: { ...caller, orgId: 'o-abcd1234ef', orgPaths: ['o-abcd1234ef/r-ab12/ou-abcd-11111111/'],
        scpTarget: 'ou-abcd-11111111', scps: [deny('backup:CopyIntoBackupVault', null)] },
      identity: [allow('backup:CopyIntoBackupVault')],
      resourcePolicy: allow('backup:CopyIntoBackupVault', 'arn:aws:iam::222222222222:root'), expected: 'Denied',
      url: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html' },
    { ...base, title: 'FullAWSAccess on every level keeps an allowed request allowed',
      principal: { ...caller, orgId: 'o-abcd1234ef', orgPaths: ['o-abcd1234ef/r-ab12/ou-abcd-11111111/'],
        scpTarget: 'ou-abcd-11111111', scps: [deny('lambda:UpdateFunctionCode', null)] },
      identity: [allow('backup:CopyIntoBackupVault')],
      resourcePolicy: allow('backup:CopyIntoBackupVault', 'arn:aws:iam::222222222222:root'), expected: 'Allowed',
      url: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html' },
    { ...base, title: 'same account: a role trust that does not name the caller refuses sts:AssumeRole',
      action: 'sts:AssumeRole', resource: role, resourceAccount: '222222222222', identity: [allow('sts:AssumeRole')],
      resourcePolicy: allow('sts:AssumeRole', 'arn:aws:iam::333333333333:root'), expected: 'Denied',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html' },
  ]
}
