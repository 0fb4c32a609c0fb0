package iam

import (
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// Scope is what the policies of one deployment are about. Every grant to
// another account is conditioned on OrgPaths, the organization paths of
// the deployment's targets, so accounts of one deployment never reach
// another deployment's resources.
type Scope struct {
	Partition      string
	AccountID      string
	Names          naming.Deployment
	OrgPaths       []string
	Regions        []string
	AdminRoleNames []string
}

// Condition operators and keys.
const (
	stringEquals       = "StringEquals"
	stringLike         = "StringLike"
	arnLike            = "ArnLike"
	boolOperator       = "Bool"
	anyValueStringLike = "ForAnyValue:StringLike"
	principalOrgPaths  = "aws:PrincipalOrgPaths"
	resourceOrgPaths   = "aws:ResourceOrgPaths"
	principalArn       = "aws:PrincipalArn"
	sourceAccount      = "aws:SourceAccount"
	sourceArn          = "aws:SourceArn"
)

// Service principals.
const (
	BackupService       = "backup.amazonaws.com"
	EventsService       = "events.amazonaws.com"
	StatesService       = "states.amazonaws.com"
	BackupServiceLinked = "aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup"
	assumeRole          = "sts:AssumeRole"
	copyIntoBackupVault = "backup:CopyIntoBackupVault"
	putEvents           = "events:PutEvents"
	startExecution      = "states:StartExecution"
	updateLifecycle     = "backup:UpdateRecoveryPointLifecycle"
	kmsGrantForResource = "kms:GrantIsForAWSResource"
	passedToService     = "iam:PassedToService"
)

func (s Scope) inOrgPaths() map[string]Strings {
	return map[string]Strings{principalOrgPaths: Sorted(s.OrgPaths...)}
}

// memberRole is the ARN pattern of a member-account role of this deployment.
func (s Scope) memberRole(name string) string { return naming.RoleARN(s.Partition, "*", name) }

// ownRole is the ARN of a role of the central account.
func (s Scope) ownRole(name string) string { return naming.RoleARN(s.Partition, s.AccountID, name) }

// ServiceTrust lets an AWS service assume a role on behalf of this account only.
func ServiceTrust(service, accountID string) Document {
	return New(Statement{
		Effect:    Allow,
		Principal: &Principal{Service: Strings{service}},
		Action:    Strings{assumeRole},
		Condition: Conditions{stringEquals: {sourceAccount: Strings{accountID}}},
	})
}

// RoleTrust lets one role of this account assume another.
func RoleTrust(roleARN string) Document {
	return New(Statement{
		Effect:    Allow,
		Principal: &Principal{AWS: Strings{roleARN}},
		Action:    Strings{assumeRole},
	})
}

// CopyIntoVault is the policy of the intermediate vault, which member
// accounts copy into.
func (s Scope) CopyIntoVault(vaultARN string) Document { return New(s.copyInto(vaultARN)) }

// LockedVault is the policy of a locked standard vault: the deployment's
// own automation, which shortens the lifecycles of member and intermediate
// recovery points, can never shorten or delete a copy in it.
func (s Scope) LockedVault() Document { return New(s.protectCopies()) }

// AirGappedVault is the policy of an air-gapped vault: member accounts copy
// into it, and it is protected as a locked vault is.
func (s Scope) AirGappedVault(vaultARN string) Document {
	return New(s.copyInto(vaultARN), s.protectCopies())
}

// copyInto lets only the deployment's member backup service roles copy
// into a vault.
func (s Scope) copyInto(vaultARN string) Statement {
	return Statement{
		Sid:       "AllowCopyIntoVaultFromMemberVaults",
		Effect:    Allow,
		Principal: Anyone,
		Action:    Strings{copyIntoBackupVault},
		Resource:  Strings{vaultARN},
		Condition: Conditions{
			arnLike:            {principalArn: Strings{s.memberRole(s.Names.MemberBackupServiceRole())}},
			anyValueStringLike: s.inOrgPaths(),
		},
	}
}

func (s Scope) protectCopies() Statement {
	return Statement{
		Sid:       "ProtectCentralCopiesFromAutomation",
		Effect:    Deny,
		Principal: Anyone,
		Action:    Strings{"backup:DeleteRecoveryPoint", updateLifecycle},
		Resource:  Strings{"*"},
		Condition: Conditions{arnLike: {principalArn: Sorted(
			s.ownRole(s.Names.IngestStatesRole()),
			s.ownRole(s.Names.IngestStateMachineRole()),
			s.ownRole(s.Names.RestoreStateMachineRole()),
		)}},
	}
}

// KeyPolicy is the policy of the deployment's multi-region key, which
// encrypts the member vaults and the intermediate vault. Member accounts use
// it through AWS Backup, their backup service role, and the roles that
// create their vaults: the StackSet's vault managers and the admin roles.
func (s Scope) KeyPolicy() Document {
	users := []string{
		naming.RoleARN(s.Partition, "*", BackupServiceLinked),
		s.memberRole(s.Names.MemberBackupServiceRole()),
		s.memberRole(s.Names.MemberVaultManagerPath() + "*"),
	}
	for _, admin := range s.AdminRoleNames {
		users = append(users, s.memberRole(admin))
	}
	return New(
		Statement{
			Sid:       "DelegateToIamForOwnerAccount",
			Effect:    Allow,
			Principal: &Principal{AWS: Strings{"arn:" + s.Partition + ":iam::" + s.AccountID + ":root"}},
			Action:    Strings{"kms:*"},
			Resource:  Strings{"*"},
		},
		Statement{
			Sid:       "AllowReadForMemberAccounts",
			Effect:    Allow,
			Principal: Anyone,
			Action:    Strings{"kms:Describe*", "kms:Get*", "kms:List*"},
			Resource:  Strings{"*"},
			Condition: Conditions{anyValueStringLike: s.inOrgPaths()},
		},
		Statement{
			Sid:       "AllowUseForMemberAccounts",
			Effect:    Allow,
			Principal: Anyone,
			Action:    Strings{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
			Resource:  Strings{"*"},
			Condition: Conditions{arnLike: {principalArn: Sorted(users...)}, anyValueStringLike: s.inOrgPaths()},
		},
		// kms:GrantIsForAWSResource applies to CreateGrant and RevokeGrant only.
		Statement{
			Sid:       "AllowGrantsForMemberAccounts",
			Effect:    Allow,
			Principal: Anyone,
			Action:    Strings{"kms:CreateGrant", "kms:RevokeGrant"},
			Resource:  Strings{"*"},
			Condition: Conditions{
				arnLike:            {principalArn: Sorted(users...)},
				boolOperator:       {kmsGrantForResource: Strings{"true"}},
				anyValueStringLike: s.inOrgPaths(),
			},
		},
		Statement{
			Sid:       "AllowRetiringGrantsForMemberAccounts",
			Effect:    Allow,
			Principal: Anyone,
			Action:    Strings{"kms:RetireGrant"},
			Resource:  Strings{"*"},
			Condition: Conditions{arnLike: {principalArn: Sorted(users...)}, anyValueStringLike: s.inOrgPaths()},
		},
	)
}

// EventBusPolicy lets the deployment's member event forwarders put events
// on the deployment's bus in region.
func (s Scope) EventBusPolicy(region string) Document {
	return New(Statement{
		Sid:       "AllowPutEventsFromMemberAccounts",
		Effect:    Allow,
		Principal: Anyone,
		Action:    Strings{putEvents},
		Resource:  Strings{naming.EventBusARN(s.Partition, region, s.AccountID, s.Names.EventBus())},
		Condition: Conditions{
			arnLike:            {principalArn: Strings{s.memberRole(s.Names.MemberEventForwarder())}},
			anyValueStringLike: s.inOrgPaths(),
		},
	})
}

// EventForwarder lets the central forwarding rule put events on the
// deployment's bus in every region.
func (s Scope) EventForwarder() Document {
	var buses []string
	for _, r := range s.Regions {
		buses = append(buses, naming.EventBusARN(s.Partition, r, s.AccountID, s.Names.EventBus()))
	}
	return New(Statement{Effect: Allow, Action: Strings{putEvents}, Resource: Sorted(buses...)})
}

// IngestStarter lets the ingest rule start the ingest state machine in every region.
func (s Scope) IngestStarter() Document {
	var machines []string
	for _, r := range s.Regions {
		machines = append(machines, naming.StateMachineARN(s.Partition, r, s.AccountID, s.Names.IngestStateMachine()))
	}
	return New(Statement{Effect: Allow, Action: Strings{startExecution}, Resource: Sorted(machines...)})
}

// StateMachine is the permission policy of the ingest and restore state
// machines: log delivery, copy jobs, passing the central backup service role
// to AWS Backup, and assuming the deployment's member central access roles.
// Lifecycles change only through the roles assumed inside states.
func (s Scope) StateMachine(standardConfig string) Document {
	var vaults []string
	for _, r := range s.Regions {
		vaults = append(vaults,
			naming.VaultARN(s.Partition, r, s.AccountID, s.Names.StandardVault(standardConfig)),
			naming.VaultARN(s.Partition, r, s.AccountID, s.Names.IntermediateVault()))
	}
	return New(
		Statement{
			Sid:    "AllowLogDelivery",
			Effect: Allow,
			Action: Strings{
				"logs:CreateLogDelivery", "logs:CreateLogStream", "logs:DeleteLogDelivery",
				"logs:DescribeLogGroups", "logs:DescribeResourcePolicies", "logs:GetLogDelivery",
				"logs:ListLogDeliveries", "logs:PutLogEvents", "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
			},
			Resource: Strings{"*"},
		},
		Statement{
			Sid:      "AllowDescribeCopyJobs",
			Effect:   Allow,
			Action:   Strings{"backup:DescribeCopyJob", "backup:ListTags"},
			Resource: Strings{"*"},
		},
		Statement{
			Sid:      "AllowCentralCopies",
			Effect:   Allow,
			Action:   Strings{"backup:StartCopyJob"},
			Resource: Strings{RecoveryPoints(s.Partition, s.AccountID)},
		},
		Statement{
			Sid:       "AllowPassBackupServiceRole",
			Effect:    Allow,
			Action:    Strings{"iam:PassRole"},
			Resource:  Strings{s.ownRole(s.Names.BackupServiceRole())},
			Condition: Conditions{stringEquals: {passedToService: Strings{BackupService}}},
		},
		Statement{
			Sid:      "AllowBackupVaultAccess",
			Effect:   Allow,
			Action:   Strings{"backup:DescribeBackupVault", "backup:ListRecoveryPointsByBackupVault"},
			Resource: Sorted(vaults...),
		},
		Statement{
			Sid:       "AllowAssumeRoleInMemberAccounts",
			Effect:    Allow,
			Action:    Strings{assumeRole},
			Resource:  Strings{s.memberRole(s.Names.MemberCentralAccess())},
			Condition: Conditions{anyValueStringLike: {resourceOrgPaths: Sorted(s.OrgPaths...)}},
		},
	)
}

// IngestStates is the policy of the role the ingest state machine assumes
// inside its states: read recovery point tags and shorten lifecycles in
// the central account.
func (s Scope) IngestStates() Document {
	return New(
		RecoveryPointTagReads(),
		Statement{
			Sid:      "AllowUpdateLifecycle",
			Effect:   Allow,
			Action:   Strings{updateLifecycle},
			Resource: Strings{RecoveryPoints(s.Partition, s.AccountID)},
		},
	)
}

// RecoveryPointTagReads allows backup:ListTags on recovery points, with the
// tag reads of the services whose recovery points AWS Backup does not
// fully manage: ListTags calls them for those.
func RecoveryPointTagReads() Statement {
	return Statement{
		Sid:    "AllowGetTags",
		Effect: Allow,
		Action: Strings{
			"backup-gateway:ListTagsForResource", "backup:ListTags", "dsql:ListTagsForResource",
			"dynamodb:ListTagsOfResource", "ec2:DescribeTags", "elasticfilesystem:DescribeTags",
			"fsx:ListTagsForResource", "rds:ListTagsForResource", "redshift-serverless:ListTagsForResource",
			"redshift:DescribeTags", "s3:GetBucketTagging", "s3:GetObjectTagging", "s3:GetObjectVersionTagging",
			"ssm-sap:ListTagsForResource", "storagegateway:ListTagsForResource", "timestream:ListTagsForResource",
		},
		Resource: Strings{"*"},
	}
}

// RecoveryPoints is the ARN pattern of every recovery point of an account.
func RecoveryPoints(partition, accountID string) string {
	return "arn:" + partition + ":backup:*:" + accountID + ":recovery-point:*"
}

// EventBusLogs lets the log rules of every deployment of a component write
// to their log groups in region: one CloudWatch Logs resource policy per
// region for all deployments, because an account holds at most 10.
func EventBusLogs(partition, region, accountID, centralPrefix string) Document {
	return New(Statement{
		Sid:       "AllowEventBusLogRules",
		Effect:    Allow,
		Principal: &Principal{Service: Strings{EventsService}},
		Action:    Strings{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resource: Strings{"arn:" + partition + ":logs:" + region + ":" + accountID + ":log-group:" +
			naming.EventBusLogGroupPrefix + centralPrefix + "*"},
		Condition: Conditions{
			stringEquals: {sourceAccount: Strings{accountID}},
			arnLike: {sourceArn: Strings{"arn:" + partition + ":events:" + region + ":" + accountID + ":rule/" +
				centralPrefix + "*"}},
		},
	})
}

// ManagedPolicyARN is the ARN of an AWS managed policy.
func ManagedPolicyARN(partition, path string) string {
	return "arn:" + partition + ":iam::aws:policy/" + path
}
