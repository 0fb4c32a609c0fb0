// Audit reports (issue 21, docs/audit-reports.md): a deployment's report
// bucket in the backup account, whose policy lets AWS Backup's report
// delivery (Audit Manager's service-linked role
// AWSServiceRoleForBackupReports) put reports with the
// bucket-owner-full-control ACL, the statement AWS documents for a report
// plan's bucket; no one else puts an object; no one, the backup account's
// administrators and the deployer included, deletes a report or a version
// of it, changes or deletes the bucket policy, puts a lifecycle
// configuration or deletes the bucket; no request goes without TLS.
//
// Not simulated: the bucket's Object Lock. Amazon S3 enforces a
// compliance-mode retention on each object version whatever the policies
// say ("can't be overwritten or deleted by any user, including the root
// user", https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html),
// and the simulator has no model of it; provider/security_audit_test.go
// asserts the Object Lock configuration instead. Nor the root user's
// PutBucketPolicy and DeleteBucketPolicy, which S3 allows "even if their
// policy explicitly denies the root user"
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html).
// Both are "not expressible" rows (auditReportNotExpressibleRows).
import fs from 'node:fs'
import path from 'node:path'
import { administratorAccess, powerUserAccess, POWER_USER_URL } from './identities.mjs'
import { MEMBER, OTHER_DEPLOYMENT_MEMBER, OUTSIDER } from './scenarios.mjs'
import { Doc } from './rendered.mjs'
import { ROOT, OUTSIDE_ORG_CONTEXT, session } from './principals.mjs'

const SLR_NAME = 'AWSServiceRoleForBackupReports'
const SLR_PATH = '/aws-service-role/reports.backup.amazonaws.com/'
// The sample bucket policy of a report plan's bucket
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-report-plan-console.html).
const DELIVERY_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-report-plan-console.html'
// AWSServiceRolePolicyForBackupReports, the service-linked role's policy:
// s3:GetBucketLocation on "*", no s3:PutObject (the bucket policy grants it).
const SLR_URL = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSServiceRolePolicyForBackupReports.html'
const ROOT_EXCEPTION_URL = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html'
// A report's key: the delivery channel's prefix, then Backup/crossaccount/
// for an organization report (create-report-plan-console.html).
const REPORT_KEY = 'Backup/crossaccount/eu-west-2/2028/01/01/BACKUP_JOB_REPORT_ca-prod.csv'

function readJSON(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'))
}

export function auditReportScenariosFor(example, dir) {
  const central = example.context.accountId
  const org = example.context.organizationId
  const inOrg = { orgId: org, orgPaths: [`${org}/${ROOT}/`] }
  const resources = readJSON(path.join(dir, 'resources.json'))
  const deployers = fs.readdirSync(path.join(dir, 'policies-iam'))
    .filter((f) => /^deployer-\d+\.json$/.test(f))
    .map((f) => new Doc(path.join(dir, 'policies-iam', f), readJSON(path.join(dir, 'policies-iam', f))))
  const slrDoc = new Doc(`AWS managed AWSServiceRolePolicyForBackupReports (${SLR_URL}), its s3 statement`, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetBucketLocation'], Resource: '*' }],
  })
  const out = []
  for (const key of Object.keys(example.deployments)) {
    const bucketResource = resources.find((r) => r.deployment === key && r.type === 'aws:s3/bucketV2:BucketV2')
    if (!bucketResource) continue // auditReports is off for this deployment
    const add = (group, sc) => out.push({ example: example.name, shape: example.shape, deployment: key, group, ...sc })
    const bucket = bucketResource.physicalName
    const bucketArn = `arn:aws:s3:::${bucket}`
    const report = `${bucketArn}/${REPORT_KEY}`
    const file = path.join(dir, 'policies-iam', 'central', `${bucketResource.name}-policy.json`)
    const policy = fs.existsSync(file) ? new Doc(file, readJSON(file)) : undefined
    const tls = { 'aws:SecureTransport': 'true' }
    const slr = session(central, SLR_NAME, inOrg, SLR_PATH)
    const admin = session(central, 'Admin', inOrg)
    const otherDeployment = session(central, `aws-backup-other-${key}-backup-ingest-sfn`, inOrg)
    const deployer = session(central, 'orgbackup-deployer', inOrg)
    const memberPowerUser = session(MEMBER, 'PowerUser', inOrg)
    const otherMember = session(OTHER_DEPLOYMENT_MEMBER, 'Admin', inOrg)
    const outsider = session(OUTSIDER, 'Admin', OUTSIDE_ORG_CONTEXT)

    // ---------------------------------------------------------- allowed
    add('allowed: audit reports', {
      title: `${SLR_NAME} puts a report into ${bucket} with the bucket-owner-full-control ACL`,
      principal: slr, action: 's3:PutObject', resource: report, resourceAccount: central,
      context: { ...tls, 's3:x-amz-acl': 'bucket-owner-full-control' }, identity: [slrDoc], resourcePolicy: policy,
      expected: 'Allowed', url: DELIVERY_URL })

    // ----------------------------------------------------------- denied
    add('denied: audit reports', {
      title: `${SLR_NAME} puts a report into ${bucket} without TLS`,
      principal: slr, action: 's3:PutObject', resource: report, resourceAccount: central,
      context: { 'aws:SecureTransport': 'false', 's3:x-amz-acl': 'bucket-owner-full-control' }, identity: [slrDoc],
      resourcePolicy: policy, expected: 'Denied' })
    add('denied: audit reports', {
      title: `${SLR_NAME} puts a report into ${bucket} without the bucket-owner-full-control ACL`,
      principal: slr, action: 's3:PutObject', resource: report, resourceAccount: central,
      context: { ...tls, 's3:x-amz-acl': 'public-read' }, identity: [slrDoc], resourcePolicy: policy,
      expected: 'Denied', url: DELIVERY_URL })
    const forgers = [
      ['an administrator of the backup account (AdministratorAccess)', admin, [administratorAccess]],
      ['a role of another deployment of the backup account, with AdministratorAccess', otherDeployment, [administratorAccess]],
      ["a member account's PowerUser", memberPowerUser, [powerUserAccess]],
      ['an administrator outside the organization', outsider, [administratorAccess]],
    ]
    for (const [who, principal, identity] of forgers) {
      add('denied: audit reports', {
        title: `${who} puts a forged report into ${bucket}`,
        principal, action: 's3:PutObject', resource: report, resourceAccount: central,
        context: { ...tls, 's3:x-amz-acl': 'bucket-owner-full-control' }, identity, resourcePolicy: policy,
        expected: 'Denied', url: who.includes('PowerUser') ? POWER_USER_URL : undefined })
    }
    const deleters = [
      ['an administrator of the backup account (AdministratorAccess)', admin, [administratorAccess]],
      ['a role of another deployment of the backup account, with AdministratorAccess', otherDeployment, [administratorAccess]],
      ["a member account's PowerUser", memberPowerUser, [powerUserAccess]],
      ["an administrator of another deployment's member account", otherMember, [administratorAccess]],
      ['an administrator outside the organization', outsider, [administratorAccess]],
      [`${SLR_NAME} itself`, slr, [slrDoc, administratorAccess]],
    ]
    for (const [who, principal, identity] of deleters) {
      for (const action of ['s3:DeleteObject', 's3:DeleteObjectVersion']) {
        add('denied: audit reports', {
          title: `${who} calls ${action} on a report of ${bucket}`,
          principal, action, resource: report, resourceAccount: central, context: tls, identity,
          resourcePolicy: policy, expected: 'Denied' })
      }
    }
    for (const action of ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutLifecycleConfiguration', 's3:DeleteBucket']) {
      add('denied: audit reports', {
        title: `an administrator of the backup account (AdministratorAccess) calls ${action} on ${bucket}`,
        principal: admin, action, resource: bucketArn, resourceAccount: central, context: tls,
        identity: [administratorAccess], resourcePolicy: policy, expected: 'Denied' })
      add('denied: audit reports', {
        title: `an administrator outside the organization calls ${action} on ${bucket}`,
        principal: outsider, action, resource: bucketArn, resourceAccount: central, context: tls,
        identity: [administratorAccess], resourcePolicy: policy, expected: 'Denied' })
    }
    // The deployer may put the bucket policy it creates (s3:PutBucketPolicy
    // in its rendered policy), but not once the policy is in place: a
    // stack that would change it fails, and a stack created again adopts
    // it (docs/audit-reports.md).
    add('denied: audit reports', {
      title: `the deployer (its rendered policies) puts another policy on ${bucket} once the bucket policy is in place`,
      principal: deployer, action: 's3:PutBucketPolicy', resource: bucketArn, resourceAccount: central, context: tls,
      identity: deployers, resourcePolicy: policy, expected: 'Denied' })
    add('denied: audit reports', {
      title: `the deployer (its rendered policies) deletes a report of ${bucket}`,
      principal: deployer, action: 's3:DeleteObject', resource: report, resourceAccount: central, context: tls,
      identity: deployers, resourcePolicy: policy, expected: 'Denied' })

  }
  return out
}

// auditReportNotExpressibleRows are the rows of what the simulator cannot
// decide, for each deployment with a report bucket.
export function auditReportNotExpressibleRows(example, dir) {
  const resources = readJSON(path.join(dir, 'resources.json'))
  const rows = []
  for (const key of Object.keys(example.deployments)) {
    const bucketResource = resources.find((r) => r.deployment === key && r.type === 'aws:s3/bucketV2:BucketV2')
    if (!bucketResource) continue
    const bucket = bucketResource.physicalName
    const base = { example: example.name, shape: example.shape, deployment: key, group: 'not expressible',
      expected: '-', actual: 'not expressible' }
    rows.push(
      { ...base, title: `no one, the root user included, deletes or overwrites a report of ${bucket} within its retention`,
        detail: 'Object Lock in compliance mode is enforced by Amazon S3 on each object version, outside policy ' +
          'evaluation; the simulator has no model of it. provider/security_audit_test.go asserts the bucket\'s ' +
          'Object Lock configuration (compliance mode, the deployment\'s retention, kept on destroy).',
        url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html' },
      { ...base, title: `the backup account's root user puts or deletes the policy of ${bucket}`,
        detail: 'S3 lets the bucket owner\'s root user call PutBucketPolicy and DeleteBucketPolicy whatever the ' +
          'policy says; the rows above deny every other principal. The compliance-mode Object Lock still keeps ' +
          'every report for its retention.',
        url: ROOT_EXCEPTION_URL },
    )
  }
  return rows
}
