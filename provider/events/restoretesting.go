package events

// restoreJobEvent is the detail-type of AWS Backup's restore job events
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html#restore-job-state-change-completed).
const restoreJobEvent = "Restore Job State Change"

// failedRestoreStates are the states in which a restore job ends without a
// restored resource: RestoreJobStatus is PENDING | RUNNING | COMPLETED |
// ABORTED | FAILED
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html);
// restore job events report it as status ("Some events report status:
// COMPLETED whereas other events report state: COMPLETED",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html,
// whose restore job samples carry "status").
var failedRestoreStates = []string{"ABORTED", "FAILED"}

// FailedRestoreTests matches the restore job events of the restore tests
// of the deployment's restore testing plans that end in failure; each of
// planARNPrefixes is a plan's ARN up to its id. A restore testing job's
// event names its plan in detail.restoreTestingPlanArn: AWS's restore
// testing validation page filters "events by resource type or restore
// testing plan ARN" with "detail": {"restoreTestingPlanArn": [...]}
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-validation.html).
// A plan's ARN is
// arn:${Partition}:backup:${Region}:${Account}:restore-testing-plan:${RestoreTestingPlanName}-${RestoreTestingPlanId}
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html#awsbackup-resources-for-iam-policies),
// with an id AWS assigns, so the rule matches the prefix up to and with
// the '-' after the name (prefix matching,
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-prefix-matching):
// a plan's name has only alphanumeric characters and underscores, so no
// other plan's ARN starts with it.
// A restore job someone starts by hand carries no plan ARN and is left
// out: restores of the deployment run through its restore state machine
// (docs/restore.md), whose failures its alarm reports.
func FailedRestoreTests(planARNPrefixes []string) Pattern {
	plans := make([]any, len(planARNPrefixes))
	for i, p := range planARNPrefixes {
		plans[i] = map[string]any{"prefix": p}
	}
	return Pattern{
		"source":      []any{backupSource},
		"detail-type": []any{restoreJobEvent},
		"detail": map[string]any{
			"restoreTestingPlanArn": plans,
			"status":                list(failedRestoreStates),
		},
	}
}

// RestoreTestAlert renders a failed restore test's restore job event
// (FailedRestoreTests) as a short message, in JobAlert's style: the plan,
// the job, the recovery point and its vault, the resource type, AWS
// Backup's status message, and how to investigate.
func RestoreTestAlert() Transformer {
	return Transformer{
		InputPaths: map[string]string{
			"account":          "$.account",
			"region":           "$.region",
			"time":             "$.time",
			"status":           "$.detail.status",
			"plan":             "$.detail.restoreTestingPlanArn",
			"restoreJobId":     "$.detail.restoreJobId",
			"resourceType":     "$.detail.resourceType",
			"recoveryPointArn": "$.detail.recoveryPointArn",
			"backupVaultArn":   "$.detail.backupVaultArn",
			"sourceResource":   "$.detail.sourceResourceArn",
			"statusMessage":    "$.detail.statusMessage",
		},
		InputTemplate: lines(
			"OrgBackup alert: restore test <status> (Restore Job State Change)",
			"Account <account>, region <region>, at <time>",
			"Restore testing plan: <plan>",
			"Restore job: <restoreJobId> (<resourceType>)",
			"Recovery point: <recoveryPointArn> in <backupVaultArn>",
			"Backed-up resource: <sourceResource>",
			"Status message: <statusMessage>",
			"Investigate in account <account>: AWS Backup console, Restore testing (https://console.aws.amazon.com/backup/home?region=<region>), "+
				"or aws backup describe-restore-job --restore-job-id <restoreJobId> --region <region>",
		),
	}
}
