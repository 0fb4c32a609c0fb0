package iam

import "github.com/orgbackup/pulumi-orgbackup/provider/naming"

// Condition keys and actions of the report bucket's policy.
const (
	// SecureTransport is true for a request over TLS
	// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport).
	SecureTransport = "aws:SecureTransport"
	// s3ACL is the canned ACL of a PutObject request
	// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys).
	s3ACL        = "s3:x-amz-acl"
	ArnNotEquals = "ArnNotEquals"
)

// ReportBucketDeletions are the S3 actions that delete a report or stop a
// report from being the bucket's current object: deleting an object, which
// in a versioned bucket adds a delete marker over the report, and deleting
// one of its versions
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html).
var ReportBucketDeletions = Strings{"s3:DeleteObject", "s3:DeleteObjectVersion"}

// ReportBucketChanges are the S3 actions on the bucket itself that would
// undo the policy or let reports go: changing or deleting the bucket policy,
// a lifecycle configuration (which expires objects), and deleting the bucket
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html).
var ReportBucketChanges = Strings{"s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy",
	"s3:PutLifecycleConfiguration"}

// ReportBucketPolicy is the policy of a deployment's report bucket, in
// account:
//
//   - AWS Backup's report delivery puts reports, as Backup Audit Manager's
//     service-linked role, with the bucket-owner-full-control ACL, the
//     statement AWS documents for a report plan's bucket
//     (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-report-plan-console.html).
//     The principal is the account's own service-linked role, which only
//     AWS Backup can assume: AWS documents no aws:SourceArn or
//     aws:SourceAccount for report delivery, whose requests are the role's
//     and not a service principal's (the keys of the confused deputy
//     problem, https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html);
//   - nobody else puts objects, so no one can put a report of their own;
//   - nobody deletes a report or a version of it, changes or deletes the
//     bucket policy, puts a lifecycle configuration or deletes the bucket:
//     not the account's administrators, not the deployer (the policy's
//     content holds only the partition, account and bucket, so it never
//     needs to change), not another account. "As a security precaution, the
//     root user of the AWS account that owns a bucket can always use the
//     GetBucketPolicy, PutBucketPolicy, and DeleteBucketPolicy operations,
//     even if their policy explicitly denies the root user"
//     (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html):
//     the bucket's compliance-mode Object Lock, which no policy can remove,
//     keeps each report from deletion for its retention period even then
//     (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html);
//   - no request without TLS.
//
// Reading the reports is left to the account's identity policies.
func ReportBucketPolicy(partition, account, bucket string) Document {
	bucketARN, objects := naming.BucketARN(partition, bucket), naming.BucketObjectsARN(partition, bucket)
	delivery := naming.BackupReportsRoleARN(partition, account)
	return New(
		Statement{
			Sid:       "AllowReportDelivery",
			Effect:    Allow,
			Principal: &Principal{AWS: Strings{delivery}},
			Action:    Strings{"s3:PutObject"},
			Resource:  Strings{objects},
			Condition: Conditions{StringEquals: {s3ACL: Strings{"bucket-owner-full-control"}}},
		},
		Statement{
			Sid:       "DenyWritesButReportDelivery",
			Effect:    Deny,
			Principal: Anyone,
			Action:    Strings{"s3:PutObject"},
			Resource:  Strings{objects},
			Condition: Conditions{ArnNotEquals: {PrincipalARN: Strings{delivery}}},
		},
		Statement{
			Sid:       "DenyReportDeletion",
			Effect:    Deny,
			Principal: Anyone,
			Action:    ReportBucketDeletions,
			Resource:  Strings{objects},
		},
		Statement{
			Sid:       "DenyBucketPolicyAndLifecycleChanges",
			Effect:    Deny,
			Principal: Anyone,
			Action:    ReportBucketChanges,
			Resource:  Strings{bucketARN},
		},
		Statement{
			Sid:       "DenyInsecureTransport",
			Effect:    Deny,
			Principal: Anyone,
			Action:    Strings{"s3:*"},
			Resource:  Strings{bucketARN, objects},
			Condition: Conditions{Bool: {SecureTransport: Strings{"false"}}},
		},
	)
}
