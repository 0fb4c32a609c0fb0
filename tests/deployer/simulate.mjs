// Runs requests against an identity policy with the offline IAM simulator
// @cloud-copilot/iam-simulate and prints each decision, one JSON object a line.
//
// usage: node simulate.mjs SCENARIOS.json
// SCENARIOS.json: {principal, policy, requests: [{action, resource, account, context,
// resourcePolicy}]}: the identity policy and, for a request to a key or to the
// organization, the resource-side policy (key policy, delegation policy).
// decision is Allowed or Denied (explicitly or implicitly); result is the simulator's.
import { readFileSync } from 'node:fs'
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate'

const scenarios = JSON.parse(readFileSync(process.argv[2], 'utf8'))

for (const r of scenarios.requests) {
  const simulation = {
    request: {
      principal: scenarios.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.account },
      contextVariables: r.context ?? {},
    },
    identityPolicies: [{ name: 'deployer', policy: scenarios.policy }],
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
