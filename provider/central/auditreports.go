package central

import (
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/audit"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// Logical names of the audit report resources.
func centralFrameworkName(region string) string { return "audit-central-framework-" + region }
func reportBucketName(deployment string) string { return deployment + "-reports-bucket" }
func reportBucketPartName(deployment, part string) string {
	return reportBucketName(deployment) + "-" + part
}
func reportPlanName(deployment, template string) string {
	short := strings.ReplaceAll(strings.ToLower(strings.TrimSuffix(template, "_REPORT")), "_", "-")
	return deployment + "-report-plan-" + short
}

// ObjectLockMode is the report bucket's default retention mode: "In
// compliance mode, a protected object version can't be overwritten or
// deleted by any user, including the root user in your AWS account"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-retention-modes).
const ObjectLockMode = "COMPLIANCE"

// ReportBucketEncryption is the report bucket's default encryption,
// SSE-S3. AWS Backup's report delivery also takes a bucket encrypted with
// a customer managed key whose policy lets its service-linked role use it
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-report-plan-api.html);
// OrgBackup does not use one: a customer managed key can be scheduled for
// deletion by the account's administrators
// (https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html),
// which would make every locked report unreadable while Object Lock keeps
// it, the attack the locked vaults answer with AWS-managed keys. SSE-S3's
// keys are Amazon S3's own (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html).
const ReportBucketEncryption = "AES256"

// centralFrameworks plans the backup account's framework in every region
// when a deployment has audit reports (audit.CentralFramework), and returns
// their logical names.
func (b *builder) centralFrameworks() []string {
	f := audit.CentralFramework(b.cfg)
	if f == nil {
		return nil
	}
	var names []string
	for _, region := range b.cfg.Regions {
		name := centralFrameworkName(region)
		b.add(desired.New(desired.Resource{Name: name, PhysicalName: f.Name, Region: region}, f.Args()))
		names = append(names, name)
	}
	return names
}

// auditReports plans, in the primary region, deployment's report bucket
// and report plans, when it has audit reports, and adds them and the
// backup account's frameworks to its summary s; frameworks are the backup
// account's frameworks, whose creation, like that of a report plan, creates
// AWS Backup Audit Manager's service-linked role ("When you create a
// framework or report plan ... AWS Backup creates the service-linked role
// for you",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackupReports.html).
// The bucket policy names that role as its principal, and "until the
// backup report is created the first time, the service-linked role referred
// to in the S3 bucket policy will not yet exist, resulting in the error
// "Invalid principal""
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-report-plan-console.html),
// so it comes after them.
//
// The bucket and every resource that configures it are retained on
// destroy: the reports are evidence, the compliance-mode Object Lock
// forbids deleting them, and the bucket policy denies deleting the policy
// itself. (Deleting pulumi-aws's Object Lock configuration would also put
// one without its default retention, as terraform-provider-aws's
// aws_s3_bucket_object_lock_configuration does on delete.) A stack created
// again adopts the bucket a destroyed one kept, and its policy, which
// denies putting another (Adopt: the registrar imports both); the other
// configuration resources are put again, as S3's Put… calls allow on an
// existing bucket.
func (db *deploymentBuilder) auditReports(frameworks []string, s *Summary) {
	a := db.cfg.AuditReportsSettings(db.ctx, db.key)
	if a == nil {
		return
	}
	for region, rs := range s.Regions {
		rs.AuditFrameworkResource = centralFrameworkName(region)
		s.Regions[region] = rs
	}
	s.AuditReportBucketName = a.BucketName
	s.AuditReportBucketARN = naming.BucketARN(db.ctx.Partition, a.BucketName)
	region := db.cfg.PrimaryRegion(db.ctx)
	bucket := reportBucketName(db.key)
	ref := desired.Out(bucket, desired.OutputID)
	part := func(id string, args desired.Args) string {
		name := reportBucketPartName(db.key, id)
		db.add(desired.New(desired.Resource{Name: name, Deployment: db.key, Region: region, RetainOnDelete: true}, args))
		return name
	}
	db.add(desired.New(desired.Resource{Name: bucket, PhysicalName: a.BucketName, Deployment: db.key, Region: region,
		RetainOnDelete: true, Adopt: true}, desired.BucketArgs{Bucket: a.BucketName, ObjectLockEnabled: true}))
	// Object Lock needs versioning; S3 enables it with Object Lock on a new
	// bucket (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html).
	configured := []string{
		part("versioning", desired.BucketVersioningArgs{Bucket: ref,
			VersioningConfiguration: desired.VersioningConfiguration{Status: "Enabled"}}),
		part("object-lock", desired.BucketObjectLockArgs{Bucket: ref, ObjectLockEnabled: "Enabled",
			Rule: desired.ObjectLockRule{DefaultRetention: desired.ObjectLockRetention{Mode: ObjectLockMode,
				Days: *a.ReportRetentionDays}}}),
		part("encryption", desired.BucketEncryptionArgs{Bucket: ref, Rules: []desired.EncryptionRule{{
			ApplyServerSideEncryptionByDefault: desired.EncryptionByDefault{SSEAlgorithm: ReportBucketEncryption}}}}),
		part("public-access-block", desired.BucketPublicAccessBlockArgs{Bucket: ref, BlockPublicAcls: true,
			BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}),
	}
	// The reports go to a bucket that is locked, encrypted and closed to
	// the public from its first report on.
	plans := frameworks
	for _, p := range audit.ReportPlans(db.cfg, db.ctx, db.key) {
		name := reportPlanName(db.key, p.Template)
		setting := desired.ReportSetting{ReportTemplate: p.Template, Accounts: p.Accounts, Regions: p.Regions}
		for _, i := range p.OUTargets {
			setting.OrganizationUnits = append(setting.OrganizationUnits, desired.Target(db.key, i))
		}
		db.add(desired.New(desired.Resource{Name: name, PhysicalName: p.Name, Deployment: db.key, Region: region,
			DependsOn: configured}, desired.ReportPlanArgs{Name: p.Name, Description: p.Description,
			ReportDeliveryChannel: desired.ReportDeliveryChannel{S3BucketName: ref, Formats: []string{audit.ReportFormat}},
			ReportSetting:         setting}))
		plans = append(plans, name)
		s.AuditReportPlanResources = append(s.AuditReportPlanResources, name)
	}
	db.add(desired.New(desired.Resource{Name: reportBucketPartName(db.key, "policy"), PhysicalName: a.BucketName,
		Deployment: db.key, Region: region, RetainOnDelete: true, Adopt: true, DependsOn: plans},
		desired.BucketPolicyArgs{Bucket: ref,
			Policy: iam.ReportBucketPolicy(db.ctx.Partition, db.ctx.AccountID, a.BucketName).JSON()}))
}
