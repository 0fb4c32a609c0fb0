// The reconciler's scenarios (issue 13): its state machine role may list
// copy jobs and the intermediate vault, start the copy of an intermediate
// recovery point with the central backup service role passed to AWS
// Backup, and publish to the alert topic; it may not delete or shorten a
// recovery point anywhere, copy a member account's recovery point, pass the
// role to another service, publish elsewhere, or use a key but the alerts
// key, through SNS, for the deployment's topic. Only Step Functions, for
// the reconciler state machines, assumes its role. The schedule rules start
// the reconciler with the ingest's events role (issue 17): EventBridge
// assumes it for the ingest rules and the schedule rules only, and it
// starts the ingest and reconciler state machines and nothing else.
//
// The ingest's idempotency token is a copy job of the member account, so
// the reconciler role assumes the member central-access role of an account
// under the targets and, as that role, lists the account's copy jobs (under
// the deployment's service control policies); it may not assume another
// deployment's or an outsider's, and the central-access role's trust
// refuses every other central role.
import { recoveryPointTypes, ACCESS_CONTROL_URL } from './recovery-points.mjs'
import { administratorAccess } from './identities.mjs'
import { MEMBER, OTHER_DEPLOYMENT_MEMBER } from './scenarios.mjs'
import { TOPIC_CONTEXT, unfiltered } from './scenarios-alerts.mjs'
import { OUTSIDE_ORG, OUTSIDE_ORG_CONTEXT, SYNTHETIC_OTHER_OU, session, orgPaths } from './principals.mjs'

const OUTSIDER = '444444444444'
// ListCopyJobs has no resource type: "*".
const LIST_AWSBACKUP_URL = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html'
const RESOURCE_ORG_PATHS_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgpaths'
const CONFUSED_DEPUTY_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html'
// Publishers to a topic encrypted with a customer managed key need
// kms:GenerateDataKey* and kms:Decrypt on it.
const SNS_SSE_URL = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html'
const VIA_SERVICE_URL = 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service'
const ENCRYPTION_CONTEXT_URL = 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context'
// A rule's target role grants what invoking the target takes.
const TARGET_ROLE_URL = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-iam-roles.html'

// What removes a recovery point, shortens it, or changes a vault's protection.
const DESTRUCTIVE = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DisassociateRecoveryPoint']
const VAULT_CHANGES = ['backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy', 'backup:DeleteBackupVault',
  'backup:PutBackupVaultLockConfiguration', 'backup:DeleteBackupVaultLockConfiguration']

const service = (name) => ({ arn: name, service: true })

// memberAccess is a deployment's member central-access role in account,
// as the member side renders it, named as the reconciler names it.
function memberAccess(d, name, account, orgCtx) {
  const id = 'CentralAccessRole'
  const path = d.member.rolePath(id, '/')
  const keyId = `mrk-${d.key}-${d.regions[0]}`
  return {
    name,
    arn: `arn:aws:iam::${account}:role${path}${name}`,
    session: session(account, name, orgCtx, path),
    trust: d.member.trust(id, account, d.regions[0], keyId),
    policy: d.member.policy(id, account, d.regions[0], keyId),
  }
}

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
    const starter = role('ingest-eventbridge')
    const centralBackup = role('backup-service')
    const ingest = d.stateMachines[`${key}-ingest-${d.regions[0]}`]
    if (!sfn || !starter) {
      add('allowed: reconciler', { title: `the reconciler's roles of ${key} are rendered`,
        check: () => ({ actual: 'Error', detail: 'reconcile-sfn or ingest-eventbridge role missing' }), expected: 'Allowed' })
      continue
    }
    if (role('reconcile-scheduler')) {
      add('denied: reconciler', { title: `${key} has no role of its own for the schedule rules`,
        check: () => ({ actual: 'Allowed', detail: 'a reconcile-scheduler role is rendered' }), expected: 'Denied' })
    }
    const vaultsOf = (kind, region) => d.vaults.filter((v) => v.kind === kind && v.region === region)

    for (const region of d.regions) {
      const machine = d.stateMachines[`${key}-reconcile-${region}`]
      const rule = d.rules[`${key}-reconcile-rule-${region}`]
      const ingestRule = d.rules[`${key}-ingest-rule-${region}`]
      const ingestMachine = d.stateMachines[`${key}-ingest-${region}`]
      const restoreMachine = d.stateMachines[`${key}-restore-${region}`]
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
        title: `events.amazonaws.com assumes ${starter.name} for the schedule rule (${region})`,
        principal: service('events.amazonaws.com'), action: 'sts:AssumeRole', resource: starter.arn,
        resourceAccount: central, context: { 'aws:SourceAccount': central, 'aws:SourceArn': ruleArn },
        resourcePolicy: starter.trust, expected: 'Allowed', url: TARGET_ROLE_URL })
      add('allowed: reconciler', {
        title: `${starter.name} starts ${machine.name} (${region})`, principal: starter.session,
        action: 'states:StartExecution', resource: machine.arn, resourceAccount: central, identity: [starter.policy],
        expected: 'Allowed', url: TARGET_ROLE_URL })
      // The ingest rule keeps starting the ingest with the same role.
      if (ingestRule && ingestMachine) {
        add('allowed: reconciler', {
          title: `events.amazonaws.com assumes ${starter.name} for the ingest rule ${ingestRule.name} (${region})`,
          principal: service('events.amazonaws.com'), action: 'sts:AssumeRole', resource: starter.arn,
          resourceAccount: central, context: { 'aws:SourceAccount': central,
            'aws:SourceArn': `arn:aws:events:${region}:${central}:rule/${d.buses[region]?.name}/${ingestRule.name}` },
          resourcePolicy: starter.trust, expected: 'Allowed' })
        add('allowed: reconciler', {
          title: `${starter.name} starts ${ingestMachine.name} (${region})`, principal: starter.session,
          action: 'states:StartExecution', resource: ingestMachine.arn, resourceAccount: central,
          identity: [starter.policy], expected: 'Allowed' })
      }
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
      // The created topic is encrypted with the deployment's alerts key,
      // which no alias names: the role may use a key of the account through
      // SNS for that topic's encryption context only. The deployment key
      // (member vaults) is never the reconciler's. The simulator drops
      // kms:EncryptionContext:<key> from requests: these rows run unfiltered.
      const alertKey = d.alertKeys[region]
      if (alertKey) {
        const keyArn = `arn:aws:kms:${region}:${central}:key/alerts-${key}-${region}`
        const keyUse = (group, title, action, resource, context, resourcePolicy, expected, url) => {
          const sc = { title: `${title} (${region})`, principal: sfn.session, action, resource, resourceAccount: central,
            context, identity: [sfn.policy], resourcePolicy, expected, url }
          add(group, { ...sc, check: unfiltered(sc) })
        }
        const viaSNS = { 'kms:ViaService': `sns.${region}.amazonaws.com`, [TOPIC_CONTEXT]: topic }
        for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
          keyUse('allowed: reconciler', `${sfn.name} encrypts its alert with the alerts key through SNS: ${action}`,
            action, keyArn, viaSNS, alertKey.policy, 'Allowed', SNS_SSE_URL)
          // ----------------------------------------------------- denied
          keyUse('denied: reconciler', `${sfn.name} uses the alerts key outside SNS: ${action}`, action, keyArn,
            { ...viaSNS, 'kms:ViaService': `s3.${region}.amazonaws.com` }, alertKey.policy, 'Denied', VIA_SERVICE_URL)
          keyUse('denied: reconciler', `${sfn.name} uses the alerts key through SNS for another topic: ${action}`,
            action, keyArn, { ...viaSNS, [TOPIC_CONTEXT]: `arn:aws:sns:${region}:${central}:someone-elses` },
            alertKey.policy, 'Denied', ENCRYPTION_CONTEXT_URL)
          keyUse('denied: reconciler', `${sfn.name} uses the alerts key through SNS without a topic's encryption context: ${action}`,
            action, keyArn, { 'kms:ViaService': `sns.${region}.amazonaws.com` }, alertKey.policy, 'Denied',
            ENCRYPTION_CONTEXT_URL)
          if (kmsKey) {
            keyUse('denied: reconciler', `${sfn.name} uses the deployment key (member vaults) through SNS: ${action}`,
              action, `arn:aws:kms:${region}:${central}:key/mrk-${key}-${region}`,
              { 'kms:ViaService': `sns.${region}.amazonaws.com`, [TOPIC_CONTEXT]: `arn:aws:sns:${region}:${central}:someone-elses` },
              kmsKey.policy, 'Denied', VIA_SERVICE_URL)
          }
          keyUse('denied: reconciler', `${sfn.name} uses another key of the account through SNS for another topic: ${action}`,
            action, `arn:aws:kms:${region}:${central}:key/someone-elses`,
            { 'kms:ViaService': `sns.${region}.amazonaws.com`, [TOPIC_CONTEXT]: `arn:aws:sns:${region}:${central}:someone-elses` },
            alertKey.policy, 'Denied', ENCRYPTION_CONTEXT_URL)
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
        title: `events.amazonaws.com assumes ${starter.name} for another rule of the account (${region})`,
        principal: service('events.amazonaws.com'), action: 'sts:AssumeRole', resource: starter.arn,
        resourceAccount: central, context: { 'aws:SourceAccount': central,
          'aws:SourceArn': `arn:aws:events:${region}:${central}:rule/someone-elses` },
        resourcePolicy: starter.trust, expected: 'Denied', url: CONFUSED_DEPUTY_URL })
      add('denied: confused deputy', {
        title: `events.amazonaws.com assumes ${starter.name} for a rule named like the schedule rule in another account (${region})`,
        principal: service('events.amazonaws.com'), action: 'sts:AssumeRole', resource: starter.arn,
        resourceAccount: central, context: { 'aws:SourceAccount': OUTSIDER,
          'aws:SourceArn': ruleArn.replace(`:${central}:`, `:${OUTSIDER}:`) },
        resourcePolicy: starter.trust, expected: 'Denied', url: CONFUSED_DEPUTY_URL })
      // The ingest rule lives on the deployment's bus (rule/<bus>/<name>): a
      // rule of the same name on the default bus (rule/<name>) is another rule.
      if (ingestRule) {
        add('denied: confused deputy', {
          title: `events.amazonaws.com assumes ${starter.name} for a rule on the default bus named like the ingest rule ${ingestRule.name} (${region})`,
          principal: service('events.amazonaws.com'), action: 'sts:AssumeRole', resource: starter.arn,
          resourceAccount: central, context: { 'aws:SourceAccount': central,
            'aws:SourceArn': `arn:aws:events:${region}:${central}:rule/${ingestRule.name}` },
          resourcePolicy: starter.trust, expected: 'Denied', url: CONFUSED_DEPUTY_URL })
      }
      add('denied: confused deputy', {
        title: `events.amazonaws.com assumes ${starter.name} with aws:SourceAccount and no aws:SourceArn (${region})`,
        principal: service('events.amazonaws.com'), action: 'sts:AssumeRole', resource: starter.arn,
        resourceAccount: central, context: { 'aws:SourceAccount': central },
        resourcePolicy: starter.trust, expected: 'Denied', url: CONFUSED_DEPUTY_URL })
      // The role starts the ingest and the reconciler only.
      for (const other of [restoreMachine,
        { name: 'another state machine of the account', arn: `arn:aws:states:${region}:${central}:stateMachine:someone-elses` }]) {
        if (!other) continue
        add('denied: reconciler', {
          title: `${starter.name} starts ${other.name} (${region})`, principal: starter.session,
          action: 'states:StartExecution', resource: other.arn, resourceAccount: central, identity: [starter.policy],
          expected: 'Denied' })
      }
      add('allowed: reconciler', {
        title: `${sfn.name} continues ${machine.name} in a new execution (${region})`, principal: sfn.session,
        action: 'states:StartExecution', resource: machine.arn, resourceAccount: central, identity: [sfn.policy],
        expected: 'Allowed', url: 'https://docs.aws.amazon.com/step-functions/latest/dg/bp-history-limit.html' })
      if (ingest) {
        add('denied: reconciler', {
          title: `${sfn.name} starts the ingest state machine ${ingest.name}`, principal: sfn.session,
          action: 'states:StartExecution', resource: ingest.arn, resourceAccount: central, identity: [sfn.policy],
          expected: 'Denied' })
      }
      // It delivers no logs: a STANDARD workflow's history is in Step Functions.
      add('denied: reconciler', {
        title: `${sfn.name} creates a log delivery (${region})`, principal: sfn.session, action: 'logs:CreateLogDelivery',
        resource: '*', resourceAccount: central, identity: [sfn.policy], expected: 'Denied',
        url: 'https://docs.aws.amazon.com/step-functions/latest/dg/express-at-least-once-execution.html' })
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

    // The ingest's token: the member's copy jobs, through the member's
    // central-access role.
    const primaryMachine = d.stateMachines[`${key}-reconcile-${d.regions[0]}`]
    const accessName = primaryMachine?.vars.memberAccountCentralAccessRoleName
    if (!accessName || accessName !== d.member.roleName('CentralAccessRole', d.member.names.centralAccessRole)) {
      add('allowed: reconciler', { title: `the reconciler of ${key} names the member central-access role`,
        check: () => ({ actual: 'Error', detail: `the reconciler names ${accessName}` }), expected: 'Allowed' })
    } else {
      const memberOrg = { orgId: org, orgPaths: orgPaths(org, d.targets[0]), scps: d.scps, scpTarget: d.targets[0] }
      const memberResource = (account, paths) => ({ 'aws:ResourceAccount': account, 'aws:ResourceOrgID': org,
        'aws:ResourceOrgPaths': paths })
      const access = memberAccess(d, accessName, MEMBER, memberOrg)
      add('allowed: reconciler', {
        title: `${sfn.name} assumes the member ${access.name} of an account under the targets`, principal: sfn.session,
        action: 'sts:AssumeRole', resource: access.arn, resourceAccount: MEMBER,
        context: memberResource(MEMBER, memberOrg.orgPaths), identity: [sfn.policy], resourcePolicy: access.trust,
        expected: 'Allowed' })
      add('allowed: reconciler', {
        title: `member ${access.name} session lists the account's copy jobs${d.scps.length ? ' under the deployment\'s SCPs' : ''}`,
        principal: access.session, action: 'backup:ListCopyJobs', resource: '*', resourceAccount: MEMBER,
        identity: [access.policy], expected: 'Allowed', url: LIST_AWSBACKUP_URL })

      // Another deployment's member role, and this deployment's role name
      // in an account outside its targets or outside the organization
      // (its trust would let the reconciler in: the identity policy keeps
      // it to the targets' paths).
      const other = Object.keys(example.deployments).find((k) => k !== key)
      const otherOU = other ? example.deployments[other].targets[0] : SYNTHETIC_OTHER_OU
      if (other) {
        const o = example.deployments[other]
        const theirs = memberAccess(o, o.member.roleName('CentralAccessRole', o.member.names.centralAccessRole),
          OTHER_DEPLOYMENT_MEMBER, {})
        add('denied: reconciler', {
          title: `${sfn.name} assumes the other deployment's member ${theirs.name}`, principal: sfn.session,
          action: 'sts:AssumeRole', resource: theirs.arn, resourceAccount: OTHER_DEPLOYMENT_MEMBER,
          context: memberResource(OTHER_DEPLOYMENT_MEMBER, orgPaths(org, otherOU)), identity: [sfn.policy],
          resourcePolicy: theirs.trust, expected: 'Denied' })
        const theirReconciler = o.roles[`${other}-role-reconcile-sfn`]
        if (theirReconciler) {
          add('denied: foreign principal', {
            title: `other deployment's ${theirReconciler.name} assumes this deployment's member ${access.name}`,
            principal: session(central, theirReconciler.name, centralOrg), action: 'sts:AssumeRole', resource: access.arn,
            resourceAccount: MEMBER, context: memberResource(MEMBER, memberOrg.orgPaths), identity: [theirReconciler.policy],
            resourcePolicy: access.trust, expected: 'Denied' })
        }
      }
      for (const [who, account, paths] of [
        ['an account of another deployment\'s OU', OTHER_DEPLOYMENT_MEMBER, orgPaths(org, otherOU)],
        ['an account outside the organization', OUTSIDER, [`${OUTSIDE_ORG}/r-zz99/ou-zz99-00000000/`]],
      ]) {
        const lookalike = memberAccess(d, accessName, account, {})
        add('denied: reconciler', {
          title: `${sfn.name} assumes a role named ${access.name} in ${who}`, principal: sfn.session,
          action: 'sts:AssumeRole', resource: lookalike.arn, resourceAccount: account,
          context: { 'aws:ResourceAccount': account, 'aws:ResourceOrgID': paths[0].split('/')[0], 'aws:ResourceOrgPaths': paths },
          identity: [sfn.policy], resourcePolicy: lookalike.trust, expected: 'Denied', url: RESOURCE_ORG_PATHS_URL })
      }

      // The central-access role's trust: the ingest and the reconciler
      // only, not the deployment's other central roles.
      for (const [suffix, r] of Object.entries(d.roles)) {
        if (suffix === `${key}-role-ingest-sfn` || suffix === `${key}-role-reconcile-sfn`) continue
        add('denied: foreign principal', {
          title: `central ${r.name} with AdministratorAccess assumes the member ${access.name}`,
          principal: session(central, r.name, centralOrg), action: 'sts:AssumeRole', resource: access.arn,
          resourceAccount: MEMBER, context: memberResource(MEMBER, memberOrg.orgPaths), identity: [administratorAccess],
          resourcePolicy: access.trust, expected: 'Denied' })
      }
      add('denied: foreign principal', {
        title: `an administrator of the central account assumes the member ${access.name}`,
        principal: session(central, 'Admin', centralOrg), action: 'sts:AssumeRole', resource: access.arn,
        resourceAccount: MEMBER, context: memberResource(MEMBER, memberOrg.orgPaths), identity: [administratorAccess],
        resourcePolicy: access.trust, expected: 'Denied' })
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
    const outsider = session(OUTSIDER, 'Admin', OUTSIDE_ORG_CONTEXT)
    const centralAdmin = session(central, 'Admin', centralOrg)
    for (const r of [sfn, starter]) {
      for (const [who, p] of [['an administrator of another account', outsider], ['an administrator of the central account', centralAdmin]]) {
        add('denied: foreign principal', {
          title: `${who} assumes ${r.name}`, principal: p, action: 'sts:AssumeRole', resource: r.arn,
          resourceAccount: central, identity: [administratorAccess], resourcePolicy: r.trust, expected: 'Denied' })
      }
    }
  }
  return out
}
