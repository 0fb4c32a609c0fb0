package statemachine

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	sdkDescribeKey = "arn:aws:states:::aws-sdk:kms:describeKey"
	lockedVault    = "org-backup-web-locked-7-90"
	lockedVaultARN = "arn:aws:backup:eu-west-2:222222222222:backup-vault:" + lockedVault
	// The failed copy job of AWS's documented FAILED copy job event
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html#copy-job-state-change-failed).
	failedJobID         = "47C8EF56-74D8-059D-1301-C5BE1D5C926E"
	failedStatusMessage = "Access denied exception while trying to list tags"
	// KMS key ARNs in the format of the API reference's examples
	// ("arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	// https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html),
	// in the member account: aws/ebs and aws/rds are AWS managed keys of
	// the account, a customer managed key is one of its own.
	awsEBSKey   = "arn:aws:kms:eu-west-2:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	awsRDSKey   = "arn:aws:kms:eu-west-2:222222222222:key/0987dcba-09fe-87dc-65ba-ab0987654321"
	customerKey = "arn:aws:kms:eu-west-2:222222222222:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	// The deployment key of the member vault: a key of the backup account.
	deploymentKey = "arn:aws:kms:eu-west-2:111111111111:key/mrk-0123456789abcdef0123456789abcdef"
	ebsVolume     = "arn:aws:ec2:eu-west-2:222222222222:volume/vol-0123456789abcdef0"
	rdsInstance   = "arn:aws:rds:eu-west-2:222222222222:db:orders"
	bucket        = "arn:aws:s3:::website-assets"
)

var update = flag.Bool("update", false, "rewrite the golden alert messages")

// goldenMessage compares message with testdata/<name>, which docs/alerts.md
// shows verbatim (the readme tier checks a text block equals a golden file),
// rewriting it under -update.
func goldenMessage(t *testing.T, name, message string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(message+"\n"), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run %s -args -update", t.Name())
	assert.Equal(t, string(want), message+"\n")
}

// refusing is the test deployment with the member locked vault, its alert
// topic and the types whose backups keep their source's key (policy's
// FullyManaged false rows).
var refusing = func() Deployment {
	d := web
	d.MemberLockedVault = d.Names.MemberLockedCopyVault("7-90")
	d.AlertTopicARN = alertTopic
	d.SourceKeyTypes = []string{"Aurora", "DocumentDB", "DynamoDB", "EBS", "EC2", "FSx", "Neptune", "RDS", "Redshift",
		"Storage Gateway"}
	return d
}()

// failedCopy is AWS's documented FAILED copy job event
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html#copy-job-state-change-failed)
// in the test's accounts and Region: the member account's copy of
// sourcePoint from its member vault into destination, of resource.
func failedCopy(resourceType, resource, sourcePoint, destination string) map[string]any {
	return map[string]any{
		"version": "0", "id": "4660bc92-a44d-c939-4542-cda503f14855", "detail-type": "Copy Job State Change",
		"source": "aws.backup", "account": member, "time": "2020-07-15T20:37:34Z", "region": "eu-west-2",
		"resources": []any{sourcePoint},
		"detail": map[string]any{
			"copyJobId": failedJobID, "backupSizeInBytes": 22548578304, "creationDate": "2020-07-15T20:36:13.239Z",
			"iamRoleArn": memberRole, "resourceArn": resource, "resourceType": resourceType,
			"sourceBackupVaultArn": memberVault, "state": "FAILED", "statusMessage": failedStatusMessage,
			"completionDate": "2020-07-15T20:37:28.704Z", "destinationBackupVaultArn": destination,
			"destinationRecoveryPointArn": map[string]any{},
		},
	}
}

// describedPoint is DescribeRecoveryPoint's answer, with the fields of the
// response syntax of
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRecoveryPoint.html
// (EncryptionKeyArn, IsEncrypted, ResourceArn, ResourceType, …) in the
// test's accounts; key "" is an unencrypted recovery point, which has no
// EncryptionKeyArn.
func describedPoint(c call, resourceType, resource, key string) map[string]any {
	out := map[string]any{
		"BackupVaultArn":   memberVault,
		"BackupVaultName":  c.Arguments["BackupVaultName"],
		"RecoveryPointArn": c.Arguments["RecoveryPointArn"],
		"ResourceArn":      resource,
		"ResourceType":     resourceType,
		"Status":           "COMPLETED",
		"IsEncrypted":      key != "",
		"StorageClass":     "WARM",
		"CreationDate":     1594845373.239,
		"Lifecycle":        map[string]any{"DeleteAfterDays": 35},
		"IamRoleArn":       memberRole,
	}
	if key != "" {
		out["EncryptionKeyArn"] = key
	}
	return out
}

// keyMetadata is KMS DescribeKey's answer, with the KeyMetadata fields of
// the API reference's examples
// (https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html):
// KeyManager is AWS for an AWS managed key, CUSTOMER for a customer
// managed key.
func keyMetadata(arn, manager string) map[string]any {
	parts := strings.Split(arn, ":")
	return map[string]any{"KeyMetadata": map[string]any{
		"AWSAccountId": parts[4], "Arn": arn, "KeyId": strings.TrimPrefix(parts[5], "key/"),
		"CreationDate": 1499988169.234, "Enabled": true, "KeyManager": manager, "KeyState": "Enabled",
		"KeyUsage": "ENCRYPT_DECRYPT", "KeySpec": "SYMMETRIC_DEFAULT", "Origin": "AWS_KMS",
		"EncryptionAlgorithms": []any{"SYMMETRIC_DEFAULT"}, "MultiRegion": false,
	}}
}

// refusal answers the ingest's calls for a refused copy: the recovery
// point of resource on key, the key managed by manager ("" refuses
// DescribeKey), the started locked copy, and no earlier failed copy.
func refusal(resourceType, resource, key, manager string) fakeService {
	return func(c call) map[string]any {
		switch c.Resource {
		case sdkListCopyJobs:
			return map[string]any{"CopyJobs": []any{}}
		case sdkDescribeRP:
			return describedPoint(c, resourceType, resource, key)
		case sdkDescribeKey:
			if manager == "" {
				return map[string]any{failWith: "Kms.AccessDeniedException"}
			}
			return keyMetadata(key, manager)
		case sdkStartCopy:
			return map[string]any{"CopyJobId": "D3A5B0E1-0000-4C7D-9A1B-LOCKEDCOPY01", "CreationDate": 1594845500.0}
		case snsPublish:
			return map[string]any{"MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e"}
		}
		return map[string]any{failWith: "States.TaskFailed"}
	}
}

// alertOf is the one message the execution published.
func alertOf(t *testing.T, calls []call) string {
	t.Helper()
	published := callsTo(calls, snsPublish)
	require.Len(t, published, 1, "exactly one alert per failed copy")
	assert.Equal(t, alertTopic, published[0].Arguments["TopicArn"])
	assert.LessOrEqual(t, len(published[0].Arguments["Subject"].(string)), 100) // SNS subjects hold 100 characters
	return published[0].Arguments["Message"].(string)
}

// An EBS snapshot on aws/ebs: AWS refuses the cross-account copy ("Cross-account
// copy with AWS managed keys isn't supported for resources that aren't fully
// managed by AWS Backup", https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html#copy-encryption).
func TestIngestLocksAndExplainsAnEBSCopyRefusedForAWSManagedKey(t *testing.T) {
	snapshot := nativePoints["EBS"].member
	end, calls := run(t, Ingest(refusing), failedCopy("EBS", ebsVolume, snapshot, intermediate),
		refusal("EBS", ebsVolume, awsEBSKey, "AWS"))
	assert.Equal(t, "Succeed", end)
	require.Len(t, calls, 5)
	assert.Equal(t, call{State: "DescribeRefusedRecoveryPoint", Resource: sdkDescribeRP,
		Arguments:   map[string]any{"BackupVaultName": "org-backup-web-cmk", "RecoveryPointArn": snapshot},
		Credentials: map[string]any{"RoleArn": memberAccess}}, calls[0])
	assert.Equal(t, call{State: "DescribeSourceKey", Resource: sdkDescribeKey,
		Arguments: map[string]any{"KeyId": awsEBSKey}, Credentials: map[string]any{"RoleArn": memberAccess}}, calls[1])
	assert.Equal(t, call{State: "StartInAccountLockedCopy", Resource: sdkStartCopy, Arguments: map[string]any{
		"DestinationBackupVaultArn": lockedVaultARN,
		"IamRoleArn":                memberRole,
		"IdempotencyToken":          failedJobID,
		"RecoveryPointArn":          snapshot,
		"SourceBackupVaultName":     "org-backup-web-cmk",
	}, Credentials: map[string]any{"RoleArn": memberAccess}}, calls[2], "no Lifecycle: the copy keeps its source's")
	// The event's creationDate is Wednesday 2020-07-15T20:36:13.239Z: its week began on Monday the 13th.
	assert.Equal(t, call{State: "ListEarlierRefusalsOfTheResource", Resource: sdkListCopyJobs, Arguments: map[string]any{
		"ByResourceArn":         ebsVolume,
		"ByState":               "FAILED",
		"ByDestinationVaultArn": intermediate,
		"ByCreatedAfter":        "2020-07-13T00:00:00.000Z",
		"ByCreatedBefore":       "2020-07-15T20:36:13.239Z",
		"MaxResults":            50.0,
	}, Credentials: map[string]any{"RoleArn": memberAccess}}, calls[3])
	message := alertOf(t, calls)
	for _, want := range []string{
		"refused to copy a backup to the backup account for its key (aws-managed-key)",
		"Resource: EBS " + ebsVolume,
		"Account 222222222222, region eu-west-2",
		"Key: " + awsEBSKey + " (AWS managed key)",
		"AWS Backup status message: " + failedStatusMessage,
		"Immutable copy instead: " + lockedVault + " in account 222222222222 (copy job D3A5B0E1-0000-4C7D-9A1B-LOCKEDCOPY01)",
		"ModifyEbsDefaultKmsKeyId, " + ModifyEBSDefaultKeyPage,
		"EnableEbsEncryptionByDefault, " + EnableEBSEncryptionByDefaultPage,
		"CopySnapshot, " + CopySnapshotPage,
		"CreateVolume, " + CreateVolumePage,
		CustomerKeyStatementPath,
	} {
		assert.Contains(t, message, want)
	}
	goldenMessage(t, "refused-copy-ebs-aws-managed-key.txt", message)
}

func TestIngestLocksAndExplainsAnRDSCopyRefusedForAWSManagedKey(t *testing.T) {
	snapshot := nativePoints["RDS"].member
	end, calls := run(t, Ingest(refusing), failedCopy("RDS", rdsInstance, snapshot, intermediate),
		refusal("RDS", rdsInstance, awsRDSKey, "AWS"))
	assert.Equal(t, "Succeed", end)
	require.Len(t, calls, 5)
	assert.Equal(t, []string{sdkDescribeRP, sdkDescribeKey, sdkStartCopy, sdkListCopyJobs, snsPublish},
		[]string{calls[0].Resource, calls[1].Resource, calls[2].Resource, calls[3].Resource, calls[4].Resource})
	assert.Equal(t, snapshot, calls[2].Arguments["RecoveryPointArn"])
	assert.Equal(t, lockedVaultARN, calls[2].Arguments["DestinationBackupVaultArn"])
	message := alertOf(t, calls)
	for _, want := range []string{"(aws-managed-key)", "Resource: RDS " + rdsInstance, "Key: " + awsRDSKey + " (AWS managed key)",
		"CopyDBSnapshot, " + CopyDBSnapshotPage, RDSNewKeyPage, CustomerKeyStatementPath} {
		assert.Contains(t, message, want)
	}
	assert.NotContains(t, message, "ModifyEbsDefaultKmsKeyId")
}

func TestIngestExplainsAuroraWithTheClusterSnapshotPath(t *testing.T) {
	cluster := "arn:aws:rds:eu-west-2:222222222222:cluster:orders"
	point := "arn:aws:rds:eu-west-2:222222222222:cluster-snapshot:awsbackup:job-be59cf2a-2343-4402-bd8b-226993d23453"
	_, calls := run(t, Ingest(refusing), failedCopy("Aurora", cluster, point, intermediate),
		refusal("Aurora", cluster, awsRDSKey, "AWS"))
	assert.Contains(t, alertOf(t, calls), "CopyDBClusterSnapshot, "+CopyDBClusterSnapshotPage)
}

// A customer managed key the backup account may not use ("In the source
// account, if your resources are encrypted with a customer managed key, you
// must share this customer managed key with the destination account",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html).
func TestIngestExplainsACopyRefusedForAnUnsharedCustomerKey(t *testing.T) {
	for name, manager := range map[string]string{"KeyManager CUSTOMER": "CUSTOMER", "DescribeKey refused": ""} {
		t.Run(name, func(t *testing.T) {
			snapshot := nativePoints["EBS"].member
			end, calls := run(t, Ingest(refusing), failedCopy("EBS", ebsVolume, snapshot, intermediate),
				refusal("EBS", ebsVolume, customerKey, manager))
			assert.Equal(t, "Succeed", end)
			require.Len(t, callsTo(calls, sdkStartCopy), 1, "a customer key refusal gets the locked copy too")
			message := alertOf(t, calls)
			assert.Contains(t, message, "(customer-managed-key)")
			assert.Contains(t, message, "Key: "+customerKey+" (customer managed key the backup account may not use)")
			assert.Contains(t, message, "Fix: Add the statements render wrote to "+CustomerKeyStatementPath)
			assert.NotContains(t, message, "ModifyEbsDefaultKmsKeyId", "the key is the customer's already")
			if manager == "" {
				assert.Contains(t, message, "DescribeKey refused: Kms.AccessDeniedException")
			}
		})
	}
}

// "When you create or copy a backup of other resource types (ones not fully
// managed), the source must be encrypted with a customer managed key"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html).
func TestIngestLocksAnUnencryptedCopyRefusedByAnAirGappedVault(t *testing.T) {
	snapshot := nativePoints["EBS"].member
	end, calls := run(t, Ingest(refusing), failedCopy("EBS", ebsVolume, snapshot, lagVault),
		refusal("EBS", ebsVolume, "", "AWS"))
	assert.Equal(t, "Succeed", end)
	assert.Empty(t, callsTo(calls, sdkDescribeKey), "no key to describe")
	require.Len(t, callsTo(calls, sdkStartCopy), 1)
	message := alertOf(t, calls)
	assert.Contains(t, message, "(unencrypted)")
	assert.Contains(t, message, "Key: none (unencrypted)")
	assert.Contains(t, message, LAGVaultPage)
}

// "When you copy your backups across accounts or Regions, AWS Backup
// automatically encrypts those copies for most resource types, even if the
// original backup is unencrypted"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html#copy-encryption):
// an unencrypted source is no key reason for the intermediate vault.
func TestIngestAlertsGenericallyOnAnUnencryptedCopyIntoTheIntermediateVault(t *testing.T) {
	_, calls := run(t, Ingest(refusing), failedCopy("EBS", ebsVolume, nativePoints["EBS"].member, intermediate),
		refusal("EBS", ebsVolume, "", "AWS"))
	assert.Empty(t, callsTo(calls, sdkStartCopy))
	message := alertOf(t, calls)
	assert.Contains(t, message, "AWS Backup copy job FAILED")
	assert.Contains(t, message, "Status message: "+failedStatusMessage)
	assert.Contains(t, message, "Not a key refusal: the source is unencrypted")
}

func TestIngestWithoutLockedCopiesSaysNone(t *testing.T) {
	d := refusing
	d.MemberLockedVault = ""
	def := Ingest(d)
	assert.NotContains(t, def.States, "StartInAccountLockedCopy", "no locked vault, no copy into it")
	end, calls := run(t, def, failedCopy("EBS", ebsVolume, nativePoints["EBS"].member, intermediate),
		refusal("EBS", ebsVolume, awsEBSKey, "AWS"))
	assert.Equal(t, "Succeed", end)
	assert.Empty(t, callsTo(calls, sdkStartCopy))
	message := alertOf(t, calls)
	assert.Contains(t, message, "Immutable copy instead: none: inAccountLockedCopies is false")
	assert.Contains(t, message, "ModifyEbsDefaultKmsKeyId")
}

// A type AWS Backup fully manages: its copies take the destination vault's
// key ("Independent encryption means that recovery points (backups) you
// create through AWS Backup can have an encryption method other than one
// determined by the source resource's encryption",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html),
// so its failure is not a key refusal.
func TestIngestAlertsGenericallyOnAFullyManagedType(t *testing.T) {
	_, calls := run(t, Ingest(refusing), failedCopy("S3", bucket, memberPoint, intermediate),
		refusal("S3", bucket, customerKey, "CUSTOMER"))
	assert.Empty(t, callsTo(calls, sdkDescribeKey))
	assert.Empty(t, callsTo(calls, sdkStartCopy))
	message := alertOf(t, calls)
	assert.Contains(t, message, "Not a key refusal: AWS Backup fully manages S3 backups")
	assert.Contains(t, message, "Resource: S3 "+bucket)
	assert.Contains(t, message, "Status message: "+failedStatusMessage)
}

func TestIngestAlertsGenericallyOnFailuresThatAreNoKeyReason(t *testing.T) {
	for name, c := range map[string]struct {
		service fakeService
		because string
	}{
		"the deployment key of the member vault": {refusal("EBS", ebsVolume, deploymentKey, "CUSTOMER"),
			"the source key " + deploymentKey + " belongs to the backup account"},
		"the recovery point cannot be described": {func(c call) map[string]any {
			if c.Resource == sdkDescribeRP {
				return map[string]any{failWith: "Backup.ResourceNotFoundException"}
			}
			return refusal("EBS", ebsVolume, awsEBSKey, "AWS")(c)
		}, "could not be described in account 222222222222 (Backup.ResourceNotFoundException"},
	} {
		t.Run(name, func(t *testing.T) {
			end, calls := run(t, Ingest(refusing), failedCopy("EBS", ebsVolume, nativePoints["EBS"].member, intermediate),
				c.service)
			assert.Equal(t, "Succeed", end)
			assert.Empty(t, callsTo(calls, sdkStartCopy))
			message := alertOf(t, calls)
			assert.Contains(t, message, "AWS Backup copy job FAILED")
			assert.Contains(t, message, c.because)
			assert.Contains(t, message, "Resource: EBS "+ebsVolume)
		})
	}
}

func TestIngestAlertsGenericallyOnACopyFromAnotherVault(t *testing.T) {
	event := failedCopy("EBS", ebsVolume, nativePoints["EBS"].member, intermediate)
	event["detail"].(map[string]any)["sourceBackupVaultArn"] = "arn:aws:backup:eu-west-2:222222222222:backup-vault:Default"
	_, calls := run(t, Ingest(refusing), event, refusal("EBS", ebsVolume, awsEBSKey, "AWS"))
	assert.Empty(t, callsTo(calls, sdkStartCopy), "only the deployment's member vaults are copied into the locked vault")
	assert.Contains(t, alertOf(t, calls), "Not a key refusal: the source vault Default is not a member vault of the deployment")
}

// A refused StartCopyJob is reported in the alert, which is still sent.
func TestIngestAlertsWhenTheLockedCopyCannotStart(t *testing.T) {
	end, calls := run(t, Ingest(refusing), failedCopy("EBS", ebsVolume, nativePoints["EBS"].member, intermediate),
		func(c call) map[string]any {
			if c.Resource == sdkStartCopy {
				return map[string]any{failWith: "Backup.AccessDeniedException"}
			}
			return refusal("EBS", ebsVolume, awsEBSKey, "AWS")(c)
		})
	assert.Equal(t, "Succeed", end)
	assert.Contains(t, alertOf(t, calls), "Immutable copy instead: none: StartCopyJob into "+lockedVault+
		" failed (Backup.AccessDeniedException")
}

// An at-least-once event delivered twice starts the same locked copy with
// the same token ("Retrying a successful request with the same idempotency
// token results in a success message with no action taken",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartCopyJob.html).
func TestIngestLockedCopyTokenIsTheFailedJob(t *testing.T) {
	event := failedCopy("EBS", ebsVolume, nativePoints["EBS"].member, intermediate)
	service := refusal("EBS", ebsVolume, awsEBSKey, "AWS")
	_, first := run(t, Ingest(refusing), event, service)
	_, second := run(t, Ingest(refusing), event, service)
	assert.Equal(t, callsTo(first, sdkStartCopy), callsTo(second, sdkStartCopy))
	assert.Equal(t, failedJobID, callsTo(first, sdkStartCopy)[0].Arguments["IdempotencyToken"])
}

// The refused-copy branch never touches a completed copy's path.
func TestIngestCompletedCopiesStillIgnoreTheRefusalStates(t *testing.T) {
	end, calls := run(t, Ingest(refusing), copyJobEvent(member, "COMPLETED", memberVault, intermediate, memberPoint,
		intermediateRP), tags("3", "5"))
	assert.Equal(t, "Succeed", end)
	assert.Empty(t, callsTo(calls, snsPublish))
	assert.Empty(t, callsTo(calls, sdkDescribeKey))
}

// withEarlierRefusal answers ListCopyJobs with an earlier FAILED copy of the
// resource into the same vault with statusMessage, in the Response Syntax of
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListCopyJobs.html,
// and the rest as service does.
func withEarlierRefusal(service fakeService, resource, statusMessage string) fakeService {
	return func(c call) map[string]any {
		if c.Resource == sdkListCopyJobs {
			earlier := copyJob("5D4C8A31-9E0B-4F1C-8B2A-EARLIERFAIL1", "FAILED", memberVault, intermediate,
				nativePoints["EBS"].member, "", resource)
			earlier["AccountId"] = member
			earlier["StatusMessage"] = statusMessage
			return map[string]any{"CopyJobs": []any{earlier}}
		}
		return service(c)
	}
}

// A daily backup of a volume on aws/ebs is refused every day: each refusal
// still gets its locked copy, but the resource is alerted once a week.
func TestIngestAlertsAResourceOnceAWeek(t *testing.T) {
	event := failedCopy("EBS", ebsVolume, nativePoints["EBS"].member, intermediate)
	refused := refusal("EBS", ebsVolume, awsEBSKey, "AWS")
	end, calls := run(t, Ingest(refusing), event, withEarlierRefusal(refused, ebsVolume, failedStatusMessage))
	assert.Equal(t, "Succeed", end)
	require.Len(t, callsTo(calls, sdkStartCopy), 1, "the repeat is still made immutable")
	assert.Empty(t, callsTo(calls, snsPublish), "the resource was refused and alerted earlier this week")

	d := refusing
	d.MemberLockedVault = ""
	_, calls = run(t, Ingest(d), event, withEarlierRefusal(refused, ebsVolume, failedStatusMessage))
	assert.Empty(t, callsTo(calls, snsPublish), "without the locked vault too")

	// An earlier failure with another status message (another cause) does not silence this one.
	_, calls = run(t, Ingest(refusing), event, withEarlierRefusal(refused, ebsVolume, "Copy job failed. Both source "+
		"and destination account must be a member of the same organization"))
	assert.Contains(t, alertOf(t, calls), "(aws-managed-key)")
}

// The week is fixed, from Monday 00:00 UTC: a resource refused every day is
// alerted again on the first refusal of each week, however many quiet days
// came before it.
func TestIngestRemindsEveryWeek(t *testing.T) {
	for creation, weekStart := range map[string]string{
		"2020-07-13T00:00:00.000Z": "2020-07-13T00:00:00.000Z", // Monday midnight starts its own week
		"2020-07-19T23:59:59.999Z": "2020-07-13T00:00:00.000Z", // Sunday night is still that week
		"2020-07-20T03:00:00.000Z": "2020-07-20T00:00:00.000Z", // the next Monday starts the next
		"2021-01-01T12:00:00.000Z": "2020-12-28T00:00:00.000Z", // across a year
	} {
		event := failedCopy("EBS", ebsVolume, nativePoints["EBS"].member, intermediate)
		event["detail"].(map[string]any)["creationDate"] = creation
		_, calls := run(t, Ingest(refusing), event, refusal("EBS", ebsVolume, awsEBSKey, "AWS"))
		list := callsTo(calls, sdkListCopyJobs)
		require.Len(t, list, 1, creation)
		assert.Equal(t, weekStart, list[0].Arguments["ByCreatedAfter"], creation)
		assert.Equal(t, creation, list[0].Arguments["ByCreatedBefore"], creation)
	}
}

// The listing answers with the failed job itself, or cannot be read: the
// refusal is alerted.
func TestIngestAlertsWhenNoEarlierRefusalIsKnown(t *testing.T) {
	event := failedCopy("EBS", ebsVolume, nativePoints["EBS"].member, intermediate)
	for name, answer := range map[string]map[string]any{
		"only the failed job": {"CopyJobs": []any{map[string]any{"CopyJobId": failedJobID, "State": "FAILED",
			"StatusMessage": failedStatusMessage}}},
		"ListCopyJobs refused":  {failWith: "Backup.AccessDeniedException"},
		"no CopyJobs in answer": {},
	} {
		t.Run(name, func(t *testing.T) {
			end, calls := run(t, Ingest(refusing), event, func(c call) map[string]any {
				if c.Resource == sdkListCopyJobs {
					return answer
				}
				return refusal("EBS", ebsVolume, awsEBSKey, "AWS")(c)
			})
			assert.Equal(t, "Succeed", end)
			assert.Contains(t, alertOf(t, calls), "(aws-managed-key)")
		})
	}
}

// A locked copy that could not start is alerted even when the resource was
// alerted earlier in the week: the backup is not immutable.
func TestIngestAlertsAFailedLockedCopyWithinTheReminderPeriod(t *testing.T) {
	service := withEarlierRefusal(func(c call) map[string]any {
		if c.Resource == sdkStartCopy {
			return map[string]any{failWith: "Backup.AccessDeniedException"}
		}
		return refusal("EBS", ebsVolume, awsEBSKey, "AWS")(c)
	}, ebsVolume, failedStatusMessage)
	_, calls := run(t, Ingest(refusing), failedCopy("EBS", ebsVolume, nativePoints["EBS"].member, intermediate), service)
	assert.Empty(t, callsTo(calls, sdkListCopyJobs))
	assert.Contains(t, alertOf(t, calls), "Immutable copy instead: none: StartCopyJob into "+lockedVault)
}

// DynamoDB backups in AWS Backup's recovery point formats
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/access-control.html#access-control-resources,
// ids of https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html): without advanced
// DynamoDB backup the backup keeps a DynamoDB ARN, with it an AWS Backup one
// ("Backup resource names (ARNs) will change from arn:aws:dynamodb to arn:aws:backup",
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/UsageNotesAWS.html).
const (
	dynamoDBTable        = "arn:aws:dynamodb:eu-west-2:222222222222:table/MyDynamoDBTable"
	dynamoDBNativeBackup = dynamoDBTable + "/backup/01547087347000-c8b6kdk3"
)

// "If your backup job is created by a backup policy, you need to manually
// opt-in to Advanced DynamoDB backups" and only then "cross-Region and
// cross-account copy" (https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html):
// a backup policy's DynamoDB backup without it is refused whatever its key,
// locked in the account, and alerted with the opt-in as the fix.
func TestIngestExplainsADynamoDBCopyRefusedWithoutAdvancedBackup(t *testing.T) {
	for name, key := range map[string]string{"AWS owned key (no key reported)": "", "AWS managed key": awsEBSKey} {
		t.Run(name, func(t *testing.T) {
			end, calls := run(t, Ingest(refusing), failedCopy("DynamoDB", dynamoDBTable, dynamoDBNativeBackup, intermediate),
				refusal("DynamoDB", dynamoDBTable, key, "AWS"))
			assert.Equal(t, "Succeed", end)
			assert.Empty(t, callsTo(calls, sdkDescribeKey), "the key is not the reason")
			require.Len(t, callsTo(calls, sdkStartCopy), 1)
			assert.Equal(t, dynamoDBNativeBackup, callsTo(calls, sdkStartCopy)[0].Arguments["RecoveryPointArn"])
			message := alertOf(t, calls)
			for _, want := range []string{
				"refused to copy a backup to the backup account without advanced DynamoDB backup (dynamodb-without-advanced-backup)",
				"Resource: DynamoDB " + dynamoDBTable,
				"not the reason: AWS Backup copies a DynamoDB backup to another account only with advanced DynamoDB backup",
				"Fix: Turn on advanced DynamoDB backup in this account and Region",
				"as one of the deployment's adminRoleNames",
				"--resource-type-management-preference DynamoDB=true",
				AdvancedDynamoDBBackupPage, UpdateRegionSettingsPage,
			} {
				assert.Contains(t, message, want)
			}
		})
	}
}

// With advanced DynamoDB backup the backup is AWS Backup's (an
// arn:aws:backup recovery point) on the member vault's key, the deployment
// key ("Backups created with the AWS Backup plan are stored in an encrypted
// vault with a key that is managed by the AWS Backup service", same page):
// its failed copy is no refusal and gets the generic alert.
func TestIngestTreatsAnAdvancedDynamoDBBackupByItsKey(t *testing.T) {
	advanced := "arn:aws:backup:eu-west-2:222222222222:recovery-point:d99699e7-e183-477e-bfcd-ccb1c6e5455e"
	_, calls := run(t, Ingest(refusing), failedCopy("DynamoDB", dynamoDBTable, advanced, intermediate),
		refusal("DynamoDB", dynamoDBTable, deploymentKey, "CUSTOMER"))
	assert.Empty(t, callsTo(calls, sdkStartCopy))
	message := alertOf(t, calls)
	assert.NotContains(t, message, "dynamodb-without-advanced-backup")
	assert.Contains(t, message, "Not a key refusal: the source key "+deploymentKey+" belongs to the backup account")
}

// An Aurora cluster on an AWS owned key, Aurora's default: its recovery
// point is encrypted but names no key of the account, and a logically
// air-gapped vault takes a type AWS Backup does not fully manage only on a
// customer managed key ("the source must be encrypted with a customer
// managed key", https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html):
// refused, locked in the account and alerted; into the intermediate vault it
// is no key refusal.
func TestIngestLocksAnEncryptedCopyWithNoKeyRefusedByAnAirGappedVault(t *testing.T) {
	cluster := "arn:aws:rds:eu-west-2:222222222222:cluster:orders"
	point := "arn:aws:rds:eu-west-2:222222222222:cluster-snapshot:awsbackup:job-be59cf2a-2343-4402-bd8b-226993d23453"
	ownedKey := func(c call) map[string]any {
		if c.Resource == sdkDescribeRP {
			described := describedPoint(c, "Aurora", cluster, "")
			described["IsEncrypted"] = true
			return described
		}
		return refusal("Aurora", cluster, "", "AWS")(c)
	}
	_, calls := run(t, Ingest(refusing), failedCopy("Aurora", cluster, point, lagVault), ownedKey)
	assert.Empty(t, callsTo(calls, sdkDescribeKey))
	require.Len(t, callsTo(calls, sdkStartCopy), 1)
	message := alertOf(t, calls)
	assert.Contains(t, message, "for its key (no-key-reported)")
	assert.Contains(t, message, "Key: none (encrypted, but the recovery point names no key; a logically air-gapped vault "+
		"refuses any key that is not a customer managed key")
	assert.Contains(t, message, LAGVaultPage)

	_, calls = run(t, Ingest(refusing), failedCopy("Aurora", cluster, point, intermediate), ownedKey)
	assert.Empty(t, callsTo(calls, sdkStartCopy))
	assert.Contains(t, alertOf(t, calls), "Not a key refusal: DescribeRecoveryPoint reported no EncryptionKeyArn")
}
