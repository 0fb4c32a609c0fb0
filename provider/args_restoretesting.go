package provider

import (
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

// RestoreTesting turns on AWS Backup restore testing of a deployment's
// locked copies (docs/restore-testing.md).
type RestoreTesting struct {
	ScheduleExpression         *string                               `pulumi:"scheduleExpression,optional"`
	ScheduleExpressionTimezone *string                               `pulumi:"scheduleExpressionTimezone,optional"`
	StartWindowHours           *int                                  `pulumi:"startWindowHours,optional"`
	Algorithm                  *string                               `pulumi:"algorithm,optional"`
	RecoveryPointTypes         []string                              `pulumi:"recoveryPointTypes,optional"`
	SelectionWindowDays        *int                                  `pulumi:"selectionWindowDays,optional"`
	IncludeAirGappedVaults     *bool                                 `pulumi:"includeAirGappedVaults,optional"`
	ResourceTypes              map[string]RestoreTestingResourceType `pulumi:"resourceTypes"`
}

func (r *RestoreTesting) Annotate(an infer.Annotator) {
	an.Describe(r, "AWS Backup restore testing of the deployment's compliance-locked and logically air-gapped "+
		"copies in the backup account: one restore testing plan per region, one selection per resource type, and "+
		"an alert on every restore test that fails. Restored resources run, and cost, in the backup account until "+
		"their validation window closes.")
	an.Describe(&r.ScheduleExpression, "When the tests run: an AWS cron() expression. Defaults to "+
		config.DefaultRestoreTestingSchedule+" (weekly).")
	an.Describe(&r.ScheduleExpressionTimezone, "The IANA time zone of scheduleExpression; UTC when unset.")
	an.Describe(&r.StartWindowHours, "Hours after the scheduled time within which the restore jobs start, 1 to "+
		"168. Defaults to 24.")
	an.Describe(&r.Algorithm, "Which recovery point of a resource is restored: LATEST_WITHIN_WINDOW (the default) "+
		"or RANDOM_WITHIN_WINDOW.")
	an.Describe(&r.RecoveryPointTypes, "The recovery point types tested: SNAPSHOT and/or CONTINUOUS. Defaults to "+
		"[SNAPSHOT].")
	an.Describe(&r.SelectionWindowDays, "Recovery points created in this many days are eligible, 1 to 365. "+
		"Defaults to 7.")
	an.Describe(&r.IncludeAirGappedVaults, "Also test recovery points of the deployment's logically air-gapped "+
		"vaults of the region. Defaults to true.")
	an.Describe(&r.ResourceTypes, "The AWS Backup resource types tested (DynamoDB, EBS, EC2, EFS, FSx, Aurora, "+
		"DocumentDB, Neptune, RDS, S3), each with its selection's settings; at least one.")
}

// RestoreTestingResourceType is the restore testing selection of one
// resource type.
type RestoreTestingResourceType struct {
	ValidationWindowHours    *int              `pulumi:"validationWindowHours,optional"`
	RestoreMetadataOverrides map[string]string `pulumi:"restoreMetadataOverrides,optional"`
}

func (t *RestoreTestingResourceType) Annotate(an infer.Annotator) {
	an.Describe(t, "The restore tests of one resource type.")
	an.Describe(&t.ValidationWindowHours, "Hours AWS Backup keeps the restored resource after the restore "+
		"completes before it deletes it, 1 to 168. Defaults to 1.")
	an.Describe(&t.RestoreMetadataOverrides, "Restore metadata AWS Backup would otherwise infer, such as an EC2 "+
		"instance's subnetId or instanceType: only the keys AWS lets restore testing override for the type "+
		"(https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html).")
}

func (r *RestoreTesting) toConfig() *config.RestoreTesting {
	if r == nil {
		return nil
	}
	out := &config.RestoreTesting{
		ScheduleExpression:         deref(r.ScheduleExpression),
		ScheduleExpressionTimezone: deref(r.ScheduleExpressionTimezone),
		StartWindowHours:           r.StartWindowHours,
		Algorithm:                  deref(r.Algorithm),
		RecoveryPointTypes:         r.RecoveryPointTypes,
		SelectionWindowDays:        r.SelectionWindowDays,
		IncludeAirGappedVaults:     r.IncludeAirGappedVaults,
		ResourceTypes:              make(map[string]config.RestoreTestingResourceType, len(r.ResourceTypes)),
	}
	for name, t := range r.ResourceTypes {
		out.ResourceTypes[name] = config.RestoreTestingResourceType{ValidationWindowHours: t.ValidationWindowHours,
			RestoreMetadataOverrides: t.RestoreMetadataOverrides}
	}
	return out
}
