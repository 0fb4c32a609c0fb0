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
	// MemberAirGappedVaults is set when the member accounts hold logically
	// air-gapped vaults, the guard then covers them too.
	MemberAirGappedVaults bool
}

// Condition operators
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
const (
	StringEquals            = "StringEquals"
	StringLike              = "StringLike"
	ArnEquals               = "ArnEquals"
	ArnLike                 = "ArnLike"
	ArnNotLike              = "ArnNotLike"
	Bool                    = "Bool"
	ForAnyValueStringEquals = "ForAnyValue:StringEquals"
	ForAnyValueStringLike   = "ForAnyValue:StringLike"
)

// Condition keys: the global ones
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)
// and those of the services' pages of the Service Authorization Reference.
const (
	PrincipalARN            = "aws:PrincipalArn"
	PrincipalOrgID          = "aws:PrincipalOrgID"
	PrincipalOrgPaths       = "aws:PrincipalOrgPaths"
	ResourceOrgPaths        = "aws:ResourceOrgPaths"
	SourceAccount           = "aws:SourceAccount"
	SourceARN               = "aws:SourceArn"
	PassedToService         = "iam:PassedToService"
	AWSServiceName          = "iam:AWSServiceName"
	AttachedPolicyARN       = "iam:PolicyARN"
	GrantIsForAWSResource   = "kms:GrantIsForAWSResource"
	SourceFunctionARN       = "lambda:SourceFunctionArn"
	OrganizationsPolicyType = "organizations:PolicyType"
)

// RequestTag is the condition key of a tag a request sets.
func RequestTag(key string) string { return "aws:RequestTag/" + key }

// ResourceTag is the condition key of a tag the resource carries.
func ResourceTag(key string) string { return "aws:ResourceTag/" + key }

// Service principals.
const (
	BackupService       = "backup.amazonaws.com"
	EventsService       = "events.amazonaws.com"
	StatesService       = "states.amazonaws.com"
	LambdaService       = "lambda.amazonaws.com"
	LogDeliveryService  = "delivery.logs.amazonaws.com"
	BackupServiceLinked = "aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup"
	assumeRole          = "sts:AssumeRole"
	copyIntoBackupVault = "backup:CopyIntoBackupVault"
	putEvents           = "events:PutEvents"
	startExecution      = "states:StartExecution"
	updateLifecycle     = "backup:UpdateRecoveryPointLifecycle"
)

// memberRoles are the roles of the accounts under the deployment's targets
// whose ARNs match rolePatterns; with none, every principal of those accounts.
func (s Scope) memberRoles(rolePatterns ...string) PrincipalWithConditions {
	return RolesUnderOrgPaths(s.OrgPaths, rolePatterns...)
}

// memberRole is the ARN pattern of a member-account role of this deployment.
func (s Scope) memberRole(name string) string { return naming.RoleARN(s.Partition, "*", name) }

// ownRole is the ARN of a role of the central account.
func (s Scope) ownRole(name string) string { return naming.RoleARN(s.Partition, s.AccountID, name) }

// ServiceTrust lets an AWS service assume a role on behalf of this account
// only; with sourceARNs, only for those resources (aws:SourceArn, the
// cross-service confused deputy condition:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
func ServiceTrust(service, accountID string, sourceARNs ...string) Document {
	conditions := Conditions{StringEquals: {SourceAccount: Strings{accountID}}}
	if len(sourceARNs) > 0 {
		conditions[ArnLike] = map[string]Strings{SourceARN: Sorted(sourceARNs...)}
	}
	return New(Statement{
		Effect:    Allow,
		Principal: &Principal{Service: Strings{service}},
		Action:    Strings{assumeRole},
		Condition: conditions,
	})
}

// StateMachineTrust lets Step Functions assume a role for the named state
// machines only, as the Step Functions guide's confused deputy prevention
// shows (aws:SourceArn of the state machine, aws:SourceAccount):
// https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html
func StateMachineTrust(accountID string, stateMachineARNs ...string) Document {
	return ServiceTrust(StatesService, accountID, stateMachineARNs...)
}

// AccountRoleTrust lets roles of another account of the organization (or
// of this one) assume a role (AccountRolesInOrganization).
func AccountRoleTrust(partition, accountID, organizationID string, roleARNs ...string) Document {
	return New(AccountRolesInOrganization(partition, accountID, organizationID, roleARNs...).
		Statement(Statement{Effect: Allow, Action: Strings{assumeRole}}))
}

// AccountRoot is the principal of a whole account.
func AccountRoot(partition, accountID string) string {
	return naming.AccountRootARN(partition, accountID)
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
	return s.memberRoles(s.memberRole(s.Names.MemberBackupServiceRole())).Statement(Statement{
		Sid:      "AllowCopyIntoVaultFromMemberVaults",
		Effect:   Allow,
		Action:   Strings{copyIntoBackupVault},
		Resource: Strings{vaultARN},
	})
}

// protectCopies denies every automation role of the deployment, the
// backup service role included, what would remove a copy or shorten its
// retention: delete, lifecycle changes, and disassociating it (which ends
// AWS Backup's management of a recovery point of a service that is not
// fully managed, EBS, RDS, …:
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DisassociateRecoveryPoint.html).
func (s Scope) protectCopies() Statement {
	n := s.Names
	return Statement{
		Sid:       "ProtectCentralCopiesFromAutomation",
		Effect:    Deny,
		Principal: Anyone,
		Action:    RecoveryPointRemovals,
		Resource:  Strings{"*"},
		Condition: Conditions{ArnLike: {PrincipalARN: Sorted(
			s.ownRole(n.BackupServiceRole()),
			s.ownRole(n.EventForwarderRole()),
			s.ownRole(n.IngestEventBridgeRole()),
			s.ownRole(n.IngestStatesRole()),
			s.ownRole(n.IngestStateMachineRole()),
			s.ownRole(n.RestoreStateMachineRole()),
			s.ownRole(n.ReconcilerStateMachineRole()),
		)}},
	}
}

// RecoveryPointRemovals are the AWS Backup actions that delete a recovery
// point, shorten its retention, or take it out of AWS Backup's management
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/access-control.html#backup-api-permissions-ref).
var RecoveryPointRemovals = Strings{
	"backup:DeleteRecoveryPoint", "backup:DisassociateRecoveryPoint", "backup:DisassociateRecoveryPointFromParent",
	updateLifecycle,
}

// KeyPolicy is the policy of the deployment's multi-region key, which
// encrypts the member vaults and the intermediate vault. In the member
// accounts it names only the roles that use it:
//   - AWS Backup's service-linked role and the member backup service role,
//     which run the backup and copy jobs;
//   - the roles that create the vaults with the key as EncryptionKeyArn: the
//     admin roles (they run the MemberAccount stacks), and with a StackSet
//     (stackSet) the vault manager's roles, by their exact names: one per
//     region of the deployment (naming.MemberVaultManagerRole, with its path,
//     in any account: aws:PrincipalOrgPaths holds the accounts to the
//     targets). Another role a member administrator creates on the vault
//     manager's path may not use the key, whether or not a guard SCP keeps
//     the path (the guard is another component's, in the management
//     account). With member stacks there is no vault manager, and no role
//     on that path may use the key.
//
// Creating a vault with a customer managed key takes kms:CreateGrant,
// kms:DescribeKey, kms:RetireGrant, kms:Decrypt and kms:GenerateDataKey
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html);
// of the read actions those roles get kms:DescribeKey only, and nobody else
// in the member accounts reads the key: kms:GetKeyPolicy and kms:ListGrants
// stay with the central account (ListGrants takes kms:ListGrants in the key
// policy, which lists every grantee of the key:
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html).
func (s Scope) KeyPolicy(stackSet bool) Document {
	users := []string{
		naming.RoleARN(s.Partition, "*", BackupServiceLinked),
		s.memberRole(s.Names.MemberBackupServiceRole()),
	}
	if stackSet {
		for _, region := range s.Regions {
			users = append(users, s.memberRole(s.Names.MemberVaultManagerRolePath(region)))
		}
	}
	for _, admin := range s.AdminRoleNames {
		users = append(users, s.memberRole(admin))
	}
	return New(
		s.delegateKeyToIAM(),
		s.memberRoles(users...).Statement(Statement{
			Sid:      "AllowUseForMemberAccounts",
			Effect:   Allow,
			Action:   Strings{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
			Resource: Strings{"*"},
		}),
		// kms:GrantIsForAWSResource applies to CreateGrant and RevokeGrant only.
		s.memberRoles(users...).Statement(Statement{
			Sid:       "AllowGrantsForMemberAccounts",
			Effect:    Allow,
			Action:    Strings{"kms:CreateGrant", "kms:RevokeGrant"},
			Resource:  Strings{"*"},
			Condition: Conditions{Bool: {GrantIsForAWSResource: Strings{"true"}}},
		}),
		s.memberRoles(users...).Statement(Statement{
			Sid:      "AllowRetiringGrantsForMemberAccounts",
			Effect:   Allow,
			Action:   Strings{"kms:RetireGrant"},
			Resource: Strings{"*"},
		}),
	)
}

// EventBusPolicy lets the deployment's member event forwarders put events
// on the deployment's bus in region.
func (s Scope) EventBusPolicy(region string) Document {
	return New(s.memberRoles(s.memberRole(s.Names.MemberEventForwarder())).Statement(Statement{
		Sid:      "AllowPutEventsFromMemberAccounts",
		Effect:   Allow,
		Action:   Strings{putEvents},
		Resource: Strings{naming.EventBusARN(s.Partition, region, s.AccountID, s.Names.EventBus())},
	}))
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

// IngestStarter lets the ingest rules start the ingest state machine, and
// the reconciler's schedule rules the reconciler state machine, in every
// region: one role starts both (central.reconciler).
func (s Scope) IngestStarter() Document {
	machines := s.reconcilerMachines()
	for _, r := range s.Regions {
		machines = append(machines, naming.StateMachineARN(s.Partition, r, s.AccountID, s.Names.IngestStateMachine()))
	}
	return New(Statement{Effect: Allow, Action: Strings{startExecution}, Resource: Sorted(machines...)})
}

// StateMachine is the permission policy of the ingest and restore state
// machines: log delivery, copy jobs, passing the central backup service role
// to AWS Backup, and assuming assumedRoles: the member role of the
// deployment named memberRole in the accounts under the targets, and the
// central roles named. Lifecycles change only through the roles assumed
// inside states.
func (s Scope) StateMachine(standardConfig, memberRole string, centralRoles ...string) Document {
	var vaults []string
	for _, r := range s.Regions {
		vaults = append(vaults,
			naming.VaultARN(s.Partition, r, s.AccountID, s.Names.StandardVault(standardConfig)),
			naming.VaultARN(s.Partition, r, s.AccountID, s.Names.IntermediateVault()))
	}
	doc := New(
		logDelivery(),
		Statement{
			Sid:      "AllowDescribeCopyJobs",
			Effect:   Allow,
			Action:   Strings{"backup:DescribeCopyJob", "backup:ListTags"},
			Resource: Strings{"*"},
		},
		s.centralCopies()[0],
		s.centralCopies()[1],
		Statement{
			Sid:      "AllowBackupVaultAccess",
			Effect:   Allow,
			Action:   Strings{"backup:DescribeBackupVault", "backup:ListRecoveryPointsByBackupVault"},
			Resource: Sorted(vaults...),
		},
		s.assumeMemberRole(memberRole),
	)
	if len(centralRoles) > 0 {
		var arns []string
		for _, r := range centralRoles {
			arns = append(arns, s.ownRole(r))
		}
		doc.Statement = append(doc.Statement, Statement{
			Sid:      "AllowAssumeCentralRoles",
			Effect:   Allow,
			Action:   Strings{assumeRole},
			Resource: Sorted(arns...),
		})
	}
	return doc
}

// IngestStateMachine is the ingest state machine's policy: StateMachine's,
// and publishing the alerts on the copies to the backup account that
// failed (statemachine.Ingest) to alertTopicARNs, the deployment's topic of
// every Region, with the keys of createdTopicARNs through SNS only
// (AlertPublishing). What the ingest does in a member account (describe
// the recovery point and its key, copy it into the member locked vault) it
// does as the member central-access role, which StateMachine lets it
// assume in the accounts under the targets only.
func (s Scope) IngestStateMachine(standardConfig string, alertTopicARNs, createdTopicARNs []string) Document {
	doc := s.StateMachine(standardConfig, s.Names.MemberCentralAccess(), s.Names.IngestStatesRole())
	doc.Statement = append(doc.Statement, s.AlertPublishing(alertTopicARNs, createdTopicARNs)...)
	return doc
}

// AlertPublishing lets a central role publish to alertTopicARNs
// ("sns:Publish" on each topic: the optimized SNS integration's
// permission, https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html)
// and use the keys of createdTopicARNs, the topics OrgBackup creates and
// encrypts with the deployment's alerts keys, through SNS only: a
// publisher to a topic encrypted with a customer managed key needs
// kms:GenerateDataKey* and kms:Decrypt on it
// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html);
// kms:ViaService keeps their use to SNS in the deployment's Regions
// (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service)
// and the encryption context SNS sets, the topic's ARN, to those topics
// (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context).
func (s Scope) AlertPublishing(alertTopicARNs, createdTopicARNs []string) []Statement {
	var keys, sns []string
	for _, r := range s.Regions {
		keys = append(keys, naming.KMSKeyARN(s.Partition, r, s.AccountID, "*"))
		sns = append(sns, "sns."+r+".amazonaws.com")
	}
	out := []Statement{{
		Sid:      "AllowPublishAlerts",
		Effect:   Allow,
		Action:   Strings{"sns:Publish"},
		Resource: Sorted(alertTopicARNs...),
	}}
	if len(createdTopicARNs) > 0 {
		out = append(out, Statement{
			Sid:      "AllowAlertTopicEncryption",
			Effect:   Allow,
			Action:   Strings{"kms:Decrypt", "kms:GenerateDataKey*"},
			Resource: Sorted(keys...),
			Condition: Conditions{StringEquals: {
				"kms:ViaService": Sorted(sns...),
				snsTopicContext:  Sorted(createdTopicARNs...),
			}},
		})
	}
	return out
}

// RestoreStateMachine is the restore state machine's policy: StateMachine's,
// and DescribeRecoveryPoint on the central account's recovery points, which
// tells the origin account a restore must go back to
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRecoveryPoint.html;
// its resource is the recovery point:
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html).
func (s Scope) RestoreStateMachine(standardConfig, memberRole string) Document {
	doc := s.StateMachine(standardConfig, memberRole)
	doc.Statement = append(doc.Statement, Statement{
		Sid:      "AllowDescribeRecoveryPoints",
		Effect:   Allow,
		Action:   Strings{"backup:DescribeRecoveryPoint"},
		Resource: RecoveryPoints(s.Partition, s.AccountID),
	})
	return doc
}

// assumeMemberRole lets a central role assume the deployment's member role
// of that name in the accounts under the deployment's targets only
// (aws:ResourceOrgPaths of the role assumed).
func (s Scope) assumeMemberRole(name string) Statement {
	return Statement{
		Sid:       "AllowAssumeRoleInMemberAccounts",
		Effect:    Allow,
		Action:    Strings{assumeRole},
		Resource:  Strings{s.memberRole(name)},
		Condition: Conditions{ForAnyValueStringLike: {ResourceOrgPaths: Sorted(s.OrgPaths...)}},
	}
}

// logDelivery lets a state machine deliver its logs to CloudWatch Logs.
func logDelivery() Statement {
	return Statement{
		Sid:    "AllowLogDelivery",
		Effect: Allow,
		Action: Strings{
			"logs:CreateLogDelivery", "logs:CreateLogStream", "logs:DeleteLogDelivery",
			"logs:DescribeLogGroups", "logs:DescribeResourcePolicies", "logs:GetLogDelivery",
			"logs:ListLogDeliveries", "logs:PutLogEvents", "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
		},
		Resource: Strings{"*"},
	}
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
			Resource: RecoveryPoints(s.Partition, s.AccountID),
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

// RecoveryPoints are the ARN patterns of every recovery point of an
// account, in every format AWS Backup documents: recovery points of
// resources AWS Backup fully manages (S3, EFS, DynamoDB with advanced
// features, Timestream, VMware, …) are arn:…:backup:…:recovery-point:…, the
// others are the source service's own snapshot or backup
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/access-control.html#access-control-resources,
// IDs in https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html).
// EC2 snapshot and image ARNs hold no account id.
func RecoveryPoints(partition, accountID string) Strings {
	var out []string
	for _, f := range RecoveryPointFormats {
		out = append(out, f.Pattern(partition, accountID))
	}
	return Sorted(out...)
}

// RecoveryPointFormat is one documented recovery point ARN format.
type RecoveryPointFormat struct {
	ResourceTypes []string // AWS Backup resource types whose recovery points take it
	Service       string   // ARN service
	AccountScoped bool     // false for EC2 snapshots and images, whose ARNs hold no account
	Resource      string   // resource part, with * for the id
	Example       string   // resource part of a documented example
}

// Pattern is the format's ARN pattern in an account, any region.
func (f RecoveryPointFormat) Pattern(partition, accountID string) string {
	account := ""
	if f.AccountScoped {
		account = accountID
	}
	return naming.ARN(partition, f.Service, "*", account, f.Resource)
}

// ARN is the format's documented example in an account and region.
func (f RecoveryPointFormat) ARN(partition, region, accountID string) string {
	account := ""
	if f.AccountScoped {
		account = accountID
	}
	return naming.ARN(partition, f.Service, region, account, f.Example)
}

// RecoveryPointFormats are AWS Backup's recovery point ARN formats, from
// the "AWS Backup resource ARNs" table of
// https://docs.aws.amazon.com/aws-backup/latest/devguide/access-control.html#access-control-resources
// and the recovery point IDs of
// https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html.
var RecoveryPointFormats = []RecoveryPointFormat{
	{ResourceTypes: []string{"EFS", "S3", "DynamoDB (advanced features)", "Timestream", "VirtualMachine", "SAP HANA on EC2", "CloudFormation", "DocumentDB", "Neptune"},
		Service: "backup", AccountScoped: true, Resource: "recovery-point:*",
		Example: "recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45"},
	{ResourceTypes: []string{"EBS", "Storage Gateway"}, Service: "ec2", Resource: "snapshot/*",
		Example: "snapshot/snap-05f426fd8kdjb4224"},
	{ResourceTypes: []string{"EC2"}, Service: "ec2", Resource: "image/*", Example: "image/ami-1a2b3e4f5e6f7g890"},
	{ResourceTypes: []string{"RDS"}, Service: "rds", AccountScoped: true, Resource: "snapshot:awsbackup:*",
		Example: "snapshot:awsbackup:job-be59cf2a-2343-4402-bd8b-226993d23453"},
	{ResourceTypes: []string{"Aurora", "DocumentDB", "Neptune"}, Service: "rds", AccountScoped: true,
		Resource: "cluster-snapshot:awsbackup:*", Example: "cluster-snapshot:awsbackup:job-be59cf2a-2343-4402-bd8b-226993d23453"},
	{ResourceTypes: []string{"DynamoDB"}, Service: "dynamodb", AccountScoped: true, Resource: "table/*/backup/*",
		Example: "table/MyDynamoDBTable/backup/01547087347000-c8b6kdk3"},
	{ResourceTypes: []string{"FSx"}, Service: "fsx", AccountScoped: true, Resource: "backup/*",
		Example: "backup/backup-0ecdf967356c809c7"},
	{ResourceTypes: []string{"Redshift"}, Service: "redshift", AccountScoped: true, Resource: "snapshot:*/awsbackup:*",
		Example: "snapshot:mycluster/awsbackup:job-be59cf2a-2343-4402-bd8b-226993d23453"},
}

// EventBusLogs lets EventBridge write the events of every deployment's log
// rule to the deployment's log group in region: one CloudWatch Logs resource
// policy per region for all deployments, because an account holds at most
// 10. It is the policy the EventBridge user guide documents for CloudWatch
// Logs targets (logs:CreateLogStream and logs:PutLogEvents for
// events.amazonaws.com and delivery.logs.amazonaws.com, on the log groups'
// streams, "log-group:…:*", no condition), narrowed to the component's log
// groups:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-cloudwatchlogs-permissions
// AWS documents no condition key these deliveries carry, so none is added:
// one they did not send would stop the logs. A rule of another account
// cannot use the log groups anyway: EventBridge delivers across accounts
// only to event buses, API Gateway, Kinesis Data Streams, Lambda, SNS and
// SQS (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html).
func EventBusLogs(partition, region, accountID, centralPrefix string) Document {
	return New(Statement{
		Sid:       "TrustEventsToStoreLogEvent",
		Effect:    Allow,
		Principal: &Principal{Service: Sorted(EventsService, LogDeliveryService)},
		Action:    Strings{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resource:  Strings{naming.LogGroupARN(partition, region, accountID, naming.EventBusLogGroupPrefix+centralPrefix+"*") + ":*"},
	})
}

// VaultManagerGuard is the service control policy that keeps every
// principal of the accounts under the targets but the admin roles and the
// StackSets execution roles
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudFormationStackSetsOrgAdminServiceRolePolicy.html)
// from changing the StackSet's vault manager, its function and role: it may
// set the member vault policies, so whoever changed it could lift their
// protection. SCPs never restrict service-linked roles
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
// One statement names the exempt principals once (an SCP holds at most
// 5,120 characters): no Lambda action takes a role nor IAM action a function
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html,
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html),
// so it denies all but lambda:Get*, List* and InvokeFunction and iam:Get* and List*.
func (s Scope) VaultManagerGuard() Document {
	return New(Statement{
		Sid:       "ProtectVaultManager",
		Effect:    Deny,
		NotAction: Strings{"iam:Get*", "iam:List*", "lambda:Get*", "lambda:InvokeFunction", "lambda:List*"},
		Resource: Strings{naming.FunctionARN(s.Partition, "*", "*", s.Names.MemberVaultManager()),
			naming.FunctionARN(s.Partition, "*", "*", s.Names.MemberVaultManager()+":*"),
			s.memberRole(s.Names.MemberVaultManagerPath() + "*")},
		Condition: s.guardExempt(true),
	})
}

// ManagedPolicyARN is the ARN of an AWS managed policy (naming.ManagedPolicyARN).
func ManagedPolicyARN(partition, path string) string { return naming.ManagedPolicyARN(partition, path) }

// centralCopies let a state machine start copies of the central account's
// recovery points with the deployment's backup service role, passed to
// AWS Backup only.
func (s Scope) centralCopies() [2]Statement {
	return [2]Statement{
		{
			Sid:      "AllowCentralCopies",
			Effect:   Allow,
			Action:   Strings{"backup:StartCopyJob"},
			Resource: RecoveryPoints(s.Partition, s.AccountID),
		},
		{
			Sid:       "AllowPassBackupServiceRole",
			Effect:    Allow,
			Action:    Strings{"iam:PassRole"},
			Resource:  Strings{s.ownRole(s.Names.BackupServiceRole())},
			Condition: Conditions{StringEquals: {PassedToService: Strings{BackupService}}},
		},
	}
}

// delegateKeyToIAM is a key policy's statement that lets the central
// account administer and use the key through IAM, as the default key
// policy does
// (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam).
func (s Scope) delegateKeyToIAM() Statement {
	return Statement{
		Sid:       "DelegateToIamForOwnerAccount",
		Effect:    Allow,
		Principal: &Principal{AWS: Strings{AccountRoot(s.Partition, s.AccountID)}},
		Action:    Strings{"kms:*"},
		Resource:  Strings{"*"},
	}
}
