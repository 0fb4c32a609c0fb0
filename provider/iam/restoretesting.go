package iam

import "slices"

// RestorePolicies are the AWS managed policies of a role AWS Backup
// restores with (paths under arn:<partition>:iam::aws:policy/):
// AWSBackupServiceRolePolicyForRestores ("permissions to restore
// backups", https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForRestores.html)
// and AWSBackupServiceRolePolicyForS3Restore for Amazon S3
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/security-iam-awsmanpol.html),
// the member restore role's and the restore testing role's.
func RestorePolicies() []string { return slices.Clone(memberRestorePolicies) }
