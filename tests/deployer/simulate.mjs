// Runs requests against an identity policy with the offline IAM simulator
// @cloud-copilot/iam-simulate and prints each decision, one JSON object a line.
//
// usage: node simulate.mjs SCENARIOS.json
// SCENARIOS.json: {principal, policies, requests: [{action, resource, account, context,
// resourcePolicy}]}: the identity policies attached to the principal together
// (the deployer's managed policies) and, for a request to a key or to the
// organization, the resource-side policy (key policy, delegation policy).
// decision is Allowed or Denied (explicitly or implicitly); result is the simulator's.
import { readFileSync } from 'node:fs'
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate'

const scenarios = JSON.parse(readFileSync(process.argv[2], 'utf8'))
if (!Array.isArray(scenarios.policies) || scenarios.policies.length === 0) {
  throw new Error(`${process.argv[2]}: policies must be a non-empty list of identity policies`)
}
const identityPolicies = scenarios.policies.map((policy, i) => ({ name: `deployer-${i + 1}`, policy }))

for (const r of scenarios.requests) {
  const simulation = {
    request: {
      principal: scenarios.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.account },
      contextVariables: r.context ?? {},
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: r.resourcePolicy,
  }
  const result = await runSimulation(simulation, {})
  let outcome
  let validated = true
  if (result.resultType === 'error') {
    if (!['no.resource.types', 'multiple.resource.types'].includes(result.errors.message)) {
      console.log(JSON.stringify({ ...r, resourcePolicy: undefined, decision: 'Error', result: result.errors }))
      continue
    }
    // iam-simulate 0.1.173 finds no resource type, or two (a backup vault's
    // ARN is also a logically air-gapped vault's), for some ARNs: the policies
    // are then evaluated without validating the ARN.
    const named = simulation.resourcePolicy
      ? { ...simulation, resourcePolicy: { __validated: true, policyDocument: simulation.resourcePolicy, metadata: { name: 'resource policy' } } }
      : simulation
    outcome = runUnsafeSimulation(named, {})
    validated = false
  } else {
    outcome = result.overallResult
  }
  const decision = outcome === 'Allowed' ? 'Allowed' : 'Denied'
  console.log(JSON.stringify({ ...r, resourcePolicy: undefined, decision, result: outcome, validated }))
}
