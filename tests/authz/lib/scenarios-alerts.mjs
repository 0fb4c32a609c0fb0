// The alert topics (issue 13): who may publish to a deployment's alert topic
// (its access policy) and use the topic's own alerts key through SNS for it
// (its key policy), and that the deployment key, which encrypts the member
// vaults, admits no alert publisher. Read from what render wrote:
// resources.json (topics, rules, alarms) and policies-iam/central.
import fs from 'node:fs'
import path from 'node:path'
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate'
import { Doc } from './rendered.mjs'
import { principalContext } from './simulate.mjs'
import { administratorAccess } from './identities.mjs'
import { MEMBER, OUTSIDER } from './scenarios.mjs'
import { ROOT, OUTSIDE_ORG_CONTEXT, session, orgPaths } from './principals.mjs'

const SNS_POLICY_URL = 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html'
const SNS_KMS_URL = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services'
// The encryption context SNS sets on its KMS requests for a topic, as the
// key policies of encrypted topics condition on it:
// https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html
export const TOPIC_CONTEXT = 'kms:EncryptionContext:aws:sns:topicArn'

const service = (name) => ({ arn: name, service: true })

// The simulator's request check keeps a templated context key only when it
// has a '/' (aws:PrincipalTag/x), so it drops kms:EncryptionContext:<key>
// although KMS documents it for GenerateDataKey and Decrypt. The key rows run
// the same evaluation with the context passed as it is: the key policy, and
// the caller's identity policies when the row has any.
export const CONTEXT_NOTE = "simulator's context-key filter bypassed: it drops kms:EncryptionContext:<key>"
export function unfiltered(sc) {
  return () => {
    if (!sc.resourcePolicy) return { actual: 'Error', detail: 'the key policy is not in the rendered output' }
    if ((sc.identity ?? []).some((d) => !d)) {
      return { actual: 'Error', detail: 'an identity policy of this request is not in the rendered output' }
    }
    const decision = runUnsafeSimulation({
      request: { principal: sc.principal.arn, action: sc.action,
        resource: { resource: sc.resource, accountId: sc.resourceAccount },
        contextVariables: { ...principalContext(sc.principal), ...sc.context } },
      identityPolicies: (sc.identity ?? []).map((d, i) => ({ name: `identity${i}`, policy: d.policy })),
      serviceControlPolicies: [], resourceControlPolicies: [],
      resourcePolicy: { __validated: true, policyDocument: sc.resourcePolicy.policy, metadata: { name: 'key policy' } },
    }, {})
    return { actual: decision === 'Allowed' ? 'Allowed' : 'Denied', detail: decision, note: CONTEXT_NOTE }
  }
}

export function alertScenariosFor(example, dir) {
  const resources = JSON.parse(fs.readFileSync(path.join(dir, 'resources.json'), 'utf8'))
  const central = example.context.accountId
  const org = example.context.organizationId
  const out = []
  const keys = Object.keys(example.deployments)
  for (const key of keys) {
    const d = example.deployments[key]
    const add = (group, sc) => out.push({ example: example.name, shape: example.shape, deployment: key, group, ...sc })
    const mine = resources.filter((r) => r.deployment === key)
    const other = keys.find((k) => k !== key)
    for (const topic of mine.filter((r) => r.type === 'aws:sns/topic:Topic')) {
      const region = topic.region ?? example.context.region
      const arn = `arn:aws:sns:${region}:${central}:${topic.physicalName}`
      const file = path.join(dir, 'policies-iam', 'central', topic.name + '.json')
      const policy = fs.existsSync(file) ? new Doc(file, JSON.parse(fs.readFileSync(file, 'utf8'))) : undefined
      const inRegion = mine.filter((r) => (r.region ?? example.context.region) === region)
      const ruleArn = (r) => {
        const bus = r.inputs.eventBusName ? `${d.buses[region].name}/` : ''
        return `arn:aws:events:${region}:${central}:rule/${bus}${r.inputs.name}`
      }
      const alertRules = inRegion.filter((r) => r.type === 'aws:cloudwatch/eventTarget:EventTarget' && r.inputs.arn === arn)
        .map((t) => inRegion.find((r) => r.name + '.name' === t.inputs.rule.ref))
      const alarms = inRegion.filter((r) => r.type === 'aws:cloudwatch/metricAlarm:MetricAlarm')
      const publish = (group, title, principal, context, expected, extra = {}) => add(group, {
        title: `${title} (${region})`, principal, action: 'sns:Publish', resource: arn, resourceAccount: central,
        context, resourcePolicy: policy, expected, url: SNS_POLICY_URL, ...extra })

      for (const rule of alertRules) {
        publish('allowed: alerts', `events.amazonaws.com publishes to ${topic.physicalName} for its rule ${rule.inputs.name}`,
          service('events.amazonaws.com'), { 'aws:SourceAccount': central, 'aws:SourceArn': ruleArn(rule) }, 'Allowed')
      }
      for (const alarm of alarms) {
        publish('allowed: alerts', `cloudwatch.amazonaws.com publishes to ${topic.physicalName} for its alarm ${alarm.inputs.name}`,
          service('cloudwatch.amazonaws.com'), { 'aws:SourceAccount': central,
            'aws:SourceArn': `arn:aws:cloudwatch:${region}:${central}:alarm:${alarm.inputs.name}` }, 'Allowed')
      }
      // The reconciler state machine's role publishes with its identity
      // policy: the topic policy, in the same account, does not stand in the way.
      const reconciler = `${d.centralName}-backup-reconcile-sfn`
      publish('allowed: alerts', `central role ${reconciler} with sns:Publish on the topic in its identity policy publishes`,
        session(central, reconciler, { orgId: org, orgPaths: [`${org}/${ROOT}/`] }), {}, 'Allowed',
        { identity: [new Doc('stand-in identity policy: sns:Publish on the alert topic',
          { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: arn }] })] })

      const someRule = alertRules[0]
      publish('denied: alerts', `events.amazonaws.com publishes for a rule of the same name in another account`,
        service('events.amazonaws.com'), { 'aws:SourceAccount': OUTSIDER,
          'aws:SourceArn': ruleArn(someRule).replace(`:${central}:`, `:${OUTSIDER}:`) }, 'Denied')
      const otherRule = other
        ? `arn:aws:events:${region}:${central}:rule/${example.deployments[other].buses[region]?.name ?? 'default'}/${example.deployments[other].centralName}-failed-jobs`
        : `arn:aws:events:${region}:${central}:rule/someone-elses-rule`
      publish('denied: alerts', `events.amazonaws.com publishes for ${other ? `the ${other} deployment's` : 'another'} rule of the account`,
        service('events.amazonaws.com'), { 'aws:SourceAccount': central, 'aws:SourceArn': otherRule }, 'Denied')
      publish('denied: alerts', `cloudwatch.amazonaws.com publishes for another alarm of the account`,
        service('cloudwatch.amazonaws.com'), { 'aws:SourceAccount': central,
          'aws:SourceArn': `arn:aws:cloudwatch:${region}:${central}:alarm:someone-elses-alarm` }, 'Denied')
      // Issue 17 retired the rule on failed executions and the alarm per
      // metric: a rule or alarm of the account under their names publishes
      // no more.
      publish('denied: alerts', `events.amazonaws.com publishes for a rule named like the retired ${d.centralName}-failed-runs`,
        service('events.amazonaws.com'), { 'aws:SourceAccount': central,
          'aws:SourceArn': `arn:aws:events:${region}:${central}:rule/${d.centralName}-failed-runs` }, 'Denied')
      publish('denied: alerts', `cloudwatch.amazonaws.com publishes for an alarm named like the retired ${d.centralName}-ingest-executions-failed`,
        service('cloudwatch.amazonaws.com'), { 'aws:SourceAccount': central,
          'aws:SourceArn': `arn:aws:cloudwatch:${region}:${central}:alarm:${d.centralName}-ingest-executions-failed` }, 'Denied')
      publish('denied: alerts', `a member account's administrator publishes`,
        session(MEMBER, 'Admin', { orgId: org, orgPaths: orgPaths(org, d.targets[0]) }), {}, 'Denied',
        { identity: [administratorAccess] })
      publish('denied: alerts', `an administrator outside the organization publishes`,
        session(OUTSIDER, 'Admin', OUTSIDE_ORG_CONTEXT), {}, 'Denied',
        { identity: [administratorAccess] })

      // The alerts key's policy: EventBridge and CloudWatch use it through SNS for this topic only.
      const keyUse = (group, title, principal, action, context, expected, k = d.alertKeys[region],
        keyArn = `arn:aws:kms:${region}:${central}:key/alerts-${key}-${region}`) => {
        const sc = { title: `${title} (${region})`, principal, action, resource: keyArn, resourceAccount: central, context,
          resourcePolicy: k?.policy, expected, url: SNS_KMS_URL }
        add(group, { ...sc, check: unfiltered(sc) })
      }
      const viaSNS = { [TOPIC_CONTEXT]: arn }
      for (const p of ['events.amazonaws.com', 'cloudwatch.amazonaws.com']) {
        for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
          keyUse('allowed: alerts', `${p} ${action} on the alerts key through SNS for ${topic.physicalName}`,
            service(p), action, viaSNS, 'Allowed')
        }
      }
      keyUse('denied: alerts', 'events.amazonaws.com kms:GenerateDataKey on the alerts key for another topic of the account',
        service('events.amazonaws.com'), 'kms:GenerateDataKey',
        { [TOPIC_CONTEXT]: `arn:aws:sns:${region}:${central}:someone-elses-topic` }, 'Denied')
      keyUse('denied: alerts', 'events.amazonaws.com kms:GenerateDataKey on the alerts key outside SNS (no topic encryption context)',
        service('events.amazonaws.com'), 'kms:GenerateDataKey', {}, 'Denied')
      keyUse('denied: alerts', 'cloudwatch.amazonaws.com kms:CreateGrant on the alerts key with the topic encryption context',
        service('cloudwatch.amazonaws.com'), 'kms:CreateGrant', viaSNS, 'Denied')
      keyUse('denied: alerts', 'events.amazonaws.com kms:ReEncryptFrom on the alerts key with the topic encryption context',
        service('events.amazonaws.com'), 'kms:ReEncryptFrom', viaSNS, 'Denied')
      keyUse('denied: alerts', 's3.amazonaws.com kms:GenerateDataKey on the alerts key with the topic encryption context',
        service('s3.amazonaws.com'), 'kms:GenerateDataKey', viaSNS, 'Denied')
      keyUse('denied: alerts', "a member account's Developer kms:GenerateDataKey on the alerts key with the topic encryption context",
        session(MEMBER, 'Developer', { orgId: org, orgPaths: orgPaths(org, d.targets[0]) }), 'kms:GenerateDataKey', viaSNS,
        'Denied')
      // The deployment key encrypts the member vaults: no alert publisher
      // may use it, even through SNS for this deployment's topic (the
      // statement issue 13 first added to it must not come back).
      for (const p of ['events.amazonaws.com', 'cloudwatch.amazonaws.com']) {
        for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
          keyUse('denied: alerts', `${p} ${action} on the deployment key through SNS for ${topic.physicalName}`,
            service(p), action, viaSNS, 'Denied', d.keys[region], `arn:aws:kms:${region}:${central}:key/mrk-${key}-${region}`)
        }
      }
    }

    // An existing topic (alerts.topicArns): the topic policy and the key
    // policy statements render writes for the user to apply to it.
    const existingDir = path.join(dir, 'policies-iam', 'existing-alert-topics', key)
    const alerts = d.config.alerts ?? example.config?.alerts ?? {}
    for (const [region, arn] of Object.entries(alerts.topicArns ?? {})) {
      const read = (suffix) => {
        const file = path.join(existingDir, `${region}.${suffix}.json`)
        return fs.existsSync(file) ? new Doc(file, JSON.parse(fs.readFileSync(file, 'utf8'))) : undefined
      }
      const topicPolicy = read('topic-policy')
      const keyPolicy = read('key-policy-statements')
      const inRegion = mine.filter((r) => (r.region ?? example.context.region) === region)
      const rule = inRegion.find((r) => r.type === 'aws:cloudwatch/eventRule:EventRule' && r.inputs.name.endsWith('-failed-jobs'))
      const alarm = inRegion.find((r) => r.type === 'aws:cloudwatch/metricAlarm:MetricAlarm')
      const publish = (group, title, principal, context, expected) => add(group, {
        title: `${title} (${region}, existing topic)`, principal, action: 'sns:Publish', resource: arn,
        resourceAccount: central, context, resourcePolicy: topicPolicy, expected, url: SNS_POLICY_URL })
      publish('allowed: alerts', `events.amazonaws.com publishes to ${arn} for its rule ${rule?.inputs.name}`,
        service('events.amazonaws.com'), { 'aws:SourceAccount': central,
          'aws:SourceArn': `arn:aws:events:${region}:${central}:rule/${d.buses[region]?.name}/${rule?.inputs.name}` }, 'Allowed')
      publish('allowed: alerts', `cloudwatch.amazonaws.com publishes to ${arn} for its alarm ${alarm?.inputs.name}`,
        service('cloudwatch.amazonaws.com'), { 'aws:SourceAccount': central,
          'aws:SourceArn': `arn:aws:cloudwatch:${region}:${central}:alarm:${alarm?.inputs.name}` }, 'Allowed')
      publish('denied: alerts', `cloudwatch.amazonaws.com publishes to ${arn} for another alarm of the account`,
        service('cloudwatch.amazonaws.com'), { 'aws:SourceAccount': central,
          'aws:SourceArn': `arn:aws:cloudwatch:${region}:${central}:alarm:someone-elses-alarm` }, 'Denied')

      const keyArn = `arn:aws:kms:${region}:${central}:key/their-own`
      const keyUse = (group, title, principal, action, context, expected) => {
        const sc = { title: `${title} (${region}, existing topic's key)`, principal, action, resource: keyArn,
          resourceAccount: central, context, resourcePolicy: keyPolicy, expected, url: SNS_KMS_URL }
        add(group, { ...sc, check: unfiltered(sc) })
      }
      const viaSNS = { [TOPIC_CONTEXT]: arn }
      const reconciler = `${d.centralName}-backup-reconcile-sfn`
      const role = (name) => session(central, name, { orgId: org, orgPaths: [`${org}/${ROOT}/`] })
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
        keyUse('allowed: alerts', `events.amazonaws.com ${action} through SNS for ${arn}`,
          service('events.amazonaws.com'), action, viaSNS, 'Allowed')
        keyUse('allowed: alerts', `${reconciler} ${action} through SNS for ${arn}`, role(reconciler), action,
          { ...viaSNS, 'kms:ViaService': `sns.${region}.amazonaws.com` }, 'Allowed')
      }
      keyUse('denied: alerts', `${reconciler} kms:Decrypt outside SNS`, role(reconciler), 'kms:Decrypt',
        { ...viaSNS, 'kms:ViaService': `s3.${region}.amazonaws.com` }, 'Denied')
      keyUse('denied: alerts', `another central role kms:Decrypt through SNS for ${arn}`, role('Developer'), 'kms:Decrypt',
        { ...viaSNS, 'kms:ViaService': `sns.${region}.amazonaws.com` }, 'Denied')
      keyUse('denied: alerts', 'events.amazonaws.com kms:GenerateDataKey for another topic',
        service('events.amazonaws.com'), 'kms:GenerateDataKey', { [TOPIC_CONTEXT]: `${arn}-other` }, 'Denied')
    }
  }
  return out
}
