package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// RestoreTesting turns on AWS Backup restore testing of a deployment's
// locked copies in the backup account
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html):
// one restore testing plan per region that picks recovery points from the
// deployment's compliance-locked standard vaults and, unless
// IncludeAirGappedVaults is false, its logically air-gapped vaults, and one
// selection per resource type, whose restored resources AWS Backup deletes
// after the type's validation window. Off (nil) by default.
type RestoreTesting struct {
	// ScheduleExpression is the plan's cron expression (default weekly,
	// DefaultRestoreTestingSchedule).
	ScheduleExpression string `json:"scheduleExpression,omitempty"`
	// ScheduleExpressionTimezone is an IANA time zone; AWS uses UTC without one.
	ScheduleExpressionTimezone string `json:"scheduleExpressionTimezone,omitempty"`
	// StartWindowHours: the restore jobs start within this many hours of
	// the schedule (1 to 168, default 24).
	StartWindowHours *int `json:"startWindowHours,omitempty"`
	// Algorithm is LATEST_WITHIN_WINDOW (default) or RANDOM_WITHIN_WINDOW.
	Algorithm string `json:"algorithm,omitempty"`
	// RecoveryPointTypes are SNAPSHOT (default) and/or CONTINUOUS.
	RecoveryPointTypes []string `json:"recoveryPointTypes,omitempty"`
	// SelectionWindowDays: recovery points created within this many days
	// are eligible (1 to 365, default 7).
	SelectionWindowDays *int `json:"selectionWindowDays,omitempty"`
	// IncludeAirGappedVaults (default true) adds the deployment's
	// logically air-gapped vaults of the region to the vaults the plan
	// picks recovery points from.
	IncludeAirGappedVaults *bool `json:"includeAirGappedVaults,omitempty"`
	// ResourceTypes are the AWS Backup resource types tested, each with
	// its selection's settings; at least one.
	ResourceTypes map[string]RestoreTestingResourceType `json:"resourceTypes"`
}

// RestoreTestingResourceType is the selection of one resource type.
type RestoreTestingResourceType struct {
	// ValidationWindowHours: AWS Backup deletes the restored resource this
	// many hours after the restore completes, unless a validation result
	// is put earlier (1 to 168, default 1).
	ValidationWindowHours *int `json:"validationWindowHours,omitempty"`
	// RestoreMetadataOverrides override the restore metadata AWS Backup
	// infers, such as an EC2 instance's subnetId and securityGroupIds; keys
	// are those AWS documents as overridable for the type.
	RestoreMetadataOverrides map[string]string `json:"restoreMetadataOverrides,omitempty"`
}

// Restore testing defaults and limits.
const (
	// DefaultRestoreTestingSchedule runs the tests every Sunday (day-of-week
	// 1) at 05:00 UTC.
	DefaultRestoreTestingSchedule         = "cron(0 5 ? * 1 *)"
	DefaultRestoreTestingStartWindowHours = 24
	DefaultRestoreTestingAlgorithm        = "LATEST_WITHIN_WINDOW"
	DefaultRestoreTestingSelectionDays    = 7
	DefaultRestoreTestingValidationHours  = 1
	// MaxRestoreTestingHours bounds StartWindowHours ("Must be between 1
	// and 168", pulumi-aws 6.83.4 backup.RestoreTestingPlan) and
	// ValidationWindowHours ("Valid range is 1 to 168",
	// backup.RestoreTestingSelection).
	MaxRestoreTestingHours = 168
	// MaxRestoreTestingSelectionDays: "Value must be an integer (in days)
	// from 1 to 365"
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingRecoveryPointSelection.html).
	MaxRestoreTestingSelectionDays = 365
)

// RestoreTestingAlgorithms and RestoreTestingRecoveryPointTypes are the
// values AWS accepts: "Valid values: "LATEST_WITHIN_WINDOW" or
// "RANDOM_WITHIN_WINDOW"", "Valid values: "SNAPSHOT" and/or "CONTINUOUS""
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingRecoveryPointSelection.html).
var (
	RestoreTestingAlgorithms         = []string{"LATEST_WITHIN_WINDOW", "RANDOM_WITHIN_WINDOW"}
	RestoreTestingRecoveryPointTypes = []string{"CONTINUOUS", "SNAPSHOT"}
)

// RestoreTestingOverridableMetadata are the resource types restore testing
// supports, the rows of AWS's table of inferred metadata, and for each the
// metadata keys AWS documents as overridable, lower case ("key values are
// not case sensitive",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html).
// A nil list means the row's keys are not checked here: OrgBackup could
// not read them from AWS's page, and AWS refuses an unknown key when the
// selection is created.
var RestoreTestingOverridableMetadata = map[string][]string{
	"DynamoDB":   {"encryptiontype", "kmsmasterkeyarn"},
	"EBS":        {"availabilityzone", "iops", "kmskeyid", "throughput", "volumesize", "volumetype"},
	"EC2":        {"iaminstanceprofilename", "instancetype", "requireimdsv2", "securitygroupids", "subnetid"},
	"EFS":        nil,
	"FSx":        nil,
	"Aurora":     nil,
	"DocumentDB": nil,
	"Neptune":    nil,
	"RDS":        nil,
	"S3":         nil,
}

// RestoreTestingSettings is the deployment's restore testing with every
// default applied, or nil when it is off.
func (d Deployment) RestoreTestingSettings() *RestoreTesting {
	if d.RestoreTesting == nil {
		return nil
	}
	r := *d.RestoreTesting
	if r.ScheduleExpression == "" {
		r.ScheduleExpression = DefaultRestoreTestingSchedule
	}
	if r.StartWindowHours == nil {
		r.StartWindowHours = ptr(DefaultRestoreTestingStartWindowHours)
	}
	if r.Algorithm == "" {
		r.Algorithm = DefaultRestoreTestingAlgorithm
	}
	if len(r.RecoveryPointTypes) == 0 {
		r.RecoveryPointTypes = []string{"SNAPSHOT"}
	}
	if r.SelectionWindowDays == nil {
		r.SelectionWindowDays = ptr(DefaultRestoreTestingSelectionDays)
	}
	if r.IncludeAirGappedVaults == nil {
		r.IncludeAirGappedVaults = ptr(true)
	}
	types := make(map[string]RestoreTestingResourceType, len(r.ResourceTypes))
	for name, t := range r.ResourceTypes {
		if t.ValidationWindowHours == nil {
			t.ValidationWindowHours = ptr(DefaultRestoreTestingValidationHours)
		}
		types[name] = t
	}
	r.ResourceTypes = types
	return &r
}

// ResourceTypeNames are the tested resource types, sorted.
func (r RestoreTesting) ResourceTypeNames() []string {
	return slices.Sorted(maps.Keys(r.ResourceTypes))
}

// validateRestoreTesting checks deployments[key].restoreTesting.
func (c Config) validateRestoreTesting(ps *Problems, key string) {
	r := c.Deployments[key].RestoreTesting
	if r == nil {
		return
	}
	path := fmt.Sprintf("deployments[%q].restoreTesting", key)
	names := c.Names(key)
	for _, n := range []struct {
		input, name, rule string
		max               int
	}{
		// "Must be between 1 and 50 characters long and contain only
		// alphanumeric characters and underscores" (pulumi-aws 6.83.4
		// backup.RestoreTestingPlan).
		{"the restore testing plan", names.RestoreTestingPlan(), "50 characters", 50},
		{"the restore testing role", names.RestoreTestingRole(), "IAM's 64 characters", 64},
		{"the restore testing alert rule", names.RestoreTestingAlertRule(), "EventBridge's 64 characters", 64},
	} {
		if len(n.name) > n.max {
			ps.Add(path, "%s's name %q is %d characters, over %s: shorten centralAccountResourceNamePrefix "+
				"or the deployment's name", n.input, n.name, len(n.name), n.rule)
		}
	}
	if r.ScheduleExpression != "" {
		if msg := checkCron(r.ScheduleExpression); msg != "" {
			ps.Add(path+".scheduleExpression", "%s", msg)
		}
	}
	hours := func(p string, v *int, def int) {
		if v != nil && (*v < 1 || *v > MaxRestoreTestingHours) {
			ps.Add(p, "%d is not between 1 and %d hours (default %d)", *v, MaxRestoreTestingHours, def)
		}
	}
	hours(path+".startWindowHours", r.StartWindowHours, DefaultRestoreTestingStartWindowHours)
	if r.Algorithm != "" && !slices.Contains(RestoreTestingAlgorithms, r.Algorithm) {
		ps.Add(path+".algorithm", "%q is not one of %s (default %s)", r.Algorithm,
			strings.Join(RestoreTestingAlgorithms, ", "), DefaultRestoreTestingAlgorithm)
	}
	seen := map[string]bool{}
	for i, t := range r.RecoveryPointTypes {
		p := fmt.Sprintf("%s.recoveryPointTypes[%d]", path, i)
		switch {
		case !slices.Contains(RestoreTestingRecoveryPointTypes, t):
			ps.Add(p, "%q is not one of %s", t, strings.Join(RestoreTestingRecoveryPointTypes, ", "))
		case seen[t]:
			ps.Add(p, "%q is listed twice", t)
		}
		seen[t] = true
	}
	if v := r.SelectionWindowDays; v != nil && (*v < 1 || *v > MaxRestoreTestingSelectionDays) {
		ps.Add(path+".selectionWindowDays", "%d is not between 1 and %d days (default %d)", *v,
			MaxRestoreTestingSelectionDays, DefaultRestoreTestingSelectionDays)
	}
	if len(r.ResourceTypes) == 0 {
		ps.Add(path+".resourceTypes", "name at least one resource type to test, for example {DynamoDB: {}}: one of %s",
			strings.Join(slices.Sorted(maps.Keys(RestoreTestingOverridableMetadata)), ", "))
	}
	for _, name := range slices.Sorted(maps.Keys(r.ResourceTypes)) {
		t := r.ResourceTypes[name]
		p := fmt.Sprintf("%s.resourceTypes[%q]", path, name)
		keys, supported := RestoreTestingOverridableMetadata[name]
		if !supported {
			ps.Add(p, "%q is not a resource type restore testing supports: one of %s "+
				"(https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html)",
				name, strings.Join(slices.Sorted(maps.Keys(RestoreTestingOverridableMetadata)), ", "))
			continue
		}
		hours(p+".validationWindowHours", t.ValidationWindowHours, DefaultRestoreTestingValidationHours)
		for _, k := range slices.Sorted(maps.Keys(t.RestoreMetadataOverrides)) {
			kp := fmt.Sprintf("%s.restoreMetadataOverrides[%q]", p, k)
			switch {
			case t.RestoreMetadataOverrides[k] == "":
				ps.Add(kp, "the value is empty: give the value, or leave the key out to keep what AWS Backup infers")
			case keys != nil && !slices.Contains(keys, strings.ToLower(k)):
				ps.Add(kp, "AWS Backup does not let restore testing override %q for %s: overridable keys are %s",
					k, name, strings.Join(keys, ", "))
			}
		}
	}
}
