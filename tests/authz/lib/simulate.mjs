// Runs one scenario through @cloud-copilot/iam-simulate: the identity
// policies of the caller's account and the resource-side policy (vault
// access policy, key policy, bus policy, trust policy, log resource policy)
// in one request, so a cross-account request is allowed only when both sides
// allow it, as the simulator's DefaultServiceAuthorizer evaluates it.
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate'

// The simulator's data (iam-data) knows one recovery point ARN pattern,
// arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId},
// so it refuses the documented formats with a slash (EBS, EC2, FSx,
// DynamoDB). Those requests run without its ARN validation; the policy
// evaluation itself is the same.
export const UNVALIDATED_NOTE =
  "simulator's ARN validation bypassed: iam-data's recoveryPoint pattern has no slash form"

function globToRegExp(pattern) {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp('^' + escaped + '$', 'i')
}

const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])

function actionMatches(statement, action) {
  if (statement.Action) return list(statement.Action).some((a) => globToRegExp(a).test(action))
  return !list(statement.NotAction).some((a) => globToRegExp(a).test(action))
}

function resourceMatches(statement, resource) {
  if (statement.Resource) return list(statement.Resource).some((r) => globToRegExp(r).test(resource))
  if (statement.NotResource) return !list(statement.NotResource).some((r) => globToRegExp(r).test(resource))
  return true // resource policies and trusts may leave Resource out
}

// relevantStatements names, for the findings, the statements of a document
// whose action matches the request, and whether their resource does.
export function relevantStatements(doc, action, resource) {
  if (!doc) return []
  return list(doc.policy.Statement)
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => actionMatches(s, action))
    .map(({ s, i }) => `${s.Sid ?? `Statement[${i}]`} (${s.Effect}, resource ${resourceMatches(s, resource) ? 'matches' : 'does not match'}${s.Condition ? ', conditional' : ''})`)
}

// principalContext fills the global condition keys AWS sets for a request
// from an IAM role session.
export function principalContext(p) {
  const ctx = {}
  if (p.roleArn) ctx['aws:PrincipalArn'] = p.roleArn
  if (p.account) ctx['aws:PrincipalAccount'] = p.account
  if (p.orgId) ctx['aws:PrincipalOrgID'] = p.orgId
  if (p.orgPaths) ctx['aws:PrincipalOrgPaths'] = p.orgPaths
  return { ...ctx, ...(p.context ?? {}) }
}

// FullAWSAccess, attached by default to every root, OU and account
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }

// serviceControlPolicies are the levels of the principal's organization path,
// with the component's SCPs on the deployment's target.
function serviceControlPolicies(p) {
  if (!p.scps?.length) return []
  const full = { name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }
  const segments = p.orgPaths[0].split('/').filter(Boolean).slice(1)
  if (!segments.includes(p.scpTarget)) throw new Error(`${p.scpTarget} is not on the path ${p.orgPaths[0]}`)
  return [
    ...segments.map((id) => ({ orgIdentifier: id,
      policies: id === p.scpTarget ? [full, ...p.scps.map((d, j) => ({ name: `scp${j}`, policy: d.policy }))] : [full] })),
    { orgIdentifier: p.account, policies: [full] },
  ]
}

function simulation(sc) {
  return {
    request: {
      principal: sc.principal.arn,
      action: sc.action,
      resource: { resource: sc.resource, accountId: sc.resourceAccount },
      contextVariables: { ...principalContext(sc.principal), ...(sc.context ?? {}) },
    },
    identityPolicies: (sc.identity ?? []).map((d, i) => ({ name: `identity${i}`, policy: d.policy })),
    serviceControlPolicies: serviceControlPolicies(sc.principal),
    resourceControlPolicies: [],
    resourcePolicy: sc.resourcePolicy?.policy,
  }
}

// run returns {actual: 'Allowed'|'Denied'|'Error', detail, note}.
export async function run(sc) {
  // A row decided from the rendered documents alone, without a request.
  if (sc.check) return sc.check()
  // An attack in links: allowed when every link has an allowed alternative.
  if (sc.chain) {
    const links = []
    for (const alternatives of sc.chain) {
      const results = []
      for (const step of alternatives) results.push({ step, ...(await run(step)) })
      links.push(results)
    }
    const errors = links.flat().filter((r) => r.actual === 'Error')
    const allowed = links.every((rs) => rs.some((r) => r.actual === 'Allowed'))
    return {
      actual: errors.length ? 'Error' : allowed ? 'Allowed' : 'Denied',
      detail: links.map((rs) => rs.map((r) => `${r.step.title}: ${r.detail}`).join(' or ')).join('; then '),
      note: links.flat().find((r) => r.note)?.note,
    }
  }
  // A request whose rendered policy was not found must not pass as denied.
  if ('resourcePolicy' in sc && !sc.resourcePolicy) {
    return { actual: 'Error', detail: 'the resource-side policy of this request is not in the rendered output' }
  }
  if ((sc.identity ?? []).some((d) => !d)) {
    return { actual: 'Error', detail: 'an identity policy of this request is not in the rendered output' }
  }
  const sim = simulation(sc)
  const result = await runSimulation(sim, {})
  if (result.resultType === 'error') {
    if (result.errors.message === 'no.resource.types') {
      // runUnsafeSimulation loads the resource policy without a name and then
      // reads it (0.1.173); a validated-policy value carries one.
      const named = sim.resourcePolicy
        ? { ...sim, resourcePolicy: { __validated: true, policyDocument: sim.resourcePolicy, metadata: { name: 'resource policy' } } }
        : sim
      const decision = runUnsafeSimulation(named, {})
      return { actual: decision === 'Allowed' ? 'Allowed' : 'Denied', detail: decision, note: UNVALIDATED_NOTE }
    }
    return { actual: 'Error', detail: JSON.stringify(result.errors) }
  }
  const decision = result.overallResult
  // The simulator drops context keys it does not know for the action; a
  // dropped key would decide the row by accident.
  const ignored = result.resultType === 'single' ? result.result.ignoredContextKeys ?? []
    : result.results.flatMap((r) => r.ignoredContextKeys ?? [])
  if (ignored.length) return { actual: 'Error', detail: `${decision}, but the simulator ignored ${ignored.join(', ')}` }
  return { actual: decision === 'Allowed' ? 'Allowed' : 'Denied', detail: decision }
}
