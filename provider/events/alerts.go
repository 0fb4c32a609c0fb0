package events

// Alert patterns and the input transformers that turn their events into
// short SNS messages.

// failedJobStates are the states in which a backup or copy job ends without
// a usable recovery point. The events carry the job's API state ("consistent
// with the AWS Backup API",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html,
// which has FAILED, ABORTED and EXPIRED backup job and FAILED copy job
// examples). BackupJobState is CREATED | PENDING | RUNNING | ABORTING |
// ABORTED | COMPLETED | FAILED | EXPIRED | PARTIAL
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupJob.html);
// CopyJobState is CREATED | RUNNING | COMPLETED | FAILED | PARTIAL
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CopyJob.html),
// so ABORTED and EXPIRED occur only in backup job events and PARTIAL (a
// composite job some of whose child jobs failed) in both.
var failedJobStates = []string{"ABORTED", "EXPIRED", "FAILED", "PARTIAL"}

// FailedJobs matches AWS Backup backup and copy job events that end in a
// failure state, and backup job events that are "Completed with issues",
// of any vault: it belongs on the deployment's own bus, which carries only
// the deployment's events (the forwarders select them).
//
// "Completed with issues" is the console's name for a COMPLETED job with a
// status message, and only backup jobs have it: "To monitor Completed with
// issues events, monitor COMPLETED jobs that have a status message. Please
// note this is only specific to backup jobs"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html).
// AWS's documented PENDING sample carries an empty statusMessage, so a
// status message is one that is not "" (anything-but,
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html);
// the events tier checks with event-ruler that a COMPLETED event without
// statusMessage, or with "", does not match.
//
// Restore jobs are left out: the restore state machine brings a recovery
// point back with copy jobs (standard → intermediate → member backup vault →
// member restore vault), not restore jobs. It awaits each copy and fails on
// any state but COMPLETED (statemachine.Restore), so its failed, timed-out or
// aborted executions, which the deployment's executions alarm counts, report
// every restore failure, the last copy's too, whose event stays in the
// member account (no forwarder selects member → member copies). Restore jobs
// that member administrators run themselves happen in their own accounts,
// and the forwarders do not forward "Restore Job State Change" events.
//
// A FAILED copy into the central copy targets from a vault that is not
// central (a member account's copy to the backup account) is the ingest's
// (IngestedCopies), which classifies it and alerts once: FailedJobs matches
// a FAILED copy job only when its destination is not a copy target
// ("anything-but" a list of strings,
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html)
// or its source is a central vault (the restore's standard →
// intermediate copy), the two patterns together covering every FAILED copy
// once; every other failure state of a copy job, and every backup job, as
// before.
func FailedJobs(c CentralCopies) Pattern {
	copyFailed := []any{"FAILED"}
	var otherCopyStates []string
	for _, s := range failedJobStates {
		if s != "FAILED" {
			otherCopyStates = append(otherCopyStates, s)
		}
	}
	return Pattern{
		"source": []any{backupSource},
		"$or": []any{
			map[string]any{
				"detail-type": []any{backupJobEvent},
				"detail":      map[string]any{"state": list(failedJobStates)},
			},
			map[string]any{
				"detail-type": []any{copyJobEvent},
				"detail":      map[string]any{"state": list(otherCopyStates)},
			},
			map[string]any{
				"detail-type": []any{copyJobEvent},
				"detail": map[string]any{"state": copyFailed,
					"destinationBackupVaultArn": []any{map[string]any{"anything-but": list(c.Targets())}}},
			},
			map[string]any{
				"detail-type": []any{copyJobEvent},
				"detail":      map[string]any{"state": copyFailed, "sourceBackupVaultArn": list(c.Vaults())},
			},
			map[string]any{
				"detail-type": []any{backupJobEvent},
				"detail": map[string]any{
					"state":         []any{"COMPLETED"},
					"statusMessage": []any{map[string]any{"anything-but": []any{""}}},
				},
			},
		},
	}
}

// Transformer is an EventBridge input transformer: InputPaths names values
// of the event by JSON path, InputTemplate places them as <name>
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html:
// at most 100 variables; a plain-text template quotes each line; a path
// missing from the event creates no variable, so its placeholder renders
// empty; values are not escaped).
type Transformer struct {
	InputPaths    map[string]string
	InputTemplate string
}

// MaxInputPaths is EventBridge's limit on an input transformer's variables.
const MaxInputPaths = 100

// lines is a plain-text template of one quoted string per line, the form
// EventBridge documents for multi-line text output.
func lines(ls ...string) string {
	out := ""
	for i, l := range ls {
		if i > 0 {
			out += "\n"
		}
		out += `"` + l + `"`
	}
	return out
}

// JobAlert renders a failed backup or copy job event (FailedJobs) as a short
// message: what failed, where, the job, its vaults, AWS Backup's status
// message and how to investigate. A backup job event has backupJobId and
// backupVaultArn, a copy job event copyJobId and the source and destination
// vault ARNs, so exactly one of each pair renders.
func JobAlert() Transformer {
	return Transformer{
		InputPaths: map[string]string{
			"detailType":          "$.detail-type",
			"account":             "$.account",
			"region":              "$.region",
			"time":                "$.time",
			"state":               "$.detail.state",
			"backupJobId":         "$.detail.backupJobId",
			"copyJobId":           "$.detail.copyJobId",
			"resourceType":        "$.detail.resourceType",
			"resourceArn":         "$.detail.resourceArn",
			"backupVaultArn":      "$.detail.backupVaultArn",
			"sourceVaultArn":      "$.detail.sourceBackupVaultArn",
			"destinationVaultArn": "$.detail.destinationBackupVaultArn",
			"statusMessage":       "$.detail.statusMessage",
		},
		InputTemplate: lines(
			"OrgBackup alert: AWS Backup job <state> (<detailType>)",
			"Account <account>, region <region>, at <time>",
			"Job: <backupJobId><copyJobId>",
			"Resource: <resourceType> <resourceArn>",
			"Vault: <backupVaultArn><sourceVaultArn>",
			"Copy destination: <destinationVaultArn>",
			"Status message: <statusMessage>",
			"Investigate in account <account>: AWS Backup console, Jobs (https://console.aws.amazon.com/backup/home?region=<region>), "+
				"or aws backup describe-backup-job --backup-job-id / describe-copy-job --copy-job-id with the job above --region <region>",
		),
	}
}
