// Rows of the key policy statements render writes to
// key-policies/customer-managed-key-statement.json (issue 20,
// provider/iam/keysharing.go): what a member account's customer managed key
// needs so that AWS Backup in the backup account may use it for the
// cross-account copy of a backup of a type AWS Backup does not fully
// manage. "In the source account, if your resources are encrypted with a
// customer managed key, you must share this customer managed key with the
// destination account"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html),
// and "the customer managed KMS key should be shared with the destination
// account service-linked role"
// (https://aws.amazon.com/blogs/storage/how-encryption-works-in-aws-backup/):
// the statements name the backup account and, in aws:PrincipalArn, AWS
// Backup's service-linked role there
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackup.html).
//
// The key's policy in the rows is the one KMS gives a key created without
// one (the account's root statement, which leaves the account's own
// principals to their IAM policies:
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html)
// followed by the rendered statements, as a member pastes them.
//
// The service-linked role's permissions are AWS's managed
// AWSBackupServiceLinkedRolePolicyForBackup
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceLinkedRolePolicyForBackup.html),
// not rendered: as for the tier's other AWS managed service-role policies, a
// stand-in takes the identity side to allow the action, and the rows check
// the key policy, the side render writes. The requests are cross-account,
// so the simulator allows one only when the key policy allows it too.
// Service-linked roles are not subject to SCPs, and the foreign principals
// here carry none either: the key policy alone decides their rows.
import fs from 'node:fs'
import path from 'node:path'
import { Doc } from './rendered.mjs'
import { administratorAccess, managedStandIn } from './identities.mjs'
import { MEMBER, OTHER_DEPLOYMENT_MEMBER, OUTSIDER } from './scenarios.mjs'
import { ROOT, OUTSIDE_ORG, SYNTHETIC_OTHER_OU, session } from './principals.mjs'

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab'
const RENDERED = path.join('key-policies', 'customer-managed-key-statement.json')

const CROSS_ACCOUNT_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html'
const SLR_BLOG_URL = 'https://aws.amazon.com/blogs/storage/how-encryption-works-in-aws-backup/'
const SLR_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackup.html'
const SLR_POLICY = 'arn:aws:iam::aws:policy/aws-service-role/AWSBackupServiceLinkedRolePolicyForBackup'
const DEFAULT_KEY_POLICY_URL = 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html'
// Users of a shared key who access encrypted snapshots need kms:DescribeKey,
// kms:CreateGrant, kms:GenerateDataKey, kms:GenerateDataKeyWithoutPlaintext,
// kms:ReEncrypt and kms:Decrypt on it, and kms:CreateGrant is best limited
// with kms:GrantIsForAWSResource.
const EBS_SHARE_URL = 'https://docs.aws.amazon.com/ebs/latest/userguide/share-kms-key.html'
const GRANT_URL = 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource'
// What a cross-account copy needs on the source key, per EBS_SHARE_URL;
// kms:ReEncrypt is kms:ReEncryptFrom and kms:ReEncryptTo.
const USES = ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom', 'kms:ReEncryptTo']
const GRANT = { 'kms:GrantIsForAWSResource': 'true' }

const SLR_NAME = 'AWSServiceRoleForBackup'
const SLR_PATH = '/aws-service-role/backup.amazonaws.com/'

// keyPolicy is the member key's policy with the rendered statements, or
// undefined when render wrote none.
function keyPolicy(dir) {
  const file = path.join(dir, RENDERED)
  if (!fs.existsSync(file)) return undefined
  const statements = JSON.parse(fs.readFileSync(file, 'utf8'))
  return new Doc(`default key policy of ${MEMBER} (${DEFAULT_KEY_POLICY_URL}) + ${file}`, {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MEMBER}:root` },
        Action: 'kms:*', Resource: '*' },
      ...statements,
    ],
  })
}

export function keySharingScenariosFor(example, dir) {
  const out = []
  const org = example.context.organizationId
  const central = example.context.accountId
  const region = example.config.regions?.[0] ?? example.context.region
  const add = (group, sc) => out.push({ example: example.name, shape: example.shape, deployment: '(example)', group, ...sc })
  const policy = keyPolicy(dir)
  add('rendered: what the scenarios use', { title: `${RENDERED}, the key policy statements of a member's customer managed key`,
    expected: 'Present', check: () => ({ actual: policy ? 'Present' : 'Missing', detail: '' }) })
  const keyArn = `arn:aws:kms:${region}:${MEMBER}:key/${KEY_ID}`
  const centralOrg = { orgId: org, orgPaths: [`${org}/${ROOT}/`] }
  const slr = session(central, SLR_NAME, centralOrg, SLR_PATH)
  const slrIdentity = (action) => [managedStandIn(SLR_NAME, [SLR_POLICY], action)]
  const ctx = (action, grant = GRANT) => (action === 'kms:CreateGrant' ? grant : {})
  const request = (principal, identity, action, context) => ({ principal, action, resource: keyArn, resourceAccount: MEMBER,
    context, identity, resourcePolicy: policy })

  // ---------------------------------------------------------------- allowed
  for (const action of [...USES, 'kms:CreateGrant']) {
    add('allowed: customer managed key sharing', {
      title: `the backup account's ${SLR_NAME} uses a member's customer managed key for a cross-account copy: ${action}` +
        (action === 'kms:CreateGrant' ? ' (kms:GrantIsForAWSResource true)' : ''),
      ...request(slr, slrIdentity(action), action, ctx(action)), expected: 'Allowed',
      url: `${CROSS_ACCOUNT_URL} ${SLR_BLOG_URL} ${EBS_SHARE_URL}` })
  }

  // ----------------------------------------------------------------- denied
  add('denied: customer managed key sharing', {
    title: `the backup account's ${SLR_NAME}: kms:CreateGrant without kms:GrantIsForAWSResource`,
    ...request(slr, slrIdentity('kms:CreateGrant'), 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'false' }),
    expected: 'Denied', url: `${EBS_SHARE_URL} ${GRANT_URL}` })
  for (const action of ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey', 'kms:Encrypt']) {
    add('denied: customer managed key sharing', {
      title: `the backup account's ${SLR_NAME} (its managed policy taken to allow it): ${action} on a member's key`,
      ...request(slr, slrIdentity(action), action, {}), expected: 'Denied', url: EBS_SHARE_URL })
  }
  // The backup account's other principals: an administrator, and the
  // deployments' central roles, which AWS Backup does not use for the source
  // key of a cross-account copy (the blog above names the service-linked role).
  const backupAccount = [['an administrator role (AdministratorAccess)', session(central, 'Admin', centralOrg), () => [administratorAccess]]]
  for (const [dk, d] of Object.entries(example.deployments)) {
    const r = d.roles[`${dk}-role-backup-service`]
    if (r) backupAccount.push([`${dk}'s central ${r.name} (its managed policies taken to allow it)`,
      session(central, r.name, centralOrg), (action) => [managedStandIn(r.name, r.managed, action)]])
  }
  for (const [who, principal, identity] of backupAccount) {
    for (const action of ['kms:Decrypt', 'kms:CreateGrant', 'kms:ReEncryptFrom', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy']) {
      add('denied: customer managed key sharing', {
        title: `the backup account's ${who}: ${action} on a member's customer managed key`,
        ...request(principal, identity(action), action, ctx(action)), expected: 'Denied', url: `${SLR_BLOG_URL} ${SLR_URL}` })
    }
  }
  // Any principal of another account: AWS Backup's service-linked role and
  // an administrator of another member account, and of an account outside
  // the organization.
  const foreign = [
    ['another member account', OTHER_DEPLOYMENT_MEMBER, { orgId: org, orgPaths: [`${org}/${ROOT}/${SYNTHETIC_OTHER_OU}/`] }],
    ['outside the organization', OUTSIDER, { orgId: OUTSIDE_ORG, orgPaths: [`${OUTSIDE_ORG}/r-zz99/ou-zz99-00000000/`] }],
  ]
  for (const [who, account, orgCtx] of foreign) {
    for (const [role, principal, identity] of [
      [SLR_NAME, session(account, SLR_NAME, orgCtx, SLR_PATH), slrIdentity],
      ['an administrator role (AdministratorAccess)', session(account, 'Admin', orgCtx), () => [administratorAccess]],
    ]) {
      for (const action of [...USES, 'kms:CreateGrant']) {
        add('denied: customer managed key sharing', {
          title: `${who}: ${role} ${action} on a member's customer managed key`,
          ...request(principal, identity(action), action, ctx(action)), expected: 'Denied', url: CROSS_ACCOUNT_URL })
      }
    }
  }
  return out
}
