// The rows of one rendered example: its scenarios through the simulator,
// and the checks of the rendered output the scenarios rely on.
import { loadExample } from './rendered.mjs'
import { scenariosFor } from './scenarios.mjs'
import { reviewScenariosFor } from './review.mjs'
import { reconcilerScenariosFor } from './scenarios-reconciler.mjs'
import { alertScenariosFor } from './scenarios-alerts.mjs'
import { guardrailScenariosFor } from './scenarios-guardrails.mjs'
import { memberLAGScenariosFor } from './scenarios-member-lag.mjs'
import { notExpressibleRows, presenceRows, selectedTypeRows, stackSetOrderRows, staticRows } from './static.mjs'
import { relevantStatements, run } from './simulate.mjs'

// responsible lists, per policy of a request, the statements whose action
// matches it: where to look when the decision is not the expected one.
function responsible(sc) {
  if (sc.chain) return sc.chain.flat().flatMap(responsible)
  const out = []
  for (const d of [...(sc.identity ?? []), ...(sc.resourcePolicy ? [sc.resourcePolicy] : [])]) {
    const statements = relevantStatements(d, sc.action, sc.resource)
    out.push(`${d.file}: ${statements.length ? statements.join('; ') : 'no statement for ' + sc.action}`)
  }
  if (!sc.resourcePolicy) out.push('no resource-side policy in the request')
  return out
}

// evaluate runs a scenario and keeps, for a mismatch, the statements that
// decided it.
export async function evaluate(sc) {
  const result = await run(sc)
  return { ...sc, ...result, responsible: result.actual === sc.expected ? [] : responsible(sc) }
}

// exampleRows evaluates every row of the example render wrote to dir from
// the config file.
export async function exampleRows(dir, configFile) {
  const example = loadExample(dir, configFile)
  const rows = []
  for (const sc of scenariosFor(example)) rows.push(await evaluate(sc))
  for (const sc of reviewScenariosFor(example)) rows.push(await evaluate(sc))
  for (const sc of reconcilerScenariosFor(example)) rows.push(await evaluate(sc))
  for (const sc of alertScenariosFor(example, dir)) rows.push(await evaluate(sc))
  for (const sc of guardrailScenariosFor(example)) rows.push(await evaluate(sc))
  for (const sc of memberLAGScenariosFor(example)) rows.push(await evaluate(sc))
  for (const sc of (await import('./scenarios-refused-copy.mjs')).refusedCopyScenariosFor(example)) rows.push(await evaluate(sc))
  for (const sc of (await import('./scenarios-restore-testing.mjs')).restoreTestingScenariosFor(example)) rows.push(await evaluate(sc))
  for (const sc of (await import('./scenarios-member-locked.mjs')).memberLockedScenariosFor(example)) rows.push(await evaluate(sc))
  for (const sc of (await import('./scenarios-key-sharing.mjs')).keySharingScenariosFor(example, dir)) rows.push(await evaluate(sc))
  const audit = await import('./scenarios-audit-reports.mjs')
  for (const sc of audit.auditReportScenariosFor(example, dir)) rows.push(await evaluate(sc))
  rows.push(...audit.auditReportNotExpressibleRows(example, dir))
  rows.push(...presenceRows(example))
  rows.push(...selectedTypeRows(example, dir))
  rows.push(...stackSetOrderRows(example, dir))
  rows.push(...staticRows(example, dir))
  rows.push(...notExpressibleRows(example))
  return rows
}
