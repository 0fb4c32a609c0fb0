// Rows the simulator cannot decide, kept in the table: structural checks of
// the rendered documents, and scenarios marked not expressible with the AWS
// documentation that settles them.
import fs from 'node:fs'
import path from 'node:path'
import { formatsFor, recoveryPointTypes } from './recovery-points.mjs'

const PRINCIPAL_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles'

const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])

// rendered policy documents of an example: [file, ownerAccount, document].
function renderedDocuments(renderedDir, central) {
  const docs = []
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (entry.name.endsWith('.json')) docs.push(file)
    }
  }
  walk(path.join(renderedDir, 'policies-iam'))
  return docs.map((file) => [file, file.includes(`${path.sep}member${path.sep}`) ? '${AWS::AccountId}' : central,
    JSON.parse(fs.readFileSync(file, 'utf8'))])
}

// The one role principal the rule below lets through: AWS Backup Audit
// Manager's service-linked role in a report bucket's policy, the statement
// AWS documents for the bucket of a report plan
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-report-plan-console.html).
// The rule's remedy does not apply there: in the role's own account, a
// grant to the account leaves the request to the role's identity policy,
// and AWSServiceRolePolicyForBackupReports (AWS's, unchangeable) has no
// s3:PutObject; a grant to "*" narrowed by aws:PrincipalArn is a public
// policy, which the bucket's BlockPublicPolicy refuses ("The meaning of
// public", https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html).
// The policy is put after the frameworks and report plans whose creation
// creates the role (provider/central/auditreports.go), and the role can be
// deleted "only after first deleting its related resources", the
// frameworks and report plans
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackupReports.html).
const DOCUMENTED_ROLE_PRINCIPAL = /^arn:[^:]+:iam::\d{12}:role\/aws-service-role\/reports\.backup\.amazonaws\.com\/AWSServiceRoleForBackupReports$/

// A role named as a principal: AWS stores it as the role's unique id, so the
// policy breaks when that role is recreated, and it cannot be created before
// the role exists (issue 9, 2c: name the account and match aws:PrincipalArn).
function rolePrincipals(doc, file) {
  const found = []
  const reportBucket = file.endsWith('-reports-bucket-policy.json')
  for (const [i, s] of list(doc.Statement).entries()) {
    for (const p of list(s.Principal?.AWS)) {
      const m = /^arn:[^:]+:iam::([^:]*):role\//.exec(p)
      if (m && !(reportBucket && DOCUMENTED_ROLE_PRINCIPAL.test(p))) found.push(`${s.Sid ?? `Statement[${i}]`}: ${p}`)
    }
  }
  return found
}

export function staticRows(example, renderedDir) {
  const rows = []
  // The member backup service role backs up; restores run with the restore
  // role, which alone has the AWS Backup restore managed policies (issue 9, 2d).
  for (const key of Object.keys(example.deployments)) {
    const m = example.deployments[key].member
    if (m.shape !== 'StackSet') continue
    const managed = m.resource('BackupServiceRole')?.Properties?.ManagedPolicyArns ?? []
    const restores = managed.filter((a) => /Restore/.test(a))
    rows.push({ example: example.name, shape: example.shape, deployment: key, group: 'static: least privilege',
      title: 'the member backup service role has no restore managed policies', expected: 'None',
      actual: restores.length ? 'Found' : 'None', detail: restores.join(', '),
      url: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html',
      responsible: restores.length ? [`stacksets/${key}.json Resources.BackupServiceRole.Properties.ManagedPolicyArns: ${restores.join(', ')}`] : [] })
  }
  const central = example.context.accountId
  for (const [file, , doc] of renderedDocuments(renderedDir, central)) {
    const found = rolePrincipals(doc, file)
    rows.push({
      example: example.name, shape: example.shape, deployment: '-', group: 'static: no role ARN as principal',
      title: `${path.relative(renderedDir, file)} names no role ARN as Principal`,
      expected: 'None', actual: found.length ? 'Found' : 'None', detail: found.join('; '), url: PRINCIPAL_URL,
      responsible: found.length ? [`${file}: ${found.join('; ')}`] : [],
    })
  }
  return rows
}

// Scenarios of the issue that an IAM policy evaluation cannot decide.
export function notExpressibleRows(example) {
  const base = { example: example.name, shape: example.shape, deployment: '-', group: 'not expressible',
    expected: '-', actual: 'not expressible' }
  const rows = [
    { ...base, title: 'a recreated central role (same ARN, new unique id) is still trusted by the member roles',
      detail: 'The simulator matches principals as ARN strings; AWS stores a role principal as the role\'s unique id, so a ' +
        'recreated role no longer matches. Covered by the static rows above (no role ARN as principal).',
      url: PRINCIPAL_URL },
    { ...base, title: 'backup:ListTags on a recovery point whose ARN is not arn:aws:backup (EBS, RDS, …) fails or succeeds',
      detail: 'IAM allows it (the rows above); whether the API accepts the ARN is service behaviour, settled by the ' +
        'ListTags reference and tested under the state machine interpreter, not by a policy evaluation.',
      url: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListTags.html' },
  ]
  if (example.shape === 'StackSet') {
    rows.push({ ...base, title: 'the vault manager ignores crafted ResourceProperties (vault names, key, policy from the template)',
      detail: 'What the function does with its event is code, not policy: the IAM consequence (its role cannot lift the ' +
        'protection of existing vaults) is in the denied rows; the function itself is tested in tests/python.',
      url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html' })
  }
  return rows
}

// presenceRows checks that what the scenarios need was rendered, so that a
// renamed or dropped resource fails the tier instead of silently removing its
// scenarios.
export function presenceRows(example) {
  const rows = []
  for (const [key, d] of Object.entries(example.deployments)) {
    const lag = Object.values(d.config.plans ?? {}).some((p) => p.useLogicallyAirGappedVault) ||
      (d.config.retainedVaults ?? []).some((v) => v.useLogicallyAirGappedVault)
    const need = [
      ...['ingest-sfn', 'restore-sfn', 'ingest-states', 'backup-service']
        .map((s) => [`central role ${key}-role-${s} with its trust`, d.roles[`${key}-role-${s}`]?.trust]),
      ...['ingest-sfn', 'restore-sfn', 'ingest-states']
        .map((s) => [`policy of ${key}-role-${s}`, d.roles[`${key}-role-${s}`]?.policy]),
    ]
    for (const region of d.regions) {
      const vaults = (kind) => d.vaults.filter((v) => v.kind === kind && v.region === region && v.policy)
      need.push(
        [`key policy (${region})`, d.keys[region]?.policy],
        [`event bus policy (${region})`, d.buses[region]?.policy],
        [`event bus log group and log rule (${region})`, d.logGroups[region] && d.rules[`${key}-log-rule-${region}`]],
        [`log resource policy (${region})`, example.logPolicies[region]],
        [`intermediate vault policy (${region})`, vaults('intermediate').length],
        [`locked standard vault policies (${region})`, vaults('standard').length],
        [`ingest and restore state machines (${region})`,
          d.stateMachines[`${key}-ingest-${region}`] && d.stateMachines[`${key}-restore-${region}`]],
      )
      if (lag) need.push([`air-gapped vault policies (${region})`, vaults('lag').length])
    }
    for (const [what, found] of need) {
      rows.push({ example: example.name, shape: example.shape, deployment: key, group: 'rendered: what the scenarios use',
        title: what, expected: 'Present', actual: found ? 'Present' : 'Missing', detail: '' })
    }
  }
  return rows
}

// selectedTypeRows checks that every resource type the rendered backup
// policies select has its recovery point format among the table's, so the
// scenarios cover every type the policies select.
export function selectedTypeRows(example, renderedDir) {
  const selectors = new Set()
  const dir = path.join(renderedDir, 'policies')
  for (const file of fs.readdirSync(dir)) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
    for (const plan of Object.values(doc.plans ?? {})) {
      for (const sel of Object.values(plan.selections?.resources ?? {})) {
        for (const t of sel.resource_types?.['@@assign'] ?? []) selectors.add(t)
      }
    }
  }
  const known = new Set(recoveryPointTypes.map((t) => t.type))
  return [...selectors].sort().map((selector) => {
    const formats = formatsFor(selector)
    const ok = formats && formats.every((f) => known.has(f))
    return { example: example.name, shape: example.shape, deployment: '-', group: 'rendered: selected resource types',
      title: `${selector} has its recovery point formats in the table (${formats ? formats.join(', ') : 'none'})`,
      expected: 'Present', actual: ok ? 'Present' : 'Missing', detail: '',
      url: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/access-control.html#access-control-resources' }
  })
}

// stackSetOrderRows checks that the StackSet instances wait for every
// central role the member template names (issue 9, 2c): a member stack that
// runs before such a role exists fails.
export function stackSetOrderRows(example, renderedDir) {
  if (example.shape !== 'StackSet') return []
  const central = example.context.accountId
  const resources = JSON.parse(fs.readFileSync(path.join(renderedDir, 'resources.json'), 'utf8'))
  const rows = []
  for (const key of Object.keys(example.deployments)) {
    const template = fs.readFileSync(path.join(renderedDir, 'stacksets', key + '.json'), 'utf8')
    const named = new Set([...template.matchAll(new RegExp(`arn:[^:"]+:iam::${central}:role/([A-Za-z0-9+=,.@_-]+)`, 'g'))].map((m) => m[1]))
    const instances = resources.find((r) => r.type === 'aws:cloudformation/stackInstances:StackInstances' && r.deployment === key)
    for (const name of [...named].sort()) {
      const role = resources.find((r) => r.type === 'aws:iam/role:Role' && r.physicalName === name)
      const waits = role && (instances?.dependsOn ?? []).includes(role.name)
      rows.push({ example: example.name, shape: example.shape, deployment: key, group: 'rendered: StackSet instances wait for central roles',
        title: `the stack instances depend on ${role?.name ?? 'a resource for role ' + name}`, expected: 'Present',
        actual: waits ? 'Present' : 'Missing', detail: '' })
    }
  }
  return rows
}
