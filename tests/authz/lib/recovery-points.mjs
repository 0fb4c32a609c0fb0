// Recovery point ARNs, one per format AWS Backup documents. The formats are
// the table "AWS Backup resource ARNs" of
// https://docs.aws.amazon.com/aws-backup/latest/devguide/access-control.html#access-control-resources
// (EBS arn:aws:ec2:region::snapshot/*, EC2 arn:aws:ec2:region::image/ami-*,
// RDS …:snapshot:awsbackup:*, Aurora …:cluster-snapshot:awsbackup:*, FSx
// …:backup/backup-*, DynamoDB without advanced features …:table/*/backup/*,
// Redshift …:snapshot:*/awsbackup:*, everything else
// arn:aws:backup:region:account-id:recovery-point:*); the unique ids are the
// examples of https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html
// (FSx backup/backup-0ecdf967356c809c7, EC2 image/ami-0ecdf967356c809c7, EBS
// snapshot/snap-05f426fd8kdjb4224, RDS and Aurora
// awsbackup:job-be59cf2a-2343-4402-bd8b-226993d23453, EFS
// d99699e7-e183-477e-bfcd-ccb1c6e5455e, DynamoDB
// table/MyDynamoDBTable/backup/01547087347000-c8b6kdk3, Storage Gateway
// snapshot/snap-0d40e49137e31d9e0, an EBS snapshot).
export const ACCESS_CONTROL_URL =
  'https://docs.aws.amazon.com/aws-backup/latest/devguide/access-control.html#access-control-resources'
export const RECOVERY_POINTS_URL = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html'

const JOB = 'awsbackup:job-be59cf2a-2343-4402-bd8b-226993d23453'

// recoveryPointTypes lists, per resource type, the ARN of a recovery point in
// account `account` and region `region`.
export const recoveryPointTypes = [
  { type: 'EBS', arn: (r, a) => `arn:aws:ec2:${r}::snapshot/snap-05f426fd8kdjb4224` },
  { type: 'EC2', arn: (r, a) => `arn:aws:ec2:${r}::image/ami-0ecdf967356c809c7` },
  { type: 'RDS', arn: (r, a) => `arn:aws:rds:${r}:${a}:snapshot:${JOB}` },
  { type: 'Aurora', arn: (r, a) => `arn:aws:rds:${r}:${a}:cluster-snapshot:${JOB}` },
  { type: 'FSx', arn: (r, a) => `arn:aws:fsx:${r}:${a}:backup/backup-0ecdf967356c809c7` },
  { type: 'DynamoDB', arn: (r, a) => `arn:aws:dynamodb:${r}:${a}:table/MyDynamoDBTable/backup/01547087347000-c8b6kdk3` },
  { type: 'Redshift', arn: (r, a) => `arn:aws:redshift:${r}:${a}:snapshot:my-cluster/${JOB}` },
  { type: 'StorageGateway', arn: (r, a) => `arn:aws:ec2:${r}::snapshot/snap-0d40e49137e31d9e0` },
  { type: 'EFS/S3/other', arn: (r, a) => `arn:aws:backup:${r}:${a}:recovery-point:d99699e7-e183-477e-bfcd-ccb1c6e5455e` },
]

// The recovery point formats of each resource type a backup policy selects
// (selectors of https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html),
// by the service and resource of the selector, per the access-control table.
const FORMATS_BY_SELECTOR = [
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:instance\//, ['EC2']],
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:volume\//, ['EBS']],
  [/^arn:[^:]+:storagegateway:/, ['StorageGateway']],
  [/^arn:[^:]+:rds:[^:]*:[^:]*:db:/, ['RDS']],
  [/^arn:[^:]+:rds:[^:]*:[^:]*:cluster:/, ['Aurora']],
  [/^arn:[^:]+:fsx:/, ['FSx']],
  [/^arn:[^:]+:redshift:/, ['Redshift']],
  [/^arn:[^:]+:dynamodb:/, ['DynamoDB', 'EFS/S3/other']], // without and with advanced features
  [/^arn:[^:]+:(s3|elasticfilesystem|timestream|backup-gateway|cloudformation|ssm-sap):/, ['EFS/S3/other']],
]

// formatsFor returns the recovery point types of a selector, or undefined
// for a selector the table does not know (a resource type added to the
// policies without its recovery point format here).
export function formatsFor(selector) {
  if (selector === '*') return recoveryPointTypes.map((t) => t.type)
  return FORMATS_BY_SELECTOR.find(([re]) => re.test(selector))?.[1]
}
