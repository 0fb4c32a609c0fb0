// The guardrail rows (scenarios-guardrails.mjs) must notice a guard SCP that
// lost a statement, an exemption, or names an action AWS does not have:
// each test breaks the rendered SCP of a protectMemberResources example and
// checks that the rows then mismatch where they should, and only there.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { exampleRows } from '../lib/tier.mjs'
import { referenceProblems } from '../lib/scenarios-guardrails.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const renderedRoot = process.env.ORGBACKUP_RENDERED ?? path.join(here, '../../../.cache/rendered')
const examplesDir = process.env.ORGBACKUP_EXAMPLES ?? path.join(here, '../../../examples/config')
const EXAMPLE = 'lag-pitr' // StackSet shape with protectMemberResources
const GUARD = 'ca-prod-vault-manager-guard'

// mismatchesAfter copies the rendered example, lets edit change the guard
// SCP's document in org-prerequisites/resources.json (the management
// account attaches it), and returns the rows whose decision is not the
// expected one.
async function mismatchesAfter(edit) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authz-guardrails-'))
  try {
    fs.cpSync(path.join(renderedRoot, EXAMPLE), dir, { recursive: true })
    const file = path.join(dir, 'org-prerequisites', 'resources.json')
    const resources = JSON.parse(fs.readFileSync(file, 'utf8'))
    const guard = resources.find((r) => r.name === GUARD)
    assert.ok(guard, `${GUARD} is in the rendered resources`)
    const doc = JSON.parse(guard.inputs.content)
    edit(doc)
    guard.inputs.content = JSON.stringify(doc)
    fs.writeFileSync(file, JSON.stringify(resources))
    const rows = await exampleRows(dir, path.join(examplesDir, EXAMPLE + '.yaml'))
    return rows.filter((r) => r.actual !== 'not expressible' && r.actual !== r.expected)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const withoutStatement = (sid) => (doc) => { doc.Statement = doc.Statement.filter((s) => s.Sid !== sid) }

test('a guard without its member resources statement lets an administrator rewrite a member role and a developer delete the rule, the StackSet stack and the Backup service-linked role', async () => {
  const found = await mismatchesAfter(withoutStatement('ProtectMemberResources'))
  const has = (re) => assert.ok(found.some((r) => r.group === 'denied: guarded member resources' && re.test(r.title)), String(re))
  has(/account administrator .* iam:UpdateAssumeRolePolicy on the member role org-aws-backup-ca-prod-backup-service-role/)
  has(/developer \(PowerUserAccess\) events:DeleteRule on the event forwarder rule/)
  has(/developer \(PowerUserAccess\) cloudformation:DeleteStack on the StackSet stack/)
  has(/developer \(PowerUserAccess\) cloudformation:SetStackPolicy on the StackSet stack/)
  has(/developer \(PowerUserAccess\) iam:DeleteServiceLinkedRole on the AWS Backup service-linked role/)
  assert.ok(found.some((r) => r.group === 'static: guard actions complete'))
  assert.ok(found.every((r) => r.group === 'static: guard actions complete' || (r.group === 'denied: guarded member resources' &&
    r.actual === 'Allowed' && /(member role|event forwarder rule|StackSet stack|AWS Backup service-linked role)/.test(r.title))),
  found.map((r) => r.title).join('\n'))
})

test('a guard without its exempt roles statement lets an administrator outside adminRoleNames forge an exempt role', async () => {
  const found = await mismatchesAfter(withoutStatement('ProtectExemptRoles'))
  const has = (re) => assert.ok(found.some((r) => r.group === 'denied: guarded member resources' && re.test(r.title)), String(re))
  has(/account administrator .* iam:CreateRole on the exempt role stacksets-exec-x:/)
  has(/account administrator .* iam:CreateRole on the exempt role stacksets-exec-x\/AnyName/)
  has(/account administrator .* iam:CreateRole on the exempt role BackupAdmin/)
  has(/account administrator .* iam:UpdateAssumeRolePolicy on the exempt role BackupAdmin/)
  has(/account administrator .* iam:PassRole on the exempt role BackupAdmin/)
  has(/developer \(PowerUserAccess\) assumes the admin role BackupAdmin, which trusts the account root/)
  assert.ok(found.some((r) => r.group === 'static: guard actions complete'))
  assert.ok(found.every((r) => r.group === 'static: guard actions complete' || (r.group === 'denied: guarded member resources' &&
    r.actual === 'Allowed' && /(account administrator .* on the exempt role|assumes the admin role)/.test(r.title))),
  found.map((r) => r.title).join('\n'))
})

test('a guard without its Backup settings statement lets a developer turn a resource type off', async () => {
  const found = await mismatchesAfter(withoutStatement('ProtectBackupSettings'))
  assert.ok(found.some((r) => /developer \(PowerUserAccess\) backup:UpdateRegionSettings/.test(r.title)))
  assert.ok(found.every((r) => r.group === 'denied: guarded member resources' && /backup:UpdateRegionSettings/.test(r.title)),
    found.map((r) => r.title).join('\n'))
})

test('a member resources statement that no longer exempts stacksets-exec-* stops StackSet updates', async () => {
  const found = await mismatchesAfter((doc) => {
    const c = doc.Statement.find((s) => s.Sid === 'ProtectMemberResources').Condition.ArnNotLike
    c['aws:PrincipalArn'] = c['aws:PrincipalArn'].filter((a) => !a.includes('stacksets-exec-'))
  })
  assert.ok(found.some((r) => /StackSets execution role .* cloudformation:UpdateStack on the StackSet stack/.test(r.title)))
  assert.ok(found.every((r) => r.group === 'allowed: admin roles and StackSets' && /StackSets execution role/.test(r.title)),
    found.map((r) => r.title).join('\n'))
})

test('a vault statement that no longer exempts the vault manager stops it from setting vault policies', async () => {
  const found = await mismatchesAfter((doc) => {
    const vaults = doc.Statement.find((s) => s.Sid === 'ProtectMemberVaults')
    const c = vaults.Condition.ArnNotLike
    c['aws:PrincipalArn'] = c['aws:PrincipalArn'].filter((a) => !a.includes('-vault-manager/'))
  })
  assert.deepEqual(found.map((r) => r.title).sort(), ['the vault manager creates the member backup vault',
    'the vault manager sets the member backup vault policy', 'vault manager creates M-cmk (no vault yet, so no access policy)',
    'vault manager creates the member air-gapped org-aws-backup-ca-prod-lag-7-35 (no vault yet, so no access policy)',
    'vault manager sets the access policy of the member air-gapped org-aws-backup-ca-prod-lag-7-35',
    'vault manager associates the approval team of the member air-gapped org-aws-backup-ca-prod-lag-7-35'].sort())
})

test('a vault statement without the member air-gapped vaults or the approval team actions lets an administrator change them', async () => {
  const withoutLAG = await mismatchesAfter((doc) => {
    const vaults = doc.Statement.find((s) => s.Sid === 'ProtectMemberVaults')
    vaults.Resource = vaults.Resource.filter((r) => !r.endsWith('-lag-*'))
  })
  assert.ok(withoutLAG.some((r) => /account administrator .* backup:DeleteBackupVault on the member air-gapped vault org-aws-backup-ca-prod-lag-7-35/.test(r.title)))
  assert.ok(withoutLAG.some((r) => /developer .* backup:PutBackupVaultAccessPolicy on the member air-gapped vault org-aws-backup-ca-prod-lag-14-90/.test(r.title)))
  assert.ok(withoutLAG.every((r) => r.group === 'denied: guarded member resources' && /on the member air-gapped vault/.test(r.title)),
    withoutLAG.map((r) => r.title).join('\n'))
  const withoutTeam = await mismatchesAfter((doc) => {
    const vaults = doc.Statement.find((s) => s.Sid === 'ProtectMemberVaults')
    vaults.Action = vaults.Action.filter((a) => a !== 'backup:DisassociateBackupVaultMpaApprovalTeam')
  })
  assert.ok(withoutTeam.length > 0)
  assert.ok(withoutTeam.every((r) => r.group === 'denied: guarded member resources' &&
    /backup:DisassociateBackupVaultMpaApprovalTeam on the member air-gapped vault/.test(r.title)), withoutTeam.map((r) => r.title).join('\n'))
  // The first approval team needs no approval: without the guard, a
  // developer could ask (the vault policy still refuses it: scenarios-member-lag.mjs).
  const withoutAssociate = await mismatchesAfter((doc) => {
    const vaults = doc.Statement.find((s) => s.Sid === 'ProtectMemberVaults')
    vaults.Action = vaults.Action.filter((a) => a !== 'backup:AssociateBackupVaultMpaApprovalTeam')
  })
  assert.ok(withoutAssociate.some((r) => /^developer .* backup:AssociateBackupVaultMpaApprovalTeam on the member air-gapped vault org-aws-backup-ca-prod-lag-7-35/.test(r.title)),
    withoutAssociate.map((r) => r.title).join('\n'))
  assert.ok(withoutAssociate.every((r) => r.group === 'denied: guarded member resources' &&
    /backup:AssociateBackupVaultMpaApprovalTeam on the member air-gapped vault/.test(r.title)), withoutAssociate.map((r) => r.title).join('\n'))
})

test('a guard that denies iam:PassRole on the member roles breaks the restore', async () => {
  const found = await mismatchesAfter((doc) => { doc.Statement.find((s) => s.Sid === 'ProtectMemberResources').Action.push('iam:PassRole') })
  assert.ok(found.some((r) => r.group === 'allowed: member flows under the guard' && /passes .*backup-service-role to AWS Backup/.test(r.title)))
})

test('an action AWS does not have, or on the wrong resource type, fails the static row', async () => {
  const found = await mismatchesAfter((doc) => {
    doc.Statement.find((s) => s.Sid === 'ProtectMemberVaults').Action.push('backup:DeleteVault')
  })
  assert.ok(found.some((r) => r.group === 'static: guard actions exist'))
  assert.deepEqual(await referenceProblems({ Statement: [{ Sid: 'S', Effect: 'Deny', Action: ['events:DeleteRule'],
    Resource: 'arn:aws:backup:*:*:backup-vault:x' }] }), ['S: events:DeleteRule takes no resource like arn:aws:backup:*:*:backup-vault:x',
    'S: no action takes a resource like arn:aws:backup:*:*:backup-vault:x'])
  // A statement may join several services' resources, each action on its own;
  // an action without a resource type takes "*".
  assert.deepEqual(await referenceProblems({ Statement: [{ Sid: 'S', Effect: 'Deny', Action: ['events:DeleteRule', 'iam:DeleteRole'],
    Resource: ['arn:aws:events:*:*:rule/x', 'arn:aws:iam::*:role/x'] }] }), [])
  assert.deepEqual(await referenceProblems({ Statement: [{ Sid: 'S', Effect: 'Deny', Action: ['backup:UpdateRegionSettings'],
    Resource: '*' }] }), [])
  // The exempt roles statement with a permission set: roles and Identity Center's SAML provider.
  assert.deepEqual(await referenceProblems({ Statement: [{ Sid: 'S', Effect: 'Deny',
    Action: ['iam:PassRole', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateSAMLProvider', 'iam:DeleteSAMLProvider', 'iam:CreateSAMLProvider'],
    Resource: ['arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Backup_*', 'arn:aws:iam::*:saml-provider/AWSSSO_*'] }] }), [])
  assert.deepEqual(await referenceProblems({ Statement: [{ Sid: 'S', Effect: 'Deny', Action: ['events:DeleteRule'],
    Resource: 'arn:aws:events:*:*:rule/x' }] }), [])
})

test('a member resources statement missing one role write action of the reference fails the completeness row and its denied rows', async () => {
  const found = await mismatchesAfter((doc) => {
    const roles = doc.Statement.find((s) => s.Sid === 'ProtectMemberResources')
    roles.Action = roles.Action.filter((a) => a !== 'iam:UpdateAssumeRolePolicy')
  })
  assert.ok(found.some((r) => r.group === 'static: guard actions complete' && /iam:UpdateAssumeRolePolicy/.test(r.detail)))
  assert.ok(found.some((r) => r.group === 'denied: guarded member resources' && /iam:UpdateAssumeRolePolicy/.test(r.title)))
})
