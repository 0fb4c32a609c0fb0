package naming

import "strings"

// Audit report names (docs/audit-reports.md). AWS Backup Audit Manager
// takes framework and report plan names that are "between 1 and 256
// characters, starting with a letter, and consisting of letters (a-z, A-Z),
// numbers (0-9), and underscores (_)"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateFramework.html,
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateReportPlan.html),
// so the prefixes' and the deployment's '-' become '_'.

// AuditName is s in the form framework and report plan names take: every
// '-' becomes '_'. A name that does not start with a letter (a prefix
// starting with a digit or '_') is refused by validation
// (AuditNameKind).
func AuditName(s string) string { return strings.ReplaceAll(s, "-", "_") }

// AuditNameKind is the rule of framework and report plan names.
var AuditNameKind = kind("Audit Manager framework or report plan name", 1, 256, `^[a-zA-Z][_a-zA-Z0-9]*$`,
	"a letter, then letters, digits and '_'")

// AuditMemberFramework is the deployment's framework in each member
// account and region: its controls evaluate the account's backup plans,
// protected resources and recovery points.
func (d Deployment) AuditMemberFramework() string { return AuditName(d.Central) + "_member_controls" }

// AuditCentralFramework is the framework of the backup account in each
// region, shared by every deployment with audit reports: its controls
// evaluate the central copies, which no control scope can tell apart by
// deployment.
func AuditCentralFramework(centralPrefix string) string {
	return AuditName(centralPrefix) + "central_copies"
}

// AuditReportPlan is the deployment's report plan of a report template
// (BACKUP_JOB_REPORT...): the central name, then the template in lower
// case without its "_REPORT".
func (d Deployment) AuditReportPlan(template string) string {
	return AuditName(d.Central) + "_" + strings.ToLower(strings.TrimSuffix(template, "_REPORT"))
}

// FrameworkARN is the ARN of every framework named name:
// arn:${Partition}:backup:${Region}:${Account}:framework:${FrameworkName}-${FrameworkId},
// the id AWS's; names hold no '-', so no other framework's ARN matches
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html#awsbackup-resources-for-iam-policies).
func FrameworkARN(partition, region, account, name string) string {
	return ARN(partition, "backup", region, account, "framework:"+name+"-*")
}

// ReportPlanARN is the ARN of every report plan named name:
// arn:${Partition}:backup:${Region}:${Account}:report-plan:${ReportPlanName}-${ReportPlanId}
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html#awsbackup-resources-for-iam-policies).
func ReportPlanARN(partition, region, account, name string) string {
	return ARN(partition, "backup", region, account, "report-plan:"+name+"-*")
}

// BucketARN is the ARN of an S3 general purpose bucket, and BucketObjectsARN
// that of every object in it
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies).
func BucketARN(partition, bucket string) string        { return ARN(partition, "s3", "", "", bucket) }
func BucketObjectsARN(partition, bucket string) string { return BucketARN(partition, bucket) + "/*" }

// Backup Audit Manager's service-linked role: AWS Backup creates it "When
// you create a framework or report plan"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackupReports.html),
// and report delivery writes to the bucket as it
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-report-plan-console.html).
const (
	BackupReportsService = "reports.backup.amazonaws.com"
	BackupReportsRole    = "AWSServiceRoleForBackupReports"
)

// BackupReportsRoleARN is that role's ARN in account.
func BackupReportsRoleARN(partition, account string) string {
	return ServiceLinkedRoleARN(partition, account, BackupReportsService, BackupReportsRole)
}
