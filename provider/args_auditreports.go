package provider

import (
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

// AuditReports turns on AWS Backup Audit Manager for a deployment.
type AuditReports struct {
	ConfigRecordingConfirmed *bool   `pulumi:"configRecordingConfirmed,optional"`
	ReportRetentionDays      *int    `pulumi:"reportRetentionDays,optional"`
	BucketName               *string `pulumi:"bucketName,optional"`
}

func (a *AuditReports) Annotate(an infer.Annotator) {
	an.Describe(a, "AWS Backup Audit Manager for the deployment (docs/audit-reports.md): a framework of controls in "+
		"every member account and region (through the StackSet or MemberAccount), one on the central copies in the "+
		"backup account, and daily organization-wide reports of backup, copy and restore jobs and of control and "+
		"resource compliance, delivered to an S3 bucket of the backup account that is locked in compliance mode, "+
		"versioned, encrypted, closed to the public and kept when the stack is destroyed. Needs AWS Config to "+
		"record the accounts (docs/prerequisites.md). Off when unset.")
	an.Describe(&a.ConfigRecordingConfirmed, "Set true once AWS Config records AWS Backup's resources in the backup "+
		"account and every account of the deployment's targets, in every region: Audit Manager's controls evaluate "+
		"through AWS Config. Until then, preview warns.")
	an.Describe(&a.ReportRetentionDays, "Days the report bucket's default Object Lock retention, in compliance mode, "+
		"keeps every report from deletion or overwrite, by anyone, the account's root user included. Defaults to the "+
		"deployment's maxRetentionDays; required without it.")
	an.Describe(&a.BucketName, "Name of the report bucket; defaults to <centralAccountResourceNamePrefix><deployment>"+
		"-reports-<backup account id>, in lower case with '_' as '-'.")
}

func (a *AuditReports) toConfig() *config.AuditReports {
	if a == nil {
		return nil
	}
	return &config.AuditReports{ConfigRecordingConfirmed: deref(a.ConfigRecordingConfirmed),
		ReportRetentionDays: a.ReportRetentionDays, BucketName: deref(a.BucketName)}
}
