package statemachine

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	sdkListRecoveryPoints = "arn:aws:states:::aws-sdk:backup:listRecoveryPointsByBackupVault"
	sdkListCopyJobs       = "arn:aws:states:::aws-sdk:backup:listCopyJobs"
	snsPublish            = "arn:aws:states:::sns:publish"
	sfnStartExecution     = "arn:aws:states:::states:startExecution"
	alertTopic            = "arn:aws:sns:eu-west-2:111111111111:backup-web-alerts"
	// The recovery point ARN format of the API references' examples
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartCopyJob.html).
	rpPrefix = "arn:aws:backup:eu-west-2:111111111111:recovery-point:"
)

var reconcileWeb = Reconciliation{GracePeriodHours: 24, AlertTopicARN: alertTopic}

// recoveryPoint is one element of RecoveryPoints in the Response Syntax of
// ListRecoveryPointsByBackupVault
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByBackupVault.html),
// in the intermediate vault, copied from a member EBS backup of the
// deployment's member vault.
func recoveryPoint(id string) map[string]any { return recoveryPointFrom(id, memberVault) }

// recoveryPointFrom is a recovery point of the intermediate vault copied
// from sourceVault; "" for none ("If the recovery point is restored to the
// same account this value will be null":
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RecoveryPointByBackupVault.html).
func recoveryPointFrom(id, sourceVault string) map[string]any {
	rp := map[string]any{
		"BackupSizeInBytes": 8589934592, "BackupVaultArn": intermediate, "BackupVaultName": "backup-web-intermediate",
		"CreationDate": 1.7642e9, "EncryptionKeyArn": "arn:aws:kms:eu-west-2:111111111111:key/mrk-1",
		"IamRoleArn": centralRole, "IsEncrypted": true, "RecoveryPointArn": rpPrefix + id,
		"ResourceArn": volume(id), "ResourceType": "EBS", "Status": "COMPLETED",
	}
	if sourceVault != "" {
		rp["SourceBackupVaultArn"] = sourceVault
	}
	return rp
}

// copyJob is one element of CopyJobs in the Response Syntax of ListCopyJobs
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListCopyJobs.html),
// a job of the central account.
func copyJob(id, state, source, destination, sourcePoint, destinationPoint, resource string) map[string]any {
	return map[string]any{
		"AccountId": "111111111111", "CopyJobId": id, "CreationDate": 1.7642e9, "State": state,
		"SourceBackupVaultArn": source, "SourceRecoveryPointArn": sourcePoint,
		"DestinationBackupVaultArn": destination, "DestinationRecoveryPointArn": destinationPoint,
		"IamRoleArn": centralRole, "ResourceArn": resource, "ResourceType": "EBS",
	}
}

// The accounts of the fake: the member of memberVault, and a member whose
// central-access role is missing.
const roleMissingMember = "555555555555"

// memberAccessRole is the central-access role of a member account.
func memberAccessRole(account string) string {
	return "arn:aws:iam::" + account + ":role/org-backup-web-central-access"
}

// backupAccount is a fake of the AWS Backup API as the reconciler sees it:
// the central account's listings and StartCopyJob, with AWS's idempotency
// ("Retrying a successful request with the same idempotency token results
// in a success message with no action taken":
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartCopyJob.html),
// and each member account's own copy jobs, listed through its
// central-access role (the Task's Credentials). ListCopyJobs answers with
// the caller's jobs only: the central account never sees a member's
// ("Returns only copy jobs associated with the specified account ID":
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListCopyJobs.html).
type backupAccount struct {
	pages      []map[string]any            // ListRecoveryPointsByBackupVault responses, in NextToken order
	copyJobs   []map[string]any            // the central account's
	memberJobs map[string][]map[string]any // member account → its copy jobs
	refuse     map[string]string           // recovery point → error StartCopyJob fails with
	// moreCopyJobs makes ListCopyJobs of this resource return a NextToken.
	moreCopyJobs map[string]bool
	started      map[string]string // idempotency token → copy job id
	published    []map[string]any
	continued    []map[string]any // StartExecution arguments
}

// jobsOf are the copy jobs of the account the call's credentials reach.
func (b *backupAccount) jobsOf(t *testing.T, c call) ([]map[string]any, bool) {
	if c.Credentials == nil {
		return b.copyJobs, true
	}
	role, _ := c.Credentials["RoleArn"].(string)
	account := strings.TrimSuffix(strings.TrimPrefix(role, "arn:aws:iam::"), ":role/org-backup-web-central-access")
	require.Equal(t, memberAccessRole(account), role, "ListCopyJobs with an unexpected role")
	if account == roleMissingMember {
		return nil, false
	}
	return b.memberJobs[account], true
}

func (b *backupAccount) service(t *testing.T) fakeService {
	return func(c call) map[string]any {
		switch c.Resource {
		case sdkListRecoveryPoints:
			page := 0
			if token, ok := c.Arguments["NextToken"]; ok {
				page = int(token.(string)[len("page-")] - '0')
			}
			return b.pages[page]
		case sdkListCopyJobs:
			account, reachable := b.jobsOf(t, c)
			if !reachable {
				// Step Functions cannot assume a missing role; the error
				// name it reports then is not documented, so any name.
				return map[string]any{failWith: "Backup.AccessDeniedException"}
			}
			var jobs []any
			for _, j := range account {
				if j["DestinationBackupVaultArn"] == c.Arguments["ByDestinationVaultArn"] &&
					j["ResourceArn"] == c.Arguments["ByResourceArn"] {
					jobs = append(jobs, j)
				}
			}
			out := map[string]any{"CopyJobs": jobs}
			if b.moreCopyJobs[c.Arguments["ByResourceArn"].(string)] {
				out["NextToken"] = "more"
			}
			return out
		case sdkStartCopy:
			if err, ok := b.refuse[c.Arguments["RecoveryPointArn"].(string)]; ok {
				return map[string]any{failWith: err}
			}
			token := c.Arguments["IdempotencyToken"].(string)
			if b.started == nil {
				b.started = map[string]string{}
			}
			if _, ok := b.started[token]; !ok {
				b.started[token] = "locked-" + token
			}
			// Response Syntax of StartCopyJob.
			return map[string]any{"CopyJobId": b.started[token], "CreationDate": 1.7643e9, "IsParent": false}
		case sfnStartExecution:
			b.continued = append(b.continued, c.Arguments)
			// Response Syntax of StartExecution
			// (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
			return map[string]any{"executionArn": "arn:aws:states:eu-west-2:123456789012:execution:machine:next",
				"startDate": 1.7643e9}
		case snsPublish:
			b.published = append(b.published, c.Arguments)
			// Response Syntax of Publish (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).
			return map[string]any{"MessageId": "567910cd-659e-55d4-8ccb-5aaf14679dc0"}
		}
		t.Fatalf("unexpected call %s", c.Resource)
		return nil
	}
}

func volume(id string) string { return "arn:aws:ec2:eu-west-2:222222222222:volume/vol-" + id }

// ingestJob is the member → intermediate copy job that created recovery
// point id: a job of the member account, run with its backup service role.
func ingestJob(id string) map[string]any {
	j := copyJob("ingest-"+id, "COMPLETED", memberVault, intermediate, memberPoint+"-"+id, rpPrefix+id, volume(id))
	j["AccountId"], j["IamRoleArn"] = member, memberRole
	return j
}

// otherDeploymentVault is another deployment's member vault in the member account.
const otherDeploymentVault = "arn:aws:backup:eu-west-2:222222222222:backup-vault:org-backup-other-cmk"

// lockedJob is a copy job of recovery point id into the locked vault.
func lockedJob(id, state string) map[string]any {
	return copyJob("locked-ingest-"+id, state, intermediate, standard, rpPrefix+id, standardRP+"-"+id, volume(id))
}

// standardOld is the locked vault of the deployment's older configuration.
const standardOld = "arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-standard-7-30"

// restoreJob is the restore workflow's copy job from a locked vault into
// the intermediate vault that created recovery point id: a job of the
// central account (Restore's StartCopyToIntermediateVault).
func restoreJob(id, source string) map[string]any {
	return copyJob("restore-"+id, "COMPLETED", source, intermediate, standardRP+"-"+id, rpPrefix+id, volume(id))
}

// account holds, over two pages, recovery points copied, being copied,
// stuck, whose locked copy failed, whose copy AWS refuses, without the
// copy job that created them, from a member whose central-access role is
// missing, from another deployment's member vault, and two the restore
// workflow copied from a locked vault, one without SourceBackupVaultArn.
func account() *backupAccount {
	return &backupAccount{
		pages: []map[string]any{
			{"RecoveryPoints": []any{recoveryPoint("done"), recoveryPoint("running"), recoveryPoint("stuck"),
				recoveryPoint("failed")}, "NextToken": "page-1"},
			{"RecoveryPoints": []any{recoveryPoint("refused"), recoveryPoint("orphan"),
				recoveryPointFrom("unreachable", "arn:aws:backup:eu-west-2:"+roleMissingMember+":backup-vault:org-backup-web-cmk"),
				recoveryPointFrom("foreign", otherDeploymentVault), recoveryPointFrom("restored", standardOld),
				recoveryPointFrom("restored-unnamed", "")}},
		},
		copyJobs: []map[string]any{
			lockedJob("done", "COMPLETED"), lockedJob("running", "RUNNING"), lockedJob("failed", "FAILED"),
			restoreJob("restored", standardOld), restoreJob("restored-unnamed", standard),
			// A copy of another recovery point of the same volume is not one of "stuck".
			copyJob("other", "COMPLETED", intermediate, standard, rpPrefix+"older", standardRP, volume("stuck")),
		},
		memberJobs: map[string][]map[string]any{member: {
			ingestJob("done"), ingestJob("running"), ingestJob("stuck"), ingestJob("failed"), ingestJob("refused"),
			// The other deployment's copy of the same member's volume.
			copyJob("ingest-foreign", "COMPLETED", otherDeploymentVault,
				"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-other-intermediate", memberPoint+"-foreign",
				rpPrefix+"foreign", volume("foreign")),
		}},
		refuse: map[string]string{rpPrefix + "refused": "Backup.InvalidRequestException"},
	}
}

func callsTo(calls []call, resource string) []call {
	var out []call
	for _, c := range calls {
		if c.Resource == resource {
			out = append(out, c)
		}
	}
	return out
}

func TestReconcilePagesThroughTheIntermediateVault(t *testing.T) {
	b := account()
	end, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	assert.Equal(t, "Succeed", end)
	lists := callsTo(calls, sdkListRecoveryPoints)
	require.Len(t, lists, 2)
	// The grace period and the look-back window end at the execution's start.
	assert.Equal(t, map[string]any{"BackupVaultName": "backup-web-intermediate", "MaxResults": 100.0,
		"ByCreatedBefore": "2026-11-29T12:00:00.000Z", "ByCreatedAfter": "2026-11-15T12:00:00.000Z"}, lists[0].Arguments)
	assert.Equal(t, "page-1", lists[1].Arguments["NextToken"])
}

func TestReconcileStartsOnlyTheMissingCopyWithTheIngestToken(t *testing.T) {
	b := account()
	_, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	starts := callsTo(calls, sdkStartCopy)
	require.Len(t, starts, 2) // stuck, and refused
	assert.Equal(t, map[string]any{
		"DestinationBackupVaultArn": standard, // the current configuration's locked vault
		"IamRoleArn":                centralRole,
		"IdempotencyToken":          "ingest-stuck", // the ingest's token: the member → intermediate copy job
		"RecoveryPointArn":          rpPrefix + "stuck",
		"SourceBackupVaultName":     "backup-web-intermediate",
	}, starts[0].Arguments)
	assert.Equal(t, rpPrefix+"refused", starts[1].Arguments["RecoveryPointArn"])
	assert.Equal(t, "ingest-refused", starts[1].Arguments["IdempotencyToken"])
	// Every listing of copy jobs is of one resource into one of the two
	// vaults: the locked vault's in the central account, the intermediate
	// vault's in the member account of the recovery point's source vault.
	for _, c := range callsTo(calls, sdkListCopyJobs) {
		assert.True(t, strings.HasPrefix(c.Arguments["ByResourceArn"].(string), "arn:aws:ec2:"))
		assert.Equal(t, "2026-11-15T12:00:00.000Z", c.Arguments["ByCreatedAfter"])
		switch c.Arguments["ByDestinationVaultArn"] {
		case standard:
			assert.Nil(t, c.Credentials)
		case intermediate:
			if c.State == findRestoreJob { // the restore's copy jobs are the central account's
				assert.Nil(t, c.Credentials)
				continue
			}
			assert.Contains(t, []any{memberAccess, memberAccessRole(roleMissingMember)}, c.Credentials["RoleArn"])
		default:
			t.Errorf("a listing of copy jobs into %v", c.Arguments["ByDestinationVaultArn"])
		}
	}
}

func TestReconcileFindsTheIngestTokenInTheMemberAccount(t *testing.T) {
	b := account()
	b.pages = []map[string]any{{"RecoveryPoints": []any{recoveryPoint("stuck")}}}
	_, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	lists := callsTo(calls, sdkListCopyJobs)
	require.Len(t, lists, 2)
	assert.Equal(t, call{State: findIngestToken, Resource: sdkListCopyJobs,
		Arguments: map[string]any{"ByDestinationVaultArn": intermediate, "ByResourceArn": volume("stuck"),
			"ByCreatedAfter": "2026-11-15T12:00:00.000Z", "MaxResults": 1000.0},
		Credentials: map[string]any{"RoleArn": memberAccess}}, lists[1])
	starts := callsTo(calls, sdkStartCopy)
	require.Len(t, starts, 1)
	assert.Equal(t, "ingest-stuck", starts[0].Arguments["IdempotencyToken"])
	assert.Nil(t, starts[0].Credentials, "the locked copy is the central account's")

	// Centrally, the member's job is invisible: the same listing without
	// the member's role finds nothing.
	central := b.service(t)(call{Resource: sdkListCopyJobs, Arguments: lists[1].Arguments})
	assert.Empty(t, central["CopyJobs"])
}

func TestReconcileListsOnlyMembersOfTheDeployment(t *testing.T) {
	// Recovery points whose source vault is not the deployment's member
	// vault of another account in this region: nothing to look up, and no
	// member role assumed.
	for name, source := range map[string]string{
		"another deployment's member vault": otherDeploymentVault,
		"no source vault":                   "",
		"the central account's vault":       "arn:aws:backup:eu-west-2:111111111111:backup-vault:org-backup-web-cmk",
		"a member vault of another region":  "arn:aws:backup:eu-west-1:222222222222:backup-vault:org-backup-web-cmk",
		"a vault of another partition":      "arn:aws-cn:backup:eu-west-2:222222222222:backup-vault:org-backup-web-cmk",
		"a vault whose name only starts so": "arn:aws:backup:eu-west-2:222222222222:backup-vault:org-backup-web-cmk-2",
	} {
		t.Run(name, func(t *testing.T) {
			b := account()
			b.pages = []map[string]any{{"RecoveryPoints": []any{recoveryPointFrom("stuck", source)}}}
			end, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
			assert.Equal(t, "Succeed", end)
			for _, c := range calls {
				assert.Nil(t, c.Credentials, "%s assumed a member role", c.State)
			}
			assert.Empty(t, callsTo(calls, sdkStartCopy))
			require.Len(t, b.published, 1)
			assert.Contains(t, b.published[0]["Message"], OutcomeNoIngestToken+" "+rpPrefix+"stuck")
		})
	}
}

func TestReconcileReportsAMemberItCannotReach(t *testing.T) {
	// The member's central-access role is missing: its point is reported,
	// and the others are still repaired.
	b := account()
	unreachable := recoveryPointFrom("unreachable", "arn:aws:backup:eu-west-2:"+roleMissingMember+":backup-vault:org-backup-web-cmk")
	b.pages = []map[string]any{{"RecoveryPoints": []any{unreachable, recoveryPoint("stuck")}}}
	end, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	assert.Equal(t, "Succeed", end)
	require.Len(t, callsTo(calls, sdkStartCopy), 1)
	require.Len(t, b.published, 1)
	assert.Contains(t, b.published[0]["Message"], "could not copy 1 recovery point(s)")
	assert.Contains(t, b.published[0]["Message"],
		OutcomeUnreachable+" "+rpPrefix+"unreachable (Backup.AccessDeniedException: fake)")
}

func TestReconcileNeverGuessesPastOnePageOfMemberCopyJobs(t *testing.T) {
	// The member's first page holds no job that created the recovery
	// point, a next one might: reported, never called orphaned.
	b := account()
	b.pages = []map[string]any{{"RecoveryPoints": []any{recoveryPoint("orphan")}}}
	service := b.service(t)
	more := func(c call) map[string]any {
		out := service(c)
		if c.Credentials != nil {
			out["NextToken"] = "more"
		}
		return out
	}
	_, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, more)
	assert.Empty(t, callsTo(calls, sdkStartCopy))
	require.Len(t, b.published, 1)
	assert.Contains(t, b.published[0]["Message"], OutcomeUnverified+" "+rpPrefix+"orphan")
}

func TestReconcileNeverCopiesTwice(t *testing.T) {
	// The ingest already started the copy of "stuck" with its token, but the
	// job is not listed yet: the reconciler's StartCopyJob reuses the token,
	// so AWS returns the ingest's job. Two runs make one copy.
	b := account()
	b.started = map[string]string{"ingest-stuck": "locked-by-ingest"}
	run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	_, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	// "refused" fails before AWS records its token.
	assert.Equal(t, map[string]string{"ingest-stuck": "locked-by-ingest"}, b.started)
	for _, c := range callsTo(calls, sdkStartCopy) {
		assert.Equal(t, "ingest-"+strings.TrimPrefix(c.Arguments["RecoveryPointArn"].(string), rpPrefix),
			c.Arguments["IdempotencyToken"])
	}
}

func TestReconcileAlertsOnceWithWhatItCouldNotFix(t *testing.T) {
	b := account()
	run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	require.Len(t, b.published, 1)
	alert := b.published[0]
	assert.Equal(t, alertTopic, alert["TopicArn"])
	assert.LessOrEqual(t, len(alert["Subject"].(string)), 100) // SNS subjects hold 100 characters
	message := alert["Message"].(string)
	lines := strings.Split(message, "\n")
	assert.Equal(t, "The reconciler of backup-web in eu-west-2 could not copy 5 recovery point(s) of "+
		"backup-web-intermediate into "+standard+" (it started 1 missing copies and skipped 2 copies of the "+
		"restore workflow):", lines[0])
	assert.ElementsMatch(t, []string{
		OutcomeLockedCopyFailed + " " + rpPrefix + "failed",
		OutcomeRefused + " " + rpPrefix + "refused (Backup.InvalidRequestException: fake)",
		OutcomeNoIngestToken + " " + rpPrefix + "orphan",
		OutcomeUnreachable + " " + rpPrefix + "unreachable (Backup.AccessDeniedException: fake)",
		OutcomeNoIngestToken + " " + rpPrefix + "foreign",
	}, lines[1:])
}

func TestReconcileIsQuietWhenEverythingIsCopied(t *testing.T) {
	b := account()
	b.pages = []map[string]any{{"RecoveryPoints": []any{recoveryPoint("done"), recoveryPoint("stuck")}}}
	end, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	assert.Equal(t, "Succeed", end)
	assert.Len(t, callsTo(calls, sdkStartCopy), 1)
	assert.Empty(t, b.published)
}

func TestReconcileEmptyVault(t *testing.T) {
	b := &backupAccount{pages: []map[string]any{{"RecoveryPoints": []any{}}}}
	end, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	assert.Equal(t, "Succeed", end)
	assert.Len(t, calls, 1)
}

func TestReconcileNeverGuessesPastOnePageOfCopyJobs(t *testing.T) {
	// More copies of the volume than one page: the copy of the recovery
	// point may be on the next one, so it is reported, never copied.
	b := account()
	b.pages = []map[string]any{{"RecoveryPoints": []any{recoveryPoint("stuck")}}}
	b.moreCopyJobs = map[string]bool{volume("stuck"): true}
	_, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	assert.Empty(t, callsTo(calls, sdkStartCopy))
	require.Len(t, b.published, 1)
	assert.Contains(t, b.published[0]["Message"], OutcomeUnverified+" "+rpPrefix+"stuck")
}

func TestReconcileFailsWhenAListingFails(t *testing.T) {
	// An error the retries do not cure fails the execution, which the
	// alerts' rule on failed executions reports.
	service := func(c call) map[string]any { return map[string]any{failWith: "Backup.ServiceUnavailableException"} }
	end, _ := run(t, Reconcile(web, reconcileWeb), map[string]any{}, service)
	assert.Equal(t, "Fail", end)
}

func TestReconcileDefinitionShape(t *testing.T) {
	def := Reconcile(web, reconcileWeb)
	var decoded map[string]any
	require.NoError(t, json.Unmarshal([]byte(def.JSON()), &decoded))
	assert.Equal(t, "JSONata", decoded["QueryLanguage"])
	m := def.States[checkRecoveryPoints]
	assert.Equal(t, "Map", m.Type)
	assert.Equal(t, "INLINE", m.ItemProcessor.ProcessorConfig["Mode"])
	// Inline Map runs at most 40 iterations at once
	// (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html).
	assert.LessOrEqual(t, m.MaxConcurrency, 40)
	assert.Equal(t, def.JSON(), Reconcile(web, reconcileWeb).JSON())
}

func TestReconcileAlertListsAtMostAlertLines(t *testing.T) {
	var points []any
	for i := range alertLines + 2 {
		points = append(points, recoveryPoint("orphan-"+strings.Repeat("x", i)))
	}
	b := &backupAccount{pages: []map[string]any{{"RecoveryPoints": points}}}
	run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	require.Len(t, b.published, 1)
	lines := strings.Split(b.published[0]["Message"].(string), "\n")
	assert.Len(t, lines, 1+alertLines+1)
	assert.Equal(t, "… and 2 more: see the execution arn:aws:states:eu-west-2:123456789012:execution:machine:execution-1",
		lines[len(lines)-1])
}

func TestReconcileContinuesInANewExecutionPastItsPageBudget(t *testing.T) {
	b := &backupAccount{}
	for i := range pagesPerExecution + 1 {
		page := map[string]any{"RecoveryPoints": []any{recoveryPoint("orphan-" + strings.Repeat("x", i))}}
		if i < pagesPerExecution {
			page["NextToken"] = "page-" + string(rune('1'+i))
		}
		b.pages = append(b.pages, page)
	}
	end, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	assert.Equal(t, "Succeed", end)
	assert.Len(t, callsTo(calls, sdkListRecoveryPoints), pagesPerExecution)
	require.Len(t, b.continued, 1)
	assert.Equal(t, map[string]any{
		"StateMachineArn": "arn:aws:states:eu-west-2:123456789012:stateMachine:machine", // itself
		"Input": map[string]any{"nextToken": "page-8", "createdAfter": "2026-11-15T12:00:00.000Z",
			"createdBefore": "2026-11-29T12:00:00.000Z"},
	}, b.continued[0])
	// This execution alerts for its own share.
	require.Len(t, b.published, 1)
	assert.Contains(t, b.published[0]["Message"], "could not copy 8 recovery point(s)")

	// The next execution resumes at the token, in the same window.
	b.published = nil
	_, calls = run(t, Reconcile(web, reconcileWeb), b.continued[0]["Input"], b.service(t))
	lists := callsTo(calls, sdkListRecoveryPoints)
	require.Len(t, lists, 1)
	assert.Equal(t, "page-8", lists[0].Arguments["NextToken"])
	assert.Equal(t, "2026-11-29T12:00:00.000Z", lists[0].Arguments["ByCreatedBefore"])
	require.Len(t, b.published, 1)
	assert.Contains(t, b.published[0]["Message"], "could not copy 1 recovery point(s)")
}

func TestReconcileSkipsTheRestoreWorkflowsCopies(t *testing.T) {
	// The restore workflow copies a locked vault's recovery point into the
	// intermediate vault, a copy no member copy job made: counted, never
	// copied to the locked vault nor alerted. Without SourceBackupVaultArn,
	// the central account's copy job from a locked vault tells.
	b := account()
	b.pages = []map[string]any{{"RecoveryPoints": []any{recoveryPointFrom("restored", standardOld),
		recoveryPointFrom("restored-current", standard), recoveryPointFrom("restored-unnamed", "")}}}
	b.copyJobs = append(b.copyJobs, restoreJob("restored-current", standard))
	end, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	assert.Equal(t, "Succeed", end)
	assert.Empty(t, callsTo(calls, sdkStartCopy))
	assert.Empty(t, b.published)
	for _, c := range calls {
		assert.Nil(t, c.Credentials, "%s assumed a member role", c.State)
	}
	// Only the point without a source vault needs the listing.
	var restoreLists []call
	for _, c := range callsTo(calls, sdkListCopyJobs) {
		if c.State == findRestoreJob {
			restoreLists = append(restoreLists, c)
		}
	}
	require.Len(t, restoreLists, 1)
	assert.Equal(t, map[string]any{"ByDestinationVaultArn": intermediate, "ByResourceArn": volume("restored-unnamed"),
		"ByCreatedAfter": "2026-11-15T12:00:00.000Z", "MaxResults": 1000.0}, restoreLists[0].Arguments)

	// Alongside a point the reconciler cannot fix, the alert counts them.
	b.pages[0]["RecoveryPoints"] = append(b.pages[0]["RecoveryPoints"].([]any), recoveryPoint("orphan"))
	run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	require.Len(t, b.published, 1)
	lines := strings.Split(b.published[0]["Message"].(string), "\n")
	assert.Contains(t, lines[0], "could not copy 1 recovery point(s)")
	assert.Contains(t, lines[0], "skipped 3 copies of the restore workflow")
	assert.Equal(t, []string{OutcomeNoIngestToken + " " + rpPrefix + "orphan"}, lines[1:])
}

func TestReconcileStillReportsCopiesNotFromTheRestore(t *testing.T) {
	// Without SourceBackupVaultArn, and no copy job of the restore from a
	// locked vault created it (another central copy job into the
	// intermediate vault, from another vault, or of another recovery
	// point): reported.
	b := account()
	b.pages = []map[string]any{{"RecoveryPoints": []any{recoveryPointFrom("manual", ""),
		recoveryPointFrom("other-point", "")}}}
	b.copyJobs = append(b.copyJobs, restoreJob("manual", otherDeploymentVault),
		restoreJob("other-point-older", standard))
	b.copyJobs[len(b.copyJobs)-1]["ResourceArn"] = volume("other-point")
	_, calls := run(t, Reconcile(web, reconcileWeb), map[string]any{}, b.service(t))
	assert.Empty(t, callsTo(calls, sdkStartCopy))
	require.Len(t, b.published, 1)
	assert.Contains(t, b.published[0]["Message"], OutcomeNoIngestToken+" "+rpPrefix+"manual")
	assert.Contains(t, b.published[0]["Message"], OutcomeNoIngestToken+" "+rpPrefix+"other-point")
	assert.Contains(t, b.published[0]["Message"], "skipped 0 copies of the restore workflow")
}

// runReconcile runs the reconciler and returns its variables at the end.
func runReconcile(t *testing.T, b *backupAccount) map[string]any {
	t.Helper()
	e := newExecution(t, Reconcile(web, reconcileWeb))
	end, _ := e.runStates(e.def.States, e.def.StartAt, map[string]any{}, b.service(t))
	require.Equal(t, "Succeed", end)
	return e.vars
}

func TestReconcileKeepsAtMostAlertLinesUnfixedAndCountsTheRest(t *testing.T) {
	// alertLines + 3 unfixed recovery points over two pages: the bound
	// holds across the pages' Map states.
	const extra = 3
	b := &backupAccount{pages: []map[string]any{{"NextToken": "page-1"}, {}}}
	var first, second []any
	for i := range alertLines + extra {
		rp := recoveryPoint("orphan-" + strconv.Itoa(i))
		if i < alertLines-1 {
			first = append(first, rp)
		} else {
			second = append(second, rp)
		}
	}
	b.pages[0]["RecoveryPoints"], b.pages[1]["RecoveryPoints"] = first, second
	vars := runReconcile(t, b)
	unfixed, ok := vars["unfixed"].([]any)
	require.True(t, ok, "$unfixed is an array")
	assert.Len(t, unfixed, alertLines)
	assert.Equal(t, float64(extra), vars["unfixedNotListed"])
	// The first ones are kept.
	assert.Equal(t, rpPrefix+"orphan-0", unfixed[0].(map[string]any)["recoveryPointArn"])
	assert.Equal(t, rpPrefix+"orphan-"+strconv.Itoa(alertLines-1), unfixed[alertLines-1].(map[string]any)["recoveryPointArn"])

	require.Len(t, b.published, 1)
	lines := strings.Split(b.published[0]["Message"].(string), "\n")
	assert.Contains(t, lines[0], "could not copy "+strconv.Itoa(alertLines+extra)+" recovery point(s)")
	assert.Len(t, lines, 1+alertLines+1)
	assert.Equal(t, "… and 3 more: see the execution arn:aws:states:eu-west-2:123456789012:execution:machine:execution-1",
		lines[len(lines)-1])
}

func TestReconcileKeepsOneUnfixedPointAsAnArray(t *testing.T) {
	b := &backupAccount{pages: []map[string]any{{"RecoveryPoints": []any{recoveryPoint("orphan")}}}}
	vars := runReconcile(t, b)
	assert.Equal(t, []any{map[string]any{"recoveryPointArn": rpPrefix + "orphan", "outcome": OutcomeNoIngestToken}},
		vars["unfixed"])
	assert.Equal(t, 0.0, vars["unfixedNotListed"])
	require.Len(t, b.published, 1)
	assert.NotContains(t, b.published[0]["Message"], "more: see the execution")
}

func TestReconcileCutsTheErrorItKeeps(t *testing.T) {
	b := account()
	b.pages = []map[string]any{{"RecoveryPoints": []any{recoveryPoint("refused")}}}
	long := "Backup." + strings.Repeat("X", 2*errorChars)
	b.refuse = map[string]string{rpPrefix + "refused": long}
	vars := runReconcile(t, b)
	unfixed := vars["unfixed"].([]any)
	require.Len(t, unfixed, 1)
	assert.Equal(t, long[:errorChars], unfixed[0].(map[string]any)["error"])
}

func TestUnfixedFitsAStepFunctionsVariable(t *testing.T) {
	// The worst entry of alertLines' arithmetic: the longest outcome, a
	// 400-character ARN, an error and a cause of control characters, each
	// escaped in 6 bytes.
	longest := ""
	for _, o := range unfixedOutcomes {
		if len(o) > len(longest) {
			longest = o
		}
	}
	assert.LessOrEqual(t, len(longest), 20)
	entry := map[string]any{"recoveryPointArn": strings.Repeat("a", 400), "outcome": longest,
		"error": strings.Repeat("\x01", errorChars), "cause": strings.Repeat("\x01", causeChars)}
	var all []any
	for range alertLines {
		all = append(all, entry)
	}
	data, err := json.Marshal(all)
	require.NoError(t, err)
	assert.LessOrEqual(t, len(data), 256*1024-20*1024, "leave room for the counts assigned with it")
}
