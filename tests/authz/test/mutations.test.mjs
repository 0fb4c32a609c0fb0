// The tier must notice the defects issue 9 describes: each test breaks one
// rendered policy the way the issue found it broken and checks that the
// scenarios then mismatch where they should, and only there.
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
const EXAMPLE = 'reference' // StackSet shape, one deployment, one region
const DEPLOYMENT = 'website-service'

const readJSON = (file) => JSON.parse(fs.readFileSync(file, 'utf8'))
const writeJSON = (file, value) => fs.writeFileSync(file, JSON.stringify(value))
const list = (v) => (Array.isArray(v) ? v : [v])

// mismatchesAfter copies the rendered example, applies mutate to the copy
// and returns the rows whose decision is not the expected one.
async function mismatchesAfter(mutate) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authz-mutation-'))
  try {
    fs.cpSync(path.join(renderedRoot, EXAMPLE), dir, { recursive: true })
    mutate(dir)
    const rows = await exampleRows(dir, path.join(examplesDir, EXAMPLE + '.yaml'))
    return rows.filter((r) => r.actual !== 'not expressible' && r.actual !== r.expected)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

test('the rendered example has no mismatch', async () => {
  assert.deepEqual((await mismatchesAfter(() => {})).map((r) => r.title), [])
})

test('a member vault without its deny lets the developer delete recovery points', async () => {
  const found = await mismatchesAfter((dir) => {
    const file = path.join(dir, 'stacksets', DEPLOYMENT + '.json')
    const template = readJSON(file)
    const policy = template.Resources.BackupVault.Properties.AccessPolicy
    policy.Statement = policy.Statement.filter((s) => s.Effect !== 'Deny')
    writeJSON(file, template)
  })
  assert.ok(found.some((r) => r.group === 'denied: member developer' && /DeleteRecoveryPoint on a member EBS/.test(r.title)))
  assert.ok(found.every((r) => r.group.startsWith('denied:')), found.map((r) => r.title).join('\n'))
})

test('StartCopyJob scoped to arn:…:backup recovery points never locks an EBS or RDS copy', async () => {
  const found = await mismatchesAfter((dir) => {
    const file = path.join(dir, 'policies-iam', 'central', `${DEPLOYMENT}-role-ingest-sfn-policy.json`)
    const policy = readJSON(file)
    for (const s of policy.Statement) {
      if (list(s.Action).includes('backup:StartCopyJob')) s.Resource = 'arn:aws:backup:*:111111111111:recovery-point:*'
    }
    writeJSON(file, policy)
  })
  const locked = found.filter((r) => /ingest role starts the locked copy/.test(r.title)).map((r) => r.title)
  assert.ok(locked.some((t) => / EBS /.test(t)) && locked.some((t) => / RDS /.test(t)), locked.join('\n'))
  assert.ok(!locked.some((t) => /EFS\/S3\/other/.test(t)))
})

test('an intermediate vault open to the whole organization takes copies from other deployments', async () => {
  const found = await mismatchesAfter((dir) => {
    const file = path.join(dir, 'policies-iam', 'central', `${DEPLOYMENT}-intermediate-vault-eu-west-2-policy.json`)
    const policy = readJSON(file)
    for (const s of policy.Statement) delete s.Condition?.['ForAnyValue:StringLike']
    writeJSON(file, policy)
  })
  assert.ok(found.some((r) => r.group === 'denied: foreign principal' && /other deployment: .* copies into .*intermediate/.test(r.title)))
})

test('a member trust naming a central role ARN is reported', async () => {
  const found = await mismatchesAfter((dir) => {
    const file = path.join(dir, 'policies-iam', 'member', DEPLOYMENT, 'CentralAccessRole.trust.json')
    const policy = readJSON(file)
    policy.Statement[0].Principal = { AWS: 'arn:aws:iam::111111111111:role/immutable-aws-backup-website-service-backup-ingest-sfn' }
    writeJSON(file, policy)
  })
  assert.ok(found.some((r) => r.group === 'static: no role ARN as principal' && /CentralAccessRole\.trust/.test(r.title)))
})

test('a key policy render no longer writes fails the tier instead of passing its denied rows', async () => {
  const found = await mismatchesAfter((dir) => {
    fs.rmSync(path.join(dir, 'policies-iam', 'central', `${DEPLOYMENT}-key-eu-west-2.json`))
  })
  assert.ok(found.some((r) => r.actual === 'Missing' && /key policy/.test(r.title)))
  assert.ok(found.some((r) => r.group === 'denied: foreign principal' && r.actual === 'Error'))
})

// S1 of the issue 13 review: the deployment key, which encrypts the member
// vaults, must not hold the alert publishers' statement again; the alert
// topic has a key of its own.
test("the alert publishers' statement back on the deployment key fails the deployment key's denied alert rows", async () => {
  const found = await mismatchesAfter((dir) => {
    const file = path.join(dir, 'policies-iam', 'central', `${DEPLOYMENT}-key-eu-west-2.json`)
    const alertKey = readJSON(path.join(dir, 'policies-iam', 'central', `${DEPLOYMENT}-alerts-key-eu-west-2.json`))
    const policy = readJSON(file)
    policy.Statement.push(alertKey.Statement.find((s) => s.Sid === 'AllowAlertPublishersThroughSNS'))
    writeJSON(file, policy)
  })
  assert.ok(found.length > 0)
  assert.ok(found.every((r) => r.group === 'denied: alerts' && /on the deployment key through SNS/.test(r.title)),
    found.map((r) => r.title).join('\n'))
})

// Issue 22 (review): the deployment key's read statement for every
// principal of the member accounts must not come back: a member developer
// would list the key's grants and read its policy.
test("the deployment key's read statement for every member principal fails the denied key reads", async () => {
  const found = await mismatchesAfter((dir) => {
    const file = path.join(dir, 'policies-iam', 'central', `${DEPLOYMENT}-key-eu-west-2.json`)
    const policy = readJSON(file)
    const use = policy.Statement.find((s) => s.Sid === 'AllowUseForMemberAccounts')
    const conditions = { ...use.Condition }
    delete conditions.ArnLike
    policy.Statement.push({ ...use, Sid: 'AllowReadForMemberAccounts', Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
      Condition: conditions })
    writeJSON(file, policy)
  })
  assert.ok(found.some((r) => r.title === 'developer (AdministratorAccess) reads the deployment key: kms:ListGrants'))
  assert.ok(found.some((r) => r.title === 'member backup service role reads the deployment key: kms:GetKeyPolicy'))
  // Of the deployment key's rows, only its denied reads change: the reads
  // themselves, and kms:DescribeKey of the roles that pretend to be the
  // vault manager (on its path, or with its name off it).
  const keyRows = found.filter((r) => /deployment key/.test(r.title))
  assert.ok(keyRows.every((r) => r.group === 'denied: member developer' &&
    (/reads the deployment key/.test(r.title) || /vault-manager.* uses the deployment key: kms:DescribeKey$/.test(r.title))),
  keyRows.map((r) => r.title).join('\n'))
})

// Issue 17: no alias names the alerts key, so the reconciler's key
// statement holds for the created topic's encryption context; without it
// the role would use any key of the account through SNS.
test("the reconciler's key statement without the topic's encryption context fails its denied key rows", async () => {
  const found = await mismatchesAfter((dir) => {
    const file = path.join(dir, 'policies-iam', 'central', `${DEPLOYMENT}-role-reconcile-sfn-policy.json`)
    const policy = readJSON(file)
    const st = policy.Statement.find((s) => s.Sid === 'AllowAlertTopicEncryption')
    delete st.Condition.StringEquals['kms:EncryptionContext:aws:sns:topicArn']
    writeJSON(file, policy)
  })
  assert.ok(found.some((r) => /uses the alerts key through SNS for another topic/.test(r.title)))
  assert.ok(found.every((r) => r.group === 'denied: reconciler'), found.map((r) => r.title).join('\n'))
})

// Issue 17: the schedule rules start the reconciler with the ingest's
// events role, which must start the ingest and the reconciler and nothing
// else.
test('the events role starting any state machine fails its denied rows', async () => {
  const found = await mismatchesAfter((dir) => {
    const file = path.join(dir, 'policies-iam', 'central', `${DEPLOYMENT}-role-ingest-eventbridge-policy.json`)
    const policy = readJSON(file)
    policy.Statement[0].Resource = '*'
    writeJSON(file, policy)
  })
  assert.ok(found.some((r) => /ingest-eventbridge starts .*-backup-restore/.test(r.title)))
  assert.ok(found.every((r) => r.group === 'denied: reconciler'), found.map((r) => r.title).join('\n'))
})

// The events role's trust names the schedule rule (default bus) and the
// ingest rule (the deployment's bus) by their exact ARNs: widened to any
// rule of the account, EventBridge would assume it for any rule, including
// one on the default bus named like the ingest rule.
test("the events role's trust widened to rule/* fails its denied confused-deputy rows", async () => {
  const found = await mismatchesAfter((dir) => {
    const file = path.join(dir, 'policies-iam', 'central', `${DEPLOYMENT}-role-ingest-eventbridge.trust.json`)
    const policy = readJSON(file)
    for (const s of policy.Statement) {
      const like = s.Condition.ArnLike
      like['aws:SourceArn'] = [...new Set(list(like['aws:SourceArn']).map((a) => a.replace(/:rule\/.*$/, ':rule/*')))]
    }
    writeJSON(file, policy)
  })
  assert.ok(found.some((r) => /ingest-eventbridge for another rule of the account/.test(r.title)), found.map((r) => r.title).join('\n'))
  assert.ok(found.some((r) => /ingest-eventbridge for a rule on the default bus named like the ingest rule/.test(r.title)),
    found.map((r) => r.title).join('\n'))
  assert.ok(!found.some((r) => /no aws:SourceArn|in another account/.test(r.title)), found.map((r) => r.title).join('\n'))
  assert.ok(found.every((r) => r.group === 'denied: confused deputy'), found.map((r) => r.title).join('\n'))
})

// Issue 22 (review): the deployment key named the vault manager's path
// (role/<member prefix><deployment>-vault-manager/*), so any role a member
// administrator creates there used the key; only the guard SCP, another
// component's, stood in the way. Put back, it lets exactly the roles on the
// path that are not the vault manager use the key, SCPs of the targets
// applied, and nothing else changes.
test("the deployment key naming the vault manager's path instead of its roles fails the denied rows of another role on the path", async () => {
  const found = await mismatchesAfter((dir) => {
    for (const region of ['eu-west-2']) {
      const file = path.join(dir, 'policies-iam', 'central', `${DEPLOYMENT}-key-${region}.json`)
      const policy = readJSON(file)
      for (const s of policy.Statement) {
        const arns = s.Condition?.ArnLike?.['aws:PrincipalArn']
        if (!arns) continue
        const path = list(arns).find((a) => a.includes('-vault-manager/'))
        assert.ok(path, `${s.Sid} names the vault manager`)
        s.Condition.ArnLike['aws:PrincipalArn'] = [...list(arns).filter((a) => !a.includes('-vault-manager/')),
          path.slice(0, path.lastIndexOf('/') + 1) + '*']
      }
      writeJSON(file, policy)
    }
  })
  const impostor = (action) => found.some((r) => r.group === 'denied: member developer' &&
    /^role Impostor on the path \/[^ ]+-vault-manager\/ \(AdministratorAccess\) uses the deployment key: /.test(r.title) &&
    r.title.endsWith(action))
  for (const action of ['kms:Decrypt', 'kms:CreateGrant', 'kms:GenerateDataKey', 'kms:DescribeKey']) {
    assert.ok(impostor(action), `${action}: ${found.map((r) => r.title).join('\n')}`)
  }
  assert.ok(found.every((r) => r.group === 'denied: member developer' &&
    / on the path \/[^ ]+-vault-manager\/ \(AdministratorAccess\) uses the deployment key: /.test(r.title)),
    found.map((r) => r.title).join('\n'))
})

// The restore reads a recovery point's origin with backup:DescribeRecoveryPoint
// (RestoreStateMachine): without the grant its allowed rows fail, and the
// same grant on the ingest role fails the ingest's denied rows.
test('backup:DescribeRecoveryPoint moved from the restore role to the ingest role fails both sides', async () => {
  const found = await mismatchesAfter((dir) => {
    const central = path.join(dir, 'policies-iam', 'central')
    const restoreFile = path.join(central, `${DEPLOYMENT}-role-restore-sfn-policy.json`)
    const restore = readJSON(restoreFile)
    const grant = restore.Statement.find((s) => s.Sid === 'AllowDescribeRecoveryPoints')
    assert.ok(grant, 'the restore role has the grant')
    restore.Statement = restore.Statement.filter((s) => s !== grant)
    writeJSON(restoreFile, restore)
    const ingestFile = path.join(central, `${DEPLOYMENT}-role-ingest-sfn-policy.json`)
    const ingest = readJSON(ingestFile)
    ingest.Statement.push(grant)
    writeJSON(ingestFile, ingest)
  })
  assert.ok(found.some((r) => r.group === 'allowed: restore' && /^restore role describes a .* recovery point in /.test(r.title)))
  assert.ok(found.some((r) => r.group === 'denied: least privilege' && /ingest-sfn describes a .* recovery point in /.test(r.title)))
  assert.ok(found.every((r) => /backup:DescribeRecoveryPoint$/.test(r.title)), found.map((r) => r.title).join('\n'))
})
