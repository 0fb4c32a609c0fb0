package statemachine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// describedRecoveryPoint is DescribeRecoveryPoint's answer for the
// recovery point c asks about, with the response fields and ARN formats of
// the API reference
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRecoveryPoint.html:
// BackupVaultArn "arn:aws:backup:us-east-1:123456789012:backup-vault:aBackupVault",
// RecoveryPointArn "arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45",
// SourceBackupVaultArn, the vault the resource was backed up in, null when
// it is the same account and Region, ResourceArn, the saved resource) in
// this test's accounts and Region. sourceVault "" leaves SourceBackupVaultArn
// out, as the AWS SDK integration does with a null field.
func describedRecoveryPoint(c call, sourceVault, resource string) map[string]any {
	vault := c.Arguments["BackupVaultName"].(string)
	out := map[string]any{
		"BackupVaultArn":   "arn:aws:backup:eu-west-2:111111111111:backup-vault:" + vault,
		"BackupVaultName":  vault,
		"RecoveryPointArn": c.Arguments["RecoveryPointArn"],
		"ResourceArn":      resource,
		"ResourceType":     "EBS",
		"Status":           "COMPLETED",
		"IsEncrypted":      true,
		"StorageClass":     "WARM",
	}
	if sourceVault != "" {
		out["SourceBackupVaultArn"] = sourceVault
	}
	return out
}

// restoreOf answers the restore machine as copyJobs does, with the
// recovery point described as copied from sourceVault, of resource.
func restoreOf(sourceVault, resource string) fakeService {
	copies := copyJobs()
	return func(c call) map[string]any {
		if c.Resource == sdkDescribeRP {
			return describedRecoveryPoint(c, sourceVault, resource)
		}
		return copies(c)
	}
}

const (
	otherMember   = "333333333333"
	memberVolume  = "arn:aws:ec2:eu-west-2:222222222222:volume/vol-0123456789abcdef0"
	memberBucket  = "arn:aws:s3:::website-assets"
	recoveryAcct  = "444455556666"
	allowListPath = `deployments["web"].restoreDestinationAccountIds`
)

func startedCopies(calls []call) []call {
	var out []call
	for _, c := range calls {
		if c.Resource == sdkStartCopy {
			out = append(out, c)
		}
	}
	return out
}

// Issue 22 (review B): a recovery point goes back to the account it was
// backed up in, whichever central vault holds it.
func TestRestoreGoesBackToTheOriginAccount(t *testing.T) {
	web := web
	web.Key = "web"
	for name, c := range map[string]struct {
		vault, point, sourceVault, resource string
	}{
		"intermediate vault, copied from the member vault":   {"backup-web-intermediate", intermediateRP, memberVault, memberVolume},
		"standard vault, copied from the intermediate vault": {"backup-web-standard-7-90", standardRP, intermediate, memberVolume},
		"no SourceBackupVaultArn, the resource's account":    {"backup-web-standard-7-90", standardRP, "", memberVolume},
	} {
		t.Run(name, func(t *testing.T) {
			input := map[string]any{"destinationAccount": member, "recoveryPointArn": c.point, "sourceBackupVaultName": c.vault}
			end, calls, _ := runFailure(t, Restore(web), input, restoreOf(c.sourceVault, c.resource))
			assert.Equal(t, "Succeed", end)
			require.Equal(t, sdkDescribeRP, calls[0].Resource)
			assert.Equal(t, map[string]any{"BackupVaultName": c.vault, "RecoveryPointArn": c.point}, calls[0].Arguments)
			assert.NotEmpty(t, startedCopies(calls))

			input["destinationAccount"] = otherMember
			end, calls, failure := runFailure(t, Restore(web), input, restoreOf(c.sourceVault, c.resource))
			assert.Equal(t, "Fail", end)
			assert.Empty(t, startedCopies(calls), "no copy leaves the central account")
			assert.Equal(t, DestinationNotOrigin, failure["Error"])
			cause, _ := failure["Cause"].(string)
			assert.Contains(t, cause, "account "+member)
			assert.Contains(t, cause, "destinationAccount "+otherMember)
			assert.Contains(t, cause, allowListPath)
			assert.Contains(t, cause, c.point)
		})
	}
}

// An S3 bucket's ARN holds no account: a copy made inside the central
// account tells no origin, and only the listed accounts may take it.
func TestRestoreRefusesWhatItCannotTraceButToListedAccounts(t *testing.T) {
	web := web
	web.Key = "web"
	input := map[string]any{"destinationAccount": member, "recoveryPointArn": standardRP,
		"sourceBackupVaultName": "backup-web-standard-7-90"}
	end, calls, failure := runFailure(t, Restore(web), input, restoreOf(intermediate, memberBucket))
	assert.Equal(t, "Fail", end)
	assert.Empty(t, startedCopies(calls))
	assert.Equal(t, DestinationNotOrigin, failure["Error"])
	assert.Contains(t, failure["Cause"], "does not tell")

	web.RestoreDestinationAccountIDs = []string{member}
	end, _, _ = runFailure(t, Restore(web), input, restoreOf(intermediate, memberBucket))
	assert.Equal(t, "Succeed", end)

	// An S3 point in the intermediate vault still names the member vault it came from.
	web.RestoreDestinationAccountIDs = nil
	input = map[string]any{"destinationAccount": member, "recoveryPointArn": intermediateRP,
		"sourceBackupVaultName": "backup-web-intermediate"}
	end, _, _ = runFailure(t, Restore(web), input, restoreOf(memberVault, memberBucket))
	assert.Equal(t, "Succeed", end)
}

// restoreDestinationAccountIds lets any recovery point of the deployment
// go to the listed accounts too, through the same three copies.
func TestRestoreIntoAListedAccount(t *testing.T) {
	web := web
	web.Key = "web"
	web.RestoreDestinationAccountIDs = []string{recoveryAcct}
	input := map[string]any{"destinationAccount": recoveryAcct, "recoveryPointArn": standardRP,
		"sourceBackupVaultName": "backup-web-standard-7-90"}
	end, calls, _ := runFailure(t, Restore(web), input, restoreOf(intermediate, memberVolume))
	assert.Equal(t, "Succeed", end)
	starts := startedCopies(calls)
	require.Len(t, starts, 3)
	assert.Equal(t, "arn:aws:backup:eu-west-2:"+recoveryAcct+":backup-vault:org-backup-web-cmk", starts[1].Arguments["DestinationBackupVaultArn"])
	assert.Equal(t, map[string]any{"RoleArn": "arn:aws:iam::" + recoveryAcct + ":role/org-backup-web-restore-access"}, starts[2].Credentials)

	// Another account is still refused.
	input["destinationAccount"] = otherMember
	end, _, failure := runFailure(t, Restore(web), input, restoreOf(intermediate, memberVolume))
	assert.Equal(t, "Fail", end)
	assert.Equal(t, DestinationNotOrigin, failure["Error"])
}
