package statemachine

import (
	"strconv"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// Reconciler states.
const (
	reconcileInit       = "SetVars"
	listRecoveryPoints  = "ListIntermediateRecoveryPoints"
	checkRecoveryPoints = "CheckRecoveryPoints"
	morePages           = "MoreRecoveryPoints?"
	continueAsNew       = "ContinueInNewExecution"
	anythingUnfixed     = "AnythingUnfixed?"
	publishAlert        = "PublishAlert"
	listLockedCopies    = "ListLockedVaultCopies"
	lockedCopyState     = "LockedCopyState?"
	fromMemberVault     = "CopiedFromAMemberVault?"
	findIngestToken     = "FindIngestIdempotencyToken"
	tokenFound          = "IngestTokenFound?"
	findRestoreJob      = "FindRestoreCopyJob"
	restoreJobFound     = "RestoreCopyJobFound?"
	startLockedCopy     = "StartLockedVaultCopy"
	iterationDone       = "Done"
)

// Outcomes of one recovery point, as the alert message names them.
const (
	OutcomeCopied           = "copied"               // a copy into the locked vault completed or is under way
	OutcomeStarted          = "started"              // the reconciler started the missing copy
	OutcomeRefused          = "copyRefused"          // StartCopyJob failed
	OutcomeLockedCopyFailed = "lockedCopyFailed"     // every copy into the locked vault failed
	OutcomeNoIngestToken    = "noIngestCopyJob"      // no completed copy job of a member of this deployment created the recovery point
	OutcomeUnreachable      = "memberUnreachable"    // the member account's copy jobs could not be listed
	OutcomeUnverified       = "tooManyCopiesToCheck" // more copies of the resource than one listing page
	// The restore workflow's copy from a locked vault into the
	// intermediate vault (Restore): not an ingest copy, nothing to fix.
	// Counted in the alert, never listed.
	OutcomeRestoreCopy = "restoreCopy"
)

// unfixedOutcomes are the outcomes the alert reports.
var unfixedOutcomes = []string{OutcomeRefused, OutcomeLockedCopyFailed, OutcomeNoIngestToken, OutcomeUnreachable,
	OutcomeUnverified}

// Reconciliation tunes the reconciler of one deployment and region.
type Reconciliation struct {
	// GracePeriodHours: recovery points younger than this (by their
	// CreationDate, which a copy keeps from its source backup) are left to
	// the ingest.
	GracePeriodHours int
	// AlertTopicARN receives the summary of what could not be fixed.
	AlertTopicARN string
}

// LookbackDays is how far back, beyond the grace period, the reconciler
// looks for recovery points and copy jobs, which bounds every listing. A
// copy job is created after the recovery point it copies, so the copies of
// a recovery point in the window are all in it. Older recovery points left
// in the intermediate vault are not reconciled.
const LookbackDays = 14

// MaxResults of the listings: AWS Backup returns at most 1000 recovery
// points of a vault
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByBackupVault.html)
// or copy jobs (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListCopyJobs.html)
// per page; recovery points are read 100 at a time to keep each state's
// data well under Step Functions' 256 KiB
// (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html).
const (
	recoveryPointPage = 100
	copyJobPage       = 1000
)

// pagesPerExecution bounds the recovery point pages one execution checks:
// an execution's history holds at most 25,000 events, and a recovery point
// takes up to about 29 (Map iteration, two listings, StartCopyJob, choices).
// Past it, the execution continues in a new one with the next page's token
// and the same window
// (https://docs.aws.amazon.com/step-functions/latest/dg/bp-history-limit.html).
const pagesPerExecution = 8

// mapConcurrency bounds the recovery points checked at once, so the
// listings stay under AWS Backup's request rate (throttled calls are
// retried).
const mapConcurrency = 5

// Reconcile is the STANDARD state machine that, on a schedule, starts the
// locked-vault copies the ingest missed (AWS Backup emits events
// best-effort) and publishes one alert per execution listing what it
// could not fix. For each recovery point the intermediate vault got in
// the window
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByBackupVault.html)
// it lists the locked vault's copy jobs from it
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListCopyJobs.html):
//   - one CREATED, RUNNING or COMPLETED: done;
//   - only FAILED or PARTIAL: alert (the ingest's token would only return
//     the failed job: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartCopyJob.html);
//   - none: copy with the ingest's token, the CopyJobId of the member →
//     intermediate job, which only the member account lists: as its
//     central-access role, in the account of the SourceBackupVaultArn
//     (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RecoveryPointByBackupVault.html).
//     A source that is one of the deployment's locked vaults is the restore
//     workflow's copy (standard vault → intermediate vault, see Restore):
//     counted, not alerted; so is a point without SourceBackupVaultArn that a
//     central copy job from a locked vault created. Any other source, or a
//     failure: alert.
func Reconcile(d Deployment, r Reconciliation) Definition {
	// The source vault's account and name, when it is a vault of this
	// partition and region (vault ARN format:
	// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html#awsbackup-resources-for-iam-policies).
	// A member's copy job is listed in its source vault's region, and
	// "cross-Region AWS SDK integration and cross-Region AWS resource access
	// aren't available in Step Functions"
	// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html).
	sourceVault := "$match($states.input.SourceBackupVaultArn, /^arn:" + d.Partition + ":backup:" + d.Region +
		":([0-9]{12}):backup-vault:([^:]+)$/)"
	iteration := map[string]State{
		listLockedCopies: {
			Type:     "Task",
			Resource: sdk(d.Partition, "listCopyJobs"),
			Arguments: map[string]any{
				"ByDestinationVaultArn": expr("$standardBackupVaultArn"),
				"ByResourceArn":         expr("$states.input.ResourceArn"),
				"ByCreatedAfter":        expr("$createdAfter"),
				"MaxResults":            copyJobPage,
			},
			Retry:  throttled,
			Output: output("$states.input"),
			Assign: map[string]any{
				"lockedCopyStates": expr("[$states.result.CopyJobs[SourceRecoveryPointArn = $states.input.RecoveryPointArn].State]"),
				"moreLockedCopies": expr("$exists($states.result.NextToken)"),
			},
			Next: lockedCopyState,
		},
		lockedCopyState: {
			Type: "Choice",
			Choices: []Choice{
				{
					Comment:   "A copy into the locked vault completed or is under way",
					Condition: expr("'COMPLETED' in $lockedCopyStates or 'RUNNING' in $lockedCopyStates or 'CREATED' in $lockedCopyStates"),
					Next:      outcomeState(OutcomeCopied),
				},
				{
					Comment:   "The page holds no copy of this recovery point, a next one might: never copy twice",
					Condition: expr("$moreLockedCopies"),
					Next:      outcomeState(OutcomeUnverified),
				},
				{
					Comment:   "Copies into the locked vault ended FAILED or PARTIAL",
					Condition: expr("$count($lockedCopyStates) > 0"),
					Next:      outcomeState(OutcomeLockedCopyFailed),
				},
			},
			Default: fromMemberVault,
		},
		fromMemberVault: {
			Type: "Choice",
			Choices: []Choice{
				{
					Comment: "The restore workflow's copy from one of the deployment's locked vaults (the " +
						"copy's source vault) into the intermediate vault: no member copy job created it",
					Condition: expr("$states.input.SourceBackupVaultArn in $standardBackupVaultArns"),
					Next:      outcomeState(OutcomeRestoreCopy),
				},
				{
					Comment: "The deployment's member vault of another account, in this region: Step Functions " +
						"calls AWS SDK services in its own region only",
					Condition: expr(sourceVault + ".groups[1] = $memberBackupVaultName and " +
						sourceVault + ".groups[0] != $accountId"),
					Assign: map[string]any{"memberAccessRoleArn": expr("'arn:" + d.Partition + ":iam::' & " +
						sourceVault + ".groups[0] & ':role/' & $memberAccountCentralAccessRoleName")},
					Next: findIngestToken,
				},
				{
					Comment: "No source vault (\"If the recovery point is restored to the same account this " +
						"value will be null\"): the central account's own copy jobs tell whether the restore made it",
					Condition: expr("$not($exists($states.input.SourceBackupVaultArn)) or " +
						"$states.input.SourceBackupVaultArn = null"),
					Next: findRestoreJob,
				},
			},
			Default: outcomeState(OutcomeNoIngestToken),
		},
		findRestoreJob: {
			Type:     "Task",
			Resource: sdk(d.Partition, "listCopyJobs"),
			// The central account's copy jobs into the intermediate vault:
			// the restore workflow's are among them, never a member's.
			Arguments: map[string]any{
				"ByDestinationVaultArn": expr("$intermediateBackupVaultArn"),
				"ByResourceArn":         expr("$states.input.ResourceArn"),
				"ByCreatedAfter":        expr("$createdAfter"),
				"MaxResults":            copyJobPage,
			},
			Retry:  throttled,
			Output: output("$states.input"),
			Assign: map[string]any{
				"restoreJobFound": expr("$count($states.result.CopyJobs[DestinationRecoveryPointArn = " +
					"$states.input.RecoveryPointArn and SourceBackupVaultArn in $standardBackupVaultArns]) > 0"),
				"moreRestoreJobs": expr("$exists($states.result.NextToken)"),
			},
			Next: restoreJobFound,
		},
		restoreJobFound: {
			Type: "Choice",
			Choices: []Choice{
				{
					Comment:   "A copy job of the restore workflow created this recovery point",
					Condition: expr("$restoreJobFound"),
					Next:      outcomeState(OutcomeRestoreCopy),
				},
				{
					Comment:   "The page holds no job that created this recovery point, a next one might",
					Condition: expr("$moreRestoreJobs"),
					Next:      outcomeState(OutcomeUnverified),
				},
			},
			Default: outcomeState(OutcomeNoIngestToken),
		},
		findIngestToken: {
			Type:     "Task",
			Resource: sdk(d.Partition, "listCopyJobs"),
			// The member's own copy jobs: the ingest's job is one of them.
			Credentials: map[string]any{"RoleArn": expr("$memberAccessRoleArn")},
			Arguments: map[string]any{
				"ByDestinationVaultArn": expr("$intermediateBackupVaultArn"),
				"ByResourceArn":         expr("$states.input.ResourceArn"),
				"ByCreatedAfter":        expr("$createdAfter"),
				"MaxResults":            copyJobPage,
			},
			Retry:  throttled,
			Output: output("$states.input"),
			Assign: map[string]any{
				"ingestIdempotencyToken": expr(orNull("$states.result.CopyJobs[DestinationRecoveryPointArn = " +
					"$states.input.RecoveryPointArn and State = 'COMPLETED'][0].CopyJobId")),
				"moreIngestJobs": expr("$exists($states.result.NextToken)"),
			},
			// Any error past the retries: the member role missing or its
			// trust broken (the error Step Functions reports for a
			// Credentials role it cannot assume is not named in
			// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html),
			// or the listing refused; the alert shows its name and cause. One unreachable member must not leave
			// the other recovery points unchecked.
			Catch: []Catcher{{
				ErrorEquals: []string{"States.ALL"},
				Output:      output(outcome(OutcomeUnreachable, errorAndCause)),
				Next:        iterationDone,
			}},
			Next: tokenFound,
		},
		tokenFound: {
			Type: "Choice",
			Choices: []Choice{
				{
					Condition: expr("$ingestIdempotencyToken != null"),
					Next:      startLockedCopy,
				},
				{
					Comment:   "The page holds no job that created this recovery point, a next one might",
					Condition: expr("$moreIngestJobs"),
					Next:      outcomeState(OutcomeUnverified),
				},
			},
			Default: outcomeState(OutcomeNoIngestToken),
		},
		startLockedCopy: {
			Type:     "Task",
			Resource: sdk(d.Partition, "startCopyJob"),
			// The arguments of the ingest's own copy to the locked vault.
			Arguments: map[string]any{
				"DestinationBackupVaultArn": expr("$standardBackupVaultArn"),
				"IamRoleArn":                expr("$centralBackupServiceRoleArn"),
				"IdempotencyToken":          expr("$ingestIdempotencyToken"),
				"RecoveryPointArn":          expr("$states.input.RecoveryPointArn"),
				"SourceBackupVaultName":     expr("$intermediateBackupVaultName"),
			},
			Retry:  throttled,
			Output: output(outcome(OutcomeStarted, "'copyJobId': $states.result.CopyJobId")),
			// Any refusal (InvalidRequestException, LimitExceededException,
			// AccessDenied, …) is reported; an uncaught error would fail the
			// whole Map and leave the other recovery points unchecked.
			Catch: []Catcher{{
				ErrorEquals: []string{"States.ALL"},
				Output:      output(outcome(OutcomeRefused, errorAndCause)),
				Next:        iterationDone,
			}},
			Next: iterationDone,
		},
		iterationDone: {Type: "Succeed"},
	}
	for _, o := range []string{OutcomeCopied, OutcomeUnverified, OutcomeLockedCopyFailed, OutcomeNoIngestToken,
		OutcomeRestoreCopy} {
		iteration[outcomeState(o)] = State{Type: "Pass", Output: output(outcome(o, "")), Next: iterationDone}
	}

	// Every locked vault configuration's vault: the restore copies from any.
	standard := []any{}
	for _, cfg := range d.StandardConfigs {
		standard = append(standard, d.vaultARN(d.Names.StandardVault(cfg)))
	}
	grace := strconv.Itoa(r.GracePeriodHours)
	lookback := strconv.Itoa(r.GracePeriodHours + 24*LookbackDays)
	startMillis := "$toMillis($states.context.Execution.StartTime)"
	return Definition{
		Comment:       "Starts the copies into the locked vault that the ingest missed; alerts on what it cannot fix.",
		QueryLanguage: "JSONata",
		StartAt:       reconcileInit,
		States: map[string]State{
			reconcileInit: {
				Type:   "Pass",
				Output: nothing,
				Assign: map[string]any{
					"accountId":                   d.AccountID,
					"alertTopicArn":               r.AlertTopicARN,
					"centralBackupServiceRoleArn": d.roleARN(d.Names.BackupServiceRole()),
					"createdAfter": expr(fromInput("createdAfter",
						"$fromMillis("+startMillis+" - "+lookback+" * 3600000)")),
					"createdBefore": expr(fromInput("createdBefore",
						"$fromMillis("+startMillis+" - "+grace+" * 3600000)")),
					"intermediateBackupVaultArn":         d.vaultARN(d.Names.IntermediateVault()),
					"intermediateBackupVaultName":        d.Names.IntermediateVault(),
					"memberAccountCentralAccessRoleName": d.Names.MemberCentralAccess(),
					"memberBackupVaultName":              d.Names.MemberBackupVault(),
					"nextToken":                          expr(fromInput("nextToken", "null")),
					"pages":                              0,
					"restoreCopies":                      0,
					"standardBackupVaultArn":             d.vaultARN(d.currentStandardVault()),
					"standardBackupVaultArns":            standard,
					"started":                            0,
					"unfixed":                            []any{},
					"unfixedNotListed":                   0,
				},
				Next: listRecoveryPoints,
			},
			listRecoveryPoints: {
				Type:     "Task",
				Resource: sdk(d.Partition, "listRecoveryPointsByBackupVault"),
				// NextToken only when there is one: the first request has none.
				Arguments: expr("$merge([{'BackupVaultName': $intermediateBackupVaultName, " +
					"'ByCreatedAfter': $createdAfter, 'ByCreatedBefore': $createdBefore, 'MaxResults': " +
					strconv.Itoa(recoveryPointPage) + "}, $nextToken ? {'NextToken': $nextToken} : {}])"),
				Retry: throttled,
				// Only what the checks need, as an array even for one element.
				Output: output("[$states.result.RecoveryPoints.{'RecoveryPointArn': RecoveryPointArn, 'ResourceArn': ResourceArn, " +
					"'SourceBackupVaultArn': SourceBackupVaultArn}]"),
				Assign: map[string]any{"nextToken": expr(orNull("$states.result.NextToken")), "pages": expr("$pages + 1")},
				Next:   checkRecoveryPoints,
			},
			checkRecoveryPoints: {
				Type: "Map",
				// As an array even when empty: JSONata turns an empty array
				// reached by a path into no value.
				Items:          expr("[$states.input]"),
				MaxConcurrency: mapConcurrency,
				ItemProcessor: &Processor{
					ProcessorConfig: map[string]string{"Mode": "INLINE"},
					StartAt:         listLockedCopies,
					States:          iteration,
				},
				Output: nothing,
				// Counts, and at most alertLines unfixed recovery points: a
				// variable holds at most 256 KiB (see alertLines). Every
				// expression sees the variables as they were before the state.
				Assign: map[string]any{
					"started":       expr("$started + $count(" + ofOutcome(OutcomeStarted) + ")"),
					"restoreCopies": expr("$restoreCopies + $count(" + ofOutcome(OutcomeRestoreCopy) + ")"),
					// As an array even for one element.
					"unfixed": expr("[$append($unfixed, " + unfixedResults + ")[[0.." + strconv.Itoa(alertLines-1) + "]]]"),
					"unfixedNotListed": expr("$unfixedNotListed + $max([0, $count($unfixed) + $count(" + unfixedResults +
						") - " + strconv.Itoa(alertLines) + "])"),
				},
				Next: morePages,
			},
			morePages: {
				Type: "Choice",
				Choices: []Choice{
					{
						Condition: expr("$nextToken != null and $pages < " + strconv.Itoa(pagesPerExecution)),
						Next:      listRecoveryPoints,
					},
					{
						Comment:   "Keep the execution history under its quota",
						Condition: expr("$nextToken != null"),
						Next:      continueAsNew,
					},
				},
				Default: anythingUnfixed,
			},
			continueAsNew: {
				Type: "Task",
				// The optimized Step Functions integration, Request Response
				// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html).
				Resource: naming.ServiceIntegrationARN(d.Partition, "states", "startExecution"),
				Arguments: map[string]any{
					"StateMachineArn": expr("$states.context.StateMachine.Id"),
					"Input": map[string]any{
						"nextToken":     expr("$nextToken"),
						"createdAfter":  expr("$createdAfter"),
						"createdBefore": expr("$createdBefore"),
					},
				},
				Retry:  anyError,
				Output: nothing,
				Next:   anythingUnfixed,
			},
			anythingUnfixed: {
				Type: "Choice",
				Choices: []Choice{{
					Condition: expr("$count($unfixed) > 0"),
					Next:      publishAlert,
				}},
				Default: succeed,
			},
			publishAlert: {
				Type: "Task",
				// The optimized SNS integration
				// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html).
				Resource: naming.ServiceIntegrationARN(d.Partition, "sns", "publish"),
				Arguments: map[string]any{
					"TopicArn": expr("$alertTopicArn"),
					"Subject":  "orgbackup " + d.Names.Central + ": recovery points not copied to the locked vault",
					"Message":  expr(alertMessage(d)),
				},
				// Any failure is retried: a repeated alert is harmless, and
				// after the attempts the execution fails, which alerts too.
				Retry:  anyError,
				Output: nothing,
				Next:   succeed,
			},
			succeed: {Type: "Succeed"},
		},
	}
}

// unfixedResults are the Map result's recovery points the alert reports.
var unfixedResults = "$states.result[outcome in " + jsonataStrings(unfixedOutcomes) + "]"

func ofOutcome(o string) string { return "$states.result[outcome = '" + o + "']" }

// alertMessage is the JSONata of the alert's text: counts, then one line
// per recovery point $unfixed keeps (at most alertLines), with its
// outcome, then how many more there are.
func alertMessage(d Deployment) string {
	line := "(outcome & ' ' & recoveryPointArn & ($exists(error) ? ' (' & error & ': ' & cause & ')' : ''))"
	return "$join([" +
		"'The reconciler of " + d.Names.Central + " in " + d.Region + " could not copy ' & " +
		"$string($count($unfixed) + $unfixedNotListed) & " +
		"' recovery point(s) of ' & $intermediateBackupVaultName & ' into ' & $standardBackupVaultArn & " +
		"' (it started ' & $string($started) & ' missing copies and skipped ' & $string($restoreCopies) & " +
		"' copies of the restore workflow):', " +
		"$unfixed." + line + ", " +
		"$unfixedNotListed > 0 ? '… and ' & $string($unfixedNotListed) & " +
		"' more: see the execution ' & $states.context.Execution.Id" +
		"], '\\n')"
}

// alertLines bounds the unfixed recovery points an execution keeps in
// $unfixed, and so lists in the alert; it counts the others. A state
// stores at most 256 KiB in variables
// (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html),
// so the Map state that assigns $unfixed assigns only counts besides it
// ($started is a count too). An entry of $unfixed is
// {"recoveryPointArn":…,"outcome":…,"error":…,"cause":…}: 58 bytes of
// names and punctuation, an outcome of at most 20 characters, a recovery
// point ARN of at most 400 (a DynamoDB backup's, the longest, holds a
// table name of at most 255), and the error and cause cut at errorChars
// and causeChars characters, each at most 6 bytes in JSON (\uXXXX):
// 58 + 20 + 400 + 6×64 + 6×256 = 2,398 bytes at worst, 100 of them
// 239,800 bytes, under 262,144 with the Map state's counts. The alert
// then stays under SNS's 256 KB message too
// (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).
const alertLines = 100

// errorChars and causeChars cut the error name and cause an entry of
// $unfixed keeps (see alertLines); AWS Backup's causes are mostly shorter.
const (
	errorChars = 64
	causeChars = 256
)

// errorAndCause are the fields of an outcome a Catch reports, cut.
var errorAndCause = "'error': $substring($states.errorOutput.Error, 0, " + strconv.Itoa(errorChars) + "), " +
	"'cause': $substring($states.errorOutput.Cause, 0, " + strconv.Itoa(causeChars) + ")"

// fromInput is the execution input's field when a previous execution
// continued in this one, else e.
func fromInput(field, e string) string {
	return "$exists($states.input." + field + ") ? $states.input." + field + " : " + e
}

// orNull is e, or null when e is undefined: a variable holds a JSON value.
func orNull(e string) string { return "$exists(" + e + ") ? " + e + " : null" }

func outcomeState(o string) string { return "Outcome:" + o }

// outcome is the JSONata object an iteration outputs for a recovery point.
func outcome(o, extra string) string {
	if extra != "" {
		extra = ", " + extra
	}
	return "{'recoveryPointArn': $states.input.RecoveryPointArn, 'outcome': '" + o + "'" + extra + "}"
}

func jsonataStrings(values []string) string {
	out := "["
	for i, v := range values {
		if i > 0 {
			out += ", "
		}
		out += "'" + v + "'"
	}
	return out + "]"
}

// anyError retries a Task whatever failed it: for the calls whose repeat
// is harmless (a continuation, an alert).
var anyError = []Retrier{{ErrorEquals: []string{"States.ALL"}, IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 2}}
