// Rows of the security review after issue 9: who may tag member recovery
// points (the ingest reads its retention from their tags), the narrowed
// vault policy exemptions, and the EventBridge log delivery without
// undocumented condition keys.
import { recoveryPointTypes, ACCESS_CONTROL_URL } from './recovery-points.mjs'
import { administratorAccess, managedStandIn, powerUserAccess, POWER_USER_URL } from './identities.mjs'
import { MEMBER } from './scenarios.mjs'
import { session, orgPaths } from './principals.mjs'

const TAG_RESOURCE_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_TagResource.html'
const TAGS_ON_BACKUPS_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/tags-on-backups.html'
const LOGS_URL = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-cloudwatchlogs-permissions'
const CROSS_ACCOUNT_TARGETS_URL = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html'
const TAG_ACTIONS = ['backup:TagResource', 'backup:UntagResource']

// planRetentions are the retention tag values a deployment's plans write on
// recovery points (the reference module's BackupLocalRetentionDays and
// BackupIntermediateRetentionDays tags), positive ones only: the values the
// ingest may apply.
function planRetentions(config) {
  const member = new Set()
  const intermediate = new Set()
  for (const plan of Object.values(config.plans ?? {})) {
    for (const rule of plan.rules ?? []) {
      const local = rule.localRetentionDays ?? plan.localRetentionDays ?? rule.deleteAfterDays ?? -1
      const inter = rule.intermediateRetentionDays ?? plan.intermediateRetentionDays ?? 7
      if (local > 0) member.add(String(local))
      if (inter > 0) intermediate.add(String(inter))
    }
  }
  return { member, intermediate }
}

export function reviewScenariosFor(example) {
  const out = []
  const { context } = example
  const org = context.organizationId
  const central = context.accountId
  for (const [key, d] of Object.entries(example.deployments)) {
    const add = (group, sc) => out.push({ example: example.name, shape: example.shape, deployment: key, group, ...sc })
    const m = d.member
    const n = m.names
    const primary = d.regions[0]
    const keyId = `mrk-${key}-${primary}`
    const memberOrg = { orgId: org, orgPaths: orgPaths(org, d.targets[0]), scps: d.scps, scpTarget: d.targets[0] }
    const vault = (id) => {
      const name = m.vaultName(id, id === 'BackupVault' ? n.backupVault : n.restoreVault)
      return { name, arn: `arn:aws:backup:${primary}:${MEMBER}:backup-vault:${name}`, policy: m.vaultPolicy(id, MEMBER, primary, keyId) }
    }
    const backupVault = vault('BackupVault')
    const role = (id, name, path = '/') => ({ name, session: session(MEMBER, name, memberOrg, path),
      policy: m.policy(id, MEMBER, primary, keyId) })
    const developer = session(MEMBER, 'Developer', memberOrg)
    const centralAccess = role('CentralAccessRole', m.roleName('CentralAccessRole', n.centralAccessRole))
    const backupRole = role('BackupServiceRole', m.roleName('BackupServiceRole', n.backupServiceRole))
    const fullyManaged = recoveryPointTypes.find((t) => t.type === 'EFS/S3/other')

    // ------------------------------------------- retention tags of member points
    // A developer who could tag a member recovery point would choose how long
    // the ingest keeps it (BackupLocalRetentionDays=1).
    for (const t of recoveryPointTypes) {
      for (const action of TAG_ACTIONS) {
        add('denied: developer tags then ingest', {
          title: `developer (PowerUserAccess) ${action} on a member ${t.type} recovery point`, principal: developer,
          action, resource: t.arn(primary, MEMBER), resourceAccount: MEMBER, identity: [powerUserAccess],
          resourcePolicy: backupVault.policy, expected: 'Denied', url: TAG_RESOURCE_URL })
      }
    }
    for (const id of ['BackupVault', 'RestoreVault']) {
      const v = vault(id)
      add('denied: developer tags then ingest', {
        title: `developer (PowerUserAccess) backup:TagResource on ${v.name}`, principal: developer,
        action: 'backup:TagResource', resource: v.arn, resourceAccount: MEMBER, identity: [powerUserAccess],
        resourcePolicy: v.policy, expected: 'Denied', url: POWER_USER_URL })
    }
    // Two links: the developer writes the tag, then the ingest's member role
    // shortens the point. The attack needs both.
    add('denied: developer tags then ingest', {
      title: 'developer tags a member recovery point BackupLocalRetentionDays=1, then the ingest shortens it',
      why: 'The ingest reads the retention it applies from the source recovery point\'s tags.',
      chain: [[{ title: 'developer backup:TagResource', principal: developer, action: 'backup:TagResource',
        resource: fullyManaged.arn(primary, MEMBER), resourceAccount: MEMBER, identity: [powerUserAccess],
        resourcePolicy: backupVault.policy }],
      [{ title: `${centralAccess.name} backup:UpdateRecoveryPointLifecycle`, principal: centralAccess.session,
        action: 'backup:UpdateRecoveryPointLifecycle', resource: fullyManaged.arn(primary, MEMBER), resourceAccount: MEMBER,
        identity: [centralAccess.policy], resourcePolicy: backupVault.policy }]],
      expected: 'Denied', url: TAG_RESOURCE_URL })
    // And should a tag get written anyway, the ingest applies no value its
    // plans do not write (the rendered definition against the config).
    const sm = d.stateMachines[`${key}-ingest-${primary}`]
    if (sm) {
      const accepted = sm.vars.acceptedRetentionDays
      const written = planRetentions(d.config)
      add('denied: developer tags then ingest', {
        title: 'the ingest accepts only the retention tag values the deployment\'s plans write',
        check: () => {
          if (!accepted) return { actual: 'Allowed', detail: 'no acceptedRetentionDays in the ingest definition' }
          const extra = [...(accepted.member ?? []).filter((v) => !written.member.has(v)),
            ...(accepted.intermediate ?? []).filter((v) => !written.intermediate.has(v))]
          return extra.length ? { actual: 'Allowed', detail: `also accepts ${extra.join(', ')}` }
            : { actual: 'Denied', detail: `member ${accepted.member}, intermediate ${accepted.intermediate}` }
        },
        expected: 'Denied' })
    }

    // Those who tag member recovery points legitimately: AWS Backup copies
    // tags onto recovery points in the jobs it runs with the member backup
    // service role, and falls back to its service-linked role; admins.
    const slr = session(MEMBER, 'AWSServiceRoleForBackup', memberOrg, '/aws-service-role/backup.amazonaws.com/')
    for (const [who, principal, identity] of [
      [backupRole.name, backupRole.session, [managedStandIn(backupRole.name, [], TAG_ACTIONS)]],
      ['AWS Backup\'s service-linked role', slr, [managedStandIn('AWSServiceRoleForBackup', [], TAG_ACTIONS)]],
      ...d.adminRoleNames.map((a) => [`admin role ${a}`, session(MEMBER, a, memberOrg), [administratorAccess]]),
    ]) {
      for (const t of [fullyManaged, recoveryPointTypes[0]]) {
        add('allowed: recovery point tags', {
          title: `${who} backup:TagResource on a member ${t.type} recovery point`, principal, action: 'backup:TagResource',
          resource: t.arn(primary, MEMBER), resourceAccount: MEMBER, identity, resourcePolicy: backupVault.policy,
          expected: 'Allowed', url: TAGS_ON_BACKUPS_URL })
      }
    }

    // ------------------------------------------------ narrowed exemptions
    // The ingest's member role may shorten lifecycles and nothing else the
    // vault protects, even were its own policy widened.
    for (const action of ['backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVault', 'backup:DeleteRecoveryPoint',
      'backup:TagResource']) {
      add('denied: narrowed exemptions', {
        title: `${centralAccess.name} with AdministratorAccess: ${action} on ${backupVault.name}`,
        principal: centralAccess.session, action,
        resource: action.includes('RecoveryPoint') || action === 'backup:TagResource' ? fullyManaged.arn(primary, MEMBER) : backupVault.arn,
        resourceAccount: MEMBER, identity: [administratorAccess], resourcePolicy: backupVault.policy, expected: 'Denied',
        url: ACCESS_CONTROL_URL })
    }
    add('allowed: narrowed exemptions', {
      title: `${centralAccess.name} with AdministratorAccess: backup:UpdateRecoveryPointLifecycle on a member recovery point`,
      principal: centralAccess.session, action: 'backup:UpdateRecoveryPointLifecycle', resource: fullyManaged.arn(primary, MEMBER),
      resourceAccount: MEMBER, identity: [administratorAccess], resourcePolicy: backupVault.policy, expected: 'Allowed' })
    // A role under the vault manager's path is nobody special: with member
    // stacks there is no vault manager, and with a StackSet the vault policy
    // exempts the vault manager's role by its exact name (issue 22).
    const underPath = session(MEMBER, 'anything', memberOrg, n.vaultManagerPath)
    const shapeNote = m.shape === 'StackSet' ? 'not the vault manager role' : 'no vault manager in this shape'
    for (const action of ['backup:PutBackupVaultAccessPolicy', 'backup:TagResource']) {
      add('denied: narrowed exemptions', {
        title: `a role under ${n.vaultManagerPath} (${shapeNote}) with AdministratorAccess: ${action} on ${backupVault.name}`,
        principal: underPath, action, resource: backupVault.arn, resourceAccount: MEMBER, identity: [administratorAccess],
        resourcePolicy: backupVault.policy, expected: 'Denied' })
    }
    if (m.shape === 'StackSet' && m.has('VaultManagerRole')) {
      const vm = { ...session(MEMBER, m.roleName('VaultManagerRole', undefined, MEMBER, primary), memberOrg, n.vaultManagerPath),
        context: {} }
      const fn = m.resource('VaultManager')?.Properties?.FunctionName
      vm.context['lambda:SourceFunctionArn'] = `arn:aws:lambda:${primary}:${MEMBER}:function:${fn}`
      const vmPolicy = m.policy('VaultManagerRole', MEMBER, primary, keyId)
      add('allowed: recovery point tags', {
        title: 'vault manager tags the existing M-cmk', principal: vm, action: 'backup:TagResource', resource: backupVault.arn,
        resourceAccount: MEMBER, identity: [vmPolicy], resourcePolicy: backupVault.policy, expected: 'Allowed' })
      add('allowed: recovery point tags', {
        title: 'vault manager reads the tags of M-cmk (it diffs against them)', principal: vm, action: 'backup:ListTags',
        resource: backupVault.arn, resourceAccount: MEMBER, identity: [vmPolicy], resourcePolicy: backupVault.policy,
        expected: 'Allowed' })
      for (const t of [fullyManaged, recoveryPointTypes[0]]) {
        add('denied: developer tags then ingest', {
          title: `vault manager role backup:TagResource on a member ${t.type} recovery point`, principal: vm,
          action: 'backup:TagResource', resource: t.arn(primary, MEMBER), resourceAccount: MEMBER, identity: [vmPolicy],
          resourcePolicy: backupVault.policy, expected: 'Denied', url: TAG_RESOURCE_URL })
      }
    }

    // ------------------------------------------------ bus events to the log group
    // The EventBridge user guide's policy names no condition key; deliveries
    // that carry none are allowed.
    const logGroup = d.logGroups[primary]
    if (logGroup && example.logPolicies[primary]) {
      for (const principal of ['events.amazonaws.com', 'delivery.logs.amazonaws.com']) {
        for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
          add('allowed: events', {
            title: `${principal} delivers bus events to ${logGroup} without source keys: ${action}`,
            principal: { arn: principal, service: true }, action,
            resource: `arn:aws:logs:${primary}:${central}:log-group:${logGroup}:log-stream:stream`, resourceAccount: central,
            resourcePolicy: example.logPolicies[primary], expected: 'Allowed', url: LOGS_URL })
        }
      }
      add('denied: confused deputy', {
        title: `events.amazonaws.com writes to a log group of the account outside the component's prefix`,
        principal: { arn: 'events.amazonaws.com', service: true }, action: 'logs:PutLogEvents',
        resource: `arn:aws:logs:${primary}:${central}:log-group:/aws/events/someone-elses:log-stream:stream`,
        resourceAccount: central, resourcePolicy: example.logPolicies[primary], expected: 'Denied', url: LOGS_URL })
    }
  }
  if (Object.values(example.deployments).some((d) => d.logGroups[d.regions[0]])) {
    const detail = 'The log groups\' policy has no source condition (AWS documents none for these deliveries). ' +
      'EventBridge delivers across accounts only to event buses, API Gateway, Kinesis Data Streams, Lambda, SNS and SQS, ' +
      'not to CloudWatch Logs, so no such request exists to simulate.'
    out.push({ example: example.name, shape: example.shape, deployment: '-', group: 'not expressible', expected: '-',
      title: 'a rule of another account delivers to the component\'s log groups',
      check: () => ({ actual: 'not expressible', detail }), url: CROSS_ACCOUNT_TARGETS_URL })
  }
  return out
}
