// The tier must notice a report bucket policy that no longer protects the
// reports (docs/audit-reports.md): each test breaks lag-pitr's rendered
// policy of the report bucket one way and checks that the scenarios then
// mismatch where they should, and only there.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { exampleRows } from '../lib/tier.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const renderedRoot = process.env.ORGBACKUP_RENDERED ?? path.join(here, '../../../.cache/rendered')
const examplesDir = process.env.ORGBACKUP_EXAMPLES ?? path.join(here, '../../../examples/config')
const EXAMPLE = 'lag-pitr'
const POLICY = path.join('policies-iam', 'central', 'ca-prod-reports-bucket-policy.json')

const readJSON = (file) => JSON.parse(fs.readFileSync(file, 'utf8'))
const writeJSON = (file, value) => fs.writeFileSync(file, JSON.stringify(value))

async function mismatchesAfter(mutate) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authz-audit-'))
  try {
    fs.cpSync(path.join(renderedRoot, EXAMPLE), dir, { recursive: true })
    const file = path.join(dir, POLICY)
    const policy = readJSON(file)
    mutate(policy)
    writeJSON(file, policy)
    const rows = await exampleRows(dir, path.join(examplesDir, EXAMPLE + '.yaml'))
    return rows.filter((r) => r.actual !== 'not expressible' && r.actual !== r.expected)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const without = (sid) => (policy) => { policy.Statement = policy.Statement.filter((s) => s.Sid !== sid) }

test('without its deletion deny, the backup account administrators delete reports', async () => {
  const found = await mismatchesAfter(without('DenyReportDeletion'))
  assert.ok(found.some((r) => /administrator of the backup account .* s3:DeleteObject on a report/.test(r.title)),
    found.map((r) => r.title).join('\n'))
  assert.ok(found.every((r) => r.group === 'denied: audit reports'), found.map((r) => r.title).join('\n'))
})

test('without its write deny, an administrator forges a report', async () => {
  const found = await mismatchesAfter(without('DenyWritesButReportDelivery'))
  assert.ok(found.some((r) => /administrator of the backup account .* puts a forged report/.test(r.title)))
  assert.ok(found.every((r) => r.group === 'denied: audit reports'), found.map((r) => r.title).join('\n'))
})

test('without its bucket deny, an administrator replaces the policy', async () => {
  const found = await mismatchesAfter(without('DenyBucketPolicyAndLifecycleChanges'))
  assert.ok(found.some((r) => /s3:PutBucketPolicy on/.test(r.title)))
  assert.ok(found.some((r) => /deployer .* puts another policy/.test(r.title)))
})

test('a delivery grant without the ACL condition, or to another role, is noticed', async () => {
  const open = await mismatchesAfter((policy) => { delete policy.Statement[0].Condition })
  assert.ok(open.some((r) => /without the bucket-owner-full-control ACL/.test(r.title)))
  const other = await mismatchesAfter((policy) => {
    policy.Statement[0].Principal = { AWS: 'arn:aws:iam::111111111111:role/SomeAdmin' }
  })
  assert.ok(other.some((r) => r.group === 'allowed: audit reports'), 'report delivery is no longer allowed')
  assert.ok(other.some((r) => r.group === 'static: no role ARN as principal'), 'only the reports role is exempt')
})
