package statemachine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

var web = Deployment{
	Partition:       "aws",
	Region:          "eu-west-2",
	AccountID:       "111111111111",
	Names:           naming.For("backup-", "org-backup-", "web"),
	StandardConfigs: []string{"7-30", "7-90"},
	HasLAGVaults:    true,
	RetentionDays: map[string][]int{
		naming.LocalRetentionDaysTag:        {2, 3},
		naming.IntermediateRetentionDaysTag: {5, 7},
	},
}

const (
	member          = "222222222222"
	memberVault     = "arn:aws:backup:eu-west-2:222222222222:backup-vault:org-backup-web-cmk"
	memberPoint     = "arn:aws:backup:eu-west-2:222222222222:recovery-point:member-point"
	intermediate    = "arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-intermediate"
	intermediateRP  = "arn:aws:backup:eu-west-2:111111111111:recovery-point:intermediate-point"
	standard        = "arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-standard-7-90"
	standardRP      = "arn:aws:backup:eu-west-2:111111111111:recovery-point:standard-point"
	lagVault        = "arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-lag-7-90"
	memberRole      = "arn:aws:iam::222222222222:role/org-backup-web-backup-service-role"
	memberAccess    = "arn:aws:iam::222222222222:role/org-backup-web-central-access"
	restoreAccess   = "arn:aws:iam::222222222222:role/org-backup-web-restore-access"
	statesRole      = "arn:aws:iam::111111111111:role/backup-web-backup-ingest-sfn-states"
	centralRole     = "arn:aws:iam::111111111111:role/backup-web-backup-service-role"
	sdkStartCopy    = "arn:aws:states:::aws-sdk:backup:startCopyJob"
	sdkListTags     = "arn:aws:states:::aws-sdk:backup:listTags"
	sdkUpdateLife   = "arn:aws:states:::aws-sdk:backup:updateRecoveryPointLifecycle"
	sdkDescribeCopy = "arn:aws:states:::aws-sdk:backup:describeCopyJob"
	sdkDescribeRP   = "arn:aws:states:::aws-sdk:backup:describeRecoveryPoint"
)

// copyJobEvent is an AWS Backup "Copy Job State Change" event as the
// deployment's bus receives it.
func copyJobEvent(account, state, source, destination, sourcePoint, destinationPoint string) map[string]any {
	return map[string]any{
		"version": "0", "id": "9b1c9c8c-0000-0000-0000-000000000000", "source": "aws.backup",
		"detail-type": "Copy Job State Change", "account": account, "region": "eu-west-2",
		"time": "2026-11-27T03:00:00Z", "resources": []any{sourcePoint},
		"detail": map[string]any{
			"copyJobId": "job-1", "state": state, "sourceBackupVaultArn": source,
			"destinationBackupVaultArn": destination, "destinationRecoveryPointArn": destinationPoint,
			"resourceType": "EBS", "iamRoleArn": memberRole,
		},
	}
}

// tags answers listTags with the retention tags of the reference module.
func tags(local, intermediate string) fakeService {
	return func(c call) map[string]any {
		switch c.Resource {
		case sdkListTags:
			return map[string]any{"Tags": map[string]any{
				naming.LocalRetentionDaysTag: local, naming.IntermediateRetentionDaysTag: intermediate,
				"BackupPlan": "gold",
			}}
		case sdkStartCopy:
			return map[string]any{"CopyJobId": "job-2", "CreationDate": "2026-11-27T03:00:00Z"}
		}
		return map[string]any{}
	}
}

func TestIngestMemberToIntermediate(t *testing.T) {
	end, calls := run(t, Ingest(web), copyJobEvent(member, "COMPLETED", memberVault, intermediate, memberPoint, intermediateRP),
		tags("3", "5"))
	assert.Equal(t, "Succeed", end)
	require.Len(t, calls, 3)
	assert.Equal(t, call{State: "StartCopyToStandardVault", Resource: sdkStartCopy, Arguments: map[string]any{
		"DestinationBackupVaultArn": standard,
		"IamRoleArn":                centralRole,
		"RecoveryPointArn":          intermediateRP,
		"SourceBackupVaultName":     "backup-web-intermediate",
		"IdempotencyToken":          "job-1",
	}}, calls[0])
	assert.Equal(t, call{State: "GetSourceRecoveryPointTags", Resource: sdkListTags,
		Arguments:   map[string]any{"ResourceArn": memberPoint},
		Credentials: map[string]any{"RoleArn": memberAccess}}, calls[1])
	assert.Equal(t, call{State: "UpdateSourceRecoveryPointLifecycle", Resource: sdkUpdateLife,
		Arguments: map[string]any{
			"BackupVaultName":  "org-backup-web-cmk",
			"RecoveryPointArn": memberPoint,
			"Lifecycle":        map[string]any{"DeleteAfterDays": float64(3)},
		},
		Credentials: map[string]any{"RoleArn": memberAccess}}, calls[2])
}

func TestIngestIntermediateToStandard(t *testing.T) {
	end, calls := run(t, Ingest(web), copyJobEvent(web.AccountID, "COMPLETED", intermediate, standard, intermediateRP, standardRP),
		tags("3", "5"))
	assert.Equal(t, "Succeed", end)
	require.Len(t, calls, 2)
	assert.Equal(t, map[string]any{"RoleArn": statesRole}, calls[0].Credentials, "central points change with the states role")
	assert.Equal(t, map[string]any{
		"BackupVaultName":  "backup-web-intermediate",
		"RecoveryPointArn": intermediateRP,
		"Lifecycle":        map[string]any{"DeleteAfterDays": float64(5)},
	}, calls[1].Arguments)
}

func TestIngestMemberToAirGapped(t *testing.T) {
	end, calls := run(t, Ingest(web), copyJobEvent(member, "COMPLETED", memberVault, lagVault, memberPoint, "lag-point"),
		tags("2", "5"))
	assert.Equal(t, "Succeed", end)
	require.Len(t, calls, 2, "no copy on to the standard vault")
	assert.Equal(t, sdkListTags, calls[0].Resource)
	assert.Equal(t, float64(2), calls[1].Arguments["Lifecycle"].(map[string]any)["DeleteAfterDays"])
}

func TestIngestIgnoresOtherCopies(t *testing.T) {
	for name, event := range map[string]map[string]any{
		"copy to a member":         copyJobEvent(web.AccountID, "COMPLETED", intermediate, memberVault, intermediateRP, memberPoint),
		"central copy to LAG":      copyJobEvent(web.AccountID, "COMPLETED", intermediate, lagVault, intermediateRP, "x"),
		"standard to intermediate": copyJobEvent(web.AccountID, "COMPLETED", standard, intermediate, standardRP, intermediateRP),
	} {
		t.Run(name, func(t *testing.T) {
			end, calls := run(t, Ingest(web), event, tags("3", "5"))
			assert.Equal(t, "Succeed", end)
			assert.Empty(t, calls)
		})
	}
}

func TestIngestKeepsPointsWithoutRetention(t *testing.T) {
	end, calls := run(t, Ingest(web), copyJobEvent(member, "COMPLETED", memberVault, lagVault, memberPoint, "lag-point"),
		tags("-1", "7"))
	assert.Equal(t, "Succeed", end)
	require.Len(t, calls, 1, "a -1 retention tag keeps the recovery point")
	assert.Equal(t, sdkListTags, calls[0].Resource)
}

func TestIngestWithoutAirGappedVaultsHasNoLAGBranch(t *testing.T) {
	noLAG := web
	noLAG.HasLAGVaults = false
	end, calls := run(t, Ingest(noLAG), copyJobEvent(member, "COMPLETED", memberVault, lagVault, memberPoint, "lag-point"),
		tags("2", "5"))
	assert.Equal(t, "Succeed", end)
	assert.Empty(t, calls)
}

// copyJobs answers the restore machine's calls: every copy completes after
// one RUNNING poll.
func copyJobs() fakeService {
	polls := map[string]int{}
	started := 0
	return func(c call) map[string]any {
		switch c.Resource {
		case sdkStartCopy:
			started++
			return map[string]any{"CopyJobId": "job-" + string(rune('0'+started))}
		case sdkDescribeRP:
			return describedRecoveryPoint(c, memberVault, "arn:aws:ec2:eu-west-2:222222222222:volume/vol-0123456789abcdef0")
		case sdkDescribeCopy:
			id := c.Arguments["CopyJobId"].(string)
			polls[id]++
			state := "RUNNING"
			if polls[id] > 1 {
				state = "COMPLETED"
			}
			return map[string]any{"CopyJob": map[string]any{"CopyJobId": id, "State": state,
				"DestinationRecoveryPointArn": "point-of-" + id}}
		}
		return map[string]any{}
	}
}

func TestRestoreFromStandardVault(t *testing.T) {
	input := map[string]any{"destinationAccount": member, "recoveryPointArn": standardRP,
		"sourceBackupVaultName": "backup-web-standard-7-30"}
	end, calls := run(t, Restore(web), input, copyJobs())
	assert.Equal(t, "Succeed", end)
	var starts []call
	for _, c := range calls {
		if c.Resource == sdkStartCopy {
			starts = append(starts, c)
		}
	}
	require.Len(t, starts, 3)
	assert.Equal(t, map[string]any{
		"DestinationBackupVaultArn": intermediate, "IamRoleArn": centralRole,
		"RecoveryPointArn": standardRP, "SourceBackupVaultName": "backup-web-standard-7-30",
		"IdempotencyToken": "execution-1-intermediate",
	}, starts[0].Arguments)
	assert.Equal(t, map[string]any{
		"DestinationBackupVaultArn": memberVault, "IamRoleArn": centralRole,
		"RecoveryPointArn": "point-of-job-1", "SourceBackupVaultName": "backup-web-intermediate",
		"IdempotencyToken": "execution-1-member-backup",
	}, starts[1].Arguments)
	assert.Equal(t, map[string]any{
		"DestinationBackupVaultArn": "arn:aws:backup:eu-west-2:222222222222:backup-vault:org-backup-web-default",
		"IamRoleArn":                memberRole, "RecoveryPointArn": "point-of-job-2",
		"SourceBackupVaultName": "org-backup-web-cmk", "IdempotencyToken": "execution-1-member-restore",
	}, starts[2].Arguments)
	assert.Equal(t, map[string]any{"RoleArn": restoreAccess}, starts[2].Credentials,
		"the central machine acts in the member account through the restore-only access role")
	// The member account's copy is described in the member account.
	last := calls[len(calls)-1]
	assert.Equal(t, sdkDescribeCopy, last.Resource)
	assert.Equal(t, map[string]any{"RoleArn": restoreAccess}, last.Credentials)
}

func TestRestoreFromIntermediateVaultSkipsFirstCopy(t *testing.T) {
	input := map[string]any{"destinationAccount": member, "recoveryPointArn": intermediateRP,
		"sourceBackupVaultName": "backup-web-intermediate"}
	end, calls := run(t, Restore(web), input, copyJobs())
	assert.Equal(t, "Succeed", end)
	assert.Equal(t, sdkDescribeRP, calls[0].Resource)
	assert.Equal(t, intermediateRP, calls[1].Arguments["RecoveryPointArn"])
	assert.Equal(t, memberVault, calls[1].Arguments["DestinationBackupVaultArn"])
}

func TestRestoreRefusesForeignVaults(t *testing.T) {
	input := map[string]any{"destinationAccount": member, "recoveryPointArn": "x", "sourceBackupVaultName": "other-vault"}
	end, calls := run(t, Restore(web), input, copyJobs())
	assert.Equal(t, "Fail", end)
	assert.Empty(t, calls)
}

func TestRestoreFailsWhenACopyFails(t *testing.T) {
	input := map[string]any{"destinationAccount": member, "recoveryPointArn": standardRP,
		"sourceBackupVaultName": "backup-web-standard-7-90"}
	end, calls, failure := runFailure(t, Restore(web), input, func(c call) map[string]any {
		switch c.Resource {
		case sdkDescribeRP:
			return describedRecoveryPoint(c, intermediate, "arn:aws:ec2:eu-west-2:222222222222:volume/vol-0123456789abcdef0")
		case sdkDescribeCopy:
			return map[string]any{"CopyJob": map[string]any{"State": "FAILED"}}
		}
		return map[string]any{"CopyJobId": "job-1"}
	})
	assert.Equal(t, "Fail", end)
	assert.Equal(t, sdkStartCopy, calls[1].Resource, "the copy was started before it failed")
	assert.NotEqual(t, DestinationNotOrigin, failure["Error"])
}

func TestDefinitionsAreDeterministic(t *testing.T) {
	for range 20 {
		assert.Equal(t, Ingest(web).JSON(), Ingest(web).JSON())
		assert.Equal(t, Restore(web).JSON(), Restore(web).JSON())
	}
}

// Recovery points of EBS and RDS are the services' own snapshots, in the
// formats of https://docs.aws.amazon.com/aws-backup/latest/devguide/access-control.html#access-control-resources
// with the IDs of https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html;
// the events carry them as AWS Backup's copy job events do
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html).
var nativePoints = map[string]struct{ member, intermediate, standard string }{
	"EBS": {
		member:       "arn:aws:ec2:eu-west-2::snapshot/snap-05f426fd8kdjb4224",
		intermediate: "arn:aws:ec2:eu-west-2::snapshot/snap-0d40e49137e31d9e0",
		standard:     "arn:aws:ec2:eu-west-2::snapshot/snap-0ecdf967356c809c7",
	},
	"RDS": {
		member:       "arn:aws:rds:eu-west-2:222222222222:snapshot:awsbackup:job-be59cf2a-2343-4402-bd8b-226993d23453",
		intermediate: "arn:aws:rds:eu-west-2:111111111111:snapshot:awsbackup:copyjob-be59cf2a-2343-4402-bd8b-226993d23453",
		standard:     "arn:aws:rds:eu-west-2:111111111111:snapshot:awsbackup:copyjob-0ecdf967-356c-809c-7000-226993d23453",
	},
}

// listTagsRefused answers ListTags as AWS Backup does for recovery points it
// does not fully manage ("ListTags only works for resource types that
// support full AWS Backup management",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListTags.html).
func listTagsRefused(c call) map[string]any {
	if c.Resource == sdkListTags {
		return map[string]any{failWith: "Backup.InvalidParameterValueException"}
	}
	return tags("3", "5")(c)
}

func nativeEvent(resourceType, account, state, source, destination, sourcePoint, destinationPoint string) map[string]any {
	event := copyJobEvent(account, state, source, destination, sourcePoint, destinationPoint)
	event["detail"].(map[string]any)["resourceType"] = resourceType
	return event
}

func TestIngestLocksEBSAndRDSCopiesWhenListTagsIsRefused(t *testing.T) {
	for resourceType, points := range nativePoints {
		t.Run(resourceType, func(t *testing.T) {
			end, calls := run(t, Ingest(web), nativeEvent(resourceType, member, "COMPLETED", memberVault, intermediate,
				points.member, points.intermediate), listTagsRefused)
			assert.Equal(t, "Succeed", end, "a refused ListTags never fails the execution")
			require.Len(t, calls, 2, "copy to the locked vault, then the tag read; no lifecycle change")
			assert.Equal(t, sdkStartCopy, calls[0].Resource, "the locked copy starts before anything that may fail")
			assert.Equal(t, points.intermediate, calls[0].Arguments["RecoveryPointArn"])
			assert.Equal(t, standard, calls[0].Arguments["DestinationBackupVaultArn"])
			assert.Equal(t, sdkListTags, calls[1].Resource)
			assert.Equal(t, points.member, calls[1].Arguments["ResourceArn"])
		})
	}
}

func TestIngestShortensEBSAndRDSPointsWhenTagsAreReadable(t *testing.T) {
	for resourceType, points := range nativePoints {
		t.Run(resourceType, func(t *testing.T) {
			end, calls := run(t, Ingest(web), nativeEvent(resourceType, member, "COMPLETED", memberVault, intermediate,
				points.member, points.intermediate), tags("3", "5"))
			assert.Equal(t, "Succeed", end)
			require.Len(t, calls, 3)
			assert.Equal(t, sdkUpdateLife, calls[2].Resource)
			assert.Equal(t, points.member, calls[2].Arguments["RecoveryPointArn"])
			assert.Equal(t, map[string]any{"RoleArn": memberAccess}, calls[2].Credentials)
		})
	}
}

func TestIngestKeepsIntermediateEBSAndRDSPointsWhenListTagsIsRefused(t *testing.T) {
	for resourceType, points := range nativePoints {
		t.Run(resourceType, func(t *testing.T) {
			end, calls := run(t, Ingest(web), nativeEvent(resourceType, web.AccountID, "COMPLETED", intermediate, standard,
				points.intermediate, points.standard), listTagsRefused)
			assert.Equal(t, "Succeed", end)
			require.Len(t, calls, 1, "the intermediate point keeps its lifecycle")
			assert.Equal(t, map[string]any{"RoleArn": statesRole}, calls[0].Credentials)
		})
	}
}

func TestIngestFailsVisiblyAndShortensNothingWhenTheLockedCopyCannotStart(t *testing.T) {
	end, calls := run(t, Ingest(web), copyJobEvent(member, "COMPLETED", memberVault, intermediate, memberPoint, intermediateRP),
		func(c call) map[string]any {
			if c.Resource == sdkStartCopy {
				return map[string]any{failWith: "Backup.InvalidRequestException"}
			}
			return tags("3", "5")(c)
		})
	assert.Equal(t, "Fail", end, "a failed execution is what alerts (ExecutionsFailed)")
	require.Len(t, calls, 1, "the member point keeps its full lifecycle while no locked copy exists")
}

// An at-least-once event delivered twice starts the same copy twice with the
// same idempotency token, which AWS Backup answers without a second copy
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartCopyJob.html).
func TestIngestCopyIdempotencyTokenIsTheTriggeringJob(t *testing.T) {
	event := copyJobEvent(member, "COMPLETED", memberVault, intermediate, memberPoint, intermediateRP)
	_, first := run(t, Ingest(web), event, tags("3", "5"))
	_, second := run(t, Ingest(web), event, tags("3", "5"))
	assert.Equal(t, "job-1", first[0].Arguments["IdempotencyToken"])
	assert.Equal(t, first[0].Arguments, second[0].Arguments)

	other := copyJobEvent(member, "COMPLETED", memberVault, intermediate, memberPoint, intermediateRP)
	other["detail"].(map[string]any)["copyJobId"] = "job-7"
	_, third := run(t, Ingest(web), other, tags("3", "5"))
	assert.NotEqual(t, first[0].Arguments["IdempotencyToken"], third[0].Arguments["IdempotencyToken"])
}

func TestRestoreCopiesEBSAndRDSPoints(t *testing.T) {
	for resourceType, points := range nativePoints {
		t.Run(resourceType, func(t *testing.T) {
			input := map[string]any{"destinationAccount": member, "recoveryPointArn": points.standard,
				"sourceBackupVaultName": "backup-web-standard-7-90"}
			end, calls := run(t, Restore(web), input, copyJobs())
			assert.Equal(t, "Succeed", end)
			assert.Equal(t, points.standard, calls[1].Arguments["RecoveryPointArn"])
			assert.Equal(t, sdkStartCopy, calls[1].Resource)
		})
	}
}

// A member developer may tag a recovery point of a fully managed type
// (backup:TagResource, https://docs.aws.amazon.com/aws-backup/latest/devguide/API_TagResource.html):
// the ingest applies only the retention values the deployment's plans write.
func TestIngestIgnoresRetentionTagsNoPlanWrites(t *testing.T) {
	for name, value := range map[string]string{"forged 1 day": "1", "not a number": "one", "zero": "0", "padded": "03",
		"an intermediate value on a member point": "5"} {
		t.Run(name, func(t *testing.T) {
			end, calls := run(t, Ingest(web), copyJobEvent(member, "COMPLETED", memberVault, intermediate, memberPoint,
				intermediateRP), tags(value, "5"))
			assert.Equal(t, "Succeed", end)
			require.Len(t, calls, 2, "the locked copy and the tag read; the member point keeps its lifecycle")
			assert.Equal(t, sdkStartCopy, calls[0].Resource)
			assert.Equal(t, sdkListTags, calls[1].Resource)
		})
	}
	t.Run("intermediate", func(t *testing.T) {
		end, calls := run(t, Ingest(web), copyJobEvent(web.AccountID, "COMPLETED", intermediate, standard, intermediateRP,
			standardRP), tags("3", "1"))
		assert.Equal(t, "Succeed", end)
		require.Len(t, calls, 1, "the intermediate point keeps its lifecycle")
	})
}

func TestIngestWithoutPlanRetentionsShortensNothing(t *testing.T) {
	d := web
	d.RetentionDays = nil
	end, calls := run(t, Ingest(d), copyJobEvent(member, "COMPLETED", memberVault, lagVault, memberPoint, "lag-point"),
		tags("3", "5"))
	assert.Equal(t, "Succeed", end)
	require.Len(t, calls, 1)
}

// ListTags on an ARN other than arn:aws:backup "may return" any of its
// documented exceptions (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListTags.html):
// each keeps the lifecycle and succeeds; any other error, such as the
// AccessDenied of a missing member role or a broken trust, fails the
// execution, which alerts.
func TestIngestCatchesOnlyListTagsUnsupportedResourceErrors(t *testing.T) {
	answer := func(err string) fakeService {
		return func(c call) map[string]any {
			if c.Resource == sdkListTags {
				return map[string]any{failWith: err}
			}
			return tags("3", "5")(c)
		}
	}
	event := copyJobEvent(member, "COMPLETED", memberVault, intermediate, memberPoint, intermediateRP)
	for _, err := range []string{"Backup.InvalidParameterValueException", "Backup.MissingParameterValueException",
		"Backup.ResourceNotFoundException"} {
		end, calls := run(t, Ingest(web), event, answer(err))
		assert.Equal(t, "Succeed", end, err)
		assert.Len(t, calls, 2, err)
	}
	for _, err := range []string{"Backup.AccessDeniedException", "States.TaskFailed", "Backup.ServiceUnavailableException"} {
		end, calls := run(t, Ingest(web), event, answer(err))
		assert.Equal(t, "Fail", end, err)
		assert.Len(t, calls, 2, "the locked copy started before the failure: %s", err)
	}
}

// A deployment whose plans write one retention value (lag-pitr: 2 days).
func TestIngestAcceptsASingleRetentionValue(t *testing.T) {
	d := web
	d.RetentionDays = map[string][]int{naming.LocalRetentionDaysTag: {2}, naming.IntermediateRetentionDaysTag: {2}}
	end, calls := run(t, Ingest(d), copyJobEvent(member, "COMPLETED", memberVault, lagVault, memberPoint, "lag-point"),
		tags("2", "2"))
	assert.Equal(t, "Succeed", end)
	require.Len(t, calls, 2)
	assert.Equal(t, float64(2), calls[1].Arguments["Lifecycle"].(map[string]any)["DeleteAfterDays"])
	end, calls = run(t, Ingest(d), copyJobEvent(member, "COMPLETED", memberVault, lagVault, memberPoint, "lag-point"),
		tags("1", "2"))
	assert.Equal(t, "Succeed", end)
	require.Len(t, calls, 1, "1 is not a value of the plans")
}
