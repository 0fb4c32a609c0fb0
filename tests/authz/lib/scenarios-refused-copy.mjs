// The central side of the copies AWS refuses for their key (issue 20): the
// ingest state machine classifies a FAILED member → central copy, copies it
// into the member locked vault through the member central-access role, and
// publishes one alert to the deployment's topic of the Region. Its role may
// publish to that topic (and use the topic's alerts key through SNS for it),
// and assume the member central-access role of an account under the
// deployment's targets; it may not publish to another deployment's topic or
// any other, nor assume the role outside the targets. No other central role
// of the deployment gained the publish: the restore's role may not.
import { MEMBER, OTHER_DEPLOYMENT_MEMBER } from './scenarios.mjs'
import { TOPIC_CONTEXT, unfiltered } from './scenarios-alerts.mjs'
import { ROOT, SYNTHETIC_OTHER_OU, session, orgPaths } from './principals.mjs'

// The optimized SNS integration calls sns:Publish with the state machine's role.
const CONNECT_SNS_URL = 'https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html'
// Publishers to a topic encrypted with a customer managed key need
// kms:GenerateDataKey* and kms:Decrypt on it.
const SNS_SSE_URL = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html'
const ENCRYPTION_CONTEXT_URL = 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context'
// A Task's Credentials role is assumed by the state machine's role.
const CROSS_ACCOUNT_URL = 'https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html'
const RESOURCE_ORG_PATHS_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgpaths'

// centralAccess is a deployment's member central-access role in account, as
// the member side renders it.
function centralAccess(d, name, account) {
  const id = 'CentralAccessRole'
  const path = d.member.rolePath(id, '/')
  const keyId = `mrk-${d.key}-${d.regions[0]}`
  return {
    name,
    arn: `arn:aws:iam::${account}:role${path}${name}`,
    trust: d.member.trust(id, account, d.regions[0], keyId),
  }
}

export function refusedCopyScenariosFor(example) {
  const central = example.context.accountId
  const org = example.context.organizationId
  const centralOrg = { orgId: org, orgPaths: [`${org}/${ROOT}/`] }
  const out = []
  const keys = Object.keys(example.deployments)
  for (const key of keys) {
    const d = example.deployments[key]
    const add = (group, sc) => out.push({ example: example.name, shape: example.shape, deployment: key, group, ...sc })
    const r = d.roles[`${key}-role-ingest-sfn`]
    const sfn = r && { ...r, session: session(central, r.name, centralOrg) }
    const restore = d.roles[`${key}-role-restore-sfn`]
    if (!sfn) {
      add('allowed: refused copy', { title: `the ingest role of ${key} is rendered`,
        check: () => ({ actual: 'Error', detail: 'ingest-sfn role missing' }), expected: 'Allowed' })
      continue
    }
    const other = keys.find((k) => k !== key)
    for (const region of d.regions) {
      const machine = d.stateMachines[`${key}-ingest-${region}`]
      const topic = machine?.vars.alertTopicArn
      if (!topic) {
        add('allowed: refused copy', { title: `the ingest of ${key} in ${region} names its alert topic`,
          check: () => ({ actual: 'Error', detail: 'no alertTopicArn in the ingest definition' }), expected: 'Allowed' })
        continue
      }
      // ---------------------------------------------------------- allowed
      add('allowed: refused copy', {
        title: `${sfn.name} publishes the refused-copy alert to ${topic}`, principal: sfn.session,
        action: 'sns:Publish', resource: topic, resourceAccount: central, identity: [sfn.policy], expected: 'Allowed',
        url: CONNECT_SNS_URL })
      const alertKey = d.alertKeys[region]
      if (alertKey) {
        const keyArn = `arn:aws:kms:${region}:${central}:key/alerts-${key}-${region}`
        const viaSNS = { 'kms:ViaService': `sns.${region}.amazonaws.com`, [TOPIC_CONTEXT]: topic }
        for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
          const allowed = { title: `${sfn.name} encrypts its alert with the alerts key through SNS: ${action} (${region})`,
            principal: sfn.session, action, resource: keyArn, resourceAccount: central, context: viaSNS,
            identity: [sfn.policy], resourcePolicy: alertKey.policy, expected: 'Allowed', url: SNS_SSE_URL }
          add('allowed: refused copy', { ...allowed, check: unfiltered(allowed) })
          const denied = { ...allowed,
            title: `${sfn.name} uses the alerts key through SNS for another topic: ${action} (${region})`,
            context: { ...viaSNS, [TOPIC_CONTEXT]: `arn:aws:sns:${region}:${central}:someone-elses` },
            expected: 'Denied', url: ENCRYPTION_CONTEXT_URL }
          add('denied: refused copy', { ...denied, check: unfiltered(denied) })
        }
      }
      // ----------------------------------------------------------- denied
      add('denied: refused copy', {
        title: `${sfn.name} publishes to another topic (${region})`, principal: sfn.session, action: 'sns:Publish',
        resource: `arn:aws:sns:${region}:${central}:someone-elses`, resourceAccount: central, identity: [sfn.policy],
        expected: 'Denied' })
      const theirs = other && example.deployments[other].stateMachines[`${other}-ingest-${region}`]?.vars.alertTopicArn
      if (theirs && theirs !== topic) {
        add('denied: refused copy', {
          title: `${sfn.name} publishes to the other deployment's topic ${theirs}`, principal: sfn.session,
          action: 'sns:Publish', resource: theirs, resourceAccount: central, identity: [sfn.policy], expected: 'Denied' })
      }
      if (restore) {
        add('denied: refused copy', {
          title: `${restore.name} (restore) publishes to ${topic}: only the ingest alerts on refused copies`,
          principal: session(central, restore.name, centralOrg), action: 'sns:Publish', resource: topic,
          resourceAccount: central, identity: [restore.policy], expected: 'Denied' })
      }
    }

    // The member-account calls (DescribeRecoveryPoint, DescribeKey,
    // StartCopyJob into the member locked vault) run as the member
    // central-access role, which the ingest role assumes in the accounts
    // under the targets only.
    const primary = d.stateMachines[`${key}-ingest-${d.regions[0]}`]
    const accessName = primary?.vars.memberAccountCentralAccessRoleName
    if (!accessName) {
      add('allowed: refused copy', { title: `the ingest of ${key} names the member central-access role`,
        check: () => ({ actual: 'Error', detail: 'no memberAccountCentralAccessRoleName' }), expected: 'Allowed' })
      continue
    }
    const memberResource = (account, paths) => ({ 'aws:ResourceAccount': account, 'aws:ResourceOrgID': org,
      'aws:ResourceOrgPaths': paths })
    const access = centralAccess(d, accessName, MEMBER)
    add('allowed: refused copy', {
      title: `${sfn.name} assumes the member ${access.name} of an account under the targets`, principal: sfn.session,
      action: 'sts:AssumeRole', resource: access.arn, resourceAccount: MEMBER,
      context: memberResource(MEMBER, orgPaths(org, d.targets[0])), identity: [sfn.policy], resourcePolicy: access.trust,
      expected: 'Allowed', url: CROSS_ACCOUNT_URL })
    const otherOU = other ? example.deployments[other].targets[0] : SYNTHETIC_OTHER_OU
    const lookalike = centralAccess(d, accessName, OTHER_DEPLOYMENT_MEMBER)
    add('denied: refused copy', {
      title: `${sfn.name} assumes a role named ${access.name} in an account of another OU`, principal: sfn.session,
      action: 'sts:AssumeRole', resource: lookalike.arn, resourceAccount: OTHER_DEPLOYMENT_MEMBER,
      context: memberResource(OTHER_DEPLOYMENT_MEMBER, orgPaths(org, otherOU)), identity: [sfn.policy],
      resourcePolicy: lookalike.trust, expected: 'Denied', url: RESOURCE_ORG_PATHS_URL })
  }
  return out
}
