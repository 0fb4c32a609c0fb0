package statemachine

import "github.com/orgbackup/pulumi-orgbackup/provider/naming"

// Ingest states.
const (
	setVars           = "SetVars"
	calculateVars     = "CalculateVars"
	eventType         = "EventType?"
	copyToStandard    = "StartCopyToStandardVault"
	getSourceTags     = "GetSourceRecoveryPointTags"
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
// Member recovery points are changed with the member backup service role,
// central ones with the ingest states role.
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
					"RecoveryPointArn":          expr("$destinationRecoveryPointArn"),
					"SourceBackupVaultName":     expr("$destinationBackupVaultName"),
				},
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
				Next: retentionSet,
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
				Output: output("$states.input"),
				Next:   succeed,
			},
			succeed: {Type: "Succeed"},
		},
	}
}
