package iam

import "github.com/orgbackup/pulumi-orgbackup/provider/naming"

// The actions of the service authorization reference the member resources
// guard denies, each on its resource type there:
// AWS Backup (backupVault):
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html
// IAM (role):
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
// EventBridge (rule-on-default-event-bus):
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html
var (
	// GuardedVaultActions create, delete or change the protection of a
	// member vault: its access policy, Vault Lock and notifications, and the
	// reference's other permissions management actions on backupVault (its
	// sharing policy); creating a vault of that name, standard or logically
	// air-gapped, before the StackSet or the admin role does. Backup and
	// copy jobs (StartBackupJob, CopyIntoBackupVault), restores and recovery
	// point actions stay with the vault access policies.
	GuardedVaultActions = Strings{
		"backup:CreateBackupVault", "backup:CreateLogicallyAirGappedBackupVault", "backup:DeleteBackupVault",
		"backup:DeleteBackupVaultAccessPolicy", "backup:DeleteBackupVaultLockConfiguration",
		"backup:DeleteBackupVaultNotifications", "backup:DeleteBackupVaultSharingPolicy",
		"backup:PutBackupVaultAccessPolicy", "backup:PutBackupVaultLockConfiguration",
		"backup:PutBackupVaultNotifications", "backup:PutBackupVaultSharingPolicy",
	}
	// GuardedRoleActions create, delete or change a member role: its trust,
	// policies, permissions boundary, tags and settings. iam:PassRole is not
	// among them: the restore-access role passes the backup service role to
	// AWS Backup, and restores pass the restore role; the Get and List reads
	// stay open.
	GuardedRoleActions = Strings{
		"iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePermissionsBoundary",
		"iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy",
		"iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription",
	}
	// GuardedRuleActions delete, disable or rewrite the event forwarder rule
	// (its pattern with PutRule, its target and role with PutTargets).
	GuardedRuleActions = Strings{
		"events:DeleteRule", "events:DisableRule", "events:PutRule", "events:PutTargets", "events:RemoveTargets",
	}
)

// stackSetsExecRole is the role service-managed StackSets act through in
// member accounts
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudFormationStackSetsOrgAdminServiceRolePolicy.html).
const stackSetsExecRole = "stacksets-exec-*"

// Guard is the service control policy of a deployment's targets: with
// vaultManager (memberAccountResources StackSet) the vault manager guard,
// with memberResources (protectMemberResources) the member resources
// guard. Both deny to every principal of the accounts under the targets
// but the admin roles, and with vaultManager the StackSets execution roles;
// SCPs never restrict service-linked roles, so AWS Backup's own role is
// untouched (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
func (s Scope) Guard(vaultManager, memberResources bool) Document {
	doc := New()
	if vaultManager {
		doc.Statement = append(doc.Statement, s.VaultManagerGuard().Statement...)
	}
	if memberResources {
		doc.Statement = append(doc.Statement, s.memberResourcesGuard(vaultManager)...)
	}
	return doc
}

// guardExempt are the principals a guard statement leaves alone: the admin
// roles, the StackSets execution roles when a StackSet deploys the member
// resources, and also.
func (s Scope) guardExempt(stackSet bool, also ...string) Conditions {
	var exempt []string
	if stackSet {
		exempt = append(exempt, s.memberRole(stackSetsExecRole))
	}
	for _, admin := range s.AdminRoleNames {
		exempt = append(exempt, s.memberRole(admin))
	}
	for _, role := range also {
		exempt = append(exempt, s.memberRole(role))
	}
	return Conditions{"ArnNotLike": {principalArn: Sorted(exempt...)}}
}

// memberResourcesGuard keeps the member vaults, roles and event forwarder
// rule of the deployment as the StackSet or the admin roles made them. The
// flows that run as member roles call none of the denied actions: AWS
// Backup's jobs with the backup service role, the ingest's tag reads and
// lifecycle changes and the reconciler's ListCopyJobs with the
// central-access role, the restore's copy with
// the restore-access role (which passes the backup service role), the
// forwarder's PutEvents on the central bus. The StackSet's vault manager
// creates the vaults and sets their policies, so the vault statement
// exempts its role too; its function and role are under the vault manager
// guard.
func (s Scope) memberResourcesGuard(stackSet bool) []Statement {
	n := s.Names
	vault := func(name string) string { return naming.VaultARN(s.Partition, "*", "*", name) }
	var vaultManager []string
	if stackSet {
		vaultManager = []string{n.MemberVaultManagerPath() + "*"}
	}
	return []Statement{
		{
			Sid:       "ProtectMemberVaults",
			Effect:    Deny,
			Action:    GuardedVaultActions,
			Resource:  Sorted(vault(n.MemberBackupVault()), vault(n.MemberRestoreVault())),
			Condition: s.guardExempt(stackSet, vaultManager...),
		},
		{
			Sid:    "ProtectMemberRoles",
			Effect: Deny,
			Action: GuardedRoleActions,
			Resource: Sorted(s.memberRole(n.MemberBackupServiceRole()), s.memberRole(n.MemberCentralAccess()),
				s.memberRole(n.MemberRestoreAccess()), s.memberRole(n.MemberRestoreRole()),
				s.memberRole(n.MemberEventForwarder())),
			Condition: s.guardExempt(stackSet),
		},
		{
			Sid:       "ProtectMemberEventForwarder",
			Effect:    Deny,
			Action:    GuardedRuleActions,
			Resource:  Strings{naming.EventRuleARN(s.Partition, "*", "*", "", n.MemberEventForwarder())},
			Condition: s.guardExempt(stackSet),
		},
	}
}
