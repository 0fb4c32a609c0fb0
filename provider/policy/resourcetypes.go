package policy

import (
	"sort"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// The AWS pages the resource type table rests on.
const (
	// BackupPolicySyntaxPage lists the selectors of backup policy selections.
	BackupPolicySyntaxPage = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html"
	// FeatureAvailabilityPage says, per resource type, which features AWS
	// Backup has for it, logically air-gapped vaults among them.
	FeatureAvailabilityPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by-resource"
	// EncryptionPage says which types AWS Backup encrypts independently of
	// their source (full AWS Backup management) and which keep their
	// source's key.
	EncryptionPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html"
	// LAGPrimaryBackupPage says what a rule naming a logically air-gapped
	// vault as its target does for each kind of type.
	LAGPrimaryBackupPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/lag-vault-primary-backup.html"
	// LAGVaultPage holds the key rules of logically air-gapped vaults.
	LAGVaultPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html"
	// ReferenceModuleLAGList is the reference module's list of the types
	// logically air-gapped vaults take (2025-07), kept where no AWS page read
	// here names the type.
	ReferenceModuleLAGList = "https://github.com/nationalarchives/terraform-aws-immutable-aws-backup"
)

// ResourceType is one row of the resource type table: a resource type a
// backup policy selects by ARN, and what AWS Backup does with it, each fact
// with the page it was read on and when.
type ResourceType struct {
	Name string // the AWS Backup resource type, as GetSupportedResourceTypes names it
	// ARNPattern is the selector without "arn:<partition>:": selections
	// match resource ARNs by prefix and ARNs carry their partition
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html),
	// so the organization's partition is put in front.
	ARNPattern string
	// FullyManaged: AWS Backup encrypts its backups with the vault's key,
	// whatever the source's key; otherwise a backup keeps its source's key.
	// A fully managed type backs up straight into a logically air-gapped
	// primary target; the others take a temporary backup in the backup
	// vault that AWS copies into it (LAGPrimaryBackupPage).
	FullyManaged bool
	// AdvancedBackup: fully managed, and copied to other accounts, only
	// with the type's advanced AWS Backup features, which each account and
	// Region turns on and a backup policy does not
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html);
	// the table counts such a type as not fully managed.
	AdvancedBackup bool
	// LogicallyAirGapped: its backups can be copied into, and backed up
	// into, a logically air-gapped vault.
	LogicallyAirGapped bool
	// Continuous: it has continuous backups for point-in-time recovery
	// selectable by ARN; SnapshotFromContinuous: its periodic backups are
	// taken from them.
	Continuous, SnapshotFromContinuous bool
	Source                             string // the page the row was read on
	Read                               string // the date it was read, YYYY-MM-DD
	// LAGSource is where LogicallyAirGapped comes from, when not Source.
	LAGSource string
}

// ResourceTypes is the table, in the order of the reference module's
// lists. The feature-availability page's per-type column for logically
// air-gapped vaults could not be read from its stored copy on 2026-12-07:
// a type is LogicallyAirGapped when LAGPrimaryBackupPage names it (FSx
// too, which the reference module's list of 2025-07 leaves out), else as
// that list says (LAGSource), and no type AWS may have added since (EKS,
// FSx for ONTAP as its own type, Aurora DSQL, Redshift Serverless) is
// claimed without its page.
var ResourceTypes = []ResourceType{
	{Name: "EC2", ARNPattern: "ec2:*:*:instance/*", LogicallyAirGapped: true, Source: LAGPrimaryBackupPage, Read: "2026-12-07"},
	{Name: "S3", ARNPattern: "s3:::*", FullyManaged: true, LogicallyAirGapped: true, Continuous: true,
		SnapshotFromContinuous: true, Source: LAGPrimaryBackupPage, Read: "2026-12-07"},
	{Name: "EBS", ARNPattern: "ec2:*:*:volume/*", LogicallyAirGapped: true, Source: LAGPrimaryBackupPage, Read: "2026-12-07"},
	// Aurora, DocumentDB and Neptune clusters.
	{Name: "Aurora", ARNPattern: "rds:*:*:cluster:*", LogicallyAirGapped: true, Source: LAGPrimaryBackupPage, Read: "2026-12-07"},
	{Name: "EFS", ARNPattern: "elasticfilesystem:*:*:file-system/*", FullyManaged: true, LogicallyAirGapped: true,
		Source: LAGPrimaryBackupPage, Read: "2026-12-07"},
	{Name: "Storage Gateway", ARNPattern: "storagegateway:*:*:gateway/*", LogicallyAirGapped: true,
		Source: EncryptionPage, Read: "2026-12-07", LAGSource: ReferenceModuleLAGList},
	{Name: "Timestream", ARNPattern: "timestream:*:*:database/*", FullyManaged: true, LogicallyAirGapped: true,
		Source: EncryptionPage, Read: "2026-12-07", LAGSource: ReferenceModuleLAGList},
	{Name: "VirtualMachine", ARNPattern: "backup-gateway:*:*:vm/*", FullyManaged: true, LogicallyAirGapped: true,
		Source: EncryptionPage, Read: "2026-12-07", LAGSource: ReferenceModuleLAGList},
	{Name: "CloudFormation", ARNPattern: "cloudformation:*:*:stack/*", FullyManaged: true, LogicallyAirGapped: true,
		Source: EncryptionPage, Read: "2026-12-07", LAGSource: ReferenceModuleLAGList},
	// Fully managed only with AWS Backup's advanced DynamoDB backup, which
	// each account opts into and OrgBackup does not turn on: without it a
	// backup keeps the table's key (EncryptionPage), so it is not counted
	// as fully managed.
	{Name: "DynamoDB", ARNPattern: "dynamodb:*:*:table/*", AdvancedBackup: true, LogicallyAirGapped: true,
		Source: EncryptionPage, Read: "2026-12-07", LAGSource: LAGPrimaryBackupPage},
	{Name: "FSx", ARNPattern: "fsx:*:*:file-system/*", LogicallyAirGapped: true, Source: LAGPrimaryBackupPage, Read: "2026-12-07"},
	{Name: "FSx", ARNPattern: "fsx:*:*:volume/*", LogicallyAirGapped: true, Source: LAGPrimaryBackupPage, Read: "2026-12-07"},
	{Name: "RDS", ARNPattern: "rds:*:*:db:*", Continuous: true, Source: EncryptionPage, Read: "2026-12-07"},
	{Name: "Redshift", ARNPattern: "redshift:*:*:cluster:*", Source: EncryptionPage, Read: "2026-12-07"},
	{Name: "SAP HANA on Amazon EC2", ARNPattern: "ssm-sap:*:*:HANA/*", FullyManaged: true, Continuous: true,
		Source: EncryptionPage, Read: "2026-12-07"},
}

// Pages are the pages the row was read on: Source, then LAGSource when it
// is another.
func (t ResourceType) Pages() []string {
	if t.LAGSource == "" || t.LAGSource == t.Source {
		return []string{t.Source}
	}
	return []string{t.Source, t.LAGSource}
}

// typesWhere lists the ARN patterns of the table's rows that keep holds for.
func typesWhere(keep func(ResourceType) bool) []string {
	var out []string
	for _, t := range ResourceTypes {
		if keep(t) {
			out = append(out, t.ARNPattern)
		}
	}
	return out
}

var (
	// snapshotFromContinuous take periodic backups from their continuous backups.
	snapshotFromContinuous = typesWhere(func(t ResourceType) bool { return t.SnapshotFromContinuous })
	// continuousCapable support continuous backups for point-in-time
	// recovery in the source account. Aurora cannot be selected by ARN here.
	continuousCapable = typesWhere(func(t ResourceType) bool { return t.Continuous })
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
