package statemachine

import "github.com/orgbackup/pulumi-orgbackup/provider/naming"

// Ingest states.
const (
	setVars           = "SetVars"
	calculateVars     = "CalculateVars"
	eventType         = "EventType?"
	copyToStandard    = "StartCopyToStandardVault"
	getSourceTags     = "GetSourceRecoveryPointTags"
	tagsUnreadable    = "RetentionTagsUnreadable"
	retentionSet      = "RetentionConfigured?"
	shortenLifecycle  = "UpdateSourceRecoveryPointLifecycle"
	succeed           = "Succeed"
	vaultNamePattern  = "/backup-vault:([^:]*)/"
	retentionTagsName = "retentionTags"
)

// Ingest is the EXPRESS state machine a completed copy job starts:
//
//   - member vault → intermediate vault: copy on to the current locked
//     standard vault, then shorten the member recovery point's lifecycle to
//     its BackupLocalRetentionDays tag;
//   - intermediate → standard vault: shorten the intermediate recovery
//     point's lifecycle to its BackupIntermediateRetentionDays tag;
//   - member vault → logically air-gapped vault: shorten the member
//     recovery point's lifecycle to its BackupLocalRetentionDays tag.
//
// Member recovery points are changed with the member central access role,
// central ones with the ingest states role.
//
// The copy to the locked vault starts first, with an idempotency token
// derived from the copy job that triggered the execution, so an event
// delivered twice never creates a second locked copy
// (IdempotencyToken: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartCopyJob.html).
// Only then are the retention tags read: ListTags works only for resource
// types AWS Backup fully manages
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListTags.html),
// so for others (EBS, RDS, …, whose recovery points are the service's own
// snapshots) it may fail. The execution then keeps the source recovery
// point's lifecycle, the one its backup plan gave it, and succeeds: the
// locked copy is already under way, and the longer retention costs storage
// but loses nothing.
func Ingest(d Deployment) Definition {
	choices := []Choice{
		{
			Comment: "Member -> intermediate completed",
			Condition: expr("$jobStatus = 'COMPLETED' and $sourceAccountNumber != $accountId and " +
				"$destinationBackupVaultArn = $intermediateBackupVaultArn"),
			Assign: map[string]any{"sourceBackupVaultType": "member"},
			Next:   copyToStandard,
		},
		{
			Comment: "Intermediate -> standard completed",
			Condition: expr("$jobStatus = 'COMPLETED' and $sourceBackupVaultArn = $intermediateBackupVaultArn and " +
				"$substring($destinationBackupVaultName, 0, $length($standardBackupVaultNamePrefix)) = " +
				"$standardBackupVaultNamePrefix"),
			Assign: map[string]any{"sourceBackupVaultType": "intermediate"},
			Next:   getSourceTags,
		},
	}
	if d.HasLAGVaults {
		choices = append(choices, Choice{
			Comment: "Member -> logically air-gapped completed",
			Condition: expr("$jobStatus = 'COMPLETED' and $sourceAccountNumber != $accountId and " +
				"$substring($destinationBackupVaultName, 0, $length($lagBackupVaultNamePrefix)) = $lagBackupVaultNamePrefix"),
			Assign: map[string]any{"sourceBackupVaultType": "member"},
			Next:   getSourceTags,
		})
	}
	return Definition{
		Comment:       "Shortens source recovery point lifecycles once their copies complete; copies intermediate recovery points on to the locked vault.",
		QueryLanguage: "JSONata",
		StartAt:       setVars,
		States: map[string]State{
			setVars: {
				Type:   "Pass",
				Output: nothing, // keep execution logs small
				Assign: map[string]any{
					"accountId":                          d.AccountID,
					"backupIngestSfnStateRoleArn":        d.roleARN(d.Names.IngestStatesRole()),
					"centralBackupServiceRoleArn":        d.roleARN(d.Names.BackupServiceRole()),
					"copyJobId":                          expr("$states.input.detail.copyJobId"),
					"destinationBackupVaultArn":          expr("$states.input.detail.destinationBackupVaultArn"),
					"destinationRecoveryPointArn":        expr("$states.input.detail.destinationRecoveryPointArn"),
					"intermediateBackupVaultArn":         d.vaultARN(d.Names.IntermediateVault()),
					"jobStatus":                          expr("$states.input.detail.state"),
					"lagBackupVaultNamePrefix":           d.Names.LAGVault(""),
					"memberAccountCentralAccessRoleName": d.Names.MemberCentralAccess(),
					"partitionId":                        d.Partition,
					retentionTagsName: map[string]any{
						"member":       naming.LocalRetentionDaysTag,
						"intermediate": naming.IntermediateRetentionDaysTag,
					},
					"sourceAccountNumber":           expr("$states.input.account"),
					"sourceBackupVaultArn":          expr("$states.input.detail.sourceBackupVaultArn"),
					"sourceRecoveryPointArn":        expr("$states.input.resources[0]"),
					"standardBackupVaultArn":        d.vaultARN(d.currentStandardVault()),
					"standardBackupVaultNamePrefix": d.Names.StandardVault(""),
				},
				Next: calculateVars,
			},
			calculateVars: {
				Type:   "Pass",
				Output: output("$states.input"),
				Assign: map[string]any{
					"destinationBackupVaultName": expr("$match($destinationBackupVaultArn, " + vaultNamePattern + ").groups[0]"),
					"sourceAccessRoleArn": expr("$sourceAccountNumber = $accountId ? $backupIngestSfnStateRoleArn : " +
						"'arn:' & $partitionId & ':iam::' & $sourceAccountNumber & ':role/' & $memberAccountCentralAccessRoleName"),
					"sourceBackupVaultName": expr("$match($sourceBackupVaultArn, " + vaultNamePattern + ").groups[0]"),
				},
				Next: eventType,
			},
			eventType: {
				Type:    "Choice",
				Choices: choices,
				Default: succeed,
			},
			copyToStandard: {
				Type:     "Task",
				Resource: sdk(d.Partition, "startCopyJob"),
				Arguments: map[string]any{
					"DestinationBackupVaultArn": expr("$standardBackupVaultArn"),
					"IamRoleArn":                expr("$centralBackupServiceRoleArn"),
					"IdempotencyToken":          expr("$copyJobId"),
					"RecoveryPointArn":          expr("$destinationRecoveryPointArn"),
					"SourceBackupVaultName":     expr("$destinationBackupVaultName"),
				},
				Retry:  throttled,
				Output: output("$states.input"),
				Next:   getSourceTags,
			},
			getSourceTags: {
				Type:        "Task",
				Resource:    sdk(d.Partition, "listTags"),
				Credentials: map[string]any{"RoleArn": expr("$sourceAccessRoleArn")},
				Arguments:   map[string]any{"ResourceArn": expr("$sourceRecoveryPointArn")},
				Output:      output("$states.input"),
				Assign: map[string]any{
					"configuredDeleteAfterDays": expr("$lookup($states.result.Tags, $lookup($" + retentionTagsName +
						", $sourceBackupVaultType))"),
				},
				Retry: throttled,
				Catch: []Catcher{{
					ErrorEquals: []string{"States.ALL"},
					Comment:     "ListTags refuses recovery points AWS Backup does not fully manage: keep the lifecycle",
					Output:      output("$states.errorOutput"),
					Next:        tagsUnreadable,
				}},
				Next: retentionSet,
			},
			tagsUnreadable: {
				Type:    "Pass",
				Comment: "The source recovery point keeps the lifecycle of its backup plan; the copy (if any) is already started.",
				Next:    succeed,
			},
			retentionSet: {
				Type: "Choice",
				Choices: []Choice{{
					Comment:   "A retention tag of -1 (no deleteAfterDays) keeps the recovery point",
					Condition: expr("$exists($configuredDeleteAfterDays) and $number($configuredDeleteAfterDays) > 0"),
					Next:      shortenLifecycle,
				}},
				Default: succeed,
			},
			shortenLifecycle: {
				Type:        "Task",
				Resource:    sdk(d.Partition, "updateRecoveryPointLifecycle"),
				Credentials: map[string]any{"RoleArn": expr("$sourceAccessRoleArn")},
				Arguments: map[string]any{
					"BackupVaultName":  expr("$sourceBackupVaultName"),
					"RecoveryPointArn": expr("$sourceRecoveryPointArn"),
					"Lifecycle":        map[string]any{"DeleteAfterDays": expr("$number($configuredDeleteAfterDays)")},
				},
				Retry:  throttled,
				Output: output("$states.input"),
				Next:   succeed,
			},
			succeed: {Type: "Succeed"},
		},
	}
}
