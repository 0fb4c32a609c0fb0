package statemachine

import (
	"strconv"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// The ingest's states for a FAILED copy from a member account into the
// deployment's central copy targets (intermediate vault, central
// logically air-gapped vaults): Ingest routes every FAILED event there, and
// the ingest rule sends it no other (events.IngestedCopies), so each such
// copy gives exactly one alert, classified or generic.
const (
	describeRefused    = "DescribeRefusedRecoveryPoint"
	refusedForKey      = "RefusedForItsKey?"
	describeSourceKey  = "DescribeSourceKey"
	sourceKeyKind      = "SourceKeyKind?"
	startInAccountCopy = "StartInAccountLockedCopy"
	earlierRefusal     = "ListEarlierRefusalsOfTheResource"
	alertedRecently    = "AlertedThisWeek?"
	publishRefused     = "PublishRefusedCopyAlert"
	publishFailed      = "PublishFailedCopyAlert"
)

// Key kinds of a refused copy, as the alert names them.
const (
	KindAWSManagedKey      = "aws-managed-key"
	KindCustomerManagedKey = "customer-managed-key"
	KindUnencrypted        = "unencrypted"
	// KindNoKeyReported is an encrypted backup whose recovery point names no
	// key (EncryptionKeyArn absent), as a backup on an AWS owned key would:
	// no page says which keys DescribeRecoveryPoint leaves unnamed.
	KindNoKeyReported = "no-key-reported"
	// KindDynamoDBWithoutAdvancedBackup is a DynamoDB backup taken without
	// advanced DynamoDB backup: AWS Backup copies it to no other account,
	// whatever its key.
	KindDynamoDBWithoutAdvancedBackup = "dynamodb-without-advanced-backup"
)

// The ingest alerts a refused resource once a week: a refusal of the same
// resource into the same vault with the same status message earlier in the
// same week (weeks start on Monday 00:00 UTC) is still copied into the
// member locked vault but raises no alert, so a daily backup of a volume on
// aws/ebs alerts every Monday, not every day. Weeks are fixed, not sliding,
// so a resource refused every day is reminded every week.
const (
	weekMillis = 7 * 24 * 3600 * 1000
	// mondayMillis is 1970-01-05T00:00:00Z, the first Monday of Unix time.
	mondayMillis = 4 * 24 * 3600 * 1000
)

// NoLockedCopy is what the alert says of the immutable copy when the
// deployment has no member locked vault.
const NoLockedCopy = "none: inAccountLockedCopies is false"

// CustomerKeyStatementPath is where render writes the key policy statement
// a customer managed key needs for the backup account to use it.
const CustomerKeyStatementPath = "key-policies/customer-managed-key-statement.json"

// The AWS pages the classification and the fixes rest on.
const (
	// "Cross-account copy with AWS managed keys isn't supported for
	// resources that aren't fully managed by AWS Backup."
	CopyEncryptionPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html#copy-encryption"
	// "In the source account, if your resources are encrypted with a
	// customer managed key, you must share this customer managed key with
	// the destination account."
	CrossAccountCopyPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html"
	// "When you create or copy a backup of other resource types (ones not
	// fully managed), the source must be encrypted with a customer managed
	// key."
	LAGVaultPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html"
	// "Changes the default KMS key for EBS encryption by default for your
	// account in this Region. [...] If you change the default KMS key to a
	// symmetric customer managed KMS key, it is used instead of the AWS
	// managed KMS key."
	ModifyEBSDefaultKeyPage = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyEbsDefaultKmsKeyId.html"
	// EBS encryption by default, which makes new volumes use that key.
	EnableEBSEncryptionByDefaultPage = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableEbsEncryptionByDefault.html"
	// "By default, encrypted snapshot copies use the default KMS key;
	// however, you can specify a different KMS key."
	CopySnapshotPage = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopySnapshot.html"
	// A volume from the re-encrypted snapshot.
	CreateVolumePage = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVolume.html"
	// "If you copy an encrypted DB snapshot from your Amazon Web Services
	// account, you can specify a value for this parameter to encrypt the
	// copy with a new KMS key."
	CopyDBSnapshotPage = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html"
	// "If you copy an encrypted DB cluster snapshot from your AWS account,
	// you can specify a value for KmsKeyId to encrypt the copy with a new
	// KMS encryption key."
	CopyDBClusterSnapshotPage = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBClusterSnapshot.html"
	// The snapshot-copy-restore path of an RDS or Aurora database to a new key.
	RDSNewKeyPage = "https://repost.aws/knowledge-center/update-encryption-key-rds"
	// "AWS managed service key – By default, the AWS KMS default aws/rds
	// key is used for encryption. [...] Occasionally, customers start out
	// using the AWS Key Management Service (AWS KMS) default aws/rds key and
	// later discover using this key limits the ability to share snapshots
	// across accounts."
	RDSChangeKeyBlog = "https://aws.amazon.com/blogs/database/options-for-changing-aws-kms-encryption-key-for-amazon-rds-databases"
	// "You can view the key policy for an AWS KMS customer managed key or an
	// AWS managed key in your account [...] you must have kms:ListAliases,
	// kms:DescribeKey, and kms:GetKeyPolicy permissions": the account's
	// principals describe its AWS managed keys with their IAM permissions.
	KeyPolicyViewingPage = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-viewing.html"
	// DescribeKey's KeyMetadata.KeyManager: AWS or CUSTOMER.
	DescribeKeyPage = "https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html"
	// "If you do not specify a lifecycle, AWS Backup applies the lifecycle
	// policy of the source backup to the destination backup."
	CopyLifecyclePage = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-backup-backupplan-copyactionresourcetype.html"
	// Creating a copy on demand (StartCopyJob's console form).
	CreateCopyPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-a-copy.html"
	// "After you enable AWS Backup's advanced features in your AWS Region,
	// you unlock the following features for all new for DynamoDB table
	// backups you create [...] You can also start taking advantage of AWS
	// Backup's cross-Region and cross-account copy"; "If your backup job is
	// created by a backup policy, you need to manually opt-in to Advanced
	// DynamoDB backups, either through the Backup console or through CLI."
	AdvancedDynamoDBBackupPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html"
	// ResourceTypeManagementPreference: "Enables or disables full AWS Backup
	// management of backups for a resource type."
	UpdateRegionSettingsPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRegionSettings.html"
	// "Backup resource names (ARNs) will change from arn:aws:dynamodb to
	// arn:aws:backup": a backup with AWS Backup's DynamoDB features has an
	// AWS Backup ARN, one without keeps DynamoDB's.
	DynamoDBBackupARNPage = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/UsageNotesAWS.html"
)

// shareKey is the end of every fix: the backup account must be able to use
// the customer managed key the backup is encrypted with.
const shareKey = "Then add the statements render wrote to " + CustomerKeyStatementPath +
	" to that key's policy, so the backup account may use it (" + CrossAccountCopyPage + ")."

// ebsFix moves an account's EBS volumes to a customer managed key: the
// account's default EBS key for new volumes, and snapshot, re-encrypted
// copy and new volume for existing ones.
const ebsFix = "Make a customer managed key the account's default EBS key in this Region (ModifyEbsDefaultKmsKeyId, " +
	ModifyEBSDefaultKeyPage + ") and turn on EBS encryption by default (EnableEbsEncryptionByDefault, " +
	EnableEBSEncryptionByDefaultPage + "): new volumes use it. Move each existing volume: snapshot it, copy the " +
	"snapshot with KmsKeyId set to that key (CopySnapshot, " + CopySnapshotPage + "), create a volume from the copy " +
	"(CreateVolume, " + CreateVolumePage + ") and attach it in place of the old one. " + shareKey

// rdsFix and clusterFix move a database to a customer managed key by a
// snapshot copy and a restore.
const (
	rdsFix = "Copy a snapshot of the DB instance with KmsKeyId set to a customer managed key (CopyDBSnapshot, " +
		CopyDBSnapshotPage + "), restore a new DB instance from the copy and move to it (" + RDSNewKeyPage + ", " +
		RDSChangeKeyBlog + "). " + shareKey
	clusterFix = "Copy a snapshot of the DB cluster with KmsKeyId set to a customer managed key (CopyDBClusterSnapshot, " +
		CopyDBClusterSnapshotPage + "), restore a new DB cluster from the copy and move to it (" + RDSNewKeyPage + ", " +
		RDSChangeKeyBlog + "). " + shareKey
	otherAWSManagedFix = "Encrypt the resource with a customer managed key as its service documents (" +
		"how each type's backups are encrypted: " + CopyEncryptionPage + "). " + shareKey
	customerKeyFix = "Add the statements render wrote to " + CustomerKeyStatementPath + " to the policy of the key " +
		"above, so the backup account may use it (" + CrossAccountCopyPage + ")."
	dynamoDBFix = "Turn on advanced DynamoDB backup in this account and Region: backups made by a backup policy " +
		"do not turn it on (" + AdvancedDynamoDBBackupPage + "). In the account, as one of the deployment's " +
		"adminRoleNames (the guard policy denies others backup:UpdateRegionSettings): aws backup update-region-settings " +
		"--resource-type-management-preference DynamoDB=true --region <region> (UpdateRegionSettings, " +
		UpdateRegionSettingsPage + "). The next backups are then managed by AWS Backup, on the vault's key, and copied " +
		"to the backup account whatever the table's key; this backup stays as it is."
	unencryptedFix = "A logically air-gapped vault takes a backup of a type AWS Backup does not fully manage only from " +
		"a source encrypted with a customer managed key (" + LAGVaultPage + "): encrypt the resource with one as its " +
		"service documents (" + CopyEncryptionPage + "). " + shareKey
)

// refusalFixes are the fix texts the refused copy alert picks from: by
// resource type for an AWS managed key, else by key kind.
func refusalFixes() map[string]any {
	return map[string]any{
		KindAWSManagedKey: map[string]any{
			"EBS": ebsFix, "EC2": ebsFix,
			"RDS": rdsFix, "Aurora": clusterFix, "DocumentDB": clusterFix, "Neptune": clusterFix,
		},
		"otherAWSManagedKey":              otherAWSManagedFix,
		KindCustomerManagedKey:            customerKeyFix,
		KindUnencrypted:                   unencryptedFix,
		KindNoKeyReported:                 unencryptedFix,
		KindDynamoDBWithoutAdvancedBackup: dynamoDBFix,
	}
}

// failedCopyVars are what the refused-copy states read of the deployment,
// assigned in SetVars with the ingest's other literals.
func (d Deployment) failedCopyVars() map[string]any {
	vars := map[string]any{
		"alertTopicArn":               d.AlertTopicARN,
		"region":                      d.Region,
		"memberJobVaultNames":         stringsOrEmpty(d.Names.MemberJobVaults(d.MemberLAGConfig())),
		"memberBackupServiceRoleName": d.Names.MemberBackupServiceRole(),
		"memberLockedVaultName":       d.MemberLockedVault,
		"sourceKeyTypes":              stringsOrEmpty(d.SourceKeyTypes),
		"refusalFixes":                refusalFixes(),
		"lockedCopy":                  NoLockedCopy,
		"keyNote":                     expr("''"),
		"notRefusedBecause":           expr("''"),
	}
	return vars
}

// eventVars are the fields of the event the refused-copy states name,
// assigned in SetVars, whose input is the event.
func eventVars() map[string]any {
	return map[string]any{
		"eventTime":         expr("$states.input.time"),
		"statusMessage":     expr(orEmpty("$states.input.detail.statusMessage")),
		"eventResourceType": expr(orEmpty("$states.input.detail.resourceType")),
		"eventResourceArn":  expr(orEmpty("$states.input.detail.resourceArn")),
		// The failed job's creation: earlier refusals were created before it.
		"copyJobCreationDate": expr("$exists($states.input.detail.creationDate) ? $states.input.detail.creationDate : " +
			"$states.input.time"),
	}
}

// MemberLAGConfig is the configuration of the member air-gapped vault
// MemberLAGVault names ("" without one).
func (d Deployment) MemberLAGConfig() string {
	prefix := d.Names.MemberLAGVault("")
	if len(d.MemberLAGVault) > len(prefix) && d.MemberLAGVault[:len(prefix)] == prefix {
		return d.MemberLAGVault[len(prefix):]
	}
	return ""
}

func stringsOrEmpty(values []string) []any {
	out := []any{}
	for _, v := range values {
		out = append(out, v)
	}
	return out
}

// orEmpty is e, or "" when e is undefined.
func orEmpty(e string) string { return "$exists(" + e + ") ? " + e + " : ''" }

// notRefused is a Choice of the classification that sends the copy to the
// generic alert, saying why it is not a key refusal.
func notRefused(comment, condition, because string) Choice {
	return Choice{Comment: comment, Condition: expr(condition),
		Assign: map[string]any{"notRefusedBecause": expr(because)}, Next: publishFailed}
}

// refusedStates are the states of a FAILED member → central copy:
//
//  1. DescribeRecoveryPoint of the source in the member account, as the
//     member central access role (BackupVaultName from the source vault
//     ARN): EncryptionKeyArn, IsEncrypted, ResourceArn, ResourceType
//     (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRecoveryPoint.html).
//  2. The classification. A type AWS Backup fully manages is never refused
//     for its key: its copies take the destination vault's key
//     (EncryptionPage: "Independent encryption means that recovery points
//     (backups) you create through AWS Backup can have an encryption method
//     other than one determined by the source resource's encryption"). An
//     unencrypted source is refused only by a logically air-gapped vault
//     ("the source must be encrypted with a customer managed key",
//     LAGVaultPage): other copies are encrypted anyway ("AWS Backup
//     automatically encrypts those copies for most resource types, even if
//     the original backup is unencrypted", CopyEncryptionPage). A key of the
//     backup account (the deployment key of the member vault) is one it may
//     use. A DynamoDB backup taken without advanced DynamoDB backup (its ARN
//     is DynamoDB's, DynamoDBBackupARNPage) is refused whatever its key:
//     only advanced backups are copied to other accounts, and a backup
//     policy does not turn it on (AdvancedDynamoDBBackupPage). Any other key is described in the member account
//     (KMS DescribeKey, DescribeKeyPage): KeyManager AWS is an AWS managed
//     key ("Cross-account copy with AWS managed keys isn't supported for
//     resources that aren't fully managed by AWS Backup", CopyEncryptionPage),
//     CUSTOMER a customer managed key the backup account may not use. A
//     refused DescribeKey means a customer managed key too: the account's
//     principals describe its AWS managed keys with their IAM permissions
//     (KeyPolicyViewingPage: viewing "an AWS managed key in your account"
//     takes "kms:ListAliases, kms:DescribeKey, and kms:GetKeyPolicy
//     permissions"), so only a customer managed key whose policy does not
//     let the account's IAM policies grant it refuses the member role.
//  3. For a key refusal, with the member locked vault: StartCopyJob in the
//     member account into it, with the member backup service role and the
//     failed copy job's id as idempotency token, so a repeated event never
//     makes a second copy ("Retrying a successful request with the same
//     idempotency token results in a success message with no action taken",
//     https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartCopyJob.html);
//     no Lifecycle: "If you do not specify a lifecycle, AWS Backup applies
//     the lifecycle policy of the source backup to the destination backup"
//     (CopyLifecyclePage, CreateCopyPage). A refused StartCopyJob is said in
//     the alert, which is still sent.
//  4. For a refusal whose locked copy started (or without the member
//     locked vault), ListCopyJobs in the member account, as the member
//     central access role, for FAILED copies of the same resource into the
//     same vault created earlier in the same week (ByResourceArn, ByState,
//     ByDestinationVaultArn, ByCreatedAfter, ByCreatedBefore,
//     https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListCopyJobs.html):
//     one with the same StatusMessage means the resource was refused, and
//     alerted, this week, and the execution ends without a second alert. A
//     refused listing, a match beyond the first page, or a locked copy that
//     could not start, is alerted all the same.
//  5. One alert to the deployment's topic of the Region: the classified one
//     with its fix, or the generic one with AWS's status message and why the
//     copy is not a key refusal. Step Functions calls AWS SDK services in its
//     own Region only
//     (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html),
//     which is the source's: the rule is regional.
func (d Deployment) refusedStates() map[string]State {
	keyNext := earlierRefusal
	if d.MemberLockedVault != "" {
		keyNext = startInAccountCopy
	}
	keyAccount := "$split($encryptionKeyArn, ':')[4]"
	states := map[string]State{
		describeRefused: {
			Type:        "Task",
			Resource:    sdk(d.Partition, "describeRecoveryPoint"),
			Credentials: map[string]any{"RoleArn": expr("$sourceAccessRoleArn")},
			Arguments: map[string]any{
				"BackupVaultName":  expr("$sourceBackupVaultName"),
				"RecoveryPointArn": expr("$sourceRecoveryPointArn"),
			},
			Retry:  throttled,
			Output: nothing,
			Assign: map[string]any{
				"pointResourceArn":  expr("$exists($states.result.ResourceArn) ? $states.result.ResourceArn : $eventResourceArn"),
				"pointResourceType": expr("$exists($states.result.ResourceType) ? $states.result.ResourceType : $eventResourceType"),
				"encryptionKeyArn":  expr(orEmpty("$states.result.EncryptionKeyArn")),
				"isEncrypted":       expr("$states.result.IsEncrypted = true"),
			},
			// The member role missing or its trust broken, the recovery point
			// gone: the copy is alerted all the same, with the reason.
			Catch: []Catcher{{
				ErrorEquals: []string{"States.ALL"},
				Assign: map[string]any{
					"pointResourceArn":  expr("$eventResourceArn"),
					"pointResourceType": expr("$eventResourceType"),
					"notRefusedBecause": expr("'the source recovery point could not be described in account ' & " +
						"$sourceAccountNumber & ' (' & $states.errorOutput.Error & ': ' & " +
						"$substring($states.errorOutput.Cause, 0, 256) & ')'"),
				},
				Output: nothing,
				Next:   publishFailed,
			}},
			Next: refusedForKey,
		},
		refusedForKey: {
			Type: "Choice",
			Choices: []Choice{
				notRefused("The source is not the deployment's member vault",
					"$not($sourceBackupVaultName in $memberJobVaultNames)",
					"'the source vault ' & $sourceBackupVaultName & ' is not a member vault of the deployment'"),
				notRefused("AWS Backup fully manages the type: its copies take the destination vault's key",
					"$not($pointResourceType in $sourceKeyTypes)",
					"'AWS Backup fully manages ' & $pointResourceType & ' backups, whose copies are encrypted with the "+
						"destination vault key whatever the source key ("+CopyEncryptionPage+")'"),
				{
					// A DynamoDB backup without AWS Backup's advanced features keeps
					// a DynamoDB ARN (DynamoDBBackupARNPage), and only advanced
					// backups are copied across accounts (AdvancedDynamoDBBackupPage).
					Comment: "A DynamoDB backup without advanced DynamoDB backup: copied to no other account",
					Condition: expr("$pointResourceType = 'DynamoDB' and $substring($sourceRecoveryPointArn, 0, " +
						strconv.Itoa(len(dynamoDBBackupPrefix(d.Partition))) + ") = '" + dynamoDBBackupPrefix(d.Partition) + "'"),
					Assign: map[string]any{"keyKind": KindDynamoDBWithoutAdvancedBackup},
					Next:   keyNext,
				},
				{
					// Encrypted with no key named: as on an AWS owned key (Aurora's
					// default), which is no customer managed key, so refused alike; the
					// alert carries AWS's status message should the cause be another.
					Comment: "Unencrypted, or no key reported, into a logically air-gapped vault: refused",
					Condition: expr("($isEncrypted = false or $encryptionKeyArn = '') and " +
						"$substring($destinationBackupVaultName, 0, $length($lagBackupVaultNamePrefix)) = $lagBackupVaultNamePrefix"),
					Assign: map[string]any{"keyKind": expr("$isEncrypted ? '" + KindNoKeyReported + "' : '" + KindUnencrypted + "'")},
					Next:   keyNext,
				},
				notRefused("Unencrypted into the intermediate vault: AWS Backup encrypts the copy",
					"$isEncrypted = false",
					"'the source is unencrypted and AWS Backup encrypts copies of unencrypted backups ("+CopyEncryptionPage+")'"),
				notRefused("Encrypted, but no key reported", "$encryptionKeyArn = ''",
					"'DescribeRecoveryPoint reported no EncryptionKeyArn'"),
				notRefused("A key of the backup account (the deployment key): the backup account may use it",
					keyAccount+" = $accountId",
					"'the source key ' & $encryptionKeyArn & ' belongs to the backup account'"),
			},
			Default: describeSourceKey,
		},
		describeSourceKey: {
			Type:        "Task",
			Resource:    naming.SDKIntegrationARN(d.Partition, "kms", "describeKey"),
			Credentials: map[string]any{"RoleArn": expr("$sourceAccessRoleArn")},
			Arguments:   map[string]any{"KeyId": expr("$encryptionKeyArn")},
			Retry:       anyError,
			Output:      nothing,
			Assign:      map[string]any{"keyManager": expr(orNull("$states.result.KeyMetadata.KeyManager"))},
			// A refused DescribeKey: a customer managed key (see refusedStates).
			Catch: []Catcher{{
				ErrorEquals: []string{"States.ALL"},
				Assign: map[string]any{
					"keyManager": "CUSTOMER",
					"keyNote": expr("' (DescribeKey refused: ' & $states.errorOutput.Error & '; an AWS managed key " +
						"lets the account describe it, so this is a customer managed key)'"),
				},
				Output: nothing,
				Next:   sourceKeyKind,
			}},
			Next: sourceKeyKind,
		},
		sourceKeyKind: {
			Type: "Choice",
			Choices: []Choice{
				{Comment: "KeyManager AWS: an AWS managed key", Condition: expr("$keyManager = 'AWS'"),
					Assign: map[string]any{"keyKind": KindAWSManagedKey}, Next: keyNext},
				{Comment: "KeyManager CUSTOMER: a customer managed key the backup account may not use",
					Condition: expr("true"), Assign: map[string]any{"keyKind": KindCustomerManagedKey}, Next: keyNext},
			},
		},
		earlierRefusal: {
			Type:        "Task",
			Resource:    sdk(d.Partition, "listCopyJobs"),
			Credentials: map[string]any{"RoleArn": expr("$sourceAccessRoleArn")},
			Arguments: map[string]any{
				"ByResourceArn":         expr("$pointResourceArn"),
				"ByState":               "FAILED",
				"ByDestinationVaultArn": expr("$destinationBackupVaultArn"),
				"ByCreatedAfter": expr("$fromMillis($floor(($toMillis($copyJobCreationDate) - " + strconv.Itoa(mondayMillis) +
					") / " + strconv.Itoa(weekMillis) + ") * " + strconv.Itoa(weekMillis) + " + " + strconv.Itoa(mondayMillis) + ")"),
				"ByCreatedBefore": expr("$copyJobCreationDate"),
				"MaxResults":      50,
			},
			Retry:  throttled,
			Output: nothing,
			Assign: map[string]any{"earlierRefusals": expr("$count($states.result.CopyJobs[CopyJobId != $copyJobId and " +
				"StatusMessage = $statusMessage])")},
			Catch: []Catcher{{
				ErrorEquals: []string{"States.ALL"},
				Assign:      map[string]any{"earlierRefusals": 0},
				Output:      nothing,
				Next:        publishRefused,
			}},
			Next: alertedRecently,
		},
		alertedRecently: {
			Type: "Choice",
			Choices: []Choice{{
				Comment:   "Refused and alerted earlier this week: the locked copy is made, the alert is not repeated",
				Condition: expr("$earlierRefusals > 0"),
				Next:      succeed,
			}},
			Default: publishRefused,
		},
		publishRefused: d.alertState("a copy to the backup account AWS refused", refusedMessage),
		publishFailed:  d.alertState("a copy to the backup account failed", failedMessage),
	}
	if d.MemberLockedVault != "" {
		states[startInAccountCopy] = State{
			Type:        "Task",
			Resource:    sdk(d.Partition, "startCopyJob"),
			Credentials: map[string]any{"RoleArn": expr("$sourceAccessRoleArn")},
			Arguments: map[string]any{
				"DestinationBackupVaultArn": expr("'arn:' & $partitionId & ':backup:' & $region & ':' & $sourceAccountNumber & " +
					"':backup-vault:' & $memberLockedVaultName"),
				"IamRoleArn":            expr("'arn:' & $partitionId & ':iam::' & $sourceAccountNumber & ':role/' & $memberBackupServiceRoleName"),
				"IdempotencyToken":      expr("$copyJobId"),
				"RecoveryPointArn":      expr("$sourceRecoveryPointArn"),
				"SourceBackupVaultName": expr("$sourceBackupVaultName"),
			},
			Retry:  throttled,
			Output: nothing,
			Assign: map[string]any{"lockedCopy": expr("$memberLockedVaultName & ' in account ' & $sourceAccountNumber & " +
				"' (copy job ' & $states.result.CopyJobId & ')'")},
			Catch: []Catcher{{
				ErrorEquals: []string{"States.ALL"},
				Assign: map[string]any{"lockedCopy": expr("'none: StartCopyJob into ' & $memberLockedVaultName & ' failed (' & " +
					"$states.errorOutput.Error & ': ' & $substring($states.errorOutput.Cause, 0, 256) & ')'")},
				Output: nothing,
				Next:   publishRefused,
			}},
			Next: earlierRefusal,
		}
	}
	return states
}

// dynamoDBBackupPrefix starts the ARN of a DynamoDB backup taken without
// advanced DynamoDB backup.
func dynamoDBBackupPrefix(partition string) string { return "arn:" + partition + ":dynamodb:" }

// refusedMessage is the classified alert of a copy AWS refused for its key
// or for a DynamoDB backup without advanced DynamoDB backup.
const refusedMessage = "$join([" +
	"'OrgBackup alert: AWS Backup refused to copy a backup to the backup account ' & ($keyKind = '" +
	KindDynamoDBWithoutAdvancedBackup + "' ? 'without advanced DynamoDB backup' : 'for its key') & ' (' & $keyKind & ')', " +
	"'Resource: ' & $pointResourceType & ' ' & $pointResourceArn, " +
	"'Account ' & $sourceAccountNumber & ', region ' & $region & ', at ' & $eventTime, " +
	"'Copy job: ' & $copyJobId & ' from ' & $sourceBackupVaultArn & ' to ' & $destinationBackupVaultArn, " +
	"'Recovery point: ' & $sourceRecoveryPointArn, " +
	"'Key: ' & ($encryptionKeyArn = '' ? 'none' : $encryptionKeyArn) & ' (' & " +
	"($keyKind = '" + KindAWSManagedKey + "' ? 'AWS managed key' : $keyKind = '" + KindCustomerManagedKey + "' ? " +
	"'customer managed key the backup account may not use' : $keyKind = '" + KindUnencrypted + "' ? 'unencrypted' : " +
	"$keyKind = '" + KindNoKeyReported + "' ? 'encrypted, but the recovery point names no key; a logically air-gapped " +
	"vault refuses any key that is not a customer managed key, such as an AWS owned key' : " +
	"'not the reason: AWS Backup copies a DynamoDB backup to another account only with advanced DynamoDB backup') & ')' & " +
	"$keyNote, " +
	"'AWS Backup status message: ' & $statusMessage, " +
	"'Immutable copy instead: ' & $lockedCopy, " +
	"'Repeats: further refusals of this resource into this vault with this status message raise no alert until " +
	"Monday 00:00 UTC.', " +
	"'Fix: ' & ($keyKind = '" + KindAWSManagedKey + "' ? ($exists($lookup($lookup($refusalFixes, '" + KindAWSManagedKey +
	"'), $pointResourceType)) ? $lookup($lookup($refusalFixes, '" + KindAWSManagedKey + "'), $pointResourceType) : " +
	"$refusalFixes.otherAWSManagedKey) : $lookup($refusalFixes, $keyKind))" +
	"], '\\n')"

// failedMessage is the generic alert of a failed member → central copy
// that is not a key refusal.
const failedMessage = "$join([" +
	"'OrgBackup alert: AWS Backup copy job FAILED (Copy Job State Change)', " +
	"'Account ' & $sourceAccountNumber & ', region ' & $region & ', at ' & $eventTime, " +
	"'Job: ' & $copyJobId, " +
	"'Resource: ' & $pointResourceType & ' ' & $pointResourceArn, " +
	"'Vault: ' & $sourceBackupVaultArn, " +
	"'Copy destination: ' & $destinationBackupVaultArn, " +
	"'Status message: ' & $statusMessage, " +
	"'Not a key refusal: ' & $notRefusedBecause, " +
	"'Investigate in account ' & $sourceAccountNumber & ': AWS Backup console, Jobs " +
	"(https://console.aws.amazon.com/backup/home?region=' & $region & '), or aws backup describe-copy-job " +
	"--copy-job-id ' & $copyJobId & ' --region ' & $region" +
	"], '\\n')"

// alertState publishes message (a JSONata expression) to the deployment's
// alert topic of the Region under a subject naming the deployment, then
// ends the execution.
func (d Deployment) alertState(subject, message string) State {
	return State{
		Type:     "Task",
		Resource: naming.ServiceIntegrationARN(d.Partition, "sns", "publish"),
		Arguments: map[string]any{
			"TopicArn": expr("$alertTopicArn"),
			"Subject":  "orgbackup " + d.Names.Central + ": " + subject,
			"Message":  expr(message),
		},
		Retry:  anyError,
		Output: nothing,
		Next:   succeed,
	}
}
