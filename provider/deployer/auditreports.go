package deployer

import (
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// bucketReads are the reads of the Terraform AWS provider's aws_s3_bucket
// (pulumi-aws's BucketV2), which reads every bucket configuration it
// models: HeadBucket, the bucket's region, policy, ACL, CORS, website,
// versioning, acceleration, request payment, logging, lifecycle,
// replication, encryption, Object Lock and tags
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html).
var bucketReads = []string{
	"s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:GetBucketAcl", "s3:GetBucketCORS",
	"s3:GetBucketWebsite", "s3:GetBucketVersioning", "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment",
	"s3:GetBucketLogging", "s3:GetLifecycleConfiguration", "s3:GetReplicationConfiguration",
	"s3:GetEncryptionConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketTagging",
}

// The planned bucket a bucket configuration configures, for ref.

func versioningBucket(a desired.BucketVersioningArgs) desired.Ref               { return a.Bucket }
func objectLockBucket(a desired.BucketObjectLockArgs) desired.Ref               { return a.Bucket }
func encryptionBucket(a desired.BucketEncryptionArgs) desired.Ref               { return a.Bucket }
func publicAccessBlockBucket(a desired.BucketPublicAccessBlockArgs) desired.Ref { return a.Bucket }
func bucketPolicyBucket(a desired.BucketPolicyArgs) desired.Ref                 { return a.Bucket }

// reportsRole is AWS Backup Audit Manager's service-linked role in the
// account, which creating a framework or report plan creates.
func reportsRole(s scope, _ desired.Resource) []string {
	return []string{naming.BackupReportsRoleARN(s.Partition, s.AccountID)}
}

// reportsServiceName lets iam:CreateServiceLinkedRole create that role only.
func reportsServiceName(scope, desired.Resource) iam.Conditions {
	return iam.Conditions{iam.StringEquals: {iam.AWSServiceName: iam.Strings{naming.BackupReportsService}}}
}
