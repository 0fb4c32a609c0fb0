// Rows of the member compliance-locked vault (issue 20): every member
// account of a deployment with inAccountLockedCopies holds
// <member prefix><deployment>-locked-<min>-<max> in every Region, created by
// the StackSet's vault manager (custom resource LockedVault, its
// AccessPolicy in the template) or by a MemberAccount stack
// (policies-iam/member/<deployment>/LockedVault.policy.json). Its access
// policy is the member vaults' shared Deny statements and nothing else.
// When AWS refuses a member -> central copy for its key, the central ingest
// state machine assumes the member central-access role, describes the
// recovery point and its key, and starts a copy of it from the member
// backup vault into the locked vault, passing the member backup service
// role to AWS Backup, which then writes into the locked vault with it.
//
// What the simulator cannot say: the vault's lock. In compliance mode,
// once its grace time is over, "If any user (including the root user)
// attempts to delete a backup or change the lifecycle properties in a
// locked vault, AWS Backup will deny the operation", and the lock can then
// no longer be removed
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html).
// IAM and the vault policy let the deployment's admin roles (and, for
// lifecycles, the central-access role, which the base policy exempts for the
// ingest's shortening of M-cmk) delete or re-time recovery points here; only
// the lock denies them. The simulator models no Vault Lock, so there are no
// rows for those requests: a row would assert the simulator's IAM answer
// (Allowed), not what AWS decides.
// Principals of the member account carry the SCPs of their organization path.
import { recoveryPointTypes, ACCESS_CONTROL_URL } from './recovery-points.mjs'
import { administratorAccess, managedStandIn, powerUserAccess, POWER_USER_URL } from './identities.mjs'
import { MEMBER, OTHER_DEPLOYMENT_MEMBER, OUTSIDER } from './scenarios.mjs'
import { Doc } from './rendered.mjs'
import { ROOT, OUTSIDE_ORG, SYNTHETIC_OTHER_OU, session, orgPaths } from './principals.mjs'

// Another account under the same deployment's targets.
const SECOND_MEMBER = '555555555555'
// A customer managed key id as the KMS developer guide writes them.
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab'

const API = (name) => `https://docs.aws.amazon.com/aws-backup/latest/devguide/API_${name}.html`
// StartCopyJob's IamRoleArn is "the IAM role ARN used to copy the target
// recovery point": AWS Backup writes the copy with it.
const START_COPY_URL = API('StartCopyJob')
// A Task's Credentials role is assumed by the state machine's role.
const CROSS_ACCOUNT_URL = 'https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html'
// The key policy KMS gives a key created without one: the account's
// principals get what their IAM policies give them.
const DEFAULT_KEY_POLICY_URL = 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html'
// Vault access policies apply to the vault and the recovery points it holds.
const VAULT_POLICY_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html'
const VAULT_LOCK_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html'
// "Backups of resource types that are not fully managed by AWS Backup
// typically inherit the encryption settings from their source resource":
// theirs are the copies AWS refuses for their key. Their recovery points
// are the service's own snapshots and backups, with the service's ARN
// formats of the access-control table; arn:aws:backup:…:recovery-point:*
// (EFS/S3/other here) is AWS Backup's own format, of the fully managed types.
const ENCRYPTION_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html'
export const NOT_FULLY_MANAGED = recoveryPointTypes.filter((t) => t.type !== 'EFS/S3/other')

// What changes the locked vault's protection, and what writes into it.
const VAULT_CHANGES = ['backup:DeleteBackupVault', 'backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy',
  'backup:PutBackupVaultLockConfiguration', 'backup:DeleteBackupVaultLockConfiguration']
const WRITES = ['backup:CopyIntoBackupVault', 'backup:StartBackupJob']
// What deletes a recovery point or changes its retention.
const DESTRUCTIVE = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DisassociateRecoveryPoint']

// defaultKeyPolicy is the key policy of a customer managed key of account
// created without a policy of its own.
function defaultKeyPolicy(account) {
  return new Doc(`default key policy of a customer managed key of ${account} (${DEFAULT_KEY_POLICY_URL})`, {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: 'kms:*', Resource: '*' }],
  })
}

export function memberLockedScenariosFor(example) {
  const out = []
  const org = example.context.organizationId
  const central = example.context.accountId
  const keys = Object.keys(example.deployments)
  for (const [key, d] of Object.entries(example.deployments)) {
    const m = d.member
    const n = m.names
    const primary = d.regions[0]
    const add = (group, sc) => out.push({ example: example.name, shape: example.shape, deployment: key, group, ...sc })
    const keyId = (region) => `mrk-${key}-${region}`
    // The locked vault and the role the ingest copies with, as its
    // definition names them.
    const ingestVars = d.stateMachines[`${key}-ingest-${primary}`]?.vars
    const name = ingestVars?.memberLockedVaultName
    if (!name) {
      if (m.has('LockedVault')) {
        add('rendered: what the scenarios use', { title: 'a member locked vault the ingest does not copy into',
          expected: 'Present', check: () => ({ actual: 'Missing', detail: 'LockedVault rendered, no memberLockedVaultName' }) })
      }
      continue
    }
    const lockedVault = (region, account = MEMBER) => ({ arn: `arn:aws:backup:${region}:${account}:backup-vault:${name}`,
      policy: m.vaultPolicy('LockedVault', account, region, keyId(region)) })
    const backupVault = (region, account = MEMBER) => ({ name: m.vaultName('BackupVault', n.backupVault),
      policy: m.vaultPolicy('BackupVault', account, region, keyId(region)) })
    const lv = lockedVault(primary)
    const lockedTitle = `the member locked ${name}`
    const backupName = m.roleName('BackupServiceRole', n.backupServiceRole)
    add('rendered: what the scenarios use', { title: `${lockedTitle} with its access policy`, expected: 'Present',
      check: () => ({ actual: lv.policy ? 'Present' : 'Missing', detail: '' }) })
    if (m.shape === 'StackSet') {
      add('rendered: what the scenarios use', { title: `the StackSet's LockedVault is the ${name} the ingest copies into`,
        expected: 'Present', check: () => {
          const rendered = m.vaultName('LockedVault', undefined)
          return { actual: rendered === name ? 'Present' : 'Missing', detail: `template BackupVaultName ${rendered}` }
        } })
    }
    add('rendered: what the scenarios use', {
      title: `the ingest passes the member backup service role ${backupName} to the locked copy`, expected: 'Present',
      check: () => ({ actual: ingestVars.memberBackupServiceRoleName === backupName ? 'Present' : 'Missing',
        detail: `memberBackupServiceRoleName ${ingestVars.memberBackupServiceRoleName}` }) })

    const memberOrg = { orgId: org, orgPaths: orgPaths(org, d.targets[0]), scps: d.scps, scpTarget: d.targets[0] }
    const other = keys.find((k) => k !== key)
    const otherOU = other ? example.deployments[other].targets[0] : SYNTHETIC_OTHER_OU
    const otherOrg = { orgId: org, orgPaths: orgPaths(org, otherOU), scps: other ? example.deployments[other].scps : [],
      scpTarget: otherOU }
    const outsideOrg = { orgId: OUTSIDE_ORG, orgPaths: [`${OUTSIDE_ORG}/r-zz99/ou-zz99-00000000/`] }
    const centralOrg = { orgId: org, orgPaths: [`${org}/${ROOT}/`] }
    const member = (roleName, rolePath = '/') => session(MEMBER, roleName, memberOrg, rolePath)
    const memberResource = { 'aws:ResourceAccount': MEMBER, 'aws:ResourceOrgID': org,
      'aws:ResourceOrgPaths': orgPaths(org, d.targets[0]) }

    // The member central-access role the ingest assumes, and the member
    // backup service role it passes.
    const accessName = ingestVars.memberAccountCentralAccessRoleName ?? m.roleName('CentralAccessRole', n.centralAccessRole)
    const accessPath = m.rolePath('CentralAccessRole', '/')
    const access = member(accessName, accessPath)
    const accessArn = `arn:aws:iam::${MEMBER}:role${accessPath}${accessName}`
    const accessPolicy = m.policy('CentralAccessRole', MEMBER, primary, keyId(primary))
    const accessTrust = m.trust('CentralAccessRole', MEMBER, primary, keyId(primary))
    const backupPath = m.rolePath('BackupServiceRole', '/')
    const backupRole = member(backupName, backupPath)
    const backupArn = `arn:aws:iam::${MEMBER}:role${backupPath}${backupName}`
    // The member backup service role's AWS managed policies
    // (AWSBackupServiceRolePolicyForBackup and the S3 one) are AWS's, not
    // rendered: as in the tier's other rows, a stand-in takes them to allow
    // the action, and the row checks the locked vault's policy.
    const backupManaged = m.resource('BackupServiceRole')?.Properties?.ManagedPolicyArns ?? []
    const backupIdentity = (action) => [managedStandIn(backupName, backupManaged, action)]
    const passToBackup = { 'iam:PassedToService': 'backup.amazonaws.com' }
    const ownKey = (region, account = MEMBER) => `arn:aws:kms:${region}:${account}:key/${KEY_ID}`
    const r = d.roles[`${key}-role-ingest-sfn`]
    const sfn = r && { ...r, session: session(central, r.name, centralOrg) }

    // ---------------------------------------------------------------- allowed
    const mv = backupVault(primary)
    const steps = (t) => {
      const rp = t.arn(primary, MEMBER)
      return {
        describe: { title: `${accessName} describes a member ${t.type} recovery point in ${mv.name}: backup:DescribeRecoveryPoint`,
          principal: access, action: 'backup:DescribeRecoveryPoint', resource: rp, resourceAccount: MEMBER,
          identity: [accessPolicy], resourcePolicy: mv.policy, url: `${API('DescribeRecoveryPoint')} ${ACCESS_CONTROL_URL}` },
        copy: { title: `${accessName} starts the copy of a member ${t.type} recovery point from ${mv.name} into ${lockedTitle}`,
          principal: access, action: 'backup:StartCopyJob', resource: rp, resourceAccount: MEMBER, identity: [accessPolicy],
          resourcePolicy: mv.policy, url: `${START_COPY_URL} ${ACCESS_CONTROL_URL} ${ENCRYPTION_URL}` },
      }
    }
    const regional = (region) => ({
      describeKey: { title: `${accessName} describes a customer managed key of its account: kms:DescribeKey (${region})`,
        principal: access, action: 'kms:DescribeKey', resource: ownKey(region), resourceAccount: MEMBER, identity: [accessPolicy],
        resourcePolicy: defaultKeyPolicy(MEMBER), url: `https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html ${DEFAULT_KEY_POLICY_URL}` },
      pass: { title: `${accessName} passes ${backupName} to AWS Backup: iam:PassRole (${region})`, principal: access,
        action: 'iam:PassRole', resource: backupArn, resourceAccount: MEMBER, context: passToBackup, identity: [accessPolicy],
        url: START_COPY_URL },
      write: { title: `${backupName} (its managed policies taken to allow it) copies into ${lockedTitle} (${region})`,
        principal: backupRole, action: 'backup:CopyIntoBackupVault', resource: lockedVault(region).arn, resourceAccount: MEMBER,
        identity: backupIdentity('backup:CopyIntoBackupVault'), resourcePolicy: lockedVault(region).policy,
        url: `${START_COPY_URL} ${VAULT_POLICY_URL}` },
    })
    for (const t of NOT_FULLY_MANAGED) {
      const s = steps(t)
      add('allowed: member locked vault', { ...s.describe, expected: 'Allowed' })
      add('allowed: member locked vault', { ...s.copy, expected: 'Allowed' })
    }
    for (const region of d.regions) {
      const s = regional(region)
      add('allowed: member locked vault', { ...s.describeKey, expected: 'Allowed' })
      add('allowed: member locked vault', { ...s.pass, expected: 'Allowed' })
      add('allowed: member locked vault', { ...s.write, expected: 'Allowed' })
    }
    // The whole fallback, link by link: the ingest's role assumes the
    // central-access role in an account under the targets, which describes
    // the recovery point and its key, starts the copy and passes the backup
    // service role, with which AWS Backup writes into the locked vault.
    if (sfn) {
      const assume = { title: `${sfn.name} assumes the member ${accessName}`, principal: sfn.session, action: 'sts:AssumeRole',
        resource: accessArn, resourceAccount: MEMBER, context: memberResource, identity: [sfn.policy], resourcePolicy: accessTrust }
      for (const t of NOT_FULLY_MANAGED) {
        const s = steps(t)
        const g = regional(primary)
        add('allowed: member locked vault', {
          title: `the ingest copies a member ${t.type} recovery point AWS refused to copy out into ${lockedTitle}`,
          chain: [[assume], [s.describe], [g.describeKey], [s.copy], [g.pass], [g.write]], expected: 'Allowed',
          url: `${CROSS_ACCOUNT_URL} ${START_COPY_URL}` })
      }
    }

    // ----------------------------------------------------------------- denied
    // A member developer with PowerUserAccess (not in adminRoleNames) deletes
    // or re-times what the locked vault holds, changes the vault, its policy
    // or its lock, or writes into it, directly or by starting a copy and
    // passing the backup service role (PowerUserAccess allows no iam:PassRole).
    const developer = member('Developer')
    for (const action of [...VAULT_CHANGES, ...WRITES]) {
      add('denied: member locked vault', {
        title: `developer (PowerUserAccess) ${action} on ${lockedTitle}`, principal: developer, action, resource: lv.arn,
        resourceAccount: MEMBER, identity: [powerUserAccess], resourcePolicy: lv.policy, expected: 'Denied',
        url: `${VAULT_POLICY_URL} ${POWER_USER_URL}` })
    }
    for (const t of NOT_FULLY_MANAGED) {
      for (const action of DESTRUCTIVE) {
        add('denied: member locked vault', {
          title: `developer (PowerUserAccess) ${action} on a ${t.type} recovery point in ${lockedTitle}`, principal: developer,
          action, resource: t.arn(primary, MEMBER), resourceAccount: MEMBER, identity: [powerUserAccess], resourcePolicy: lv.policy,
          expected: 'Denied', url: `${ACCESS_CONTROL_URL} ${VAULT_POLICY_URL}` })
      }
      add('denied: member locked vault', {
        title: `developer (PowerUserAccess) starts a copy of a member ${t.type} recovery point into ${lockedTitle} with ${backupName}`,
        chain: [[{ title: `developer backup:StartCopyJob on a ${t.type} recovery point in ${mv.name}`, principal: developer,
          action: 'backup:StartCopyJob', resource: t.arn(primary, MEMBER), resourceAccount: MEMBER, identity: [powerUserAccess],
          resourcePolicy: mv.policy }],
        [{ title: `developer passes ${backupName} to AWS Backup`, principal: developer, action: 'iam:PassRole', resource: backupArn,
          resourceAccount: MEMBER, context: passToBackup, identity: [powerUserAccess] }]],
        expected: 'Denied', url: `${START_COPY_URL} ${POWER_USER_URL}` })
    }

    // The central-access role's new rights end at its own account and at the
    // backup service role: it passes no other role, nor that one to another
    // service; it copies and describes no other account's recovery points and
    // describes no other account's keys; it writes into the locked vault
    // itself neither.
    const otherRoles = [
      [m.roleName('BackupServiceRestoreRole', `${d.centralName}-backup-service-restore-role`), m.rolePath('BackupServiceRestoreRole', '/')],
      [m.roleName('EventForwarderRole', n.eventForwarderRole), m.rolePath('EventForwarderRole', '/')],
      ['Admin', '/'],
    ]
    for (const [roleName, rolePath] of otherRoles) {
      add('denied: member locked vault', {
        title: `${accessName} passes ${roleName} to AWS Backup`, principal: access, action: 'iam:PassRole',
        resource: `arn:aws:iam::${MEMBER}:role${rolePath}${roleName}`, resourceAccount: MEMBER, context: passToBackup,
        identity: [accessPolicy], expected: 'Denied', url: START_COPY_URL })
    }
    add('denied: member locked vault', {
      title: `${accessName} passes ${backupName} to Lambda`, principal: access, action: 'iam:PassRole', resource: backupArn,
      resourceAccount: MEMBER, context: { 'iam:PassedToService': 'lambda.amazonaws.com' }, identity: [accessPolicy],
      expected: 'Denied' })
    const secondVault = backupVault(primary, SECOND_MEMBER)
    for (const t of NOT_FULLY_MANAGED) {
      for (const action of ['backup:StartCopyJob', 'backup:DescribeRecoveryPoint']) {
        add('denied: member locked vault', {
          title: `${accessName} ${action} on a ${t.type} recovery point of another account of the deployment`, principal: access,
          action, resource: t.arn(primary, SECOND_MEMBER), resourceAccount: SECOND_MEMBER, identity: [accessPolicy],
          resourcePolicy: secondVault.policy, expected: 'Denied', url: `${ACCESS_CONTROL_URL} ${VAULT_POLICY_URL}` })
      }
    }
    for (const [who, account] of [['another account of the deployment', SECOND_MEMBER], ['outside the organization', OUTSIDER]]) {
      add('denied: member locked vault', {
        title: `${accessName} describes a customer managed key of ${who}: kms:DescribeKey`, principal: access,
        action: 'kms:DescribeKey', resource: ownKey(primary, account), resourceAccount: account, identity: [accessPolicy],
        resourcePolicy: defaultKeyPolicy(account), expected: 'Denied', url: DEFAULT_KEY_POLICY_URL })
    }
    // A key of another account of the organization whose policy lets every
    // principal of the organization describe it (aws:PrincipalOrgID): only
    // the role's own policy, which names its account's keys, refuses it.
    const orgShared = new Doc(`a key policy of ${SECOND_MEMBER} letting the organization describe the key`, {
      Version: '2012-10-17',
      Statement: [...defaultKeyPolicy(SECOND_MEMBER).policy.Statement,
        { Sid: 'OrganizationDescribes', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:DescribeKey', Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': org } } }],
    })
    add('denied: member locked vault', {
      title: `${accessName} describes a key of another account of the organization that the whole organization may describe`,
      principal: access, action: 'kms:DescribeKey', resource: ownKey(primary, SECOND_MEMBER), resourceAccount: SECOND_MEMBER,
      identity: [accessPolicy], resourcePolicy: orgShared, expected: 'Denied',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid' })
    for (const action of WRITES) {
      add('denied: member locked vault', {
        title: `${accessName} ${action} into ${lockedTitle} itself`, principal: access, action, resource: lv.arn,
        resourceAccount: MEMBER, identity: [accessPolicy], resourcePolicy: lv.policy, expected: 'Denied', url: VAULT_POLICY_URL })
    }
    for (const t of NOT_FULLY_MANAGED) {
      add('denied: member locked vault', {
        title: `${accessName} backup:DeleteRecoveryPoint on a ${t.type} recovery point in ${lockedTitle}`, principal: access,
        action: 'backup:DeleteRecoveryPoint', resource: t.arn(primary, MEMBER), resourceAccount: MEMBER, identity: [accessPolicy],
        resourcePolicy: lv.policy, expected: 'Denied', url: `${ACCESS_CONTROL_URL} ${VAULT_POLICY_URL}` })
    }

    // Another deployment's roles in an account under both deployments'
    // targets: its backup service role writes nothing into this locked vault,
    // and its central-access role neither passes this deployment's backup
    // service role nor re-times or deletes what this vault holds.
    const prefix = example.config.memberAccountResourceNamePrefix ?? ''
    const otherKey = other ?? 'other-deployment'
    const om = other && example.deployments[other].member
    const otherBackup = om ? om.roleName('BackupServiceRole', om.names.backupServiceRole) : `${prefix}${otherKey}-backup-service-role`
    for (const action of WRITES) {
      add('denied: member locked vault', {
        title: `${otherKey}'s member backup service role ${otherBackup} in this account: ${action} into ${lockedTitle}`,
        principal: member(otherBackup), action, resource: lv.arn, resourceAccount: MEMBER,
        identity: [managedStandIn(otherBackup, backupManaged, action)], resourcePolicy: lv.policy, expected: 'Denied',
        url: VAULT_POLICY_URL })
    }
    if (om) {
      const otherAccessName = om.roleName('CentralAccessRole', om.names.centralAccessRole)
      const otherAccess = member(otherAccessName, om.rolePath('CentralAccessRole', '/'))
      const otherAccessPolicy = om.policy('CentralAccessRole', MEMBER, primary, `mrk-${other}-${primary}`)
      add('denied: member locked vault', {
        title: `${other}'s ${otherAccessName} in this account passes ${backupName} to AWS Backup`, principal: otherAccess,
        action: 'iam:PassRole', resource: backupArn, resourceAccount: MEMBER, context: passToBackup,
        identity: [otherAccessPolicy], expected: 'Denied', url: START_COPY_URL })
      for (const t of NOT_FULLY_MANAGED) {
        for (const action of ['backup:UpdateRecoveryPointLifecycle', 'backup:DeleteRecoveryPoint']) {
          add('denied: member locked vault', {
            title: `${other}'s ${otherAccessName} in this account: ${action} on a ${t.type} recovery point in ${lockedTitle}`,
            principal: otherAccess, action, resource: t.arn(primary, MEMBER), resourceAccount: MEMBER,
            identity: [otherAccessPolicy], resourcePolicy: lv.policy, expected: 'Denied', url: `${ACCESS_CONTROL_URL} ${VAULT_POLICY_URL}` })
        }
      }
    }
    // The central backup service roles, this deployment's (the base policy
    // exempts it, for restore copies into M-cmk) and the others': no
    // statement of the locked vault's policy lets another account write in.
    for (const dk of keys) {
      const cr = example.deployments[dk].roles[`${dk}-role-backup-service`]
      if (!cr) continue
      add('denied: member locked vault', {
        title: `${dk === key ? 'this deployment\'s' : `deployment ${dk}'s`} central ${cr.name} copies into ${lockedTitle}`,
        principal: session(central, cr.name, centralOrg), action: 'backup:CopyIntoBackupVault', resource: lv.arn,
        resourceAccount: MEMBER, identity: [managedStandIn(cr.name, cr.managed, 'backup:CopyIntoBackupVault')],
        resourcePolicy: lv.policy, expected: 'Denied', url: VAULT_POLICY_URL })
    }

    // Principals of another deployment's account and outside the
    // organization, named like the roles the policy exempts.
    for (const [who, account, orgCtx] of [['other deployment', OTHER_DEPLOYMENT_MEMBER, otherOrg],
      ['outside the organization', OUTSIDER, outsideOrg]]) {
      const impostor = (roleName) => session(account, roleName, orgCtx)
      for (const action of WRITES) {
        add('denied: member locked vault', {
          title: `${who}: ${backupName} (AdministratorAccess) ${action} into ${lockedTitle}`, principal: impostor(backupName),
          action, resource: lv.arn, resourceAccount: MEMBER, identity: [administratorAccess], resourcePolicy: lv.policy,
          expected: 'Denied', url: VAULT_POLICY_URL })
      }
      for (const action of VAULT_CHANGES) {
        add('denied: member locked vault', {
          title: `${who}: a role (AdministratorAccess) ${action} on ${lockedTitle}`, principal: impostor('Admin'), action,
          resource: lv.arn, resourceAccount: MEMBER, identity: [administratorAccess], resourcePolicy: lv.policy,
          expected: 'Denied', url: `${VAULT_POLICY_URL} ${VAULT_LOCK_URL}` })
      }
      for (const t of NOT_FULLY_MANAGED) {
        for (const action of ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle']) {
          add('denied: member locked vault', {
            title: `${who}: ${accessName} (AdministratorAccess) ${action} on a ${t.type} recovery point in ${lockedTitle}`,
            principal: impostor(accessName), action, resource: t.arn(primary, MEMBER), resourceAccount: MEMBER,
            identity: [administratorAccess], resourcePolicy: lv.policy, expected: 'Denied',
            url: `${VAULT_POLICY_URL} ${ACCESS_CONTROL_URL}` })
        }
      }
    }
  }
  return out
}
