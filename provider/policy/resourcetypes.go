package policy

import (
	"sort"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// Resource type selectors of backup policy selections, from the AWS
// Organizations backup policy syntax
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html)
// and AWS Backup feature availability by resource
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by-resource).
//
// AWS documents the patterns with the aws partition. Selections match
// resource ARNs by prefix and ARNs carry their partition
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html),
// so each pattern is written here without "arn:<partition>:" and the
// partition of the organization is put in front.
var (
	// lagSupported can be copied to logically air-gapped vaults.
	lagSupported = []string{
		"ec2:*:*:instance/*",                  // EC2
		"s3:::*",                              // S3
		"ec2:*:*:volume/*",                    // EBS
		"rds:*:*:cluster:*",                   // Aurora, DocumentDB, Neptune
		"elasticfilesystem:*:*:file-system/*", // EFS
		"storagegateway:*:*:gateway/*",        // Storage Gateway
		"timestream:*:*:database/*",           // Timestream
		"backup-gateway:*:*:vm/*",             // Backup Gateway virtual machines
		"cloudformation:*:*:stack/*",          // CloudFormation
		"dynamodb:*:*:table/*",                // DynamoDB
	}
	// lagUnsupported must stay in locked standard vaults.
	lagUnsupported = []string{
		"fsx:*:*:file-system/*",  // FSx file systems
		"fsx:*:*:volume/*",       // FSx volumes
		"rds:*:*:db:*",           // RDS instances
		"redshift:*:*:cluster:*", // Redshift
		"ssm-sap:*:*:HANA/*",     // SAP HANA
	}
	// snapshotFromContinuous take periodic backups from their continuous backups.
	snapshotFromContinuous = []string{
		"s3:::*", // S3
	}
	// continuousCapable support continuous backups for point-in-time
	// recovery in the source account. Aurora cannot be selected by ARN here.
	continuousCapable = append(append([]string{}, snapshotFromContinuous...),
		"rds:*:*:db:*",       // RDS instances
		"ssm-sap:*:*:HANA/*", // SAP HANA
	)
)

// allResources selects every resource type.
const allResources = "*"

// resourceTypes returns the sorted, de-duplicated ARN patterns of the given
// groups in partition.
func resourceTypes(partition string, groups ...[]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range groups {
		for _, suffix := range g {
			arn := naming.ARNInPartition(partition, suffix)
			if !seen[arn] {
				seen[arn] = true
				out = append(out, arn)
			}
		}
	}
	sort.Strings(out)
	return out
}
