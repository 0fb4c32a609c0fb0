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
	// acceptedRetentionName holds, by source vault type, the retention tag
	// values the deployment's plans write.
	acceptedRetentionName = "acceptedRetentionDays"
)

// listTagsUnsupported are the errors ListTags "may return" for a
// resourceArn other than arn:aws:backup (ServiceUnavailableException
// aside: retried, then a failure)
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListTags.html).
var listTagsUnsupported = []string{"Backup.InvalidParameterValueException", "Backup.MissingParameterValueException",
	"Backup.ResourceNotFoundException"}

// Ingest is the EXPRESS state machine a completed copy job starts:
//
//   - member vault → intermediate vault: copy on to the current locked
//     standard vault, then shorten the member recovery point's lifecycle to
//     its BackupLocalRetentionDays tag;
//   - intermediate → standard vault: shorten the intermediate recovery
//     point's lifecycle to its BackupIntermediateRetentionDays tag;
//   - member vault → logically air-gapped vault: as member → intermediate,
//     without the copy.
//
// A recovery point in the member accounts' logically air-gapped vault
// keeps its lifecycle: the vault is compliance-locked, which allows no
// shorter one (https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html).
//
// Member recovery points change through the member central access role,
// central ones through the ingest states role. The copy starts first, with
// an idempotency token derived from the triggering job, so a repeated event
// never makes a second locked copy
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartCopyJob.html).
// ListTags works only for resource types AWS Backup fully manages
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListTags.html);
// when it fails, the source keeps its backup plan's lifecycle (more storage,
// nothing lost) and the execution succeeds.
func Ingest(d Deployment) Definition {
	choices := []Choice{
		{
			Comment: "A copy to the backup account failed: the ingest rule sends only member -> central copies " +
				"(events.IngestedCopies); classify it and alert once",
			Condition: expr("$jobStatus = 'FAILED'"),
			Next:      describeRefused,
		},
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
	setVarsAssign := map[string]any{}
	for k, v := range eventVars() {
		setVarsAssign[k] = v
	}
	for k, v := range d.failedCopyVars() {
		setVarsAssign[k] = v
	}
	def := Definition{
		Comment: "Shortens source recovery point lifecycles once their copies complete; copies intermediate recovery " +
			"points on to the locked vault; classifies and alerts on copies to the backup account that failed, and " +
			"copies those AWS refused for their key into the member locked vault.",
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
					acceptedRetentionName: map[string]any{
						"member":       d.retentionValues(naming.LocalRetentionDaysTag),
						"intermediate": d.retentionValues(naming.IntermediateRetentionDaysTag),
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
				// Only the exceptions ListTags documents for ARNs other than
				// arn:aws:backup; anything else (AccessDenied when the member
				// role is missing or its trust broken) fails the execution,
				// which alerts. Step Functions names an AWS SDK integration's
				// errors <Service>.<Exception>
				// (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html).
				Catch: []Catcher{{
					ErrorEquals: listTagsUnsupported,
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
				Choices: append(d.lockedSources(), Choice{
					Comment: "Only a value the deployment's plans write: anyone who may tag the recovery point " +
						"could write another one; -1 (no deleteAfterDays) is never accepted",
					Condition: expr("$exists($configuredDeleteAfterDays) and $configuredDeleteAfterDays in " +
						"$lookup($" + acceptedRetentionName + ", $sourceBackupVaultType)"),
					Next: shortenLifecycle,
				}),
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
	for k, v := range def.States[setVars].Assign {
		setVarsAssign[k] = v
	}
	sv := def.States[setVars]
	sv.Assign = setVarsAssign
	def.States[setVars] = sv
	for name, state := range d.refusedStates() {
		def.States[name] = state
	}
	return def
}

// lockedSources is the choice that leaves a source recovery point in the
// member accounts' logically air-gapped vault as it is, when there is one.
func (d Deployment) lockedSources() []Choice {
	if d.MemberLAGVault == "" {
		return nil
	}
	return []Choice{{
		Comment:   "The source is the member accounts' logically air-gapped vault: locked, its lifecycle stays",
		Condition: expr("$sourceBackupVaultName = '" + d.MemberLAGVault + "'"),
		Next:      succeed,
	}}
}
