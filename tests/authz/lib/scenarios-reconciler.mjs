// The reconciler's scenarios (issue 13): its state machine role may list
// copy jobs and the intermediate vault, start the copy of an intermediate
// recovery point with the central backup service role passed to AWS
// Backup, and publish to the alert topic; it may not delete or shorten a
// recovery point anywhere, copy a member account's recovery point, pass the
// role to another service, publish elsewhere, or use the deployment key but
// through SNS. Only Step Functions, for the reconciler state machines, and
// EventBridge, for their schedule rules, assume its roles.
import { recoveryPointTypes, ACCESS_CONTROL_URL } from './recovery-points.mjs'
import { administratorAccess } from './identities.mjs'

const OUTSIDER = '444444444444'
const CONFUSED_DEPUTY_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html'
// Publishers to a topic encrypted with a customer managed key need
// kms:GenerateDataKey* and kms:Decrypt on it.
const SNS_SSE_URL = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html'
const VIA_SERVICE_URL = 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service'

// What removes a recovery point, shortens it, or changes a vault's protection.
const DESTRUCTIVE = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DisassociateRecoveryPoint']
const VAULT_CHANGES = ['backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy', 'backup:DeleteBackupVault',
  'backup:PutBackupVaultLockConfiguration', 'backup:DeleteBackupVaultLockConfiguration']

const session = (account, name, org) => ({
  arn: `arn:aws:sts::${account}:assumed-role/${name}/session`,
  roleArn: `arn:aws:iam::${account}:role/${name}`,
  account,
  ...org,
})
const service = (name) => ({ arn: name, service: true })

export function reconcilerScenariosFor(example) {
  const { context } = example
  const central = context.accountId
  const org = context.organizationId
  const centralOrg = { orgId: org, orgPaths: [`${org}/r-ab12/`] }
  const out = []
  for (const [key, d] of Object.entries(example.deployments)) {
    const add = (group, sc) => out.push({ example: example.name, shape: example.shape, deployment: key, group, ...sc })
    const role = (suffix) => {
      const r = d.roles[`${key}-role-${suffix}`]
      return r && { ...r, session: session(central, r.name, centralOrg) }
    }
    const sfn = role('reconcile-sfn')
    const scheduler = role('reconcile-scheduler')
    const centralBackup = role('backup-service')
    const ingest = d.stateMachines[`${key}-ingest-${d.regions[0]}`]
    if (!sfn || !scheduler) {
      add('allowed: reconciler', { title: `the reconciler roles of ${key} are rendered`,
        check: () => ({ actual: 'Error', detail: 'reconcile-sfn or reconcile-scheduler role missing' }), expected: 'Allowed' })
      continue
    }
    const vaultsOf = (kind, region) => d.vaults.filter((v) => v.kind === kind && v.region === region)

    for (const region of d.regions) {
      const machine = d.stateMachines[`${key}-reconcile-${region}`]
      const rule = d.rules[`${key}-reconcile-rule-${region}`]
      if (!machine || !rule) {
        add('allowed: reconciler', { title: `the reconciler of ${key} in ${region} is rendered`,
          check: () => ({ actual: 'Error', detail: 'reconcile state machine or rule missing' }), expected: 'Allowed' })
        continue
      }
      // A scheduled rule lives on the default bus: its ARN names no bus.
      const ruleArn = `arn:aws:events:${region}:${central}:rule/${rule.name}`
      const iv = vaultsOf('intermediate', region)[0]
      const topic = machine.vars.alertTopicArn
      const kmsKey = d.keys[region]

      // ---------------------------------------------------------- allowed
      add('allowed: reconciler', {
        title: `events.amazonaws.com assumes ${scheduler.name} for the schedule rule (${region})`,
        principal: service('events.amazonaws.com'), action: 'sts:AssumeRole', resource: scheduler.arn,
        resourceAccount: central, context: { 'aws:SourceAccount': central, 'aws:SourceArn': ruleArn },
        resourcePolicy: scheduler.trust, expected: 'Allowed' })
      add('allowed: reconciler', {
        title: `${scheduler.name} starts ${machine.name} (${region})`, principal: scheduler.session,
        action: 'states:StartExecution', resource: machine.arn, resourceAccount: central, identity: [scheduler.policy],
        expected: 'Allowed' })
      add('allowed: reconciler', {
        title: `states.amazonaws.com assumes ${sfn.name} for ${machine.name} (${region})`,
        principal: service('states.amazonaws.com'), action: 'sts:AssumeRole', resource: sfn.arn, resourceAccount: central,
        context: { 'aws:SourceAccount': central, 'aws:SourceArn': machine.arn }, resourcePolicy: sfn.trust,
        expected: 'Allowed' })
      add('allowed: reconciler', {
        title: `${sfn.name} lists copy jobs (${region})`, principal: sfn.session, action: 'backup:ListCopyJobs',
        resource: '*', resourceAccount: central, identity: [sfn.policy], expected: 'Allowed',
        url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html' })
      if (iv) {
        add('allowed: reconciler', {
          title: `${sfn.name} lists the recovery points of ${iv.name} (${region})`, principal: sfn.session,
          action: 'backup:ListRecoveryPointsByBackupVault', resource: iv.arn, resourceAccount: central,
          identity: [sfn.policy], resourcePolicy: iv.policy, expected: 'Allowed' })
        for (const t of recoveryPointTypes) {
          add('allowed: reconciler', {
            title: `${sfn.name} starts the locked copy of an intermediate ${t.type} recovery point (${region})`,
            principal: sfn.session, action: 'backup:StartCopyJob', resource: t.arn(region, central),
            resourceAccount: central, identity: [sfn.policy], resourcePolicy: iv.policy, expected: 'Allowed',
            url: ACCESS_CONTROL_URL })
        }
      }
      if (topic) {
        add('allowed: reconciler', {
          title: `${sfn.name} publishes to the alert topic (${region})`, principal: sfn.session, action: 'sns:Publish',
          resource: topic, resourceAccount: central, identity: [sfn.policy], expected: 'Allowed',
          url: 'https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html' })
      }
      if (kmsKey) {
        const keyArn = `arn:aws:kms:${region}:${central}:key/mrk-${key}-${region}`
        for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
          add('allowed: reconciler', {
            title: `${sfn.name} encrypts its alert with the deployment key through SNS: ${action} (${region})`,
            principal: sfn.session, action, resource: keyArn, resourceAccount: central,
            context: { 'kms:ViaService': `sns.${region}.amazonaws.com`, 'kms:ResourceAliases': [`alias/${d.centralName}`] },
            identity: [sfn.policy], resourcePolicy: kmsKey.policy, expected: 'Allowed', url: SNS_SSE_URL })
          // ----------------------------------------------------- denied
          add('denied: reconciler', {
            title: `${sfn.name} uses the deployment key outside SNS: ${action} (${region})`,
            principal: sfn.session, action, resource: keyArn, resourceAccount: central,
            context: { 'kms:ViaService': `s3.${region}.amazonaws.com`, 'kms:ResourceAliases': [`alias/${d.centralName}`] },
            identity: [sfn.policy], resourcePolicy: kmsKey.policy, expected: 'Denied', url: VIA_SERVICE_URL })
          add('denied: reconciler', {
            title: `${sfn.name} uses another key of the account through SNS: ${action} (${region})`,
            principal: sfn.session, action, resource: `arn:aws:kms:${region}:${central}:key/someone-elses`,
            resourceAccount: central,
            context: { 'kms:ViaService': `sns.${region}.amazonaws.com`, 'kms:ResourceAliases': ['alias/someone-elses'] },
            identity: [sfn.policy], resourcePolicy: kmsKey.policy, expected: 'Denied', url: VIA_SERVICE_URL })
        }
      }

      // ----------------------------------------------------------- denied
      add('denied: confused deputy', {
        title: `states.amazonaws.com assumes ${sfn.name} for another state machine of the account (${region})`,
        principal: service('states.amazonaws.com'), action: 'sts:AssumeRole', resource: sfn.arn, resourceAccount: central,
        context: { 'aws:SourceAccount': central,
          'aws:SourceArn': `arn:aws:states:${region}:${central}:stateMachine:someone-elses` },
        resourcePolicy: sfn.trust, expected: 'Denied', url: CONFUSED_DEPUTY_URL })
      add('denied: confused deputy', {
        title: `events.amazonaws.com assumes ${scheduler.name} for another rule of the account (${region})`,
        principal: service('events.amazonaws.com'), action: 'sts:AssumeRole', resource: scheduler.arn,
        resourceAccount: central, context: { 'aws:SourceAccount': central,
          'aws:SourceArn': `arn:aws:events:${region}:${central}:rule/someone-elses` },
        resourcePolicy: scheduler.trust, expected: 'Denied', url: CONFUSED_DEPUTY_URL })
      add('allowed: reconciler', {
        title: `${sfn.name} continues ${machine.name} in a new execution (${region})`, principal: sfn.session,
        action: 'states:StartExecution', resource: machine.arn, resourceAccount: central, identity: [sfn.policy],
        expected: 'Allowed', url: 'https://docs.aws.amazon.com/step-functions/latest/dg/bp-history-limit.html' })
      if (ingest) {
        for (const r of [scheduler, sfn]) {
          add('denied: reconciler', {
            title: `${r.name} starts the ingest state machine ${ingest.name}`, principal: r.session,
            action: 'states:StartExecution', resource: ingest.arn, resourceAccount: central, identity: [r.policy],
            expected: 'Denied' })
        }
      }
      if (topic) {
        add('denied: reconciler', {
          title: `${sfn.name} publishes to another topic (${region})`, principal: sfn.session, action: 'sns:Publish',
          resource: `arn:aws:sns:${region}:${central}:someone-elses`, resourceAccount: central, identity: [sfn.policy],
          expected: 'Denied' })
      }
      for (const t of recoveryPointTypes) {
        // EC2 snapshot and image ARNs hold no account: their copies are
        // limited by the source vault, not the ARN.
        if (!t.arn(region, '').includes('::snapshot') && !t.arn(region, '').includes('::image')) {
          add('denied: reconciler', {
            title: `${sfn.name} starts the copy of a member account's ${t.type} recovery point (${region})`,
            principal: sfn.session, action: 'backup:StartCopyJob', resource: t.arn(region, '222222222222'),
            resourceAccount: '222222222222', identity: [sfn.policy], expected: 'Denied', url: ACCESS_CONTROL_URL })
        }
        for (const v of [...vaultsOf('standard', region), ...vaultsOf('lag', region), ...(iv ? [iv] : [])]) {
          for (const action of DESTRUCTIVE) {
            add('denied: reconciler', {
              title: `${sfn.name}: ${action} on a ${t.type} recovery point in ${v.name}`, principal: sfn.session, action,
              resource: t.arn(region, central), resourceAccount: central, identity: [sfn.policy], resourcePolicy: v.policy,
              expected: 'Denied', url: ACCESS_CONTROL_URL })
          }
        }
      }
      // The locked and air-gapped vaults deny the reconciler removals
      // themselves, whatever its identity policy becomes.
      for (const v of [...vaultsOf('standard', region), ...vaultsOf('lag', region)]) {
        for (const action of DESTRUCTIVE) {
          add('denied: own automation on locked copies', {
            title: `${sfn.name} with AdministratorAccess: ${action} on an EFS/S3 copy in ${v.name}`, principal: sfn.session,
            action, resource: recoveryPointTypes.at(-1).arn(region, central), resourceAccount: central,
            identity: [administratorAccess], resourcePolicy: v.policy, expected: 'Denied', url: ACCESS_CONTROL_URL })
        }
      }
      for (const v of [...vaultsOf('standard', region), ...(iv ? [iv] : [])]) {
        for (const action of VAULT_CHANGES) {
          add('denied: reconciler', {
            title: `${sfn.name}: ${action} on ${v.name}`, principal: sfn.session, action, resource: v.arn,
            resourceAccount: central, identity: [sfn.policy], resourcePolicy: v.policy, expected: 'Denied' })
        }
      }
    }

    // Passing the backup service role: to AWS Backup only, and no other role.
    if (centralBackup) {
      add('allowed: reconciler', {
        title: `${sfn.name} passes ${centralBackup.name} to AWS Backup`, principal: sfn.session, action: 'iam:PassRole',
        resource: centralBackup.arn, resourceAccount: central, context: { 'iam:PassedToService': 'backup.amazonaws.com' },
        identity: [sfn.policy], expected: 'Allowed' })
      add('denied: reconciler', {
        title: `${sfn.name} passes ${centralBackup.name} to Lambda`, principal: sfn.session, action: 'iam:PassRole',
        resource: centralBackup.arn, resourceAccount: central, context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
        identity: [sfn.policy], expected: 'Denied' })
    }
    add('denied: reconciler', {
      title: `${sfn.name} passes itself to AWS Backup`, principal: sfn.session, action: 'iam:PassRole', resource: sfn.arn,
      resourceAccount: central, context: { 'iam:PassedToService': 'backup.amazonaws.com' }, identity: [sfn.policy],
      expected: 'Denied' })

    // Nobody else assumes the reconciler's roles.
    const outsider = session(OUTSIDER, 'Admin', { orgId: 'o-zzzz9999zz', orgPaths: ['o-zzzz9999zz/r-zz99/'] })
    const centralAdmin = session(central, 'Admin', centralOrg)
    for (const r of [sfn, scheduler]) {
      for (const [who, p] of [['an administrator of another account', outsider], ['an administrator of the central account', centralAdmin]]) {
        add('denied: foreign principal', {
          title: `${who} assumes ${r.name}`, principal: p, action: 'sts:AssumeRole', resource: r.arn,
          resourceAccount: central, identity: [administratorAccess], resourcePolicy: r.trust, expected: 'Denied' })
      }
    }
  }
  return out
}
