// Rows of the member logically air-gapped vault (primaryBackupToLogicallyAirGappedVault):
// each member account of such a deployment holds <member>-lag-<min>-<max>,
// the primary target of the plans that ask for it, created by the
// StackSet's vault manager (custom resource AirGappedVault, its
// AccessPolicy in the template) or by a MemberAccount stack (aws-native
// vault, policies-iam/member/<deployment>/AirGappedVault.policy.json).
// Its access policy lets the member backup service role write into it;
// its managers (the StackSet's vault manager, or the admin roles that run
// a MemberAccount stack) associate its approval team (the first needs no
// approval, so anyone else could take it); the backup service role, AWS
// Backup's service-linked role and the managers tag; and the StackSet's
// vault manager alone set the policy (a MemberAccount stack writes it once,
// with the vault). It denies everyone, the member's admin roles included,
// deleting the vault or its policy, changing its lock, notifications or
// sharing, disassociating its approval team, and deleting, disassociating
// or re-timing its recovery points.
// Principals of the member account carry the SCPs of their organization
// path (the guard of protectMemberResources on the deployment's target).
import { recoveryPointTypes, ACCESS_CONTROL_URL } from './recovery-points.mjs'
import { administratorAccess, managedStandIn, powerUserAccess, POWER_USER_URL } from './identities.mjs'
import { MEMBER, OTHER_DEPLOYMENT_MEMBER, OUTSIDER } from './scenarios.mjs'
import { ROOT, OUTSIDE_ORG, SYNTHETIC_OTHER_OU, session, orgPaths } from './principals.mjs'


// What a rule naming a logically air-gapped vault as its target does: fully
// managed types back up into it (StartBackupJob), the others into the
// backup vault first, which AWS Backup then copies into it
// (CopyIntoBackupVault), both with the plan's backup service role.
export const LAG_PRIMARY_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/lag-vault-primary-backup.html'
// A logically air-gapped vault is locked in compliance mode from its creation.
const LAG_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html'
// Vault access policies apply to the vault and the recovery points it
// holds, and AWS Backup rejects any cross-account request on a vault but
// backup:CopyIntoBackupVault, whatever its access policy.
export const VAULT_POLICY_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html'
// The approval team of a vault: associating the first needs no approval,
// changing or disassociating it does.
const MPA_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/multipartyapproval-tasks-requester.html'
// AWS Backup tags recovery points with the backup service role of the job
// and with its service-linked role.
const TAGS_ON_BACKUPS_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/tags-on-backups.html'
const BACKUP_SLR_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackup.html'
// SCPs do not restrict service-linked roles.
const SCP_URL = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html'
// Lambda sets lambda:SourceFunctionArn on every request of the function's code.
const SOURCE_FUNCTION_URL = 'https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html'
// aws:PrincipalArn is the ARN of the role, not of the session, and the
// policy matches it with ArnNotLike.
const PRINCIPAL_ARN_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn'
const API = (name) => `https://docs.aws.amazon.com/aws-backup/latest/devguide/API_${name}.html`

// What changes the vault's protection (the vault's ARN is the resource),
// its sharing through AWS RAM included.
export const LAG_VAULT_CHANGES = ['backup:DeleteBackupVault', 'backup:DeleteBackupVaultAccessPolicy',
  'backup:PutBackupVaultAccessPolicy', 'backup:DisassociateBackupVaultMpaApprovalTeam',
  'backup:PutBackupVaultLockConfiguration', 'backup:DeleteBackupVaultLockConfiguration',
  'backup:PutBackupVaultNotifications', 'backup:DeleteBackupVaultNotifications',
  'backup:PutBackupVaultSharingPolicy', 'backup:DeleteBackupVaultSharingPolicy']
// Taking the vault's approval team: only its managers may.
export const LAG_TEAM = 'backup:AssociateBackupVaultMpaApprovalTeam'
// What writes a recovery point into it.
const WRITES = ['backup:StartBackupJob', 'backup:CopyIntoBackupVault']
// What deletes a recovery point or changes its retention:
// DeleteRecoveryPoint, UpdateRecoveryPointLifecycle, DisassociateRecoveryPoint
// ("deletes the specified continuous backup recovery point from AWS Backup")
// and DisassociateRecoveryPointFromParent (a child of a composite point).
export const LAG_DESTRUCTIVE = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle',
  'backup:DisassociateRecoveryPoint', 'backup:DisassociateRecoveryPointFromParent']
const DESTRUCTIVE_URLS = LAG_DESTRUCTIVE.map((a) => API(a.split(':')[1])).join(' ')
const TAG_ACTIONS = ['backup:TagResource', 'backup:UntagResource']

// memberLAGVaultName is the member air-gapped vault of a deployment: the
// one its rendered backup policies target, as the StackSet template names
// it (or would: a template without it fails the presence rows).
export function memberLAGVaultName(d) {
  return d.memberLAGVaults[0]
}

export function memberLAGScenariosFor(example) {
  const out = []
  const org = example.context.organizationId
  const central = example.context.accountId
  const keys = Object.keys(example.deployments)
  for (const [key, d] of Object.entries(example.deployments)) {
    const name = memberLAGVaultName(d)
    const m = d.member
    const add = (group, sc) => out.push({ example: example.name, shape: example.shape, deployment: key, group, ...sc })
    // What the scenarios use: the vault the plans target, with its policy
    // as this shape renders it (template AccessPolicy, or the document of
    // the MemberAccount stack), under that name.
    if (!name) {
      if (m.has('AirGappedVault')) {
        add('rendered: what the scenarios use', { title: 'a member air-gapped vault without a plan that backs up into it',
          expected: 'Present', check: () => ({ actual: 'Missing', detail: 'AirGappedVault rendered, no rule targets it' }) })
      }
      continue
    }
    const primary = d.regions[0]
    const keyId = (region) => `mrk-${key}-${region}`
    const vault = (region) => ({ name, arn: `arn:aws:backup:${region}:${MEMBER}:backup-vault:${name}`,
      policy: m.vaultPolicy('AirGappedVault', MEMBER, region, keyId(region)) })
    add('rendered: what the scenarios use', { title: `the member air-gapped vault ${name} with its access policy`,
      expected: 'Present', check: () => ({ actual: vault(primary).policy ? 'Present' : 'Missing', detail: '' }) })
    if (m.shape === 'StackSet') {
      add('rendered: what the scenarios use', {
        title: `the StackSet's AirGappedVault is the ${name} the backup policies target`, expected: 'Present',
        check: () => {
          const rendered = m.vaultName('AirGappedVault', undefined)
          return { actual: rendered === name ? 'Present' : 'Missing', detail: `template BackupVaultName ${rendered}` }
        } })
    }

    const memberOrg = { orgId: org, orgPaths: orgPaths(org, d.targets[0]), scps: d.scps, scpTarget: d.targets[0] }
    const other = keys.find((k) => k !== key)
    const otherOU = other ? example.deployments[other].targets[0] : SYNTHETIC_OTHER_OU
    const otherOrg = { orgId: org, orgPaths: orgPaths(org, otherOU), scps: other ? example.deployments[other].scps : [],
      scpTarget: otherOU }
    const outsideOrg = { orgId: OUTSIDE_ORG, orgPaths: [`${OUTSIDE_ORG}/r-zz99/ou-zz99-00000000/`] }
    const centralOrg = { orgId: org, orgPaths: [`${org}/${ROOT}/`] }
    const member = (roleName, rolePath = '/') => session(MEMBER, roleName, memberOrg, rolePath)
    const n = m.names
    const backupName = m.roleName('BackupServiceRole', n.backupServiceRole)
    const backupRole = member(backupName, m.rolePath('BackupServiceRole', '/'))
    // The AWS managed policies of the member backup service role, as the
    // tier models them (their documents are AWS's, not rendered).
    const backupManaged = m.resource('BackupServiceRole')?.Properties?.ManagedPolicyArns ?? []
    const backupIdentity = (action) => [managedStandIn(backupName, backupManaged, action)]
    const fullyManaged = recoveryPointTypes.find((t) => t.type === 'EFS/S3/other')
    const tagged = [fullyManaged, recoveryPointTypes[0]]
    const v = vault(primary)
    const lagTitle = `the member air-gapped ${name}`
    // The vault's managers: the StackSet's vault manager, or in a
    // MemberAccount stack the admin roles that run it.
    const adminsManage = m.shape !== 'StackSet'

    // ---------------------------------------------------------------- allowed
    // The plans back up into it and AWS Backup copies into it, with the
    // member backup service role, in every region of the deployment.
    for (const region of d.regions) {
      const rv = vault(region)
      for (const action of WRITES) {
        add('allowed: member air-gapped vault', {
          title: `member backup service role ${action === 'backup:StartBackupJob' ? 'starts a backup job into' : 'copies into'} ${lagTitle} (${region})`,
          principal: backupRole, action, resource: rv.arn, resourceAccount: MEMBER, identity: backupIdentity(action),
          resourcePolicy: rv.policy, expected: 'Allowed', url: `${LAG_PRIMARY_URL} ${VAULT_POLICY_URL}` })
      }
    }
    // AWS Backup tags the recovery points of its jobs with the backup
    // service role, or with its service-linked role, which no SCP restricts.
    const slr = session(MEMBER, 'AWSServiceRoleForBackup', { orgId: org,
      orgPaths: orgPaths(org, d.targets[0]) }, '/aws-service-role/backup.amazonaws.com/')
    for (const [who, principal, identity, url] of [
      ['member backup service role', backupRole, backupIdentity(TAG_ACTIONS), TAGS_ON_BACKUPS_URL],
      ['AWS Backup\'s service-linked role (no SCP applies to it)', slr,
        [managedStandIn('AWSServiceRoleForBackup', [], TAG_ACTIONS)], `${TAGS_ON_BACKUPS_URL} ${BACKUP_SLR_URL} ${SCP_URL}`],
    ]) {
      for (const t of tagged) {
        add('allowed: member air-gapped vault', {
          title: `${who} backup:TagResource on a ${t.type} recovery point in ${lagTitle}`, principal, action: 'backup:TagResource',
          resource: t.arn(primary, MEMBER), resourceAccount: MEMBER, identity, resourcePolicy: v.policy, expected: 'Allowed',
          url: `${url} ${ACCESS_CONTROL_URL}` })
      }
    }

    // The StackSet's vault manager creates the vault, associates its
    // approval team, tags it and sets its policy, inside its function.
    let vm
    if (m.shape === 'StackSet' && m.has('VaultManagerRole')) {
      const fn = m.resource('VaultManager')?.Properties?.FunctionName
      // Its role's name in the stack's region, on its path.
      vm = { ...member(m.roleName('VaultManagerRole', undefined, MEMBER, primary), m.rolePath('VaultManagerRole', '/')),
        context: { 'lambda:SourceFunctionArn': `arn:aws:lambda:${primary}:${MEMBER}:function:${fn}` } }
      const vmPolicy = m.policy('VaultManagerRole', MEMBER, primary, keyId(primary))
      const vmRow = (title, action, resourcePolicy, url) => add('allowed: member air-gapped vault', {
        title: `vault manager ${title}`, principal: vm, action, resource: v.arn, resourceAccount: MEMBER,
        identity: [vmPolicy], ...(resourcePolicy ? { resourcePolicy } : {}), expected: 'Allowed', url: `${url} ${SOURCE_FUNCTION_URL}` })
      vmRow(`creates ${lagTitle} (no vault yet, so no access policy)`, 'backup:CreateLogicallyAirGappedBackupVault', undefined,
        API('CreateLogicallyAirGappedBackupVault'))
      vmRow(`sets the access policy of ${lagTitle}`, 'backup:PutBackupVaultAccessPolicy', v.policy, VAULT_POLICY_URL)
      vmRow(`tags ${lagTitle}`, 'backup:TagResource', v.policy, API('TagResource'))
      if (d.config.mpaApprovalTeamArn ?? example.config.mpaApprovalTeamArn) {
        vmRow(`associates the approval team of ${lagTitle}`, 'backup:AssociateBackupVaultMpaApprovalTeam', v.policy, MPA_URL)
      }
    }

    // ----------------------------------------------------------------- denied
    // The deployment's admin roles (AdministratorAccess; the guard exempts
    // them, the vault policy does not, but for what its managers may in a
    // MemberAccount stack), a developer with PowerUserAccess, and an account
    // administrator outside adminRoleNames.
    const admins = []
    for (const admin of d.adminRoleNames) {
      const sso = admin.match(/^aws-reserved\/sso\.amazonaws\.com\/AWSReservedSSO_(.+)_\*$/)
      if (sso) {
        admins.push([`admin role AWSReservedSSO_${sso[1]}_… (AdministratorAccess)`,
          member(`AWSReservedSSO_${sso[1]}_1234567890abcdef`, `/aws-reserved/sso.amazonaws.com/${primary}/`), [administratorAccess]])
      } else {
        const slash = admin.lastIndexOf('/')
        admins.push([`admin role ${admin} (AdministratorAccess)`, member(admin.slice(slash + 1), `/${admin.slice(0, slash + 1)}`),
          [administratorAccess]])
      }
    }
    // In a MemberAccount stack the admin roles are the vault's managers:
    // they associate its approval team and tag it and its recovery points.
    if (adminsManage) {
      for (const [who, principal, identity] of admins) {
        add('allowed: member air-gapped vault', {
          title: `${who} (a manager of the vault in this shape) associates the approval team of ${lagTitle}`, principal,
          action: LAG_TEAM, resource: v.arn, resourceAccount: MEMBER, identity, resourcePolicy: v.policy, expected: 'Allowed',
          url: `${MPA_URL} ${VAULT_POLICY_URL}` })
        add('allowed: member air-gapped vault', {
          title: `${who} (a manager of the vault in this shape) backup:TagResource on ${lagTitle}`, principal,
          action: 'backup:TagResource', resource: v.arn, resourceAccount: MEMBER, identity, resourcePolicy: v.policy,
          expected: 'Allowed', url: `${API('TagResource')} ${VAULT_POLICY_URL}` })
        for (const t of tagged) {
          for (const action of TAG_ACTIONS) {
            add('allowed: member air-gapped vault', {
              title: `${who} (a manager of the vault in this shape) ${action} on a ${t.type} recovery point in ${lagTitle}`,
              principal, action, resource: t.arn(primary, MEMBER), resourceAccount: MEMBER, identity, resourcePolicy: v.policy,
              expected: 'Allowed', url: `${ACCESS_CONTROL_URL} ${API(action.split(':')[1])}` })
          }
        }
      }
    }
    // Everything else the admin roles may not do, and the other insiders
    // not even what the managers may.
    const insiders = [
      ...admins.map(([who, principal, identity]) => [who, principal, identity, adminsManage]),
      ['developer (PowerUserAccess)', member('Developer'), [powerUserAccess]],
      ['account administrator (AdministratorAccess, not an admin role)', member('AccountAdministrator'), [administratorAccess]],
    ]
    for (const [who, principal, identity, manager] of insiders) {
      const url = identity[0] === powerUserAccess ? ` ${POWER_USER_URL}` : ''
      for (const action of [...LAG_VAULT_CHANGES, ...(manager ? [] : [LAG_TEAM]), ...WRITES]) {
        add('denied: member air-gapped vault', {
          title: `${who} ${action} on ${lagTitle}`, principal, action, resource: v.arn, resourceAccount: MEMBER, identity,
          resourcePolicy: v.policy, expected: 'Denied',
          url: `${action.includes('MpaApprovalTeam') ? MPA_URL : WRITES.includes(action) ? LAG_PRIMARY_URL : LAG_URL} ${VAULT_POLICY_URL}${url}` })
      }
      for (const t of recoveryPointTypes) {
        for (const action of LAG_DESTRUCTIVE) {
          add('denied: member air-gapped vault', {
            title: `${who} ${action} on a ${t.type} recovery point in ${lagTitle}`, principal, action,
            resource: t.arn(primary, MEMBER), resourceAccount: MEMBER, identity, resourcePolicy: v.policy, expected: 'Denied',
            url: `${ACCESS_CONTROL_URL} ${DESTRUCTIVE_URLS}` })
        }
      }
      for (const t of manager ? [] : tagged) {
        for (const action of TAG_ACTIONS) {
          add('denied: member air-gapped vault', {
            title: `${who} ${action} on a ${t.type} recovery point in ${lagTitle}`, principal, action,
            resource: t.arn(primary, MEMBER), resourceAccount: MEMBER, identity, resourcePolicy: v.policy, expected: 'Denied',
            url: `${ACCESS_CONTROL_URL} ${API(action.split(':')[1])}` })
        }
      }
    }

    // The deployment's own member roles, whose identity policies reach the
    // member's recovery points: the ingest never shortens the points of
    // this vault, and the backup service role, which writes and tags, may
    // not delete, re-time or change the vault either.
    const centralAccessName = m.roleName('CentralAccessRole', n.centralAccessRole)
    const centralAccess = member(centralAccessName)
    const centralAccessPolicy = m.policy('CentralAccessRole', MEMBER, primary, keyId(primary))
    for (const t of recoveryPointTypes) {
      add('denied: member air-gapped vault', {
        title: `the ingest's ${centralAccessName} shortens a ${t.type} recovery point in ${lagTitle}`, principal: centralAccess,
        action: 'backup:UpdateRecoveryPointLifecycle', resource: t.arn(primary, MEMBER), resourceAccount: MEMBER,
        identity: [centralAccessPolicy], resourcePolicy: v.policy, expected: 'Denied',
        url: `${ACCESS_CONTROL_URL} ${API('UpdateRecoveryPointLifecycle')}` })
    }
    for (const action of [...LAG_VAULT_CHANGES, LAG_TEAM, ...LAG_DESTRUCTIVE]) {
      const onPoint = LAG_DESTRUCTIVE.includes(action)
      add('denied: member air-gapped vault', {
        title: `member backup service role (its managed policies taken to allow it) ${action} on ${onPoint ? `a recovery point in ${lagTitle}` : lagTitle}`,
        principal: backupRole, action, resource: onPoint ? fullyManaged.arn(primary, MEMBER) : v.arn, resourceAccount: MEMBER,
        identity: backupIdentity(action), resourcePolicy: v.policy, expected: 'Denied', url: VAULT_POLICY_URL })
    }

    // A role under the vault manager's path is nobody special: without a
    // vault manager (MemberAccount stacks) nobody sets the policy after the
    // stack wrote it with the vault, and only the admin roles take the
    // approval team; with a StackSet the vault policy exempts the vault
    // manager's role by its exact name, not the path (issue 22), so another
    // role there (the guard SCP keeps member principals from making one, but
    // the vault policy does not rely on it) takes nothing.
    {
      const underPath = member('anything', n.vaultManagerPath)
      const shapeNote = m.shape === 'StackSet' ? 'not the vault manager role' : 'no vault manager in this shape'
      for (const action of ['backup:PutBackupVaultAccessPolicy', 'backup:TagResource', LAG_TEAM]) {
        add('denied: member air-gapped vault', {
          title: `a role under ${n.vaultManagerPath} (${shapeNote}) with AdministratorAccess: ${action} on ${lagTitle}`,
          principal: underPath, action, resource: v.arn, resourceAccount: MEMBER, identity: [administratorAccess],
          resourcePolicy: v.policy, expected: 'Denied', url: `${VAULT_POLICY_URL} ${PRINCIPAL_ARN_URL}` })
      }
    }

    // The vault manager's own rights end at the policy it sets and the team
    // it associates: inside its function it deletes and shares nothing, and
    // a developer cannot take the function over (the vault manager guard)
    // to set a policy or take the approval team of its own.
    if (vm) {
      const vmPolicy = m.policy('VaultManagerRole', MEMBER, primary, keyId(primary))
      for (const action of LAG_VAULT_CHANGES.filter((a) => a !== 'backup:PutBackupVaultAccessPolicy')) {
        add('denied: member air-gapped vault', {
          title: `vault manager ${action} on ${lagTitle}`, principal: vm, action, resource: v.arn, resourceAccount: MEMBER,
          identity: [vmPolicy], resourcePolicy: v.policy, expected: 'Denied', url: `${VAULT_POLICY_URL} ${SOURCE_FUNCTION_URL}` })
      }
      for (const t of tagged) {
        add('denied: member air-gapped vault', {
          title: `vault manager backup:DeleteRecoveryPoint on a ${t.type} recovery point in ${lagTitle}`, principal: vm,
          action: 'backup:DeleteRecoveryPoint', resource: t.arn(primary, MEMBER), resourceAccount: MEMBER, identity: [vmPolicy],
          resourcePolicy: v.policy, expected: 'Denied', url: `${ACCESS_CONTROL_URL} ${SOURCE_FUNCTION_URL}` })
      }
      const developer = member('Developer')
      const fnArn = vm.context['lambda:SourceFunctionArn']
      const takeover = ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration'].map((action) => ({
        title: `developer ${action} on the vault manager`, principal: developer, action, resource: fnArn,
        resourceAccount: MEMBER, identity: [powerUserAccess] }))
      const team = d.config.mpaApprovalTeamArn ?? example.config.mpaApprovalTeamArn
      for (const action of ['backup:PutBackupVaultAccessPolicy', 'backup:TagResource', ...(team ? [LAG_TEAM] : [])]) {
        add('denied: member air-gapped vault', {
          title: `developer takes over the vault manager, whose role then ${action} on ${lagTitle}`,
          why: 'The vault manager role may set this vault\'s policy; replaced code runs as that role with lambda:SourceFunctionArn ' +
            'set, so only the guard on the function keeps a developer from writing a policy that lifts the protection.',
          chain: [takeover, [{ title: `vault manager role ${action}`, principal: vm, action, resource: v.arn,
            resourceAccount: MEMBER, identity: [vmPolicy], resourcePolicy: v.policy }]],
          expected: 'Denied', url: `${POWER_USER_URL} ${SOURCE_FUNCTION_URL}` })
      }
    }

    // Another deployment's roles: its member backup service role in this
    // account (an account under both deployments' targets), its vault
    // manager, and its member and central roles from their own accounts.
    const prefix = example.config.memberAccountResourceNamePrefix ?? ''
    const otherKey = other ?? 'other-deployment'
    const otherBackup = other ? example.deployments[other].member.roleName('BackupServiceRole', `${prefix}${other}-backup-service-role`)
      : `${prefix}${otherKey}-backup-service-role`
    for (const action of WRITES) {
      add('denied: member air-gapped vault', {
        title: `${otherKey}'s member backup service role ${otherBackup} in this account: ${action} into ${lagTitle}`,
        principal: member(otherBackup), action, resource: v.arn, resourceAccount: MEMBER, identity: backupIdentity(action),
        resourcePolicy: v.policy, expected: 'Denied', url: `${VAULT_POLICY_URL} ${PRINCIPAL_ARN_URL}` })
    }
    if (m.shape === 'StackSet') {
      const otherVM = member(`${prefix}${otherKey}-vault-manager-${primary}`, `/${prefix}${otherKey}-vault-manager/`)
      for (const action of ['backup:PutBackupVaultAccessPolicy', LAG_TEAM]) {
        add('denied: member air-gapped vault', {
          title: `${otherKey}'s vault manager role (AdministratorAccess) in this account: ${action} on ${lagTitle}`,
          principal: otherVM, action, resource: v.arn, resourceAccount: MEMBER, identity: [administratorAccess],
          resourcePolicy: v.policy, expected: 'Denied', url: `${VAULT_POLICY_URL} ${PRINCIPAL_ARN_URL}` })
      }
    }
    const attackers = [
      ['other deployment', OTHER_DEPLOYMENT_MEMBER, otherOrg],
      ['outside the organization', OUTSIDER, outsideOrg],
    ]
    for (const [who, account, orgCtx] of attackers) {
      const impostor = (roleName) => session(account, roleName, orgCtx)
      for (const action of WRITES) {
        add('denied: member air-gapped vault', {
          title: `${who}: ${backupName} (AdministratorAccess) ${action} into ${lagTitle}`, principal: impostor(backupName),
          action, resource: v.arn, resourceAccount: MEMBER, identity: [administratorAccess], resourcePolicy: v.policy,
          expected: 'Denied', url: VAULT_POLICY_URL })
      }
      for (const action of ['backup:DeleteBackupVault', 'backup:PutBackupVaultAccessPolicy',
        'backup:DisassociateBackupVaultMpaApprovalTeam', LAG_TEAM]) {
        add('denied: member air-gapped vault', {
          title: `${who}: a role (AdministratorAccess) ${action} on ${lagTitle}`, principal: impostor('Admin'), action,
          resource: v.arn, resourceAccount: MEMBER, identity: [administratorAccess], resourcePolicy: v.policy,
          expected: 'Denied', url: VAULT_POLICY_URL })
      }
      for (const t of recoveryPointTypes) {
        add('denied: member air-gapped vault', {
          title: `${who}: a role (AdministratorAccess) backup:DeleteRecoveryPoint on a ${t.type} recovery point in ${lagTitle}`,
          principal: impostor('Admin'), action: 'backup:DeleteRecoveryPoint', resource: t.arn(primary, MEMBER),
          resourceAccount: MEMBER, identity: [administratorAccess], resourcePolicy: v.policy, expected: 'Denied',
          url: `${VAULT_POLICY_URL} ${ACCESS_CONTROL_URL}` })
      }
    }
    // The central backup service roles, this deployment's (it copies
    // restores into M-cmk) and the others', copy into no member air-gapped vault.
    for (const dk of keys) {
      const r = example.deployments[dk].roles[`${dk}-role-backup-service`]
      if (!r) continue
      add('denied: member air-gapped vault', {
        title: `${dk === key ? 'this deployment\'s' : `deployment ${dk}'s`} central ${r.name} copies into ${lagTitle}`,
        principal: session(central, r.name, centralOrg), action: 'backup:CopyIntoBackupVault', resource: v.arn,
        resourceAccount: MEMBER, identity: [managedStandIn(r.name, r.managed, 'backup:CopyIntoBackupVault')],
        resourcePolicy: v.policy, expected: 'Denied', url: VAULT_POLICY_URL })
    }
  }
  return out
}
