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
