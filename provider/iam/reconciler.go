package iam

import "github.com/orgbackup/pulumi-orgbackup/provider/naming"

// ReconcilerStateMachine is the permission policy of the reconciler state
// machines of every region: listing the central account's copy jobs
// (ListCopyJobs has no resource type, so "*"); assuming the member
// central-access role in the accounts under the targets, to list the
// member's copy jobs into the intermediate vault, whose CopyJobId is the
// ingest's idempotency token; listing the intermediate vaults' recovery
// points; StartCopyJob on the account's recovery points with the central
// backup service role passed to AWS Backup only; starting the reconciler
// state machines themselves, to continue a long run in a new execution;
// publishing to alertTopicARNs; and using the keys of createdTopicARNs,
// the topics OrgBackup creates and encrypts with the deployment's alerts
// keys, through SNS only.
//
// A publisher to a topic encrypted with a customer managed key needs
// kms:GenerateDataKey* and kms:Decrypt on it
// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html);
// kms:ViaService keeps their use to SNS in the deployment's regions
// (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service)
// and the encryption context SNS sets, the topic's ARN, to those topics,
// whatever their key's id or alias
// (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context).
// An existing topic's key is granted in its own policy instead
// (ExistingTopicKeyStatements).
//
// It delivers no logs: the reconciler is a STANDARD workflow, whose
// execution history Step Functions records and keeps for 90 days
// (https://docs.aws.amazon.com/step-functions/latest/dg/express-at-least-once-execution.html),
// so it has no log group. It grants nothing that deletes a recovery point
// or changes a lifecycle, and the locked vaults' policies deny those to it
// as well (LockedVault). Actions and resource types:
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html.
func (s Scope) ReconcilerStateMachine(alertTopicARNs, createdTopicARNs []string) Document {
	var vaults []string
	for _, r := range s.Regions {
		vaults = append(vaults, naming.VaultARN(s.Partition, r, s.AccountID, s.Names.IntermediateVault()))
	}
	doc := New(
		Statement{
			Sid:      "AllowListCopyJobs",
			Effect:   Allow,
			Action:   Strings{"backup:ListCopyJobs"},
			Resource: Strings{"*"},
		},
		s.assumeMemberRole(s.Names.MemberCentralAccess()),
		Statement{
			Sid:      "AllowListIntermediateRecoveryPoints",
			Effect:   Allow,
			Action:   Strings{"backup:ListRecoveryPointsByBackupVault"},
			Resource: Sorted(vaults...),
		},
		s.centralCopies()[0],
		s.centralCopies()[1],
		Statement{
			Sid:      "AllowContinueInNewExecution",
			Effect:   Allow,
			Action:   Strings{startExecution},
			Resource: s.reconcilerMachines(),
		},
	)
	doc.Statement = append(doc.Statement, s.AlertPublishing(alertTopicARNs, createdTopicARNs)...)
	return doc
}

// reconcilerMachines are the ARNs of the reconciler state machines of every region.
func (s Scope) reconcilerMachines() Strings {
	var machines []string
	for _, r := range s.Regions {
		machines = append(machines, naming.StateMachineARN(s.Partition, r, s.AccountID, s.Names.ReconcilerStateMachine()))
	}
	return Sorted(machines...)
}
