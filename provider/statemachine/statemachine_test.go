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
	statesRole      = "arn:aws:iam::111111111111:role/backup-web-backup-ingest-sfn-states"
	centralRole     = "arn:aws:iam::111111111111:role/backup-web-backup-service-role"
	sdkStartCopy    = "arn:aws:states:::aws-sdk:backup:startCopyJob"
	sdkListTags     = "arn:aws:states:::aws-sdk:backup:listTags"
	sdkUpdateLife   = "arn:aws:states:::aws-sdk:backup:updateRecoveryPointLifecycle"
	sdkDescribeCopy = "arn:aws:states:::aws-sdk:backup:describeCopyJob"
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
		"failed copy":              copyJobEvent(member, "FAILED", memberVault, intermediate, memberPoint, intermediateRP),
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
	}, starts[0].Arguments)
	assert.Equal(t, map[string]any{
		"DestinationBackupVaultArn": memberVault, "IamRoleArn": centralRole,
		"RecoveryPointArn": "point-of-job-1", "SourceBackupVaultName": "backup-web-intermediate",
	}, starts[1].Arguments)
	assert.Equal(t, map[string]any{
		"DestinationBackupVaultArn": "arn:aws:backup:eu-west-2:222222222222:backup-vault:org-backup-web-default",
		"IamRoleArn":                memberRole, "RecoveryPointArn": "point-of-job-2",
		"SourceBackupVaultName": "org-backup-web-cmk",
	}, starts[2].Arguments)
	assert.Equal(t, map[string]any{"RoleArn": memberAccess}, starts[2].Credentials,
		"the central machine acts in the member account through the central access role")
	// The member account's copy is described in the member account.
	last := calls[len(calls)-1]
	assert.Equal(t, sdkDescribeCopy, last.Resource)
	assert.Equal(t, map[string]any{"RoleArn": memberAccess}, last.Credentials)
}

func TestRestoreFromIntermediateVaultSkipsFirstCopy(t *testing.T) {
	input := map[string]any{"destinationAccount": member, "recoveryPointArn": intermediateRP,
		"sourceBackupVaultName": "backup-web-intermediate"}
	end, calls := run(t, Restore(web), input, copyJobs())
	assert.Equal(t, "Succeed", end)
	assert.Equal(t, intermediateRP, calls[0].Arguments["RecoveryPointArn"])
	assert.Equal(t, memberVault, calls[0].Arguments["DestinationBackupVaultArn"])
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
	end, _ := run(t, Restore(web), input, func(c call) map[string]any {
		if c.Resource == sdkDescribeCopy {
			return map[string]any{"CopyJob": map[string]any{"State": "FAILED"}}
		}
		return map[string]any{"CopyJobId": "job-1"}
	})
	assert.Equal(t, "Fail", end)
}

func TestDefinitionsAreDeterministic(t *testing.T) {
	for range 20 {
		assert.Equal(t, Ingest(web).JSON(), Ingest(web).JSON())
		assert.Equal(t, Restore(web).JSON(), Restore(web).JSON())
	}
}
