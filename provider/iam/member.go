package iam

import "github.com/orgbackup/pulumi-orgbackup/provider/naming"

// MemberScope is what the policies of a deployment's member roles are
// about. Own is the member account as its resources name it: in the
// StackSet template and the MemberAccount component alike, CloudFormation
// pseudo parameters (${AWS::Partition}, ${AWS::AccountId}, ${AWS::Region})
// resolved in the account. The other fields are the deployment's, known
// when the policies are built.
type MemberScope struct {
	Own              Account
	Partition        string
	CentralAccountID string
	OrganizationID   string
	Names            naming.Deployment
	Regions          []string // the regions of the member's event forwarder rules
	KMSKeyID         string   // the deployment key's id, or a placeholder for it
	// AirGappedVault is the name of the member's logically air-gapped
	// vault, "" when it has none; MpaApprovalTeamArn its approval team.
	AirGappedVault     string
	MpaApprovalTeamArn string
	// LockedVault is the name of the member's compliance-locked vault of
	// in-account copies, "" when it has none.
	LockedVault string
}

// Account names an account and the region its resources are in.
type Account struct{ Partition, ID, Region string }

// The AWS managed policies of the member backup service roles.
var (
	memberBackupPolicies  = []string{"service-role/AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForS3Backup"}
	memberRestorePolicies = []string{"service-role/AWSBackupServiceRolePolicyForRestores", "AWSBackupServiceRolePolicyForS3Restore"}
)

func (m MemberScope) centralRole(name string) string {
	return naming.RoleARN(m.Partition, m.CentralAccountID, name)
}

func (m MemberScope) ownRole(name string) string {
	return naming.RoleARN(m.Own.Partition, m.Own.ID, name)
}

// BackupServiceTrust lets AWS Backup assume the member backup service role
// (backups, and the copies between the account's vaults) and the restore
// role, for the member account only.
func (m MemberScope) BackupServiceTrust() Document { return ServiceTrust(BackupService, m.Own.ID) }

// BackupServiceManaged are the AWS managed policies of the member backup
// service role; RestoreManaged those of the restore role.
func (m MemberScope) BackupServiceManaged() []string {
	return managed(m.Partition, memberBackupPolicies)
}

func (m MemberScope) RestoreManaged() []string { return managed(m.Partition, memberRestorePolicies) }

func managed(partition string, paths []string) []string {
	var out []string
	for _, path := range paths {
		out = append(out, naming.ManagedPolicyARN(partition, path))
	}
	return Sorted(out...)
}

// The central state machines get only what they call in a member account,
// not the backup service role's managed policies (which read every S3
// bucket).

// CentralAccessTrust lets the central ingest and reconciler state machines
// assume the central access role.
func (m MemberScope) CentralAccessTrust() Document {
	n := m.Names
	return AccountRoleTrust(m.Partition, m.CentralAccountID, m.OrganizationID,
		m.centralRole(n.IngestStateMachineRole()), m.centralRole(n.ReconcilerStateMachineRole()))
}

// CentralAccessPolicy: the ingest reads retention tags and shortens
// lifecycles; the reconciler lists the account's copy jobs, to find the
// ingest's idempotency token (ListCopyJobs has no resource type, so "*":
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html).
// With a locked vault, the ingest copies a recovery point whose copy to
// the backup account AWS refuses into it, inside the account: it reads the
// recovery point and its key (an AWS managed key or a customer managed key
// tells why AWS refused), starts the copy from the account's own recovery
// points and passes the member backup service role to AWS Backup, which
// copies with it. The resource types are the Service Authorization
// Reference's: StartCopyJob and DescribeRecoveryPoint take recoveryPoint
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html),
// kms:DescribeKey takes key
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html),
// iam:PassRole takes role and iam:PassedToService
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html).
// Where the copy may go is the locked vault's and the other vaults'
// policies' to say: only the member backup service role copies into the
// locked vault, and only within the organization's accounts.
func (m MemberScope) CentralAccessPolicy() Document {
	own := RecoveryPoints(m.Own.Partition, m.Own.ID)
	statements := []Statement{
		{Sid: "AllowShortenOwnRecoveryPoints", Effect: Allow, Action: Strings{updateLifecycle}, Resource: own},
		RecoveryPointTagReads(),
		{Sid: "AllowListCopyJobs", Effect: Allow, Action: Strings{"backup:ListCopyJobs"}, Resource: Strings{"*"}},
	}
	if m.LockedVault != "" {
		statements = append(statements,
			Statement{Sid: "AllowLockedCopiesOfOwnRecoveryPoints", Effect: Allow,
				Action: Strings{"backup:DescribeRecoveryPoint", "backup:StartCopyJob"}, Resource: own},
			Statement{Sid: "AllowDescribeOwnKeys", Effect: Allow, Action: Strings{"kms:DescribeKey"},
				Resource: Strings{naming.KMSKeyARN(m.Own.Partition, "*", m.Own.ID, "*")}},
			Statement{Sid: "AllowPassBackupServiceRole", Effect: Allow, Action: Strings{"iam:PassRole"},
				Resource:  Strings{m.ownRole(m.Names.MemberBackupServiceRole())},
				Condition: Conditions{StringEquals: {PassedToService: Strings{BackupService}}}})
	}
	return New(statements...)
}

// RestoreAccessTrust lets the central restore state machine assume the
// restore access role.
func (m MemberScope) RestoreAccessTrust() Document {
	return AccountRoleTrust(m.Partition, m.CentralAccountID, m.OrganizationID,
		m.centralRole(m.Names.RestoreStateMachineRole()))
}

// RestoreAccessPolicy only copies from the backup vault to the restore
// vault, passing the member backup service role to AWS Backup.
func (m MemberScope) RestoreAccessPolicy() Document {
	return New(
		Statement{Sid: "AllowCopyOwnRecoveryPoints", Effect: Allow, Action: Strings{"backup:StartCopyJob"},
			Resource: RecoveryPoints(m.Own.Partition, m.Own.ID)},
		Statement{Sid: "AllowDescribeCopyJobs", Effect: Allow, Action: Strings{"backup:DescribeCopyJob"},
			Resource: Strings{"*"}},
		Statement{Sid: "AllowPassBackupServiceRole", Effect: Allow, Action: Strings{"iam:PassRole"},
			Resource:  Strings{m.ownRole(m.Names.MemberBackupServiceRole())},
			Condition: Conditions{StringEquals: {PassedToService: Strings{BackupService}}}},
	)
}

// EventForwarderTrust lets EventBridge assume the event forwarder role for
// the member's forwarder rules only.
func (m MemberScope) EventForwarderTrust() Document {
	var rules []string
	for _, r := range m.Regions {
		rules = append(rules, naming.EventRuleARN(m.Own.Partition, r, m.Own.ID, "", m.Names.MemberEventForwarder()))
	}
	return New(Statement{
		Effect:    Allow,
		Principal: &Principal{Service: Strings{EventsService}},
		Action:    Strings{assumeRole},
		Condition: Conditions{ArnEquals: {SourceARN: Sorted(rules...)}},
	})
}

// EventForwarderPolicy puts events on the deployment's central bus of every
// region.
func (m MemberScope) EventForwarderPolicy() Document {
	return New(Statement{
		Effect: Allow, Action: Strings{putEvents},
		Resource: Strings{naming.EventBusARN(m.Partition, "*", m.CentralAccountID, m.Names.EventBus())},
	})
}

// VaultManagerTrust lets Lambda assume the StackSet's vault manager role
// for the member account only.
func (m MemberScope) VaultManagerTrust() Document { return ServiceTrust(LambdaService, m.Own.ID) }

// VaultManagerPolicy lets the StackSet's custom resource function create
// the deployment's vaults, set their policy and tags, and create AWS
// Backup's service-linked role. The vault actions hold only inside the
// function (lambda:SourceFunctionArn, which works in identity policies only:
// https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html),
// so the role's credentials taken out of it change no vault. It never
// deletes a vault: the member vault policy denies that to all but the vault
// administrators.
func (m MemberScope) VaultManagerPolicy() Document {
	n, own := m.Names, m.Own
	names := []string{n.MemberBackupVault(), n.MemberRestoreVault()}
	actions := Strings{"backup:CreateBackupVault", "backup:DescribeBackupVault",
		"backup:GetBackupVaultAccessPolicy", "backup:ListTags", "backup:PutBackupVaultAccessPolicy",
		"backup:TagResource", "backup:UntagResource"}
	if m.LockedVault != "" {
		names = append(names, m.LockedVault)
	}
	if m.AirGappedVault != "" {
		names = append(names, m.AirGappedVault)
		actions = append(actions, "backup:CreateLogicallyAirGappedBackupVault")
		if m.MpaApprovalTeamArn != "" {
			// The first team needs no approval; changing it does
			// (https://docs.aws.amazon.com/aws-backup/latest/devguide/multipartyapproval-tasks-requester.html).
			actions = append(actions, "backup:AssociateBackupVaultMpaApprovalTeam")
		}
	}
	var vaults []string
	for _, v := range names {
		vaults = append(vaults, naming.VaultARN(own.Partition, own.Region, own.ID, v))
	}
	inFunction := Conditions{ArnEquals: {SourceFunctionARN: Strings{
		naming.FunctionARN(own.Partition, own.Region, own.ID, n.MemberVaultManager())}}}
	serviceLinked := Strings{m.ownRole(BackupServiceLinked)}
	statements := []Statement{{Sid: "ManageVaults", Effect: Allow, Action: Sorted(actions...),
		Resource: Sorted(vaults...), Condition: inFunction}}
	if m.LockedVault != "" {
		// The locked vault's lock, put once, right after the vault is created.
		statements = append(statements, Statement{Sid: "LockLockedVault", Effect: Allow,
			Action:    Strings{"backup:PutBackupVaultLockConfiguration"},
			Resource:  Strings{naming.VaultARN(own.Partition, own.Region, own.ID, m.LockedVault)},
			Condition: inFunction})
	}
	return New(append(statements,
		// AWS Backup makes these calls for the function when it creates a
		// vault; they change no vault.
		Statement{Sid: "CreateVaultStorage", Effect: Allow, Action: Strings{"backup-storage:MountCapsule"},
			Resource: Strings{"*"}},
		Statement{Sid: "UseDeploymentKey", Effect: Allow,
			Action:   Strings{"kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"},
			Resource: Strings{naming.KMSKeyARN(m.Partition, own.Region, m.CentralAccountID, m.KMSKeyID)}},
		Statement{Sid: "CreateServiceLinkedRole", Effect: Allow, Action: Strings{"iam:CreateServiceLinkedRole"},
			Resource:  serviceLinked,
			Condition: Conditions{StringEquals: {AWSServiceName: Strings{BackupService}}}},
		Statement{Sid: "ReadServiceLinkedRole", Effect: Allow, Action: Strings{"iam:GetRole"}, Resource: serviceLinked},
		Statement{Sid: "WriteLogs", Effect: Allow,
			Action: Strings{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"},
			Resource: Strings{naming.LogGroupARN(own.Partition, own.Region, own.ID,
				"/aws/lambda/"+n.MemberVaultManager()+"*")}},
	)...)
}

// The member logically air-gapped vault's policy denies these to
// everyone, the member's administrators included: they delete the vault
// or its policy, change its lock, notifications or sharing (through AWS
// RAM, https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html),
// detach its approval team, or delete, detach or re-time its recovery points.
// Wildcards keep the vault manager's environment, which holds the policy,
// small, and cover whatever such actions AWS adds.
var airGappedProtected = Strings{
	"backup:DeleteBackupVault*", "backup:DeleteRecoveryPoint", "backup:Disassociate*",
	"backup:PutBackupVaultLockConfiguration", "backup:PutBackupVaultNotifications",
	"backup:PutBackupVaultSharingPolicy", "backup:UpdateRecoveryPointLifecycle",
}

// MemberAirGappedVault is the access policy of the member's logically
// air-gapped vault, the primary target of the plans that ask for one. AWS
// locks the vault in compliance mode from its creation
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html);
// the policy adds what the lock leaves open. Nobody, the member's
// administrators included, may do airGappedProtected. Only AWS Backup
// writes into it, through the member backup service role or its own
// service-linked role (backups, and the copies of temporary backups AWS
// makes for the types it does not fully manage). The vault's
// managers (managers: the StackSet's vault manager, inside its function, or
// the admin roles that run a MemberAccount stack) may associate its
// approval team: the first association needs no approval
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/multipartyapproval-tasks-requester.html),
// so anyone else could take it. Tags change only through the managers and
// those two roles. Only the
// StackSet's vault manager (withVaultManager) may set the policy; a
// MemberAccount stack writes it once, with the vault. Principals are
// matched on aws:PrincipalArn, as in the other member vault policies.
func (m MemberScope) MemberAirGappedVault(withVaultManager bool, adminRoles []string) Document {
	n := m.Names
	// AWS does not say which of its roles copies a temporary backup into
	// the vault; only AWS Backup can assume its service-linked role
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackup.html).
	backups := []string{m.ownRole(n.MemberBackupServiceRole()), m.ownRole(BackupServiceLinked)}
	managers := make([]string, 0, len(adminRoles))
	for _, role := range adminRoles {
		managers = append(managers, m.ownRole(role))
	}
	if withVaultManager {
		managers = []string{m.ownRole(n.MemberVaultManagerRolePath(m.Own.Region))}
	}
	deny := func(sid string, actions Strings, exempt []string) Statement {
		st := Statement{Sid: sid, Effect: Deny, Principal: Anyone, Action: actions, Resource: Strings{"*"}}
		if len(exempt) > 0 {
			st.Condition = Conditions{ArnNotLike: {PrincipalARN: Sorted(exempt...)}}
		}
		return st
	}
	statements := []Statement{
		deny("ProtectVaultAndContents", airGappedProtected, nil),
		deny("OnlyBackupsWrite", Strings{"backup:CopyIntoBackupVault", "backup:StartBackupJob"}, backups),
		deny("ProtectRecoveryPointTags", Strings{"backup:TagResource", "backup:UntagResource"},
			append(append([]string{}, backups...), managers...)),
	}
	if withVaultManager { // one statement: the vault manager's environment holds the policy, and it is small
		return New(append(statements, deny("ProtectVaultPolicyAndApprovalTeam",
			Strings{"backup:AssociateBackupVaultMpaApprovalTeam", "backup:PutBackupVaultAccessPolicy"}, managers))...)
	}
	return New(append(statements,
		deny("ProtectApprovalTeam", Strings{"backup:AssociateBackupVaultMpaApprovalTeam"}, managers),
		deny("ProtectVaultPolicy", Strings{"backup:PutBackupVaultAccessPolicy"}, nil))...)
}
