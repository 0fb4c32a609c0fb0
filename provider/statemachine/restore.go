package statemachine

// Restore states.
const (
	sourceVault              = "SourceVault?"
	describeRecoveryPoint    = "DescribeRecoveryPoint"
	destinationAllowed       = "DestinationAllowed?"
	destinationNotAllowed    = "DestinationNotAllowed"
	copyToIntermediate       = "StartCopyToIntermediateVault"
	copyToMemberBackupVault  = "StartCopyToMemberBackupVault"
	copyToMemberRestoreVault = "StartCopyToMemberRestoreVault"
	fail                     = "Fail"
	restoreWaitSeconds       = 180
	// DestinationNotOrigin is the error of a restore into an account that
	// is neither the recovery point's origin nor one the deployment allows.
	DestinationNotOrigin = "OrgBackup.DestinationNotOrigin"
)

// originAccount is the JSONata expression of the account a central
// recovery point was backed up in, from DescribeRecoveryPoint's result
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRecoveryPoint.html):
// the account of SourceBackupVaultArn, the vault the recovery point was
// copied from, when that is not the central account (a copy from a member
// vault: the intermediate vault's, and the air-gapped vaults' member
// copies); otherwise (a copy made inside the central account, intermediate
// to standard vault) the account of ResourceArn, the saved resource, when
// its ARN format has one (fifth field: an EBS volume, an RDS database, a
// DynamoDB table, …; an S3 bucket's has none,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html);
// otherwise "", an origin the restore cannot tell.
const originAccount = "(" +
	"$fromVault := $states.result.SourceBackupVaultArn ? $split($states.result.SourceBackupVaultArn, ':')[4] : ''; " +
	"$fromResource := $states.result.ResourceArn ? $split($states.result.ResourceArn, ':')[4] : ''; " +
	"$fromVault and $fromVault != $accountId ? $fromVault : " +
	"($fromResource and $contains($fromResource, /^[0-9]{12}$/) ? $fromResource : ''))"

// copyTokenSuffix ends the idempotency token of each copy of an execution.
var copyTokenSuffix = map[string]string{
	copyToIntermediate: "intermediate", copyToMemberBackupVault: "member-backup", copyToMemberRestoreVault: "member-restore",
}

// Restore is the STANDARD state machine that brings a central recovery
// point back to a member account's restore vault, copy by copy: standard
// vault → intermediate vault → the member's backup vault (the deployment
// key) → the member's restore vault (AWS-managed key). Its input:
//
//	{"destinationAccount": "222222222222",
//	 "recoveryPointArn": "arn:aws:backup:eu-west-2:111111111111:recovery-point:…",
//	 "sourceBackupVaultName": "<central standard or intermediate vault>"}
//
// destinationAccount must be the recovery point's origin account (see
// originAccount) or one of d.RestoreDestinationAccountIDs; otherwise the
// execution fails with DestinationNotOrigin before any copy.
//
// Whoever starts an execution writes its input, so only the first state
// reads it: SetVars keeps the three fields above in variables and passes
// nothing on (any other field of the input is dropped there), and every
// later state reads variables only, never $states.input. The recovery point
// each copy takes is $currentRecoveryPointArn: the one DescribeRecoveryPoint
// checked, then the DestinationRecoveryPointArn of the copy job the
// previous copy started, from DescribeCopyJob's result.
func Restore(d Deployment) Definition {
	var standard []any
	for _, cfg := range d.StandardConfigs {
		standard = append(standard, d.vaultARN(d.Names.StandardVault(cfg)))
	}
	memberVaultARN := func(vaultVar string) string {
		return "'arn:" + d.Partition + ":backup:" + d.Region + ":' & $destinationAccount & " +
			"':backup-vault:' & " + vaultVar
	}
	memberRoleARN := func(nameVar string) string {
		return "'arn:" + d.Partition + ":iam::' & $destinationAccount & ':role/' & " + nameVar
	}
	allowed := []any{}
	for _, id := range d.RestoreDestinationAccountIDs {
		allowed = append(allowed, id)
	}
	sourceVaultARN := "'arn:" + d.Partition + ":backup:" + d.Region + ":' & $accountId & ':backup-vault:' & " +
		"$sourceBackupVaultName"

	states := map[string]State{
		setVars: {
			Type: "Pass",
			Assign: map[string]any{
				"accountId":                          d.AccountID,
				"centralBackupServiceRoleArn":        d.roleARN(d.Names.BackupServiceRole()),
				"intermediateBackupVaultArn":         d.vaultARN(d.Names.IntermediateVault()),
				"intermediateBackupVaultName":        d.Names.IntermediateVault(),
				"memberAccountBackupServiceRoleName": d.Names.MemberBackupServiceRole(),
				"memberAccountRestoreAccessRoleName": d.Names.MemberRestoreAccess(),
				"memberAccountBackupVaultName":       d.Names.MemberBackupVault(),
				"memberAccountRestoreVaultName":      d.Names.MemberRestoreVault(),
				"standardBackupVaultArns":            standard,
				"restoreDestinationAccountIds":       allowed,
				// The documented input, and nothing else of it.
				"destinationAccount":    expr("$states.input.destinationAccount"),
				"recoveryPointArn":      expr("$states.input.recoveryPointArn"),
				"sourceBackupVaultName": expr("$states.input.sourceBackupVaultName"),
			},
			Output: nothing, // no later state reads the input
			Next:   sourceVault,
		},
		sourceVault: {
			Type: "Choice",
			Choices: []Choice{
				{Condition: expr("(" + sourceVaultARN + ") in $standardBackupVaultArns"),
					Assign: map[string]any{"firstCopy": copyToIntermediate}, Next: describeRecoveryPoint},
				{Condition: expr("(" + sourceVaultARN + ") = $intermediateBackupVaultArn"),
					Assign: map[string]any{"firstCopy": copyToMemberBackupVault}, Next: describeRecoveryPoint},
			},
			Default: fail,
		},
		// The recovery point goes back to the account it came from, or to
		// an account the deployment lists (issue 22): whoever may start a
		// restore must not copy one member's backups into another member.
		// The first copy takes the recovery point described here.
		describeRecoveryPoint: {
			Type:     "Task",
			Resource: sdk(d.Partition, "describeRecoveryPoint"),
			Arguments: map[string]any{
				"BackupVaultName":  expr("$sourceBackupVaultName"),
				"RecoveryPointArn": expr("$recoveryPointArn"),
			},
			Retry: throttled,
			Assign: map[string]any{
				"originAccount":           expr(originAccount),
				"currentRecoveryPointArn": expr("$recoveryPointArn"),
			},
			Output: nothing,
			Next:   destinationAllowed,
		},
		destinationAllowed: {
			Type: "Choice",
			Choices: []Choice{
				{Condition: expr("$originAccount != '' and $destinationAccount = $originAccount and " +
					"$firstCopy = '" + copyToIntermediate + "'"), Next: copyToIntermediate},
				{Condition: expr("$originAccount != '' and $destinationAccount = $originAccount"),
					Next: copyToMemberBackupVault},
				{Condition: expr("$destinationAccount in $restoreDestinationAccountIds and " +
					"$firstCopy = '" + copyToIntermediate + "'"), Next: copyToIntermediate},
				{Condition: expr("$destinationAccount in $restoreDestinationAccountIds"),
					Next: copyToMemberBackupVault},
			},
			Default: destinationNotAllowed,
		},
		destinationNotAllowed: {
			Type:    "Fail",
			Comment: "The destination account is neither the recovery point's origin nor listed by the deployment.",
			Error:   DestinationNotOrigin,
			Cause: expr("'recovery point ' & $recoveryPointArn & ' was backed up in ' & " +
				"($originAccount = '' ? 'an account DescribeRecoveryPoint does not tell (no member SourceBackupVaultArn, " +
				"no account in ResourceArn)' : 'account ' & $originAccount) & ', not in destinationAccount ' & " +
				"$destinationAccount & ': restore into the origin account, or add ' & " +
				"$destinationAccount & ' to deployments[\"" + d.Key + "\"].restoreDestinationAccountIds'"),
		},
		succeed: {
			Type: "Succeed",
			Output: output("{'destinationAccount': $destinationAccount, 'recoveryPointArn': $recoveryPointArn, " +
				"'restoredRecoveryPointArn': $currentRecoveryPointArn}"),
		},
		fail: {Type: "Fail", Comment: "The source vault is not a vault of this deployment, or a copy failed."},
	}
	copyStep(states, d, copyToIntermediate, copyToMemberBackupVault, nil, map[string]any{
		"DestinationBackupVaultArn": expr("$intermediateBackupVaultArn"),
		"IamRoleArn":                expr("$centralBackupServiceRoleArn"),
		"SourceBackupVaultName":     expr("$sourceBackupVaultName"),
	})
	copyStep(states, d, copyToMemberBackupVault, copyToMemberRestoreVault, nil, map[string]any{
		"DestinationBackupVaultArn": expr(memberVaultARN("$memberAccountBackupVaultName")),
		"IamRoleArn":                expr("$centralBackupServiceRoleArn"),
		"SourceBackupVaultName":     expr("$intermediateBackupVaultName"),
	})
	memberAccess := map[string]any{"RoleArn": expr(memberRoleARN("$memberAccountRestoreAccessRoleName"))}
	copyStep(states, d, copyToMemberRestoreVault, succeed, memberAccess, map[string]any{
		"DestinationBackupVaultArn": expr(memberVaultARN("$memberAccountRestoreVaultName")),
		"IamRoleArn":                expr(memberRoleARN("$memberAccountBackupServiceRoleName")),
		"SourceBackupVaultName":     expr("$memberAccountBackupVaultName"),
	})
	return Definition{
		Comment:       "Copies a central recovery point to a member account's restore vault.",
		QueryLanguage: "JSONata",
		StartAt:       setVars,
		States:        states,
	}
}

// copyStep adds the states that start a copy job, wait for it and go on to
// next once it completed: start → wait → describe → completed?. The copy
// takes $currentRecoveryPointArn; once it completed, that is the copy job's
// DestinationRecoveryPointArn, for the next copy. Every value comes from a
// variable or from the result of this step's own calls: the state input is
// never read.
// Each copy carries an idempotency token of the execution and the step, so a
// retried StartCopyJob never starts a second copy
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartCopyJob.html).
func copyStep(states map[string]State, d Deployment, start, next string, credentials, arguments map[string]any) {
	wait, describe, done := start+"Wait", start+"Describe", start+"Completed?"
	arguments["RecoveryPointArn"] = expr("$currentRecoveryPointArn")
	arguments["IdempotencyToken"] = expr("$states.context.Execution.Name & '-" + copyTokenSuffix[start] + "'")
	states[start] = State{
		Type:        "Task",
		Resource:    sdk(d.Partition, "startCopyJob"),
		Credentials: credentials,
		Arguments:   arguments,
		Retry:       throttled,
		Assign:      map[string]any{"copyJobId": expr("$states.result.CopyJobId")},
		Output:      nothing,
		Next:        wait,
	}
	states[wait] = State{Type: "Wait", Seconds: restoreWaitSeconds, Next: describe}
	states[describe] = State{
		Type:        "Task",
		Resource:    sdk(d.Partition, "describeCopyJob"),
		Credentials: credentials,
		Arguments:   map[string]any{"CopyJobId": expr("$copyJobId")},
		Retry:       throttled,
		Assign:      map[string]any{"copyJob": expr("$states.result.CopyJob")},
		Output:      nothing,
		Next:        done,
	}
	states[done] = State{
		Type: "Choice",
		Choices: []Choice{
			{Condition: expr("$copyJob.State = 'COMPLETED'"),
				Assign: map[string]any{"currentRecoveryPointArn": expr("$copyJob.DestinationRecoveryPointArn")},
				Next:   next},
			{Condition: expr("$copyJob.State in ['CREATED', 'RUNNING']"), Next: wait},
		},
		Default: fail,
	}
}
