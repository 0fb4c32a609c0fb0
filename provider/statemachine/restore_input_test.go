package statemachine

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// otherPoint is a recovery point of another member (otherMember) in the
// central intermediate vault: what an injected field would have the
// restore copy.
const otherPoint = "arn:aws:backup:eu-west-2:111111111111:recovery-point:other-member-point"

// documentedInput is the restore's input as Restore documents it.
var documentedInput = []string{"destinationAccount", "recoveryPointArn", "sourceBackupVaultName"}

// withFields is input with the fields of extra added.
func withFields(input map[string]any, extra map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range input {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

// injected are fields a caller may add to the restore's input: the fields
// the copy states read from their input before (the copy job's answers),
// and the names of the machine's own variables.
var injected = map[string]map[string]any{
	"CopyJob, the review's attack": {"CopyJob": map[string]any{"DestinationRecoveryPointArn": otherPoint}},
	"CopyJob, completed": {"CopyJob": map[string]any{"DestinationRecoveryPointArn": otherPoint,
		"State": "COMPLETED", "CopyJobId": "job-9"}},
	"CopyJobId": {"CopyJobId": "job-9"},
	"variables' names": {
		"currentRecoveryPointArn": otherPoint, "copyJob": map[string]any{"State": "COMPLETED",
			"DestinationRecoveryPointArn": otherPoint}, "copyJobId": "job-9", "originAccount": otherMember,
		"firstCopy": copyToMemberBackupVault, "restoreDestinationAccountIds": []any{otherMember},
		"accountId": otherMember, "intermediateBackupVaultArn": otherPoint,
		"intermediateBackupVaultName": "other-vault", "memberAccountBackupVaultName": "other-vault",
		"memberAccountRestoreVaultName": "other-vault", "memberAccountRestoreAccessRoleName": "other-role",
		"memberAccountBackupServiceRoleName": "other-role", "centralBackupServiceRoleArn": "other-role",
		"standardBackupVaultArns": []any{"other-vault"},
	},
	"AWS answers' names": {"RecoveryPointArn": otherPoint, "DestinationRecoveryPointArn": otherPoint,
		"SourceBackupVaultArn": memberVault, "ResourceArn": memberVolume, "State": "COMPLETED"},
	"everything at once": {"CopyJob": map[string]any{"DestinationRecoveryPointArn": otherPoint, "State": "COMPLETED"},
		"CopyJobId": "job-9", "currentRecoveryPointArn": otherPoint, "originAccount": otherMember,
		"restoreDestinationAccountIds": []any{otherMember}, "RecoveryPointArn": otherPoint},
}

// The security review's attack (HIGH): an input with a CopyJob field made
// the first copy out of the intermediate vault take
// CopyJob.DestinationRecoveryPointArn, another member's point, after
// DescribeRecoveryPoint had checked recoveryPointArn, the destination's own.
// The restore copies the checked point only.
func TestRestoreCopiesOnlyTheCheckedPointWhateverTheInputAdds(t *testing.T) {
	web := web
	web.Key = "web"
	attack := map[string]any{"destinationAccount": member, "recoveryPointArn": intermediateRP,
		"sourceBackupVaultName": "backup-web-intermediate",
		"CopyJob":               map[string]any{"DestinationRecoveryPointArn": otherPoint}}
	end, calls, _ := runFailure(t, Restore(web), attack, restoreOf(memberVault, memberVolume))
	assert.Equal(t, "Succeed", end)
	starts := startedCopies(calls)
	require.Len(t, starts, 2, "the intermediate vault's point skips the first copy")
	assert.Equal(t, intermediateRP, starts[0].Arguments["RecoveryPointArn"], "the point DescribeRecoveryPoint checked")
	assert.Equal(t, "point-of-job-1", starts[1].Arguments["RecoveryPointArn"], "the first copy's own copy")
	for _, c := range calls {
		assert.NotContains(t, callJSON(t, c), otherPoint, "%s", c.State)
	}
}

// No field but the documented three changes what the restore does: with
// any injected field, each path (locked or intermediate vault, origin,
// listed or refused destination) makes the same calls and ends the same as
// with the documented input alone.
func TestRestoreIgnoresEveryFieldButTheDocumentedInput(t *testing.T) {
	web := web
	web.Key = "web"
	web.RestoreDestinationAccountIDs = []string{recoveryAcct}
	for path, input := range map[string]map[string]any{
		"locked vault, origin": {"destinationAccount": member, "recoveryPointArn": standardRP,
			"sourceBackupVaultName": "backup-web-standard-7-90"},
		"intermediate vault, origin": {"destinationAccount": member, "recoveryPointArn": intermediateRP,
			"sourceBackupVaultName": "backup-web-intermediate"},
		"locked vault, listed": {"destinationAccount": recoveryAcct, "recoveryPointArn": standardRP,
			"sourceBackupVaultName": "backup-web-standard-7-90"},
		"intermediate vault, listed": {"destinationAccount": recoveryAcct, "recoveryPointArn": intermediateRP,
			"sourceBackupVaultName": "backup-web-intermediate"},
		"intermediate vault, refused": {"destinationAccount": otherMember, "recoveryPointArn": intermediateRP,
			"sourceBackupVaultName": "backup-web-intermediate"},
		"locked vault, refused": {"destinationAccount": otherMember, "recoveryPointArn": standardRP,
			"sourceBackupVaultName": "backup-web-standard-7-90"},
		"foreign vault": {"destinationAccount": member, "recoveryPointArn": otherPoint,
			"sourceBackupVaultName": "other-vault"},
	} {
		sourceVault := memberVault
		if input["sourceBackupVaultName"] != "backup-web-intermediate" {
			sourceVault = intermediate
		}
		wantEnd, wantCalls, wantFailure := runFailure(t, Restore(web), input, restoreOf(sourceVault, memberVolume))
		for name, extra := range injected {
			t.Run(path+"/"+name, func(t *testing.T) {
				end, calls, failure := runFailure(t, Restore(web), withFields(input, extra), restoreOf(sourceVault, memberVolume))
				assert.Equal(t, wantEnd, end)
				assert.Equal(t, wantCalls, calls)
				assert.Equal(t, wantFailure, failure)
				for _, c := range startedCopies(calls) {
					assert.NotEqual(t, otherPoint, c.Arguments["RecoveryPointArn"])
				}
			})
		}
	}
}

// A copy job's state and copied point come from DescribeCopyJob, never
// from the input: an injected completed CopyJob neither skips the wait nor
// names the point the next copy takes, and a failed copy still fails the
// execution.
func TestRestoreReadsCopyJobsFromDescribeCopyJobOnly(t *testing.T) {
	web := web
	web.Key = "web"
	input := map[string]any{"destinationAccount": member, "recoveryPointArn": standardRP,
		"sourceBackupVaultName": "backup-web-standard-7-90",
		"CopyJob":               map[string]any{"State": "COMPLETED", "DestinationRecoveryPointArn": otherPoint},
		"CopyJobId":             "job-9"}
	end, calls, failure := runFailure(t, Restore(web), input, func(c call) map[string]any {
		switch c.Resource {
		case sdkDescribeRP:
			return describedRecoveryPoint(c, intermediate, memberVolume)
		case sdkDescribeCopy:
			return map[string]any{"CopyJob": map[string]any{"CopyJobId": c.Arguments["CopyJobId"], "State": "FAILED"}}
		}
		return map[string]any{"CopyJobId": "job-1"}
	})
	assert.Equal(t, "Fail", end)
	require.Len(t, calls, 3, "DescribeRecoveryPoint, the first copy, its failed description")
	assert.Equal(t, "job-1", calls[2].Arguments["CopyJobId"], "the job the copy started")
	assert.Empty(t, failure["Error"], "the Fail state of a failed copy, not DestinationNotAllowed")
}

// The execution's output names the restored point, the restore vault's
// copy, from the last copy job; none of the input's extra fields.
func TestRestoreOutputNamesTheRestoredPoint(t *testing.T) {
	input := map[string]any{"destinationAccount": member, "recoveryPointArn": standardRP,
		"sourceBackupVaultName": "backup-web-standard-7-90", "CopyJob": map[string]any{"DestinationRecoveryPointArn": otherPoint}}
	e := newExecution(t, Restore(web))
	end, out := e.runStates(e.def.States, e.def.StartAt, normalize(input), restoreOf(intermediate, memberVolume))
	assert.Equal(t, "Succeed", end)
	assert.Equal(t, map[string]any{"destinationAccount": member, "recoveryPointArn": standardRP,
		"restoredRecoveryPointArn": "point-of-job-3"}, out)
}

// Whoever starts an execution writes its input: only the first state
// reads it, and only the documented fields, into variables.
func TestRestoreReadsTheInputInItsFirstStateOnly(t *testing.T) {
	def := Restore(web)
	var reads []string
	for name, state := range def.States {
		data, err := json.Marshal(state)
		require.NoError(t, err)
		if name != def.StartAt {
			assert.NotContains(t, string(data), "$states.input", "state %s reads the input", name)
			continue
		}
		for k, v := range state.Assign {
			if s, _ := v.(string); strings.Contains(s, "$states.input") {
				assert.Equal(t, expr("$states.input."+k), s)
				reads = append(reads, k)
			}
		}
		assert.Equal(t, nothing, state.Output, "the first state passes nothing of the input on")
	}
	sort.Strings(reads)
	assert.Equal(t, documentedInput, reads)
}

// callJSON is c as JSON, to look for a value anywhere in it.
func callJSON(t *testing.T, c call) string {
	t.Helper()
	data, err := json.Marshal(c)
	require.NoError(t, err)
	return string(data)
}
