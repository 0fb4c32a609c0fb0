package naming

import "strings"

// Restore testing names (docs/restore-testing.md).

// RestoreTestingRole is the role AWS Backup assumes for the deployment's
// restore tests.
func (d Deployment) RestoreTestingRole() string { return d.Central + "-restore-testing" }

// RestoreTestingPlan is the deployment's restore testing plan in every
// region: AWS takes "only alphanumeric characters and underscores" in a
// plan's name
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingPlan.html),
// so the prefix's and the deployment's '-' become '_'.
func (d Deployment) RestoreTestingPlan() string {
	return strings.ReplaceAll(d.Central, "-", "_") + "_restore_testing"
}

// RestoreTestingSelection is the selection of resource type typ (an AWS
// Backup resource type, such as EC2) in the deployment's plan: its name,
// alphanumeric characters and underscores, is unique within the plan.
func RestoreTestingSelection(typ string) string { return strings.ToLower(typ) }

// RestoreTestingAlertRule is the rule of the central default bus that
// alerts on the deployment's failed restore tests.
func (d Deployment) RestoreTestingAlertRule() string { return d.Central + "-restore-testing-alerts" }

// RestoreTestingPlanARN is the ARN of every restore testing plan named
// name: arn:${Partition}:backup:${Region}:${Account}:restore-testing-plan:${RestoreTestingPlanName}-${RestoreTestingPlanId},
// the id AWS's
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html#awsbackup-resources-for-iam-policies).
func RestoreTestingPlanARN(partition, region, account, name string) string {
	return RestoreTestingPlanARNPrefix(partition, region, account, name) + "*"
}

// RestoreTestingPlanARNPrefix is the ARN of the restore testing plan named
// name up to its id: a name has only alphanumeric characters and
// underscores, so no other plan's ARN starts with it.
func RestoreTestingPlanARNPrefix(partition, region, account, name string) string {
	return "arn:" + partition + ":backup:" + region + ":" + account + ":restore-testing-plan:" + name + "-"
}
