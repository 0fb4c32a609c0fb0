// The scenario table: for every deployment of a rendered example, each
// request the issue lists as allowed (for every recovery point format) and
// each attack it lists as denied, with the policies of both sides.
import { recoveryPointTypes, ACCESS_CONTROL_URL } from './recovery-points.mjs'
import { administratorAccess, managedStandIn, powerUserAccess, POWER_USER_URL } from './identities.mjs'
import { ROOT, OUTSIDE_ORG, SYNTHETIC_OTHER_OU, session, orgPaths } from './principals.mjs'

// Simulated accounts: a member of the deployment, a member of another
// deployment's OU, and an account outside the organization.
export const MEMBER = '222222222222'
export const OTHER_DEPLOYMENT_MEMBER = '333333333333'
export const OUTSIDER = '444444444444'

const service = (name) => ({ arn: name, service: true })

// firstOfName keeps one role of each name (the flows may share a role).
const firstOfName = (r, i, all) => all.findIndex((x) => x.name === r.name) === i

// What deletes a recovery point or shortens its retention:
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteRecoveryPoint.html,
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRecoveryPointLifecycle.html,
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DisassociateRecoveryPoint.html
// ("Deletes the specified continuous backup recovery point from AWS Backup").
const DESTRUCTIVE = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DisassociateRecoveryPoint']

// What changes a vault's protection.
const VAULT_CHANGES = ['backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy', 'backup:DeleteBackupVault',
  'backup:PutBackupVaultLockConfiguration', 'backup:DeleteBackupVaultLockConfiguration']

export function scenariosFor(example) {
  const { context } = example
  const org = context.organizationId
  const central = context.accountId
  const out = []
  const keys = Object.keys(example.deployments)
  for (const key of keys) {
    const d = example.deployments[key]
    const other = keys.find((k) => k !== key)
    const otherOU = other ? example.deployments[other].targets[0] : SYNTHETIC_OTHER_OU
    // Principals of accounts under a deployment's targets are subject to the
    // service control policies the component attaches there.
    const memberOrg = { orgId: org, orgPaths: orgPaths(org, d.targets[0]), scps: d.scps, scpTarget: d.targets[0] }
    const otherOrg = { orgId: org, orgPaths: orgPaths(org, otherOU), scps: other ? example.deployments[other].scps : [],
      scpTarget: otherOU }
    const outsideOrg = { orgId: OUTSIDE_ORG, orgPaths: [`${OUTSIDE_ORG}/r-zz99/ou-zz99-00000000/`] }
    const centralOrg = { orgId: org, orgPaths: [`${org}/${ROOT}/`] }
    const m = d.member
    const n = m.names
    const primary = d.regions[0]
    const add = (group, sc) => out.push({ example: example.name, shape: example.shape, deployment: key, group, ...sc })
    const keyId = (region) => `mrk-${key}-${region}`

    // Member resources, per region.
    const memberVault = (id, region) => {
      const name = m.vaultName(id, id === 'BackupVault' ? n.backupVault : n.restoreVault)
      return { name, arn: `arn:aws:backup:${region}:${MEMBER}:backup-vault:${name}`,
        policy: m.vaultPolicy(id, MEMBER, region, keyId(region)) }
    }
    const memberRole = (id, fallbackName, account = MEMBER, orgCtx = memberOrg, region = primary) => {
      const name = m.roleName(id, fallbackName, account, region)
      const path = m.rolePath(id, '/')
      return {
        name,
        session: session(account, name, orgCtx, path),
        arn: `arn:aws:iam::${account}:role${path}${name}`,
        trust: m.trust(id, account, region, keyId(region)),
        policy: m.policy(id, account, region, keyId(region)),
      }
    }
    const backupRole = memberRole('BackupServiceRole', n.backupServiceRole)
    // The member roles the state machines use, as their definitions name
    // them: the ingest shortens and reads tags with one, the restore copies
    // M-cmk -> M-default with another, passing a third to AWS Backup.
    const logicalIdOf = (name) => {
      for (const [id, suffix] of [['CentralAccessRole', '-central-access'], ['RestoreAccessRole', '-restore-access'],
        ['BackupServiceRole', '-backup-service-role'], ['BackupServiceRestoreRole', '-backup-service-restore-role']]) {
        if (m.shape === 'StackSet' ? m.roleName(id, null) === name : name === d.memberName + suffix) return id
      }
      return undefined
    }
    const roleUsed = (vars, variable, fallback) => {
      const name = vars?.[variable] ?? fallback
      // A role the member side does not create has no trust or policy: its
      // rows then fail as missing from the rendered output.
      return memberRole(logicalIdOf(name), name)
    }
    const ingestVars = d.stateMachines[`${key}-ingest-${primary}`]?.vars
    const restoreVars = d.stateMachines[`${key}-restore-${primary}`]?.vars
    const centralAccess = roleUsed(ingestVars, 'memberAccountCentralAccessRoleName', n.centralAccessRole)
    const restoreAccess = roleUsed(restoreVars, restoreVars?.memberAccountRestoreAccessRoleName
      ? 'memberAccountRestoreAccessRoleName' : 'memberAccountCentralAccessRoleName', n.centralAccessRole)
    const restoreCopyRole = roleUsed(restoreVars, 'memberAccountBackupServiceRoleName', n.backupServiceRole)
    const forwarder = memberRole('EventForwarderRole', n.eventForwarderRole)
    const developer = session(MEMBER, 'Developer', memberOrg)
    const memberAdmin = session(MEMBER, d.adminRoleNames[0] ?? 'BackupAdmin', memberOrg)
    const adminImpostors = []

    // Central roles by their resource name suffix.
    const role = (suffix) => d.roles[`${key}-role-${suffix}`]
    const centralRole = (suffix) => {
      const r = role(suffix)
      return r && { ...r, session: session(central, r.name, centralOrg) }
    }
    const ingest = centralRole('ingest-sfn')
    const restore = centralRole('restore-sfn')
    const states = centralRole('ingest-states')
    const centralBackup = centralRole('backup-service')
    const vaultsOf = (kind, region) => d.vaults.filter((v) => v.kind === kind && (!region || v.region === region))
    const intermediate = (region) => vaultsOf('intermediate', region)[0]

    // What AWS sets for a request on a member account's resource.
    const memberResource = { 'aws:ResourceAccount': MEMBER, 'aws:ResourceOrgID': org,
      'aws:ResourceOrgPaths': orgPaths(org, d.targets[0]) }

    // ---------------------------------------------------------------- allowed
    // The member backup job into M-cmk: AWS Backup assumes the member role,
    // writes to the vault and uses the deployment key.
    add('allowed: member backup job', {
      title: 'backup.amazonaws.com assumes the member backup service role',
      principal: service('backup.amazonaws.com'), action: 'sts:AssumeRole', resource: backupRole.arn,
      resourceAccount: MEMBER, context: { 'aws:SourceAccount': MEMBER }, resourcePolicy: backupRole.trust,
      expected: 'Allowed' })
    for (const region of d.regions) {
      const v = memberVault('BackupVault', region)
      add('allowed: member backup job', {
        title: `member backup service role starts a backup job into M-cmk (${region})`,
        principal: backupRole.session, action: 'backup:StartBackupJob', resource: v.arn, resourceAccount: MEMBER,
        identity: [managedStandIn(backupRole.name, [], 'backup:StartBackupJob')], resourcePolicy: v.policy,
        expected: 'Allowed' })
      const k = d.keys[region]
      const keyArn = `arn:aws:kms:${region}:${central}:key/${keyId(region)}`
      for (const [action, ctx] of [['kms:GenerateDataKey', {}], ['kms:Decrypt', {}], ['kms:DescribeKey', {}],
        ['kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' }]]) {
        add('allowed: member backup job', {
          title: `member backup service role uses the deployment key: ${action} (${region})`,
          principal: backupRole.session, action, resource: keyArn, resourceAccount: central, context: ctx,
          identity: [managedStandIn(backupRole.name, [], action)], resourcePolicy: k?.policy, expected: 'Allowed' })
      }
    }

    // Member -> intermediate copy.
    for (const [sfn, access, label] of [[ingest, centralAccess, 'ingest'], [restore, restoreAccess, 'restore']]) {
      if (!sfn) continue
      add(`allowed: ${label}`, {
        title: `central ${label} state machine role assumes the member ${access.name}`,
        principal: sfn.session, action: 'sts:AssumeRole', resource: access.arn, resourceAccount: MEMBER,
        context: memberResource, identity: [sfn.policy], resourcePolicy: access.trust, expected: 'Allowed' })
    }
    // Member -> intermediate: the copy action of the organization backup
    // policy, run by AWS Backup with the member backup service role.
    for (const t of recoveryPointTypes) {
      const v = memberVault('BackupVault', primary)
      add('allowed: member -> intermediate copy', {
        title: `member backup service role starts the copy of a member ${t.type} recovery point`,
        principal: backupRole.session, action: 'backup:StartCopyJob', resource: t.arn(primary, MEMBER), resourceAccount: MEMBER,
        identity: [managedStandIn(backupRole.name, [], 'backup:StartCopyJob')], resourcePolicy: v.policy, expected: 'Allowed',
        url: ACCESS_CONTROL_URL })
      for (const action of ['backup:UpdateRecoveryPointLifecycle', 'backup:ListTags']) {
        add('allowed: ingest', {
          title: `member ${centralAccess.name} session ${action === 'backup:ListTags' ? 'reads the retention tags of' : 'shortens'} a member ${t.type} recovery point`,
          principal: centralAccess.session, action, resource: t.arn(primary, MEMBER), resourceAccount: MEMBER,
          identity: [centralAccess.policy], ...(action === 'backup:ListTags' ? {} : { resourcePolicy: v.policy }),
          expected: 'Allowed', url: ACCESS_CONTROL_URL })
      }
    }
    const nested = session(MEMBER, backupRole.name,
      { ...memberOrg, orgPaths: [orgPaths(org, d.targets[0])[0] + 'ou-abcd-nested00/'] })
    if (intermediate(primary)) {
      add('allowed: member -> intermediate copy', {
        title: 'member backup service role of an account in an OU nested under the target copies into the intermediate vault',
        principal: nested, action: 'backup:CopyIntoBackupVault', resource: intermediate(primary).arn, resourceAccount: central,
        identity: [managedStandIn(backupRole.name, [], 'backup:CopyIntoBackupVault')], resourcePolicy: intermediate(primary).policy,
        expected: 'Allowed', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths' })
    }
    for (const region of d.regions) {
      const iv = intermediate(region)
      if (!iv) continue
      add('allowed: member -> intermediate copy', {
        title: `member backup service role copies into the intermediate vault (${region})`,
        principal: backupRole.session, action: 'backup:CopyIntoBackupVault', resource: iv.arn, resourceAccount: central,
        identity: [managedStandIn(backupRole.name, [], 'backup:CopyIntoBackupVault')], resourcePolicy: iv.policy,
        expected: 'Allowed' })
    }

    // Ingest: intermediate -> locked standard copy, shortening, air-gapped copy.
    if (states && ingest) {
      add('allowed: ingest', {
        title: 'ingest state machine role assumes the ingest-states role', principal: ingest.session,
        action: 'sts:AssumeRole', resource: states.arn, resourceAccount: central, identity: [ingest.policy],
        resourcePolicy: states.trust, expected: 'Allowed' })
    }
    for (const [sfn, label] of [[ingest, 'ingest'], [restore, 'restore']]) {
      if (!sfn || !centralBackup) continue
      add(`allowed: ${label}`, {
        title: `${label} state machine role passes the central backup service role`, principal: sfn.session,
        action: 'iam:PassRole', resource: centralBackup.arn, resourceAccount: central,
        context: { 'iam:PassedToService': 'backup.amazonaws.com' }, identity: [sfn.policy], expected: 'Allowed' })
    }
    const iv = intermediate(primary)
    for (const t of recoveryPointTypes) {
      const rp = t.arn(primary, central)
      if (ingest && iv) {
        add('allowed: ingest', {
          title: `ingest role starts the locked copy of an intermediate ${t.type} recovery point`,
          principal: ingest.session, action: 'backup:StartCopyJob', resource: rp, resourceAccount: central,
          identity: [ingest.policy], resourcePolicy: iv.policy, expected: 'Allowed', url: ACCESS_CONTROL_URL })
      }
      if (states && iv) {
        for (const action of ['backup:UpdateRecoveryPointLifecycle', 'backup:ListTags']) {
          add('allowed: ingest', {
            title: `ingest-states role ${action === 'backup:ListTags' ? 'reads the retention tags of' : 'shortens'} an intermediate ${t.type} recovery point`,
            principal: states.session, action, resource: rp, resourceAccount: central, identity: [states.policy],
            ...(action === 'backup:ListTags' ? {} : { resourcePolicy: iv.policy }), expected: 'Allowed', url: ACCESS_CONTROL_URL })
        }
      }
      if (restore) {
        for (const v of [...vaultsOf('standard', primary).slice(0, 1), ...(iv ? [iv] : [])]) {
          add('allowed: restore', {
            title: `restore role starts the copy of a ${t.type} recovery point out of ${v.name}`,
            principal: restore.session, action: 'backup:StartCopyJob', resource: rp, resourceAccount: central,
            identity: [restore.policy], resourcePolicy: v.policy, expected: 'Allowed', url: ACCESS_CONTROL_URL })
          // The restore reads the recovery point's origin account
          // (SourceBackupVaultArn, ResourceArn) before it copies
          // (provider/statemachine/restore.go).
          add('allowed: restore', {
            title: `restore role describes a ${t.type} recovery point in ${v.name}: backup:DescribeRecoveryPoint`,
            principal: restore.session, action: 'backup:DescribeRecoveryPoint', resource: rp, resourceAccount: central,
            identity: [restore.policy], resourcePolicy: v.policy, expected: 'Allowed',
            url: `https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRecoveryPoint.html ${ACCESS_CONTROL_URL}` })
        }
        const mv = memberVault('BackupVault', primary)
        add('allowed: restore', {
          title: `member ${restoreAccess.name} session starts the copy of a member ${t.type} recovery point to M-default`,
          principal: restoreAccess.session, action: 'backup:StartCopyJob', resource: t.arn(primary, MEMBER),
          resourceAccount: MEMBER, identity: [restoreAccess.policy], resourcePolicy: mv.policy, expected: 'Allowed',
          url: ACCESS_CONTROL_URL })
      }
    }
    // backup:DescribeRecoveryPoint is the restore's alone (RestoreStateMachine):
    // the other central roles have no such grant, and the restore's covers
    // the backup account's recovery points only.
    for (const t of recoveryPointTypes) {
      const rp = t.arn(primary, central)
      const v = vaultsOf('standard', primary)[0] ?? iv
      for (const other of [ingest, states].filter(Boolean)) {
        add('denied: least privilege', {
          title: `${other.name} describes a ${t.type} recovery point in ${v?.name}: backup:DescribeRecoveryPoint`,
          principal: other.session, action: 'backup:DescribeRecoveryPoint', resource: rp, resourceAccount: central,
          identity: [other.policy], resourcePolicy: v?.policy, expected: 'Denied',
          url: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRecoveryPoint.html' })
      }
      if (restore) {
        add('denied: least privilege', {
          title: `restore role describes a member ${t.type} recovery point: backup:DescribeRecoveryPoint`,
          principal: restore.session, action: 'backup:DescribeRecoveryPoint', resource: t.arn(primary, MEMBER),
          resourceAccount: MEMBER, identity: [restore.policy], expected: 'Denied',
          url: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRecoveryPoint.html' })
      }
    }
    for (const region of d.regions) {
      if (!centralBackup) break
      for (const v of [...vaultsOf('standard', region), ...vaultsOf('intermediate', region)]) {
        add(v.kind === 'standard' ? 'allowed: ingest' : 'allowed: restore', {
          title: `central backup service role copies into ${v.name} (${region})`, principal: centralBackup.session,
          action: 'backup:CopyIntoBackupVault', resource: v.arn, resourceAccount: central,
          identity: [managedStandIn(centralBackup.name, centralBackup.managed, 'backup:CopyIntoBackupVault')],
          resourcePolicy: v.policy, expected: 'Allowed' })
      }
      for (const v of vaultsOf('lag', region)) {
        add('allowed: ingest', {
          title: `member backup service role copies into the air-gapped ${v.name} (${region})`,
          principal: backupRole.session, action: 'backup:CopyIntoBackupVault', resource: v.arn, resourceAccount: central,
          identity: [managedStandIn(backupRole.name, [], 'backup:CopyIntoBackupVault')], resourcePolicy: v.policy,
          expected: 'Allowed' })
      }
      const mv = memberVault('BackupVault', region)
      add('allowed: restore', {
        title: `central backup service role copies a restore into M-cmk (${region})`, principal: centralBackup.session,
        action: 'backup:CopyIntoBackupVault', resource: mv.arn, resourceAccount: MEMBER,
        identity: [managedStandIn(centralBackup.name, centralBackup.managed, 'backup:CopyIntoBackupVault')],
        resourcePolicy: mv.policy, expected: 'Allowed' })
      const rv = memberVault('RestoreVault', region)
      add('allowed: restore', {
        title: `member ${restoreCopyRole.name} copies into M-default (${region})`, principal: restoreCopyRole.session,
        action: 'backup:CopyIntoBackupVault', resource: rv.arn, resourceAccount: MEMBER,
        identity: [managedStandIn(restoreCopyRole.name, [], 'backup:CopyIntoBackupVault')], resourcePolicy: rv.policy,
        expected: 'Allowed' })
    }
    add('allowed: restore', {
      title: `member ${restoreAccess.name} session passes ${restoreCopyRole.name} to AWS Backup`,
      principal: restoreAccess.session, action: 'iam:PassRole', resource: restoreCopyRole.arn, resourceAccount: MEMBER,
      context: { 'iam:PassedToService': 'backup.amazonaws.com' }, identity: [restoreAccess.policy], expected: 'Allowed' })

    // The central backup service role encrypts restore copies for M-cmk with
    // the deployment key (same account: key policy and identity policy).
    for (const region of d.regions) {
      if (!centralBackup) break
      for (const [action, ctx] of [['kms:GenerateDataKey', {}], ['kms:Decrypt', {}], ['kms:DescribeKey', {}],
        ['kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' }]]) {
        add('allowed: restore', {
          title: `central backup service role uses the deployment key: ${action} (${region})`,
          principal: centralBackup.session, action, resource: `arn:aws:kms:${region}:${central}:key/${keyId(region)}`,
          resourceAccount: central, context: ctx, identity: [managedStandIn(centralBackup.name, centralBackup.managed, action)],
          resourcePolicy: d.keys[region]?.policy, expected: 'Allowed' })
      }
    }

    // Events: member forwarding to the central bus, bus to log group.
    for (const region of d.regions) {
      const rule = `arn:aws:events:${region}:${MEMBER}:rule/${forwarder.name}`
      add('allowed: events', {
        title: `events.amazonaws.com assumes the member event forwarder role for its rule (${region})`,
        principal: service('events.amazonaws.com'), action: 'sts:AssumeRole', resource: forwarder.arn,
        resourceAccount: MEMBER, context: { 'aws:SourceAccount': MEMBER, 'aws:SourceArn': rule },
        resourcePolicy: forwarder.trust, expected: 'Allowed' })
      const bus = d.buses[region]
      if (bus) {
        add('allowed: events', {
          title: `member event forwarder puts events on the central bus (${region})`, principal: forwarder.session,
          action: 'events:PutEvents', resource: bus.arn, resourceAccount: central, identity: [forwarder.policy],
          resourcePolicy: bus.policy, expected: 'Allowed' })
      }
      const logRule = d.rules[`${key}-log-rule-${region}`]
      const logGroup = d.logGroups[region]
      if (logGroup && logRule) {
        const ruleArn = `arn:aws:events:${region}:${central}:rule/${bus?.name}/${logRule.name}`
        // The EventBridge user guide's CloudWatch Logs policy names both
        // service principals.
        for (const [action, principal] of [['logs:CreateLogStream', 'events.amazonaws.com'],
          ['logs:PutLogEvents', 'events.amazonaws.com'], ['logs:CreateLogStream', 'delivery.logs.amazonaws.com'],
          ['logs:PutLogEvents', 'delivery.logs.amazonaws.com']]) {
          add('allowed: events', {
            title: `${principal} delivers bus events to ${logGroup}: ${action} (${region})`,
            principal: service(principal), action,
            resource: `arn:aws:logs:${region}:${central}:log-group:${logGroup}:log-stream:stream`,
            resourceAccount: central, context: { 'aws:SourceAccount': central, 'aws:SourceArn': ruleArn },
            resourcePolicy: example.logPolicies[region], expected: 'Allowed',
            url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-cloudwatchlogs-permissions' })
        }
      }
    }
    for (const [sfn, smKey, label] of [[ingest, `${key}-ingest-${primary}`, 'ingest'], [restore, `${key}-restore-${primary}`, 'restore']]) {
      const sm = d.stateMachines[smKey]
      if (!sfn || !sm) continue
      add(`allowed: ${label}`, {
        title: `states.amazonaws.com assumes ${sfn.name} for ${sm.name}`, principal: service('states.amazonaws.com'),
        action: 'sts:AssumeRole', resource: sfn.arn, resourceAccount: central,
        context: { 'aws:SourceAccount': central, 'aws:SourceArn': sm.arn }, resourcePolicy: sfn.trust, expected: 'Allowed' })
    }

    // A state machine role serves its own state machine only (aws:SourceArn,
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
    for (const sfn of [ingest, restore].filter(Boolean)) {
      add('denied: confused deputy', {
        title: `states.amazonaws.com assumes ${sfn.name} for another state machine of the account`,
        principal: service('states.amazonaws.com'), action: 'sts:AssumeRole', resource: sfn.arn, resourceAccount: central,
        context: { 'aws:SourceAccount': central, 'aws:SourceArn': `arn:aws:states:${primary}:${central}:stateMachine:someone-elses` },
        resourcePolicy: sfn.trust, expected: 'Denied', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html' })
    }

    // The vault manager creates the vaults it was written for (StackSet).
    // Its role has the template's exact name for the stack's region,
    // <member prefix><deployment>-vault-manager-<region>, on its path: the
    // StackSet makes a stack per account and region, and role names are
    // unique in an account (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
    const vm = m.has('VaultManagerRole') && m.shape === 'StackSet' ? memberRole('VaultManagerRole', undefined) : undefined
    if (vm) {
      // Lambda puts the function's ARN in the context of every request its
      // code makes with the execution role:
      // https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html
      const fn = m.resource('VaultManager')?.Properties?.FunctionName ?? `StackSet-${key}-VaultManager-ABC123`
      vm.session.context = { 'lambda:SourceFunctionArn': `arn:aws:lambda:${primary}:${MEMBER}:function:${fn}` }
      // In every region the vault manager of that region's stack uses the
      // key's replica there to create M-cmk (CreateGrant, DescribeKey,
      // GenerateDataKey, Decrypt: https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html).
      for (const region of d.regions) {
        const regional = memberRole('VaultManagerRole', undefined, MEMBER, memberOrg, region)
        for (const action of ['kms:DescribeKey', 'kms:CreateGrant', 'kms:Decrypt', 'kms:GenerateDataKey']) {
          add('allowed: member vaults', {
            title: `vault manager role ${regional.name} uses the deployment key to create M-cmk: ${action} (${region})`,
            principal: regional.session, action, resource: `arn:aws:kms:${region}:${central}:key/${keyId(region)}`,
            resourceAccount: central, context: action === 'kms:CreateGrant' ? { 'kms:GrantIsForAWSResource': 'true' } : {},
            identity: [regional.policy], resourcePolicy: d.keys[region]?.policy, expected: 'Allowed',
            url: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html' })
        }
      }
      // Service-managed StackSets update the stack with the stacksets-exec-*
      // role (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudFormationStackSetsOrgAdminServiceRolePolicy.html).
      for (const action of ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration']) {
        add('allowed: member vaults', {
          title: `the StackSets execution role updates the vault manager: ${action}`,
          principal: session(MEMBER, 'stacksets-exec-0123456789abcdef0123456789abcdef', memberOrg), action,
          resource: vm.session.context['lambda:SourceFunctionArn'], resourceAccount: MEMBER,
          identity: [administratorAccess], expected: 'Allowed' })
      }
      const v = memberVault('BackupVault', primary)
      add('allowed: member vaults', {
        title: 'vault manager creates M-cmk (no vault yet, so no access policy)', principal: vm.session,
        action: 'backup:CreateBackupVault', resource: v.arn, resourceAccount: MEMBER, identity: [vm.policy], expected: 'Allowed' })
    }

    // ----------------------------------------------------------------- denied
    const attackers = [
      ['other deployment', OTHER_DEPLOYMENT_MEMBER, otherOrg],
      ['outside the organization', OUTSIDER, outsideOrg],
    ]
    for (const [who, account, orgCtx] of attackers) {
      // The attacker names its role like the member role the policy expects.
      const impostor = (name) => session(account, name, orgCtx)
      for (const region of d.regions) {
        for (const v of [...vaultsOf('intermediate', region), ...vaultsOf('standard', region), ...vaultsOf('lag', region)]) {
          add('denied: foreign principal', {
            title: `${who}: ${backupRole.name} copies into ${v.name} (${region})`, principal: impostor(backupRole.name),
            action: 'backup:CopyIntoBackupVault', resource: v.arn, resourceAccount: central,
            identity: [administratorAccess], resourcePolicy: v.policy, expected: 'Denied' })
        }
        const k = d.keys[region]
        for (const action of ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:CreateGrant', 'kms:DescribeKey']) {
          add('denied: foreign principal', {
            title: `${who}: ${backupRole.name} uses the deployment key: ${action} (${region})`,
            principal: impostor(backupRole.name), action, resource: `arn:aws:kms:${region}:${central}:key/${keyId(region)}`,
            resourceAccount: central, context: action === 'kms:CreateGrant' ? { 'kms:GrantIsForAWSResource': 'true' } : {},
            identity: [administratorAccess], resourcePolicy: k?.policy, expected: 'Denied' })
        }
        const bus = d.buses[region]
        if (bus) {
          add('denied: foreign principal', {
            title: `${who}: ${forwarder.name} puts events on the central bus (${region})`,
            principal: impostor(forwarder.name), action: 'events:PutEvents', resource: bus.arn, resourceAccount: central,
            identity: [administratorAccess], resourcePolicy: bus.policy, expected: 'Denied' })
        }
      }
      for (const target of [centralAccess, restoreAccess, backupRole, forwarder].filter(firstOfName)) {
        add('denied: foreign principal', {
          title: `${who}: a role assumes the member ${target.name}`, principal: impostor('Admin'),
          action: 'sts:AssumeRole', resource: target.arn, resourceAccount: MEMBER, identity: [administratorAccess],
          resourcePolicy: target.trust, expected: 'Denied' })
      }
      for (const r of [states, centralBackup, ingest, restore].filter(Boolean)) {
        add('denied: foreign principal', {
          title: `${who}: a role assumes the central ${r.name}`, principal: impostor('Admin'), action: 'sts:AssumeRole',
          resource: r.arn, resourceAccount: central, identity: [administratorAccess], resourcePolicy: r.trust,
          expected: 'Denied' })
      }
    }

    // Another deployment's central automation must not reach this
    // deployment's member roles.
    if (other) {
      const o = example.deployments[other]
      for (const suffix of ['ingest-sfn', 'restore-sfn']) {
        const r = o.roles[`${other}-role-${suffix}`]
        if (!r) continue
        for (const target of [centralAccess, restoreAccess].filter(firstOfName)) {
          add('denied: foreign principal', {
            title: `other deployment's ${r.name} assumes this deployment's member ${target.name}`,
            principal: session(central, r.name, centralOrg), action: 'sts:AssumeRole', resource: target.arn,
            resourceAccount: MEMBER, context: memberResource, identity: [r.policy], resourcePolicy: target.trust,
            expected: 'Denied' })
        }
      }
    }

    // The member event forwarder role serves the member's own forwarding
    // rule only, and the central bus takes events from that role only.
    add('denied: confused deputy', {
      title: 'events.amazonaws.com assumes the member event forwarder role for another rule of the account',
      principal: service('events.amazonaws.com'), action: 'sts:AssumeRole', resource: forwarder.arn, resourceAccount: MEMBER,
      context: { 'aws:SourceAccount': MEMBER, 'aws:SourceArn': `arn:aws:events:${primary}:${MEMBER}:rule/someone-elses` },
      resourcePolicy: forwarder.trust, expected: 'Denied', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html' })
    if (d.buses[primary]) {
      add('denied: member developer', {
        title: 'developer (PowerUserAccess) puts events on the central bus', principal: developer, action: 'events:PutEvents',
        resource: d.buses[primary].arn, resourceAccount: central, identity: [powerUserAccess],
        resourcePolicy: d.buses[primary].policy, expected: 'Denied' })
    }

    // Least privilege (issue 9, 2d): the restore flow's member role cannot
    // shorten or delete, and the restore state machine cannot take the
    // ingest's member role.
    add('denied: least privilege', {
      title: 'the restore state machine uses a member role of its own, not the ingest\'s',
      check: () => (restoreAccess.name === centralAccess.name
        ? { actual: 'Allowed', detail: `both use ${centralAccess.name}` } : { actual: 'Denied', detail: 'distinct roles' }),
      expected: 'Denied' })
    if (restoreAccess.trust) {
      for (const t of recoveryPointTypes) {
        for (const action of DESTRUCTIVE) {
          add('denied: least privilege', {
            title: `member ${restoreAccess.name} session ${action} on a member ${t.type} recovery point`,
            principal: restoreAccess.session, action, resource: t.arn(primary, MEMBER), resourceAccount: MEMBER,
            identity: [restoreAccess.policy], resourcePolicy: memberVault('BackupVault', primary).policy, expected: 'Denied' })
        }
      }
      if (restore && restoreAccess.name !== centralAccess.name) {
        add('denied: least privilege', {
          title: `central restore state machine role assumes the ingest's member ${centralAccess.name}`,
          principal: restore.session, action: 'sts:AssumeRole', resource: centralAccess.arn, resourceAccount: MEMBER,
          context: memberResource, identity: [restore.policy], resourcePolicy: centralAccess.trust, expected: 'Denied' })
      }
    }

    // The deployment key serves AWS Backup's roles, not the member's people.
    for (const [action, ctx] of [['kms:Decrypt', {}], ['kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' }]]) {
      add('denied: member developer', {
        title: `developer (PowerUserAccess) uses the deployment key: ${action}`, principal: developer, action,
        resource: `arn:aws:kms:${primary}:${central}:key/${keyId(primary)}`, resourceAccount: central, context: ctx,
        identity: [powerUserAccess], resourcePolicy: d.keys[primary]?.policy, expected: 'Denied' })
    }

    // A member developer with PowerUserAccess, not in adminRoleNames.
    for (const id of ['BackupVault', 'RestoreVault']) {
      const v = memberVault(id, primary)
      for (const action of VAULT_CHANGES) {
        add('denied: member developer', {
          title: `developer (PowerUserAccess) ${action} on ${v.name}`, principal: developer, action, resource: v.arn,
          resourceAccount: MEMBER, identity: [powerUserAccess], resourcePolicy: v.policy, expected: 'Denied', url: POWER_USER_URL })
      }
    }
    for (const t of recoveryPointTypes) {
      const v = memberVault('BackupVault', primary)
      for (const action of DESTRUCTIVE) {
        add('denied: member developer', {
          why: action === 'backup:DisassociateRecoveryPoint' ? 'DisassociateRecoveryPoint "deletes the specified continuous ' +
            'backup recovery point from AWS Backup" (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DisassociateRecoveryPoint.html); ' +
            'the member vault policies deny DeleteRecoveryPoint but not this action.' : undefined,
          title: `developer (PowerUserAccess) ${action} on a member ${t.type} recovery point`, principal: developer,
          action, resource: t.arn(primary, MEMBER), resourceAccount: MEMBER, identity: [powerUserAccess],
          resourcePolicy: v.policy, expected: 'Denied', url: ACCESS_CONTROL_URL })
      }
    }
    for (const target of [centralAccess, restoreAccess, backupRole, restoreCopyRole, forwarder].filter(firstOfName)) {
      add('denied: member developer', {
        title: `developer (PowerUserAccess) assumes ${target.name}`, principal: developer, action: 'sts:AssumeRole',
        resource: target.arn, resourceAccount: MEMBER, identity: [powerUserAccess], resourcePolicy: target.trust,
        expected: 'Denied' })
      add('denied: member developer', {
        title: `developer (PowerUserAccess) passes ${target.name} to a service it controls`, principal: developer,
        action: 'iam:PassRole', resource: target.arn, resourceAccount: MEMBER, identity: [powerUserAccess],
        expected: 'Denied', url: POWER_USER_URL })
    }
    if (vm) {
      add('denied: member developer', {
        title: 'developer (PowerUserAccess) passes the vault manager role to a function of its own', principal: developer,
        action: 'iam:PassRole', resource: vm.arn, resourceAccount: MEMBER, identity: [powerUserAccess],
        expected: 'Denied', url: POWER_USER_URL })
      // PowerUserAccess allows lambda:InvokeFunction, UpdateFunctionCode and
      // UpdateFunctionConfiguration on the vault manager (it denies only
      // iam, organizations and account actions). Whatever the developer makes
      // the function do then runs as the vault manager role, so that role
      // must not be able to lift the protection of existing vaults.
      // Two links: the developer takes over the function (its code or its
      // configuration: the policies it writes come from environment
      // variables), then the function's role acts on an existing vault. The
      // attack succeeds when one takeover and the action are both allowed.
      // Crafted ResourceProperties are the not-expressible row: code.
      const fnArn = vm.session.context['lambda:SourceFunctionArn']
      const takeover = ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration'].map((action) => ({
        title: `developer ${action} on the vault manager`, principal: developer, action, resource: fnArn,
        resourceAccount: MEMBER, identity: [powerUserAccess] }))
      const why = 'PowerUserAccess allows lambda:UpdateFunctionCode and lambda:UpdateFunctionConfiguration on the vault ' +
        'manager (it denies only iam, organizations and account actions). Replaced code runs as the vault manager role, and ' +
        'Lambda sets lambda:SourceFunctionArn for every request from the function\'s execution environment whatever its code ' +
        '(https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html), so that condition does not ' +
        'stop it. Either the takeover is denied, or the role holds no right that changes an existing vault (a vault with no ' +
        'policy yet, at creation, is not concerned: the policy the function writes then need not exempt the function, ' +
        'and admins or the StackSet execution role, not the function, change an existing policy).'
      const chain = (title, action, resource, policy) => add('denied: member developer', {
        why, title: `developer takes over the vault manager, whose role then ${title}`,
        chain: [takeover, [{ title: `vault manager role ${action}`, principal: vm.session, action, resource,
          resourceAccount: MEMBER, identity: [vm.policy], resourcePolicy: policy }]],
        expected: 'Denied', url: POWER_USER_URL })
      for (const id of ['BackupVault', 'RestoreVault']) {
        const v = memberVault(id, primary)
        for (const action of VAULT_CHANGES) chain(`${action} on the existing ${v.name}`, action, v.arn, v.policy)
      }
      for (const t of recoveryPointTypes) {
        const v = memberVault('BackupVault', primary)
        for (const action of DESTRUCTIVE) {
          chain(`${action} on a member ${t.type} recovery point`, action, t.arn(primary, MEMBER), v.policy)
        }
      }
    }

    // The deployment's adminRoleNames administer the member vaults: a role
    // by its path and name, or every role of an IAM Identity Center
    // permission set, with the region in its path and without (ARNs as
    // https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
    // shows them). A role that only looks like one is refused: the same
    // name outside /aws-reserved/, another permission set, and a role
    // whose path continues an admin role's name (ArnLike's '*' and '?'
    // would match its '/').
    const adminSessions = []
    for (const admin of d.adminRoleNames) {
      const sso = admin.match(/^aws-reserved\/sso\.amazonaws\.com\/AWSReservedSSO_(.+)_\*$/)
      if (!sso) {
        const slash = admin.lastIndexOf('/')
        adminSessions.push([admin, session(MEMBER, admin.slice(slash + 1), memberOrg, `/${admin.slice(0, slash + 1)}`)])
        const impostor = session(MEMBER, 'Evil', memberOrg, `/${admin}x/`)
        adminImpostors.push([`role Evil under the path /${admin}x/`, impostor])
        continue
      }
      const name = `AWSReservedSSO_${sso[1]}_1234567890abcdef`
      for (const path of [`/aws-reserved/sso.amazonaws.com/${primary}/`, '/aws-reserved/sso.amazonaws.com/']) {
        adminSessions.push([`${path}${name}`, session(MEMBER, name, memberOrg, path)])
      }
      adminImpostors.push([`${name} outside /aws-reserved/`, session(MEMBER, name, memberOrg, '/ops/')],
        ['another permission set\'s role', session(MEMBER, 'AWSReservedSSO_ReadOnly_1234567890abcdef', memberOrg, `/aws-reserved/sso.amazonaws.com/${primary}/`)])
    }
    for (const [who, principal] of adminImpostors) {
      for (const id of ['BackupVault', 'RestoreVault']) {
        const v = memberVault(id, primary)
        add('denied: member developer', {
          title: `${who} (AdministratorAccess) changes the access policy of ${v.name}`, principal,
          action: 'backup:PutBackupVaultAccessPolicy', resource: v.arn, resourceAccount: MEMBER,
          identity: [administratorAccess], resourcePolicy: v.policy, expected: 'Denied' })
      }
    }
    for (const [admin, principal] of adminSessions) {
      for (const id of ['BackupVault', 'RestoreVault']) {
        const v = memberVault(id, primary)
        add('allowed: member vaults', {
          title: `admin role ${admin} changes the access policy of ${v.name}`, principal, action: 'backup:PutBackupVaultAccessPolicy',
          resource: v.arn, resourceAccount: MEMBER, identity: [administratorAccess], resourcePolicy: v.policy, expected: 'Allowed' })
      }
      add('allowed: member vaults', {
        title: `admin role ${admin} changes the lifecycle of a member recovery point`, principal,
        action: 'backup:UpdateRecoveryPointLifecycle', resource: recoveryPointTypes.at(-1).arn(primary, MEMBER),
        resourceAccount: MEMBER, identity: [administratorAccess], resourcePolicy: memberVault('BackupVault', primary).policy,
        expected: 'Allowed' })
    }

    // Any member principal against central copies and central vault policies.
    const memberPrincipals = [
      [`member ${memberAdmin.roleArn.split('/').pop()} (AdministratorAccess)`, memberAdmin, [administratorAccess]],
      ['member central-access session', centralAccess.session, [centralAccess.policy]],
      ['member backup service role', backupRole.session, [managedStandIn(backupRole.name, [], 'backup:*')]],
    ]
    for (const [who, principal, identity] of memberPrincipals) {
      for (const v of [...vaultsOf('standard', primary), ...vaultsOf('lag', primary), ...vaultsOf('intermediate', primary)]) {
        for (const action of VAULT_CHANGES) {
          add('denied: member on central', {
            title: `${who}: ${action} on ${v.name}`, principal, action, resource: v.arn, resourceAccount: central,
            identity, resourcePolicy: v.policy, expected: 'Denied' })
        }
        for (const t of recoveryPointTypes) {
          for (const action of DESTRUCTIVE) {
            add('denied: member on central', {
              title: `${who}: ${action} on a ${t.type} copy in ${v.name}`, principal, action,
              resource: t.arn(primary, central), resourceAccount: central, identity, resourcePolicy: v.policy,
              expected: 'Denied', url: ACCESS_CONTROL_URL })
          }
        }
      }
    }

    // The deployment key names the roles that use it (issue 22): creating a
    // vault with a customer managed key takes kms:CreateGrant and
    // kms:DescribeKey among others
    // (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html),
    // so the roles that create the member vaults may; with member stacks
    // those are the admin roles.
    const keyArn = `arn:aws:kms:${primary}:${central}:key/${keyId(primary)}`
    const keyPolicy = d.keys[primary]?.policy
    const grantContext = (action) => (action === 'kms:CreateGrant' ? { 'kms:GrantIsForAWSResource': 'true' } : {})
    for (const [admin, principal] of adminSessions) {
      for (const action of ['kms:DescribeKey', 'kms:CreateGrant']) {
        add('allowed: member vaults', {
          title: `admin role ${admin} uses the deployment key to create a member vault: ${action}`, principal, action,
          resource: keyArn, resourceAccount: central, context: grantContext(action), identity: [administratorAccess],
          resourcePolicy: keyPolicy, expected: 'Allowed', url: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html' })
      }
    }
    // A member administrator who makes a role on the vault manager's path is
    // not the vault manager: with member stacks there is none, and with a
    // StackSet the key names the vault manager's roles exactly
    // (<member prefix><deployment>-vault-manager-<region>), not the path
    // (issue 22). The key does not rely on the guard SCP, which keeps member
    // principals from creating roles there (rows of scenarios-guardrails.mjs)
    // but is another component's: these principals carry the SCPs of the
    // deployment's targets, and the SCPs deny them nothing here. Nor does the
    // vault manager's name help off its path or for a region the deployment
    // does not have.
    const vmPath = `/${d.memberName}-vault-manager/`
    const unlisted = ['eu-central-2', 'ap-southeast-7'].find((r) => !d.regions.includes(r))
    const pretenders = [[`role Impostor on the path ${vmPath}`, session(MEMBER, 'Impostor', memberOrg, vmPath)]]
    if (m.shape === 'StackSet') {
      pretenders.push(
        [`role ${d.memberName}-vault-manager-${primary} off the path ${vmPath}`,
          session(MEMBER, `${d.memberName}-vault-manager-${primary}`, memberOrg)],
        [`role ${d.memberName}-vault-manager-${unlisted} (a region the deployment does not have) on the path ${vmPath}`,
          session(MEMBER, `${d.memberName}-vault-manager-${unlisted}`, memberOrg, vmPath)])
    }
    for (const [who, principal] of pretenders) {
      for (const action of ['kms:DescribeKey', 'kms:CreateGrant', 'kms:Decrypt', 'kms:GenerateDataKey']) {
        add('denied: member developer', {
          title: `${who} (AdministratorAccess) uses the deployment key: ${action}`,
          principal, action, resource: keyArn, resourceAccount: central, context: grantContext(action),
          identity: [administratorAccess], resourcePolicy: keyPolicy, expected: 'Denied' })
      }
    }
    // Nobody in the member accounts lists the key's grants or reads its
    // policy (https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html,
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html:
    // both take their permission from the key policy), nor describes the key
    // unless it uses it.
    const keyReaders = [
      ['developer (AdministratorAccess)', developer, [administratorAccess], ['kms:ListGrants', 'kms:GetKeyPolicy', 'kms:DescribeKey', 'kms:ListKeyPolicies']],
      ['member backup service role', backupRole.session, [managedStandIn(backupRole.name, [], 'kms:*')], ['kms:ListGrants', 'kms:GetKeyPolicy']],
      ...adminSessions.slice(0, 1).map(([admin, principal]) => [`admin role ${admin}`, principal, [administratorAccess], ['kms:ListGrants', 'kms:GetKeyPolicy']]),
    ]
    for (const [who, principal, identity, actions] of keyReaders) {
      for (const action of actions) {
        add('denied: member developer', {
          title: `${who} reads the deployment key: ${action}`, principal, action, resource: keyArn, resourceAccount: central,
          identity, resourcePolicy: keyPolicy, expected: 'Denied' })
      }
    }

    // The deployment's own automation against locked and air-gapped copies.
    const automation = [ingest, states, restore].filter(Boolean).map((r) => [r, [r.policy]])
    if (centralBackup) {
      automation.push([centralBackup, [managedStandIn(centralBackup.name, centralBackup.managed, DESTRUCTIVE)]])
    }
    for (const [r, identity] of automation) {
      for (const v of [...vaultsOf('standard', primary), ...vaultsOf('lag', primary)]) {
        for (const t of recoveryPointTypes) {
          for (const action of DESTRUCTIVE) {
            add('denied: own automation on locked copies', {
              why: r === centralBackup ? 'The identity side stands for AWS managed policies that AWS edits over time, ' +
                'so the locked and air-gapped vault policies must deny this role themselves, as they deny the state machine roles.' : undefined,
              title: `${r.name}: ${action} on a ${t.type} copy in ${v.name}`, principal: r.session, action,
              resource: t.arn(primary, central), resourceAccount: central, identity, resourcePolicy: v.policy,
              expected: 'Denied', url: ACCESS_CONTROL_URL })
          }
        }
      }
    }
  }
  return out
}
