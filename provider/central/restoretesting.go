package central

import (
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/events"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// Restore testing (docs/restore-testing.md): the deployment's restore
// tests run in the backup account, on the recovery points of its locked
// standard vaults and logically air-gapped vaults, which are its own.
// AWS's recommendation is "to designate an account to be used for restore
// tests" (https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html):
// the backup account is one, that runs no workload.

func restoreTestingRoleName(deployment string) string { return roleName(deployment, "restore-testing") }

func restoreTestingPlanName(deployment, region string) string {
	return deployment + "-restore-testing-plan-" + region
}

func restoreTestingSelectionName(deployment, typ, region string) string {
	return deployment + "-restore-testing-" + naming.RestoreTestingSelection(typ) + "-" + region
}

// restoreTestingRole plans the role AWS Backup assumes to restore the
// tested recovery points and to create the restored resources, and returns
// its ARN. AWS Backup's restore testing starts each restore job with its
// service-linked role, AWSServiceRoleForBackupRestoreTesting, which may
// pass a role to backup.amazonaws.com only ("iam:PassedToService" :
// "backup.amazonaws.com",
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSServiceRolePolicyForBackupRestoreTesting.html),
// and names this role as the restore job's IamRoleArn
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingSelection.html).
// Its permissions are AWS Backup's managed restore policies, the ones the
// member restore role has (iam.RestorePolicies); it is trusted by
// AWS Backup of the backup account only.
func (db *deploymentBuilder) restoreTestingRole() string {
	if db.d.RestoreTestingSettings() == nil {
		return ""
	}
	return db.role("restore-testing", db.names.RestoreTestingRole(),
		"AWS Backup restores the "+db.key+" deployment's restore tests with this role.",
		iam.ServiceTrust(iam.BackupService, db.ctx.AccountID), nil, iam.RestorePolicies())
}

// restoreTestingRoleAttachments are the logical names of the restore
// testing role's managed policy attachments (desired.RoleResources), which
// a selection waits for: AWS Backup assumes the role at restore time.
func restoreTestingRoleAttachments(deployment string) []string {
	var out []string
	for _, p := range iam.RestorePolicies() {
		out = append(out, restoreTestingRoleName(deployment)+"-"+p[strings.LastIndex(p, "/")+1:])
	}
	return out
}

// restoreTestingPlanARNPrefix is the deployment's plan's ARN in region up
// to the id AWS gives it (events.FailedRestoreTests).
func (db *deploymentBuilder) restoreTestingPlanARNPrefix(region string) string {
	return naming.RestoreTestingPlanARNPrefix(db.ctx.Partition, region, db.ctx.AccountID, db.names.RestoreTestingPlan())
}

// restoreTesting plans, in the region of s, the deployment's restore
// testing plan over its locked standard vaults and (unless turned off) its
// logically air-gapped vaults, one selection per tested resource type,
// and the rule of the default bus that alerts on the plan's failed
// restore jobs; it fills in s.RestoreTestingPlanResource. The restored
// resources are created in this account and region, and AWS Backup deletes
// them when the selection's validation window closes.
func (db *deploymentBuilder) restoreTesting(region string, s *RegionSummary) {
	rt := db.d.RestoreTestingSettings()
	if rt == nil {
		return
	}
	vaults := append([]string{}, s.StandardVaultARNs...)
	if *rt.IncludeAirGappedVaults {
		vaults = append(vaults, s.LAGVaultARNs...)
	}
	plan := restoreTestingPlanName(db.key, region)
	var dependsOn []string
	for _, cfg := range db.d.StandardVaults() {
		dependsOn = append(dependsOn, standardVaultName(db.key, cfg.String(), region))
	}
	if *rt.IncludeAirGappedVaults {
		for _, cfg := range db.d.LAGVaults() {
			dependsOn = append(dependsOn, lagVaultName(db.key, cfg.String(), region))
		}
	}
	db.add(desired.New(desired.Resource{Name: plan, PhysicalName: db.names.RestoreTestingPlan(), Deployment: db.key,
		Region: region, DependsOn: dependsOn}, desired.RestoreTestingPlanArgs{
		Name:                       db.names.RestoreTestingPlan(),
		ScheduleExpression:         rt.ScheduleExpression,
		ScheduleExpressionTimezone: rt.ScheduleExpressionTimezone,
		StartWindowHours:           *rt.StartWindowHours,
		RecoveryPointSelection: desired.RestoreTestingRecoveryPointSelection{
			Algorithm: rt.Algorithm, IncludeVaults: vaults, RecoveryPointTypes: rt.RecoveryPointTypes,
			SelectionWindowDays: *rt.SelectionWindowDays,
		},
	}))
	s.RestoreTestingPlanResource = plan
	role := restoreTestingRoleName(db.key)
	for _, typ := range rt.ResourceTypeNames() {
		t := rt.ResourceTypes[typ]
		name := naming.RestoreTestingSelection(typ)
		db.add(desired.New(desired.Resource{Name: restoreTestingSelectionName(db.key, typ, region), PhysicalName: name,
			Deployment: db.key, Region: region, DependsOn: restoreTestingRoleAttachments(db.key)},
			desired.RestoreTestingSelectionArgs{
				Name:                   name,
				RestoreTestingPlanName: desired.Out(plan, desired.OutputName),
				IAMRoleARN:             desired.Out(role, desired.OutputARN),
				ProtectedResourceType:  typ,
				// Every protected resource of the type whose recovery points
				// are in the plan's vaults: "a wildcard value ("*") for
				// ProtectedResourceArns"
				// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingSelection.html).
				ProtectedResourceARNs:    []string{"*"},
				RestoreMetadataOverrides: t.RestoreMetadataOverrides,
				ValidationWindowHours:    *t.ValidationWindowHours,
			}))
	}
	var topicDependsOn []string
	if _, created := db.createdTopics()[region]; created {
		topicDependsOn = append(topicDependsOn, alertTopicName(db.key, region))
	}
	alert := events.RestoreTestAlert()
	db.eventRule("restore-testing-alerts", region, db.names.RestoreTestingAlertRule(), "",
		"Alerts on the "+db.key+" deployment's restore tests whose restore jobs fail or are aborted.",
		events.FailedRestoreTests([]string{db.restoreTestingPlanARNPrefix(region)}).JSON(),
		desired.EventTargetArgs{ARN: s.AlertTopicARN,
			InputTransformer: &desired.InputTransformer{InputPaths: alert.InputPaths, InputTemplate: alert.InputTemplate}},
		topicDependsOn...)
}

// restoreTestingAlertRuleARNs are the ARNs of the deployment's restore
// testing alert rule in region, none without restore testing.
func (db *deploymentBuilder) restoreTestingAlertRuleARNs(region string) []string {
	if db.d.RestoreTestingSettings() == nil {
		return nil
	}
	return []string{naming.EventRuleARN(db.ctx.Partition, region, db.ctx.AccountID, "", db.names.RestoreTestingAlertRule())}
}
