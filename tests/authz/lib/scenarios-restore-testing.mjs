// Restore testing (issue 21, docs/restore-testing.md): the deployment's
// restore testing role is assumed by AWS Backup of the backup account
// only, and passed to AWS Backup only by AWS Backup's restore testing
// service-linked role (AWSServiceRoleForBackupRestoreTesting), which starts
// the restore jobs of the plan on recovery points of the deployment's
// locked and air-gapped vaults: no vault policy of the deployment denies
// it. Denied: AWS Backup on behalf of another account, a role of another
// deployment of the backup account (even with AdministratorAccess), a
// member account's PowerUser and an outsider assuming the role; another
// deployment's automation passing it.
import { administratorAccess, powerUserAccess, POWER_USER_URL } from './identities.mjs'
import { MEMBER } from './scenarios.mjs'
import { Doc } from './rendered.mjs'
import { ROOT, OUTSIDE_ORG_CONTEXT, session } from './principals.mjs'

const OUTSIDER = '444444444444'
const CONFUSED_DEPUTY_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html'
// The restore testing service-linked role's policy, as AWS publishes it:
// "iam:PassRole" on "*" when "iam:PassedToService" : "backup.amazonaws.com",
// and backup:StartRestoreJob on "*".
const SLR_URL = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSServiceRolePolicyForBackupRestoreTesting.html'
const SLR_NAME = 'AWSServiceRoleForBackupRestoreTesting'

const service = (name) => ({ arn: name, service: true })

export function restoreTestingScenariosFor(example) {
  const central = example.context.accountId
  const org = example.context.organizationId
  const centralOrg = { orgId: org, orgPaths: [`${org}/${ROOT}/`] }
  const out = []
  const slrDoc = new Doc(`AWS managed AWSServiceRolePolicyForBackupRestoreTesting (${SLR_URL}), its IamPassRole and StartRestoreJob statements`, {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'BackupActions', Effect: 'Allow', Action: ['backup:StartRestoreJob'], Resource: '*' },
      { Sid: 'IamPassRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*',
        Condition: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } } },
    ],
  })
  for (const key of Object.keys(example.deployments)) {
    const d = example.deployments[key]
    const role = d.roles[`${key}-role-restore-testing`]
    if (!role) continue // restoreTesting is off for this deployment
    const add = (group, sc) => out.push({ example: example.name, shape: example.shape, deployment: key, group, ...sc })
    const slr = session(central, SLR_NAME, centralOrg, '/aws-service-role/restore-testing.backup.amazonaws.com/')
    const otherDeployment = session(central, `aws-backup-other-${key}-backup-ingest-sfn`, centralOrg)
    const ingest = d.roles[`${key}-role-ingest-sfn`]

    // ---------------------------------------------------------- allowed
    add('allowed: restore testing', {
      title: `backup.amazonaws.com of the backup account assumes ${role.name}`,
      principal: service('backup.amazonaws.com'), action: 'sts:AssumeRole', resource: role.arn, resourceAccount: central,
      context: { 'aws:SourceAccount': central }, resourcePolicy: role.trust, expected: 'Allowed', url: SLR_URL })
    add('allowed: restore testing', {
      title: `${SLR_NAME} passes ${role.name} to AWS Backup`, principal: slr, action: 'iam:PassRole',
      resource: role.arn, resourceAccount: central, context: { 'iam:PassedToService': 'backup.amazonaws.com' },
      identity: [slrDoc], expected: 'Allowed', url: SLR_URL })
    for (const v of d.vaults.filter((x) => x.kind === 'standard' || x.kind === 'lag')) {
      add('allowed: restore testing', {
        title: `${SLR_NAME} starts a restore job of a recovery point of ${v.name} (${v.region})`, principal: slr,
        action: 'backup:StartRestoreJob',
        resource: `arn:aws:backup:${v.region}:${central}:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45`,
        resourceAccount: central, identity: [slrDoc], resourcePolicy: v.policy, expected: 'Allowed', url: SLR_URL })
    }

    // ----------------------------------------------------------- denied
    add('denied: restore testing', {
      title: `backup.amazonaws.com on behalf of another account assumes ${role.name}`,
      principal: service('backup.amazonaws.com'), action: 'sts:AssumeRole', resource: role.arn, resourceAccount: central,
      context: { 'aws:SourceAccount': OUTSIDER }, resourcePolicy: role.trust, expected: 'Denied', url: CONFUSED_DEPUTY_URL })
    add('denied: restore testing', {
      title: `another service (lambda.amazonaws.com) of the backup account assumes ${role.name}`,
      principal: service('lambda.amazonaws.com'), action: 'sts:AssumeRole', resource: role.arn, resourceAccount: central,
      context: { 'aws:SourceAccount': central }, resourcePolicy: role.trust, expected: 'Denied' })
    add('denied: restore testing', {
      title: `a role of another deployment of the backup account, with AdministratorAccess, assumes ${role.name}`,
      principal: otherDeployment, action: 'sts:AssumeRole', resource: role.arn, resourceAccount: central,
      identity: [administratorAccess], resourcePolicy: role.trust, expected: 'Denied' })
    add('denied: restore testing', {
      title: `a member account's PowerUser assumes ${role.name}`,
      principal: session(MEMBER, 'PowerUser', { orgId: org, orgPaths: [`${org}/${ROOT}/`] }), action: 'sts:AssumeRole',
      resource: role.arn, resourceAccount: central, identity: [powerUserAccess], resourcePolicy: role.trust,
      expected: 'Denied', url: POWER_USER_URL })
    add('denied: restore testing', {
      title: `an administrator outside the organization assumes ${role.name}`,
      principal: session(OUTSIDER, 'Admin', OUTSIDE_ORG_CONTEXT),
      action: 'sts:AssumeRole', resource: role.arn, resourceAccount: central, identity: [administratorAccess],
      resourcePolicy: role.trust, expected: 'Denied' })
    if (ingest?.policy) {
      add('denied: restore testing', {
        title: `the deployment's ingest role ${ingest.name} passes ${role.name} to AWS Backup`,
        principal: session(central, ingest.name, centralOrg), action: 'iam:PassRole', resource: role.arn,
        resourceAccount: central, context: { 'iam:PassedToService': 'backup.amazonaws.com' },
        identity: [ingest.policy], expected: 'Denied' })
    }
  }
  return out
}
