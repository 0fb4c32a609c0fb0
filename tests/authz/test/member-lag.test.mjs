// The member logically air-gapped vault rows (scenarios-member-lag.mjs)
// must notice a vault policy that lost a statement or an exemption, in
// both member shapes: the StackSet one of lag-pitr (the template's
// AirGappedVault AccessPolicy) and the MemberAccount one, which no example
// renders with a member air-gapped vault, so this test renders
// member-stacks with primaryBackupToLogicallyAirGappedVault on its
// air-gapped plan (render is built before the tier runs: mk/authz.mk).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'
import { exampleRows } from '../lib/tier.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const renderedRoot = process.env.ORGBACKUP_RENDERED ?? path.join(here, '../../../.cache/rendered')
const examplesDir = process.env.ORGBACKUP_EXAMPLES ?? path.join(here, '../../../examples/config')
const render = process.env.ORGBACKUP_BIN ?? path.join(here, '../../../bin/orgbackup')
const LAG = 'org-aws-backup-ca-prod-lag-7-35'
const GROUPS = ['allowed: member air-gapped vault', 'denied: member air-gapped vault']

const readJSON = (file) => JSON.parse(fs.readFileSync(file, 'utf8'))
const writeJSON = (file, value) => fs.writeFileSync(file, JSON.stringify(value))
const bad = (rows) => rows.filter((r) => r.actual !== 'not expressible' && r.actual !== r.expected)
const titles = (rows) => rows.map((r) => `${r.group}: ${r.title} (${r.actual})`).join('\n')

// rowsAfter copies a rendered example, applies mutate to the copy and
// returns its rows.
async function rowsAfter(renderedDir, configFile, mutate = () => {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authz-member-lag-'))
  try {
    fs.cpSync(renderedDir, dir, { recursive: true })
    mutate(dir)
    return await exampleRows(dir, configFile)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

// The StackSet shape: lag-pitr's template.
const stackSet = (mutate) => rowsAfter(path.join(renderedRoot, 'lag-pitr'), path.join(examplesDir, 'lag-pitr.yaml'), (dir) => {
  const file = path.join(dir, 'stacksets', 'ca-prod.json')
  const template = readJSON(file)
  mutate(template.Resources.AirGappedVault.Properties.AccessPolicy)
  writeJSON(file, template)
})
// Every role of the account, as the template writes an ARN (resolved per account).
const anyRole = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*' }
const withoutStatement = (sid) => (policy) => { policy.Statement = policy.Statement.filter((s) => s.Sid !== sid) }

test('lag-pitr has member air-gapped vault rows of every kind, and no mismatch', async () => {
  const rows = await stackSet(() => {})
  const lag = rows.filter((r) => GROUPS.includes(r.group))
  assert.deepEqual(bad(rows).map((r) => r.title), [])
  const has = (group, re) => assert.ok(lag.some((r) => r.group === group && re.test(r.title)), `${group} ${re}`)
  has('allowed: member air-gapped vault', /member backup service role starts a backup job into .*lag-7-35 \(eu-west-1\)/)
  has('allowed: member air-gapped vault', /member backup service role copies into .*lag-7-35 \(eu-west-2\)/)
  has('allowed: member air-gapped vault', /vault manager sets the access policy of/)
  has('allowed: member air-gapped vault', /vault manager associates the approval team of/)
  has('allowed: member air-gapped vault', /AWS Backup's service-linked role .* backup:TagResource/)
  // In this shape the vault manager alone manages the vault: the admin
  // roles, like everyone else, neither take its approval team nor tag.
  for (const who of ['admin role BackupAdmin', 'developer \\(PowerUserAccess\\)', 'account administrator']) {
    for (const action of ['DeleteBackupVault', 'DeleteBackupVaultAccessPolicy', 'PutBackupVaultAccessPolicy',
      'DisassociateBackupVaultMpaApprovalTeam', 'AssociateBackupVaultMpaApprovalTeam', 'PutBackupVaultSharingPolicy',
      'DeleteBackupVaultSharingPolicy', 'StartBackupJob', 'CopyIntoBackupVault']) {
      has('denied: member air-gapped vault', new RegExp(`^${who}.* backup:${action} on the member air-gapped ${LAG}$`))
    }
    for (const action of ['DeleteRecoveryPoint', 'UpdateRecoveryPointLifecycle', 'DisassociateRecoveryPoint', 'TagResource']) {
      has('denied: member air-gapped vault', new RegExp(`^${who}.* backup:${action} on a EBS recovery point in`))
    }
  }
  has('denied: member air-gapped vault', /^outside the organization: .* backup:CopyIntoBackupVault into/)
  has('denied: member air-gapped vault', /^outside the organization: .* backup:AssociateBackupVaultMpaApprovalTeam on/)
  has('denied: member air-gapped vault', /^other deployment: .* backup:DeleteBackupVault on/)
  has('denied: member air-gapped vault', /^other deployment: .* backup:AssociateBackupVaultMpaApprovalTeam on/)
  has('denied: member air-gapped vault', /'s vault manager role .* in this account: backup:AssociateBackupVaultMpaApprovalTeam on/)
  has('denied: member air-gapped vault', /^vault manager backup:PutBackupVaultSharingPolicy on/)
  has('denied: member air-gapped vault', /^developer takes over the vault manager, whose role then backup:AssociateBackupVaultMpaApprovalTeam/)
  assert.ok(!lag.some((r) => r.expected === 'Allowed' && /^admin role/.test(r.title)), 'no admin role manages the vault in this shape')
  // The member principals carry the guard SCP.
  assert.ok(lag.filter((r) => /^admin role|^developer \(/.test(r.title) && r.principal).every((r) => r.principal.scps?.length > 0))
})

test('an air-gapped vault policy without its protection lets the admin role delete the vault and the points', async () => {
  const found = bad(await stackSet(withoutStatement('ProtectVaultAndContents')))
  const has = (re) => assert.ok(found.some((r) => re.test(r.title)), String(re))
  has(/^admin role BackupAdmin .* backup:DeleteBackupVault on the member air-gapped/)
  has(/^admin role BackupAdmin .* backup:DisassociateBackupVaultMpaApprovalTeam on the member air-gapped/)
  has(/^admin role BackupAdmin .* backup:PutBackupVaultSharingPolicy on the member air-gapped/)
  has(/^admin role BackupAdmin .* backup:DeleteBackupVaultSharingPolicy on the member air-gapped/)
  has(/^admin role BackupAdmin .* backup:DisassociateRecoveryPointFromParent on a RDS recovery point in/)
  has(/^admin role BackupAdmin .* backup:DeleteRecoveryPoint on a EBS recovery point in/)
  has(/^developer \(PowerUserAccess\) backup:UpdateRecoveryPointLifecycle on a RDS recovery point in/)
  has(/the ingest's .*-central-access shortens a EFS\/S3\/other recovery point in/)
  // The guard still denies the developer the vault itself.
  assert.ok(!found.some((r) => /^developer \(PowerUserAccess\) backup:DeleteBackupVault on/.test(r.title)), titles(found))
  assert.ok(found.every((r) => r.group === 'denied: member air-gapped vault' && r.actual === 'Allowed'), titles(found))
})

test('an air-gapped vault policy that lets anyone write lets the admin role back up into it', async () => {
  const found = bad(await stackSet(withoutStatement('OnlyBackupsWrite')))
  assert.ok(found.some((r) => /^admin role BackupAdmin .* backup:StartBackupJob on the member air-gapped/.test(r.title)), titles(found))
  // Cross-account, the vault policy allows nothing: the central roles stay out.
  assert.ok(!found.some((r) => /central .* copies into the member air-gapped/.test(r.title)), titles(found))
  assert.ok(found.every((r) => r.group === 'denied: member air-gapped vault' &&
    /(StartBackupJob|CopyIntoBackupVault)/.test(r.title)), titles(found))
})

test('an air-gapped vault policy without the vault manager exemption stops it setting the policy and taking the approval team, and with every role exempt lets the admin role', async () => {
  const SID = 'ProtectVaultPolicyAndApprovalTeam'
  const stopped = bad(await stackSet((policy) => {
    delete policy.Statement.find((s) => s.Sid === SID).Condition
  }))
  assert.deepEqual(stopped.map((r) => r.title).sort(), [`vault manager associates the approval team of the member air-gapped ${LAG}`,
    `vault manager sets the access policy of the member air-gapped ${LAG}`])
  const opened = bad(await stackSet((policy) => {
    policy.Statement.find((s) => s.Sid === SID).Condition.ArnNotLike['aws:PrincipalArn'] = anyRole
  }))
  for (const action of ['PutBackupVaultAccessPolicy', 'AssociateBackupVaultMpaApprovalTeam']) {
    assert.ok(opened.some((r) => new RegExp(`^admin role BackupAdmin .* backup:${action} on the member air-gapped`).test(r.title)),
      titles(opened))
  }
  assert.ok(opened.every((r) => r.group === 'denied: member air-gapped vault' &&
    /(PutBackupVaultAccessPolicy|AssociateBackupVaultMpaApprovalTeam)/.test(r.title)), titles(opened))
  // Without the approval team action, the admin role takes the first team.
  const untaken = bad(await stackSet((policy) => {
    const st = policy.Statement.find((s) => s.Sid === SID)
    st.Action = st.Action.filter((a) => a !== 'backup:AssociateBackupVaultMpaApprovalTeam')
  }))
  assert.ok(untaken.some((r) => /^admin role BackupAdmin .* backup:AssociateBackupVaultMpaApprovalTeam on the member air-gapped/.test(r.title)),
    titles(untaken))
  assert.ok(untaken.every((r) => r.group === 'denied: member air-gapped vault' && /AssociateBackupVaultMpaApprovalTeam/.test(r.title)),
    titles(untaken))
})

test('an air-gapped vault policy that exempts any role from the tag statement lets the developer tag its points', async () => {
  const found = bad(await stackSet((policy) => {
    policy.Statement.find((s) => s.Sid === 'ProtectRecoveryPointTags').Condition.ArnNotLike['aws:PrincipalArn'] = anyRole
  }))
  assert.ok(found.some((r) => /^developer \(PowerUserAccess\) backup:TagResource on a EFS\/S3\/other recovery point in/.test(r.title)))
  assert.ok(found.every((r) => r.group === 'denied: member air-gapped vault' && /(TagResource|UntagResource)/.test(r.title)),
    titles(found))
})

// The MemberAccount shape: member-stacks with its air-gapped plan as the
// primary target, rendered here.
test('MemberAccount stacks: the member air-gapped vault rows pass, and notice a policy without its protection or its managers', async (t) => {
  assert.ok(fs.existsSync(render), `${render} is built (make build; ORGBACKUP_BIN names another)`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authz-member-stacks-lag-'))
  try {
    const config = YAML.parse(fs.readFileSync(path.join(examplesDir, 'member-stacks.yaml'), 'utf8'))
    assert.equal(config.memberAccountResources, 'MemberAccountStacks')
    const [key, d] = Object.entries(config.deployments).find(([, dep]) =>
      Object.values(dep.plans ?? {}).some((p) => p.useLogicallyAirGappedVault))
    for (const plan of Object.values(d.plans)) if (plan.useLogicallyAirGappedVault) plan.primaryBackupToLogicallyAirGappedVault = true
    const configFile = path.join(dir, 'member-stacks-lag.yaml')
    fs.writeFileSync(configFile, YAML.stringify(config))
    const out = path.join(dir, 'rendered')
    execFileSync(render, ['render', '--config', configFile, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] })
    assert.ok(fs.existsSync(path.join(out, 'policies-iam', 'member', key, 'AirGappedVault.policy.json')))

    const rows = await rowsAfter(out, configFile)
    assert.deepEqual(bad(rows).map((r) => r.title), [])
    const lag = rows.filter((r) => GROUPS.includes(r.group) && r.deployment === key)
    const lagName = rows.find((r) => r.deployment === key && r.group === 'rendered: what the scenarios use' &&
      r.title.startsWith('the member air-gapped vault '))?.title.split(' ')[4]
    assert.ok(lagName, 'the member air-gapped vault presence row names it')
    const allowed = lag.filter((r) => r.expected === 'Allowed')
    const denied = lag.filter((r) => r.expected === 'Denied')
    t.diagnostic(`MemberAccount shape: ${allowed.length} allowed and ${denied.length} denied member air-gapped vault rows, ` +
      `${rows.filter((r) => r.deployment === key && /on the member air-gapped vault/.test(r.title)).length} guard rows`)
    assert.ok(allowed.some((r) => /member backup service role starts a backup job into/.test(r.title)))
    assert.ok(allowed.some((r) => /AWS Backup's service-linked role .* backup:TagResource/.test(r.title)))
    assert.ok(!allowed.some((r) => /vault manager/.test(r.title)), 'no vault manager in this shape')
    // The admin roles that run the stack are the vault's managers: they
    // take its approval team and tag, and nothing more.
    const has = (rows, re) => assert.ok(rows.some((r) => re.test(r.title)), String(re))
    for (const admin of d.adminRoleNames) {
      has(allowed, new RegExp(`^admin role ${admin} .* associates the approval team of the member air-gapped`))
      has(allowed, new RegExp(`^admin role ${admin} .* backup:TagResource on the member air-gapped`))
      has(allowed, new RegExp(`^admin role ${admin} .* backup:TagResource on a EBS recovery point in`))
      has(allowed, new RegExp(`^admin role ${admin} .* backup:UntagResource on a EFS/S3/other recovery point in`))
      for (const action of ['PutBackupVaultAccessPolicy', 'PutBackupVaultSharingPolicy', 'DeleteBackupVaultSharingPolicy',
        'DisassociateBackupVaultMpaApprovalTeam', 'DeleteBackupVault', 'StartBackupJob']) {
        has(denied, new RegExp(`^admin role ${admin} \\(AdministratorAccess\\) backup:${action} on the member air-gapped`))
      }
      has(denied, new RegExp(`^admin role ${admin} .* backup:DeleteRecoveryPoint on a EBS recovery point in`))
    }
    for (const who of ['developer \\(PowerUserAccess\\)', 'account administrator', 'other deployment:', 'outside the organization:',
      'member backup service role']) {
      has(denied, new RegExp(`^${who}.* backup:AssociateBackupVaultMpaApprovalTeam on the member air-gapped`))
    }
    has(denied, /^developer \(PowerUserAccess\) backup:TagResource on a EBS recovery point in/)
    has(denied, /no vault manager in this shape.*PutBackupVaultAccessPolicy/)
    has(denied, /no vault manager in this shape.*AssociateBackupVaultMpaApprovalTeam/)
    assert.ok(lag.every((r) => r.resourcePolicy?.file?.endsWith(path.join('member', key, 'AirGappedVault.policy.json'))),
      'every row has the MemberAccount document as its vault policy')

    const policyFile = (copy) => path.join(copy, 'policies-iam', 'member', key, 'AirGappedVault.policy.json')
    const vaultPolicyAfter = (mutate, alsoMutate = () => {}) => rowsAfter(out, configFile, (copy) => {
      const policy = readJSON(policyFile(copy))
      mutate(policy)
      writeJSON(policyFile(copy), policy)
      alsoMutate(copy)
    })
    const statement = (policy, sid) => {
      const st = policy.Statement.find((s) => s.Sid === sid)
      assert.ok(st, `${sid} is in the MemberAccount air-gapped vault policy`)
      return st
    }
    const onlyLAG = (rows) => rows.every((r) => GROUPS.includes(r.group) && r.deployment === key)

    const found = bad(await vaultPolicyAfter(withoutStatement('ProtectVaultAndContents')))
    has(found, /^admin role BackupAdmin .* backup:DeleteRecoveryPoint on a EBS recovery point in/)
    has(found, /^admin role BackupAdmin .* backup:PutBackupVaultSharingPolicy on the member air-gapped/)
    assert.ok(found.every((r) => r.group === 'denied: member air-gapped vault' && r.deployment === key), titles(found))

    // Without its exemption the approval team statement stops the managers;
    // without the statement the guard alone keeps the others from the team.
    const unmanaged = bad(await vaultPolicyAfter((policy) => { delete statement(policy, 'ProtectApprovalTeam').Condition }))
    assert.deepEqual(unmanaged.map((r) => r.title).sort(), d.adminRoleNames.map((admin) =>
      `admin role ${admin} (AdministratorAccess) (a manager of the vault in this shape) associates the approval team of the member air-gapped ${lagName}`).sort())
    const noTagManagers = bad(await vaultPolicyAfter((policy) => {
      const c = statement(policy, 'ProtectRecoveryPointTags').Condition.ArnNotLike
      c['aws:PrincipalArn'] = c['aws:PrincipalArn'].filter((a) => !d.adminRoleNames.some((admin) => a.endsWith(`:role/${admin}`)))
    }))
    has(noTagManagers, /^admin role BackupAdmin .* backup:TagResource on a EBS recovery point in/)
    assert.ok(noTagManagers.every((r) => r.expected === 'Allowed' && /^admin role .*(TagResource|UntagResource)/.test(r.title)) &&
      onlyLAG(noTagManagers), titles(noTagManagers))
    // The vault policy is the second line behind the guard: without the
    // guard's approval team action, the developer still cannot take the
    // team, unless the vault policy exempts every role too.
    const guardFile = (copy) => path.join(copy, 'org-prerequisites', 'resources.json')
    const withoutGuardTeam = (copy) => {
      const resources = readJSON(guardFile(copy))
      let edited = 0
      for (const r of resources) {
        if (typeof r.inputs?.content !== 'string' || !r.inputs.content.includes('ProtectMemberVaults')) continue
        const doc = JSON.parse(r.inputs.content)
        const st = doc.Statement.find((s) => s.Sid === 'ProtectMemberVaults')
        st.Action = st.Action.filter((a) => a !== 'backup:AssociateBackupVaultMpaApprovalTeam')
        r.inputs.content = JSON.stringify(doc)
        edited++
      }
      assert.ok(edited > 0, 'the guard SCP is in the rendered resources')
      writeJSON(guardFile(copy), resources)
    }
    const guardOnly = bad(await vaultPolicyAfter(() => {}, withoutGuardTeam))
    assert.ok(guardOnly.length > 0 && guardOnly.every((r) => r.group === 'denied: guarded member resources' &&
      /backup:AssociateBackupVaultMpaApprovalTeam on the member air-gapped vault/.test(r.title)), titles(guardOnly))
    assert.ok(!guardOnly.some((r) => GROUPS.includes(r.group)), titles(guardOnly))
    const bothOpen = bad(await vaultPolicyAfter((policy) => {
      // The MemberAccount document writes ARNs as strings with placeholders.
      statement(policy, 'ProtectApprovalTeam').Condition.ArnNotLike['aws:PrincipalArn'] = anyRole['Fn::Sub']
    }, withoutGuardTeam))
    has(bothOpen, /^developer \(PowerUserAccess\) backup:AssociateBackupVaultMpaApprovalTeam on the member air-gapped member-/)
    has(bothOpen, /^account administrator .* backup:AssociateBackupVaultMpaApprovalTeam on the member air-gapped member-/)
    assert.ok(bothOpen.every((r) => /backup:AssociateBackupVaultMpaApprovalTeam/.test(r.title)), titles(bothOpen))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
