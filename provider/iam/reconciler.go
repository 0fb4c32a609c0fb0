package iam

import "github.com/orgbackup/pulumi-orgbackup/provider/naming"

// ReconcilerStateMachine is the permission policy of the reconciler state
// machines of every region: log delivery; listing the central account's
// copy jobs (ListCopyJobs has no resource type, so "*"); assuming the
// member central-access role in the accounts under the targets, to list
// the member's copy jobs into the intermediate vault, whose CopyJobId is
// the ingest's idempotency token; listing the intermediate vaults'
// recovery points; StartCopyJob on the account's recovery points with the
// central backup service role passed to AWS Backup only; and publishing to
// alertTopicARNs, whose created topics are encrypted with the deployment
// key, used through SNS only; and starting the reconciler state machines
// themselves, to continue a long run in a new execution.
//
// It grants nothing that deletes a recovery point or changes a lifecycle,
// and the locked vaults' policies deny those to it as well (LockedVault).
// Actions and resource types:
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html;
// a publisher to a topic encrypted with a customer managed key needs
// kms:GenerateDataKey* and kms:Decrypt on the key
// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html),
// kms:ViaService keeps their use to SNS in the deployment's regions
// (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service)
// and kms:ResourceAliases to the deployment's alerts key (which encrypts
// the topics OrgBackup creates), whatever its id
// (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-resource-aliases).
func (s Scope) ReconcilerStateMachine(alertTopicARNs []string) Document {
	var vaults, keys, sns []string
	for _, r := range s.Regions {
		vaults = append(vaults, naming.VaultARN(s.Partition, r, s.AccountID, s.Names.IntermediateVault()))
		keys = append(keys, "arn:"+s.Partition+":kms:"+r+":"+s.AccountID+":key/*")
		sns = append(sns, "sns."+r+".amazonaws.com")
	}
	return New(
		logDelivery(),
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
		Statement{
			Sid:      "AllowPublishAlerts",
			Effect:   Allow,
			Action:   Strings{"sns:Publish"},
			Resource: Sorted(alertTopicARNs...),
		},
		Statement{
			Sid:      "AllowAlertTopicEncryption",
			Effect:   Allow,
			Action:   Strings{"kms:Decrypt", "kms:GenerateDataKey*"},
			Resource: Sorted(keys...),
			Condition: Conditions{
				stringEquals:               {"kms:ViaService": Sorted(sns...)},
				"ForAnyValue:StringEquals": {"kms:ResourceAliases": Strings{s.Names.AlertKMSAlias()}},
			},
		},
	)
}

// ReconcilerStarter lets the reconciler's schedule rules start the
// reconciler state machine in every region.
func (s Scope) ReconcilerStarter() Document {
	return New(Statement{Effect: Allow, Action: Strings{startExecution}, Resource: s.reconcilerMachines()})
}

// reconcilerMachines are the ARNs of the reconciler state machines of every region.
func (s Scope) reconcilerMachines() Strings {
	var machines []string
	for _, r := range s.Regions {
		machines = append(machines, naming.StateMachineARN(s.Partition, r, s.AccountID, s.Names.ReconcilerStateMachine()))
	}
	return Sorted(machines...)
}
