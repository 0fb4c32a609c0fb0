package events

// Placeholder patterns, replaced by the eventtests branch at merge: only
// the signatures are agreed on here.

// Transformer is the input transformer of an EventBridge target: values
// taken from the event by JSON path, and the template they fill in.
type Transformer struct {
	InputPaths    map[string]string
	InputTemplate string
}

// FailedJobs matches the backup and copy job events that end in a failure
// state, on the deployment's bus.
func FailedJobs() Pattern {
	return Pattern{
		"source":      []any{backupSource},
		"detail-type": []any{backupJobEvent, copyJobEvent},
		"detail":      map[string]any{"state": []any{"FAILED", "ABORTED", "EXPIRED", "PARTIAL"}},
	}
}

// FailedExecutions matches the status events of the given standard state
// machines' executions that fail, time out or are aborted.
func FailedExecutions(stateMachineARNs []string) Pattern {
	return Pattern{
		"source":      []any{"aws.states"},
		"detail-type": []any{"Step Functions Execution Status Change"},
		"detail": map[string]any{
			"status":          []any{"FAILED", "TIMED_OUT", "ABORTED"},
			"stateMachineArn": list(stateMachineARNs),
		},
	}
}

// JobAlert is the message of a failed job.
func JobAlert() Transformer {
	return Transformer{
		InputPaths:    map[string]string{"type": "$.detail-type", "state": "$.detail.state", "account": "$.account"},
		InputTemplate: `"<type> ended <state> in account <account>."`,
	}
}

// ExecutionAlert is the message of a failed execution.
func ExecutionAlert() Transformer {
	return Transformer{
		InputPaths:    map[string]string{"execution": "$.detail.executionArn", "status": "$.detail.status"},
		InputTemplate: `"Execution <execution> ended <status>."`,
	}
}
