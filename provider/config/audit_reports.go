package config

import (
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// AuditReports turns on AWS Backup Audit Manager for a deployment
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-audit-manager.html):
// frameworks whose controls check the deployment's promises, in its member
// accounts and in the backup account, and organization-wide report plans
// delivered to a compliance-locked S3 bucket of the backup account, which
// Pulumi retains on destroy. Off (nil) by default. Audit Manager's controls
// evaluate through AWS Config, which must record the accounts
// (docs/prerequisites.md): ConfigRecordingConfirmed says it does.
type AuditReports struct {
	// ConfigRecordingConfirmed says AWS Config records AWS Backup's
	// resources in the deployment's member accounts and in the backup
	// account, in every region of the deployment; without it, preview warns.
	ConfigRecordingConfirmed bool `json:"configRecordingConfirmed,omitempty"`
	// ReportRetentionDays is the report bucket's default Object Lock
	// retention, in compliance mode: how long no one can delete or
	// overwrite a report. Defaults to the deployment's maxRetentionDays;
	// required without it.
	ReportRetentionDays *int `json:"reportRetentionDays,omitempty"`
	// BucketName names the report bucket; defaults to
	// AuditReportBucketName.
	BucketName string `json:"bucketName,omitempty"`
}

// AuditReportsSettings is the deployment's auditReports with every default
// applied, or nil when it is off. ReportRetentionDays stays nil when the
// deployment has no maxRetentionDays either (validation then requires it).
func (c Config) AuditReportsSettings(ctx Context, key string) *AuditReports {
	d := c.Deployments[key]
	if d.AuditReports == nil {
		return nil
	}
	a := *d.AuditReports
	if a.ReportRetentionDays == nil && d.MaxRetentionDays != nil {
		a.ReportRetentionDays = ptr(*d.MaxRetentionDays)
	}
	if a.BucketName == "" {
		a.BucketName = c.AuditReportBucketName(ctx, key)
	}
	return &a
}

// AuditReportBucketName is the default name of deployment key's report
// bucket: its central name in lower case, '_' as '-', then "-reports-" and
// the backup account's id, which keeps it unique in the partition's global
// bucket namespace.
func (c Config) AuditReportBucketName(ctx Context, key string) string {
	central := strings.ReplaceAll(strings.ToLower(c.Names(key).Central), "_", "-")
	return central + "-reports-" + ctx.AccountID
}

// AuditedDeployments are the keys of the deployments with auditReports, sorted.
func (c Config) AuditedDeployments() []string {
	var out []string
	for _, key := range c.DeploymentKeys() {
		if c.Deployments[key].AuditReports != nil {
			out = append(out, key)
		}
	}
	return out
}

// AWS Backup Audit Manager quotas
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html#aws-backup-audit-manager-limits):
// "Report plans per account 20" (adjustable), the report plans of every
// audited deployment together, in the backup account.
const MaxReportPlansPerAccount = 20

// ReportPlansPerDeployment is how many report plans an audited deployment
// has (audit.ReportTemplates).
const ReportPlansPerDeployment = 5

// S3 general purpose bucket names
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html):
// "Bucket names must be between 3 (min) and 63 (max) characters long",
// "can consist only of lowercase letters, numbers, periods (.), and hyphens
// (-)", "must begin and end with a letter or number", "must not contain two
// adjacent periods", "must not be formatted as an IP address", and must not
// start or end with the prefixes and suffixes AWS reserves.
var (
	bucketNamePattern      = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	reservedBucketPrefixes = []string{"xn--", "sthree-", "amzn-s3-demo-"}
	reservedBucketSuffixes = []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}
)

// CheckBucketName returns why name is not a valid S3 general purpose
// bucket name, or "".
func CheckBucketName(name string) string {
	switch {
	case !bucketNamePattern.MatchString(name):
		return fmt.Sprintf("%q is not an S3 bucket name: 3 to 63 lowercase letters, digits, '.' and '-', starting "+
			"and ending with a letter or digit", name)
	case strings.Contains(name, ".."):
		return fmt.Sprintf("%q has two adjacent periods, which S3 bucket names may not", name)
	case net.ParseIP(name) != nil:
		return fmt.Sprintf("%q is formatted as an IP address, which S3 bucket names may not be", name)
	}
	for _, p := range reservedBucketPrefixes {
		if strings.HasPrefix(name, p) {
			return fmt.Sprintf("%q starts with %q, a prefix S3 reserves", name, p)
		}
	}
	for _, s := range reservedBucketSuffixes {
		if strings.HasSuffix(name, s) {
			return fmt.Sprintf("%q ends with %q, a suffix S3 reserves", name, s)
		}
	}
	return ""
}

// validateAuditReports checks deployments[key].auditReports.
func (c Config) validateAuditReports(ps *Problems, ctx Context, key string) {
	a := c.AuditReportsSettings(ctx, key)
	if a == nil {
		return
	}
	path := fmt.Sprintf("deployments[%q].auditReports", key)
	if msg := naming.AuditNameKind.Check(c.Names(key).AuditMemberFramework()); msg != "" {
		ps.Add(path, "%s: the framework and report plan names start with centralAccountResourceNamePrefix and the "+
			"deployment's name, '-' as '_'", msg)
	}
	switch v := a.ReportRetentionDays; {
	case v == nil:
		ps.Add(path+".reportRetentionDays", "is required when the deployment has no maxRetentionDays: it is how "+
			"long the report bucket's compliance-mode Object Lock keeps each report from deletion")
	case *v < 1 || *v > MaxRetentionDays:
		ps.Add(path+".reportRetentionDays", "%d is not between 1 and %d days", *v, MaxRetentionDays)
	}
	if msg := CheckBucketName(a.BucketName); msg != "" {
		input := path + ".bucketName"
		if c.Deployments[key].AuditReports.BucketName == "" {
			msg += " (the default, built from centralAccountResourceNamePrefix, the deployment's name and the " +
				"account id): name the bucket"
		}
		ps.Add(input, "%s", msg)
	}
}

// validateAuditReportsTogether checks what the audited deployments share:
// distinct report buckets, and the backup account's report plans quota.
func (c Config) validateAuditReportsTogether(ps *Problems, ctx Context) {
	audited := c.AuditedDeployments()
	seen := map[string]string{}
	for _, key := range audited {
		name := c.AuditReportsSettings(ctx, key).BucketName
		if other, dup := seen[name]; dup {
			ps.Add(fmt.Sprintf("deployments[%q].auditReports.bucketName", key), "%q is deployments[%q]'s report bucket "+
				"too: each deployment needs a bucket of its own", name, other)
			continue
		}
		seen[name] = key
	}
	if n := len(audited) * ReportPlansPerDeployment; n > MaxReportPlansPerAccount {
		ps.Add("deployments", "%d deployments have auditReports, %d report plans of %d each in the backup account; AWS "+
			"Backup allows %d report plans per account (an adjustable quota: raise it in Service Quotas, or turn "+
			"auditReports off for some deployments)", len(audited), n, ReportPlansPerDeployment, MaxReportPlansPerAccount)
	}
}

// auditReportsWarnings warns of each deployment that turns audit reports
// on without saying that AWS Config records its accounts: AWS Backup Audit
// Manager's controls are AWS Config rules, and "Before you create your
// first compliance-related framework, you must turn on resource tracking.
// Doing so allows AWS Config to track your AWS Backup resources"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-audit-manager.html).
// Without it the frameworks' status is INACTIVE or PARTIALLY_ACTIVE and the
// compliance reports are empty
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/viewing-frameworks.html).
func (c Config) auditReportsWarnings(ws *Problems) {
	for _, key := range c.AuditedDeployments() {
		if c.Deployments[key].AuditReports.ConfigRecordingConfirmed {
			continue
		}
		ws.Add(fmt.Sprintf("deployments[%q].auditReports.configRecordingConfirmed", key), "is not true: AWS Backup "+
			"Audit Manager's controls evaluate through AWS Config, so its frameworks stay INACTIVE and its compliance "+
			"reports empty in every account and region where AWS Config does not record AWS Backup's resources "+
			"(AWS::Backup::BackupPlan, BackupSelection, BackupVault, RecoveryPoint and AWS::Config::ResourceCompliance). "+
			"Turn recording on in the backup account and every account under %s, in %s (an organization-wide "+
			"recorder, for example from AWS Control Tower or a StackSet, does), then set "+
			"auditReports.configRecordingConfirmed: true; docs/prerequisites.md shows how",
			strings.Join(c.Deployments[key].BackupTargets, ", "), strings.Join(c.Regions, ", "))
	}
}
