// The authorization tier: every scenario of the table for every rendered
// example, through the IAM simulator. Prints the table (expected and actual)
// and exits 1 on any mismatch.
//
//   ORGBACKUP_RENDERED=<dir of render outputs, one per example>
//   ORGBACKUP_EXAMPLES=<dir of the example configs>   (default examples/config)
//   ORGBACKUP_AUTHZ_FINDINGS=<file>   also write the mismatches as Markdown
//   ORGBACKUP_AUTHZ_QUIET=1           print only the mismatches and the summary
//   ORGBACKUP_AUTHZ_TABLE=<file>      also write every row with its request and policies as JSON
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { principalContext } from './lib/simulate.mjs'
import { selfCheckRows } from './lib/selfcheck.mjs'
import { evaluate, exampleRows } from './lib/tier.mjs'
import { ACCESS_CONTROL_URL } from './lib/recovery-points.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const renderedRoot = process.env.ORGBACKUP_RENDERED ?? path.join(here, '../../.cache/rendered')
const examplesDir = process.env.ORGBACKUP_EXAMPLES ?? path.join(here, '../../examples/config')
const printAll = process.env.ORGBACKUP_AUTHZ_QUIET !== '1'

async function main() {
  const started = process.hrtime.bigint()
  const rows = []
  const examples = fs.readdirSync(renderedRoot).filter((e) => fs.existsSync(path.join(renderedRoot, e, 'resources.json'))).sort()
  if (examples.length === 0) throw new Error(`no rendered examples under ${renderedRoot}`)
  for (const sc of selfCheckRows()) rows.push(await evaluate(sc))
  for (const name of examples) {
    rows.push(...await exampleRows(path.join(renderedRoot, name), path.join(examplesDir, name + '.yaml')))
  }
  const mismatches = rows.filter((r) => r.actual !== 'not expressible' && r.actual !== r.expected)
  const header = ['example', 'shape', 'deployment', 'group', 'expected', 'actual', '', 'scenario']
  const line = (r) => [r.example, r.shape, r.deployment, r.group, r.expected, r.actual,
    r.actual === 'not expressible' ? '~' : r.actual === r.expected ? 'ok' : 'MISMATCH',
    r.title + (r.note ? ` [${r.note}]` : '') + (r.actual === 'not expressible' ? ` — ${r.detail} (${r.url})` : '')]
  const shown = printAll ? rows : rows.filter((r) => r.actual !== r.expected)
  console.log(header.join(' | '))
  for (const r of shown) console.log(line(r).join(' | '))
  const count = (f) => rows.filter(f).length
  const sim = rows.filter((r) => r.expected === 'Allowed' || r.expected === 'Denied')
  console.log('')
  console.log(`recovery point ARN formats: ${ACCESS_CONTROL_URL}`)
  console.log(`examples: ${examples.join(', ')}`)
  for (const exp of ['Allowed', 'Denied']) {
    const these = sim.filter((r) => r.expected === exp)
    console.log(`expected ${exp}: ${these.length} (actual Allowed ${these.filter((r) => r.actual === 'Allowed').length}, ` +
      `Denied ${these.filter((r) => r.actual === 'Denied').length}, Error ${these.filter((r) => r.actual === 'Error').length})`)
  }
  const byGroup = new Map()
  for (const r of sim) {
    const k = `${r.group} | expected ${r.expected}`
    const c = byGroup.get(k) ?? { rows: 0, Allowed: 0, Denied: 0, Error: 0 }
    c.rows++
    c[r.actual]++
    byGroup.set(k, c)
  }
  for (const [k, c] of byGroup) {
    console.log(`  ${k}: ${c.rows} (actual Allowed ${c.Allowed}, Denied ${c.Denied}${c.Error ? `, Error ${c.Error}` : ''})`)
  }
  console.log(`static checks: ${count((r) => r.expected === 'None')} (${count((r) => r.expected === 'None' && r.actual !== 'None')} failing)`)
  console.log(`rendered-output checks (resources the scenarios use, selected types, StackSet order): ${count((r) => r.expected === 'Present')} (${count((r) => r.expected === 'Present' && r.actual !== 'Present')} missing)`)
  console.log(`not expressible: ${count((r) => r.actual === 'not expressible')}`)
  console.log(`evaluated without the simulator's ARN validation: ${count((r) => r.note)}`)
  console.log(`mismatches: ${mismatches.length}`)
  console.log(`time: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`)
  if (process.env.ORGBACKUP_AUTHZ_FINDINGS) writeFindings(process.env.ORGBACKUP_AUTHZ_FINDINGS, mismatches, rows)
  if (process.env.ORGBACKUP_AUTHZ_TABLE) fs.writeFileSync(process.env.ORGBACKUP_AUTHZ_TABLE, JSON.stringify(rows.map(tableRow), null, 1))
  if (mismatches.length) process.exitCode = 1
}

// tableRow is a row as the JSON table holds it: the request, the policies
// by where they come from, the expected and actual decisions.
function tableRow(r) {
  const request = (sc) => sc.principal && {
    principal: sc.principal.arn, principalAccount: sc.principal.account, principalArn: sc.principal.roleArn,
    action: sc.action, resource: sc.resource, resourceAccount: sc.resourceAccount,
    context: { ...principalContext(sc.principal), ...(sc.context ?? {}) },
    identityPolicies: (sc.identity ?? []).map((d) => d?.file), resourcePolicy: sc.resourcePolicy?.file,
  }
  return { example: r.example, shape: r.shape, deployment: r.deployment, group: r.group, scenario: r.title,
    ...request(r), chain: r.chain?.map((alts) => alts.map(request)), expected: r.expected, actual: r.actual,
    detail: r.detail, note: r.note, url: r.url }
}

// kindOf names a mismatch independently of example, region, resource type
// and physical names, so the findings list each defect once.
const TYPES = /\b(EBS|EC2|RDS|Aurora|FSx|DynamoDB|Redshift|StorageGateway|EFS\/S3\/other)\b/
function kindOf(r) {
  const title = r.title
    .replace(/\((eu|us|ap|ca|sa|me|af|il)-[a-z]+-\d\)/g, '(region)')
    .replace(TYPES, '<type>')
    .replace(/\/aws\/events\/[^ :]+/g, '<log group>')
    .replace(/[a-z0-9-]+-standard-\d+-\d+/g, '<standard vault>')
    .replace(/[a-z0-9-]+-lag-\d+-\d+/g, '<air-gapped vault>')
    .replace(/[a-z0-9-]+-intermediate\b/g, '<intermediate vault>')
    .replace(/[a-z0-9-]+-cmk\b/g, 'M-cmk')
    .replace(/[a-z0-9-]+-default\b/g, 'M-default')
    .replace(/[a-z0-9-]+-(backup-service-role|central-access|restore-access|event-forwarder|backup-ingest-sfn-states|backup-ingest-sfn|backup-restore-sfn)\b/g, '<$1>')
    .replace(/policies-iam\/member\/[^/]+\//, 'policies-iam/member/<deployment>/')
    .replace(/policies-iam\/central\/[^/]+?-role-/, "policies-iam/central/<deployment>-role-")
  return `${r.group} — ${title} — expected ${r.expected}, actual ${r.actual}`
}

function writeFindings(file, mismatches, rows) {
  const groups = new Map()
  for (const r of mismatches) {
    const kind = kindOf(r)
    if (!groups.has(kind)) groups.set(kind, [])
    groups.get(kind).push(r)
  }
  const out = ['# Authorization tier findings (issue 9)', '',
    `${mismatches.length} mismatching rows of ${rows.length}, in ${groups.size} kinds. Written by ` +
    '`tests/authz/run.mjs` (ORGBACKUP_AUTHZ_FINDINGS); every run overwrites this file. Each kind names one ' +
    'example request, the simulator\'s decision and, per policy in the request, the statements whose action matches.', '']
  for (const [kind, rs] of groups) {
    const r = rs[0]
    const types = [...new Set(rs.map((x) => TYPES.exec(x.title)?.[1]).filter(Boolean))]
    out.push(`## ${kind}`, '',
      `- where: ${[...new Set(rs.map((x) => `${x.example}/${x.deployment}`))].join(', ')} (${rs.length} rows)` +
        (types.length ? `; recovery point types: ${types.join(', ')}` : ''))
    if (r.principal) out.push(`- request: ${r.principal.arn} ${r.action} ${r.resource}`)
    for (const step of (r.chain ?? []).flat()) out.push(`- link: ${step.principal.arn} ${step.action} ${step.resource}`)
    out.push(`- result: ${r.detail}${r.note ? ` (${r.note})` : ''}`)
    if (r.why) out.push(`- why it matters: ${r.why}`)
    for (const resp of r.responsible ?? []) out.push(`- ${resp}`)
    if (r.url) out.push(`- AWS: ${r.url}`)
    out.push('')
  }
  fs.writeFileSync(file, out.join('\n'))
}

await main()
