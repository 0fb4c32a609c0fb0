package iam

import (
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

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
	// GuardedExemptRoleActions create or change a role the guard exempts
	// (the admin roles, stacksets-exec-*): whoever could would be exempt
	// themselves. They are GuardedRoleActions and iam:PassRole, because a
	// principal that passes an admin role to a service (a CloudFormation
	// service role, a function's role) acts through it; nothing of the
	// component passes these roles. sts:AssumeRole too: a role of the
	// account that an admin role trusts (or the account itself, through a
	// trust of its root) is otherwise a way in for whoever may change that
	// other role; SCPs apply to the principals of the accounts under their
	// targets, not to those of other accounts, nor to federated sign-in
	// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html,
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_assumerole.html).
	GuardedExemptRoleActions = append(Strings{"iam:PassRole", "sts:AssumeRole"}, GuardedRoleActions...)
	// GuardedBackupSettingsActions change the account's AWS Backup settings
	// of a Region. UpdateRegionSettings turns a resource type's opt-in off,
	// and "if resource assignments are only based on tags, then service
	// opt-in settings are applied" (the backup policy's selections are tag
	// based): no job is created, so no event, no alert
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRegionSettings.html);
	// it takes no resource type, so Resource is "*". UpdateGlobalSettings
	// (cross-account backup, among others) "returns an error if the account
	// is not an Organizations management account"
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateGlobalSettings.html),
	// and SCPs do not apply to the management account, so it is not listed.
	GuardedBackupSettingsActions = Strings{"backup:UpdateRegionSettings"}
	// GuardedStackActions delete, roll back, freeze or detach the stack a
	// service-managed StackSet keeps in a member account: a DeleteStack
	// (with --retain-resources once it failed) removes it and StackSet
	// updates stop reaching the account; a stack policy that denies
	// Update:* applies to every principal, the StackSets execution role
	// included (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/protect-stack-resources.html);
	// termination protection stops the StackSet from deleting its instance.
	// Actions on the stack resource type of
	// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html.
	GuardedStackActions = Strings{
		"cloudformation:CancelUpdateStack", "cloudformation:ContinueUpdateRollback", "cloudformation:CreateChangeSet",
		"cloudformation:DeleteStack", "cloudformation:ExecuteChangeSet", "cloudformation:RollbackStack",
		"cloudformation:SetStackPolicy", "cloudformation:UpdateStack", "cloudformation:UpdateTerminationProtection",
	}
)

// stackSetStackID is the unique id CloudFormation appends to the name of a
// StackSet's stack in a member account, a UUID (8-4-4-4-12 characters):
// "stack/StackSet-enable-config-e6cac20f-xmpl-46e9-8314-53e0d4591532/…"
// (https://docs.aws.amazon.com/cli/latest/reference/cloudformation/describe-stack-instance.html).
const stackSetStackID = "????????-????-????-????-????????????"

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
//
// Whenever there is a guard, it also keeps the roles it exempts as the
// admin roles and StackSets made them (ProtectExemptRoles).
func (s Scope) Guard(vaultManager, memberResources bool) Document {
	doc := New()
	if vaultManager {
		doc.Statement = append(doc.Statement, s.VaultManagerGuard().Statement...)
	}
	if vaultManager || memberResources {
		if st, ok := s.exemptRolesGuard(vaultManager); ok {
			doc.Statement = append(doc.Statement, st)
		}
	}
	if memberResources {
		doc.Statement = append(doc.Statement, s.memberResourcesGuard(vaultManager)...)
	}
	return doc
}

// exemptRolesGuard denies creating, changing and passing the exempt roles
// to all but the exempt principals: otherwise an account administrator could
// create a role named stacksets-exec-x or BackupAdmin, or rewrite an
// exempt role's trust, and pass every guard. Its patterns are guardExempt's,
// so a role under another path is never exempt. StackSets and IAM Identity
// Center still work: they create these roles through service-linked roles
// (https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-cloudformation.html,
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudFormationStackSetsOrgMemberServiceRolePolicy.html,
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSSOServiceRolePolicy.html),
// which SCPs never restrict
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
// With a permission set among the admin roles it also keeps Identity
// Center's SAML provider, AWSSSO_*, through which its roles sign in. No
// statement when nothing is exempt.
func (s Scope) exemptRolesGuard(stackSet bool) (Statement, bool) {
	var roles []string
	if stackSet {
		roles = append(roles, s.memberRole(stackSetsExecRole))
	}
	identityCenter := false
	for _, admin := range s.AdminRoleNames {
		roles = append(roles, s.memberRole(admin))
		identityCenter = identityCenter || strings.HasPrefix(admin, naming.IdentityCenterRolePath)
	}
	if len(roles) == 0 {
		return Statement{}, false
	}
	actions := GuardedExemptRoleActions
	if identityCenter {
		actions = append(append(Strings{}, actions...), identityCenterSAMLProviderActions...)
		roles = append(roles, naming.SAMLProviderARN(s.Partition, "*", identityCenterSAMLProvider))
	}
	return Statement{
		Sid:       "ProtectExemptRoles",
		Effect:    Deny,
		Action:    Sorted(actions...),
		Resource:  Sorted(roles...),
		Condition: s.guardExempt(stackSet),
	}, true
}

// Identity Center's SAML provider in member accounts and the actions that
// create, replace or delete it.
const identityCenterSAMLProvider = "AWSSSO_*"

var identityCenterSAMLProviderActions = Strings{"iam:CreateSAMLProvider", "iam:DeleteSAMLProvider", "iam:UpdateSAMLProvider"}

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
	return Conditions{ArnNotLike: {PrincipalARN: Sorted(exempt...)}}
}

// memberResourcesGuard keeps the member vaults, roles and event forwarder
// rule of the deployment as the StackSet or the admin roles made them, and
// the account's AWS Backup Region settings, AWS Backup's service-linked
// role and, with a StackSet, its stack in the account. The
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
	// The locked vault of in-account copies, every configuration's: a
	// retention change makes a new one, and the old one keeps its copies.
	vaults := []string{vault(n.MemberBackupVault()), vault(n.MemberRestoreVault()), vault(n.MemberLockedVault("*"))}
	vaultActions := GuardedVaultActions
	if s.MemberAirGappedVaults {
		// Every configuration's: a retention change makes a new one, and the
		// old one keeps its backups. A vault's first approval team needs no
		// approval, so anyone could take it; changing or detaching one needs
		// the team's approval already
		// (https://docs.aws.amazon.com/aws-backup/latest/devguide/multipartyapproval-tasks-requester.html):
		// the guard denies even asking.
		vaults = append(vaults, vault(n.MemberLAGVault("*")))
		vaultActions = append(Strings{"backup:AssociateBackupVaultMpaApprovalTeam",
			"backup:DisassociateBackupVaultMpaApprovalTeam"}, vaultActions...)
	}
	resources := Sorted(s.memberRole(n.MemberBackupServiceRole()), s.memberRole(n.MemberCentralAccess()),
		s.memberRole(n.MemberRestoreAccess()), s.memberRole(n.MemberRestoreRole()), s.memberRole(n.MemberEventForwarder()),
		s.memberRole(BackupServiceLinked), naming.EventRuleARN(s.Partition, "*", "*", "", n.MemberEventForwarder()))
	actions := append(append(append(Strings{}, GuardedRoleActions...), GuardedRuleActions...),
		"iam:DeleteServiceLinkedRole")
	if stackSet {
		// The StackSet's stack in each member account and region,
		// StackSet-<stack set name>-<id>; its execution role
		// (stacksets-exec-*) is exempt, so StackSet operations go on.
		resources = append(resources,
			naming.StackARN(s.Partition, "*", "*", "StackSet-"+n.StackSet()+"-"+stackSetStackID, "*"))
		actions = append(actions, GuardedStackActions...)
	}
	statements := []Statement{
		{
			Sid:       "ProtectMemberVaults",
			Effect:    Deny,
			Action:    Sorted(vaultActions...),
			Resource:  Sorted(vaults...),
			Condition: s.guardExempt(stackSet, vaultManager...),
		},
		// The member roles, AWS Backup's service-linked role, the event
		// forwarder rule and the StackSet's stack in one statement, so that
		// the SCP names the exempt principals once: an action never takes
		// another service's resource, and the role actions on the
		// service-linked role and iam:DeleteServiceLinkedRole on the other
		// roles deny nothing anyone needs. AWS Backup's service-linked
		// role: IAM refuses to delete it while AWS Backup resources use it
		// (https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackup.html);
		// denied as defence in depth. Nothing of the component deletes it
		// but a member stack being destroyed, which runs as an admin role;
		// the vault manager only creates it (iam:CreateServiceLinkedRole,
		// not denied).
		{
			Sid:       "ProtectMemberResources",
			Effect:    Deny,
			Action:    Sorted(actions...),
			Resource:  Sorted(resources...),
			Condition: s.guardExempt(stackSet),
		},
		{
			Sid:       "ProtectBackupSettings",
			Effect:    Deny,
			Action:    GuardedBackupSettingsActions,
			Resource:  Strings{"*"},
			Condition: s.guardExempt(stackSet),
		},
	}
	return statements
}
