// Package member describes the resources of a member account once, and
// renders that description two ways: as the CloudFormation template of the
// StackSet, and as the resource list of the MemberAccount component. Both
// paths therefore create the same resources.
package member

import (
	"fmt"

	"github.com/orgbackup/pulumi-orgbackup/provider/audit"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/events"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// Input is what a member account needs to know about its deployment: the
// memberAccountConfig output of OrgBackup.
type Input struct {
	Deployment                       string   `json:"deployment"`
	CentralAccountResourceNamePrefix string   `json:"centralAccountResourceNamePrefix"`
	MemberAccountResourceNamePrefix  string   `json:"memberAccountResourceNamePrefix"`
	Partition                        string   `json:"partition"`
	OrganizationID                   string   `json:"organizationId"`
	CentralAccountID                 string   `json:"centralAccountId"`
	Regions                          []string `json:"regions"` // the first holds the account-wide resources
	KMSKeyID                         string   `json:"kmsKeyId"`
	AdminRoleNames                   []string `json:"adminRoleNames"`
	StandardVaultConfigs             []string `json:"standardVaultConfigs"`
	LAGVaultConfigs                  []string `json:"lagVaultConfigs"`
	// MemberLAGVaultConfig is the "<min>-<max>" of the account's logically
	// air-gapped vault, "" when no plan backs up into one.
	MemberLAGVaultConfig string `json:"memberLagVaultConfig,omitempty"`
	// MpaApprovalTeamArn is the multi-party approval team of that vault.
	MpaApprovalTeamArn string `json:"mpaApprovalTeamArn,omitempty"`
	// MemberLockedVaultConfig is the "<min>-<max>" of the account's
	// compliance-locked vault of in-account copies, "" without one
	// (config.Deployment.MemberLockedVaultConfig).
	MemberLockedVaultConfig string `json:"memberLockedVaultConfig,omitempty"`
	// AuditFramework is the deployment's AWS Backup Audit Manager framework
	// of each account and region, nil without auditReports
	// (audit.MemberFramework).
	AuditFramework *audit.Framework `json:"auditFramework,omitempty"`
}

// Placeholders resolved in the member account: CloudFormation pseudo
// parameters, and the deployment key's id when it is not known yet.
const (
	Partition = "${AWS::Partition}"
	AccountID = "${AWS::AccountId}"
	Region    = "${AWS::Region}"
)

// Description is every resource of a member account. Strings may hold the
// placeholders above; Regional resources exist once per region, the others
// once per account.
type Description struct {
	PrimaryRegion string
	Roles         []Role
	// ServiceLinkedRole is AWS Backup's, created when the account has none.
	ServiceLinkedRole bool
	Rule              Rule
	Vaults            []Vault
	// VaultPolicyBase is what the vaults' policies share.
	VaultPolicyBase VaultPolicyBase
	// AuditFramework is regional: one in each region, nil for none.
	AuditFramework *audit.Framework
}

// Role is an IAM role with its inline policy and managed policies.
type Role struct {
	ID      string // logical id
	Name    string
	Trust   iam.Document
	Policy  *iam.Document
	Managed []string // managed policy ARNs
}

// Rule forwards the deployment's backup events of the account's default bus
// to the central bus of the same region.
type Rule struct {
	ID      string
	Name    string
	Pattern events.Pattern
	Target  string // central bus ARN
	RoleARN string
}

// Vault is a backup vault with its access policy.
type Vault struct {
	ID     string
	Name   string
	KeyARN string // "" for the AWS-managed key
	Policy iam.Document
	// AirGapped is set for a logically air-gapped vault, whose policy is
	// its own (Policy does not start with VaultPolicyBase's statements).
	AirGapped *AirGapped
	// MpaApprovalTeamArn is the multi-party approval team of an air-gapped
	// vault, "" for none.
	MpaApprovalTeamArn string
	// Lock is the compliance-mode Vault Lock of a standard vault, nil for
	// none.
	Lock *Lock
}

// Lock is a compliance-mode Vault Lock: PutBackupVaultLockConfiguration's
// inputs (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html).
type Lock struct {
	// A bound of 0 is none, as for the central locked vaults: a lock
	// without bounds still refuses every deletion, and "If this parameter
	// is not specified, Vault Lock will not enforce a minimum retention
	// period"
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html).
	MinRetentionDays  int `json:"MinRetentionDays,omitempty"`
	MaxRetentionDays  int `json:"MaxRetentionDays,omitempty"`
	ChangeableForDays int `json:"ChangeableForDays"`
}

// LockChangeableDays is the grace time of a new compliance lock, the
// least AWS accepts: "AWS Backup enforces a 72-hour cooling-off period
// before Vault Lock takes effect and becomes immutable. Therefore, you must
// set ChangeableForDays to 3 or greater."
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html).
// After it, the lock and the vault are permanent.
const LockChangeableDays = 3

// AirGapped is the retention range a logically air-gapped vault is
// created with, fixed for its life.
type AirGapped struct {
	MinRetentionDays int `json:"MinRetentionDays"`
	MaxRetentionDays int `json:"MaxRetentionDays"`
}

// Logical ids, shared by the template and the MemberAccount component.
const (
	BackupServiceRoleID  = "BackupServiceRole"
	CentralAccessRoleID  = "CentralAccessRole"
	RestoreAccessRoleID  = "RestoreAccessRole"
	RestoreRoleID        = "BackupServiceRestoreRole"
	EventForwarderRoleID = "EventForwarderRole"
	ServiceLinkedRoleID  = "BackupServiceLinkedRole"
	EventForwarderRuleID = "EventForwarderRule"
	BackupVaultID        = "BackupVault"
	RestoreVaultID       = "RestoreVault"
	AirGappedVaultID     = "AirGappedVault"
	LockedVaultID        = "LockedVault"
	AuditFrameworkID     = "AuditFramework"
)

// The member vault policies deny these actions to everyone but the vault
// administrators and, per statement, the principals it also exempts.
var (
	// protectedVaultActions delete, disassociate or write into recovery
	// points, or change the vault's protection.
	protectedVaultActions = iam.Strings{
		"backup:CopyIntoBackupVault", "backup:DeleteBackupVault", "backup:DeleteBackupVaultAccessPolicy",
		"backup:DeleteBackupVaultLockConfiguration", "backup:DeleteBackupVaultNotifications", "backup:DeleteRecoveryPoint",
		"backup:DisassociateBackupVaultMpaApprovalTeam", "backup:DisassociateRecoveryPoint",
		"backup:DisassociateRecoveryPointFromParent", "backup:PutBackupVaultLockConfiguration",
		"backup:PutBackupVaultNotifications", "backup:StartBackupJob",
	}
	lifecycleActions = iam.Strings{"backup:UpdateRecoveryPointLifecycle"}
	// tagActions write the retention tags the ingest reads from recovery
	// points AWS Backup fully manages
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_TagResource.html).
	tagActions         = iam.Strings{"backup:TagResource", "backup:UntagResource"}
	vaultPolicyActions = iam.Strings{"backup:PutBackupVaultAccessPolicy"}
)

// VaultPolicyBase is what both member vault policies share, in the shape
// the vault manager receives it (one copy for both vaults, so its
// environment stays small): Deny statements on every principal and
// resource ("*"), each exempting Admins followed by its ExemptAlso in
// aws:PrincipalArn. AssembleVaultPolicy turns it into a document; the
// vault manager does the same in Python.
type VaultPolicyBase struct {
	Admins     iam.Strings          `json:"Admins"`
	Statements []VaultDenyStatement `json:"Statements"`
}

// VaultDenyStatement is one Deny statement of VaultPolicyBase.
type VaultDenyStatement struct {
	Sid        string      `json:"Sid"`
	Action     iam.Strings `json:"Action"`
	ExemptAlso []string    `json:"ExemptAlso,omitempty"`
}

// AssembleVaultPolicy is a member vault's access policy: the base's Deny
// statements, then the vault's own statements.
func AssembleVaultPolicy(base VaultPolicyBase, own []iam.Statement) iam.Document {
	doc := iam.New()
	for _, st := range base.Statements {
		exempt := append(append(iam.Strings(nil), base.Admins...), st.ExemptAlso...)
		doc.Statement = append(doc.Statement, iam.Statement{
			Sid: st.Sid, Effect: iam.Deny, Principal: iam.Anyone, Action: st.Action, Resource: iam.Strings{"*"},
			Condition: iam.Conditions{iam.ArnNotLike: {iam.PrincipalARN: exempt}},
		})
	}
	doc.Statement = append(doc.Statement, own...)
	return doc
}

// Names returns the physical names of the input's deployment.
func (in Input) Names() naming.Deployment {
	return naming.For(in.CentralAccountResourceNamePrefix, in.MemberAccountResourceNamePrefix, in.Deployment)
}

func (in Input) centralRole(name string) string {
	return naming.RoleARN(in.Partition, in.CentralAccountID, name)
}

func ownRole(name string) string { return naming.RoleARN(Partition, AccountID, name) }

// policies is the scope of the member roles' policies (provider/iam), the
// account named by its placeholders.
func (in Input) policies() iam.MemberScope {
	return iam.MemberScope{
		Own:       iam.Account{Partition: Partition, ID: AccountID, Region: Region},
		Partition: in.Partition, CentralAccountID: in.CentralAccountID, OrganizationID: in.OrganizationID,
		Names: in.Names(), Regions: in.Regions, KMSKeyID: in.KMSKeyID,
		AirGappedVault: in.Names().MemberAirGappedVault(in.MemberLAGVaultConfig), MpaApprovalTeamArn: in.MpaApprovalTeamArn,
		LockedVault: in.Names().MemberLockedCopyVault(in.MemberLockedVaultConfig),
	}
}

// Describe returns the member resources of a deployment as the
// MemberAccount component creates them (no vault manager).
func Describe(in Input) Description { return in.describe(false) }

// DescribeStackSet returns the member resources of a deployment as the
// StackSet template creates them, its vault manager among the principals
// of the vault policies.
func DescribeStackSet(in Input) Description { return in.describe(true) }

func (in Input) describe(withVaultManager bool) Description {
	n, m := in.Names(), in.policies()
	roles := []Role{
		{ID: BackupServiceRoleID, Name: n.MemberBackupServiceRole(), Trust: m.BackupServiceTrust(),
			Managed: m.BackupServiceManaged()},
		{ID: CentralAccessRoleID, Name: n.MemberCentralAccess(), Trust: m.CentralAccessTrust(),
			Policy: ptr(m.CentralAccessPolicy())},
		{ID: RestoreAccessRoleID, Name: n.MemberRestoreAccess(), Trust: m.RestoreAccessTrust(),
			Policy: ptr(m.RestoreAccessPolicy())},
		{ID: RestoreRoleID, Name: n.MemberRestoreRole(), Trust: m.BackupServiceTrust(), Managed: m.RestoreManaged()},
		{ID: EventForwarderRoleID, Name: n.MemberEventForwarder(), Trust: m.EventForwarderTrust(),
			Policy: ptr(m.EventForwarderPolicy())},
	}
	base := in.vaultPolicyBase(withVaultManager)
	vaults := []Vault{
		{ID: BackupVaultID, Name: n.MemberBackupVault(), KeyARN: in.deploymentKeyARN(),
			Policy: AssembleVaultPolicy(base, in.vaultStatements(BackupVaultID))},
		{ID: RestoreVaultID, Name: n.MemberRestoreVault(), Policy: AssembleVaultPolicy(base, in.vaultStatements(RestoreVaultID))},
	}
	if v, ok := in.airGappedVault(withVaultManager); ok {
		vaults = append(vaults, v)
	}
	if v, ok := in.lockedVault(base); ok {
		vaults = append(vaults, v)
	}
	return Description{
		PrimaryRegion:     in.Regions[0],
		VaultPolicyBase:   base,
		Roles:             roles,
		ServiceLinkedRole: true,
		Rule: Rule{
			ID:   EventForwarderRuleID,
			Name: n.MemberEventForwarder(),
			Pattern: events.BackupJobs(n.MemberJobVaults(in.MemberLAGVaultConfig), in.centralVaultARNs(),
				n.MemberLockedCopyVault(in.MemberLockedVaultConfig)),
			Target:  naming.EventBusARN(in.Partition, Region, in.CentralAccountID, n.EventBus()),
			RoleARN: ownRole(n.MemberEventForwarder()),
		},
		Vaults:         vaults,
		AuditFramework: in.AuditFramework,
	}
}

// airGappedVault is the account's logically air-gapped vault, when a plan
// backs up into it: a vault AWS locks in compliance mode from its creation
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html),
// with the retention range of the deployment's current vault configuration.
func (in Input) airGappedVault(withVaultManager bool) (Vault, bool) {
	if in.MemberLAGVaultConfig == "" {
		return Vault{}, false
	}
	cfg, err := naming.ParseVaultConfig(in.MemberLAGVaultConfig)
	if err != nil {
		panic(err) // Validate refuses an input whose configuration does not parse
	}
	name := in.Names().MemberLAGVault(in.MemberLAGVaultConfig)
	return Vault{
		ID: AirGappedVaultID, Name: name,
		Policy:             in.policies().MemberAirGappedVault(withVaultManager, naming.AdminRolePatterns(in.AdminRoleNames)),
		AirGapped:          &AirGapped{MinRetentionDays: cfg.MinDays, MaxRetentionDays: cfg.MaxDays},
		MpaApprovalTeamArn: in.MpaApprovalTeamArn,
	}, true
}

// lockedVault is the account's compliance-locked vault of in-account
// copies, when the deployment has one: the ingest copies into it, from the
// backup vault, each recovery point whose copy to the backup account AWS
// refuses for its key. It is a standard vault on the deployment key, as the
// backup vault: a copy of a type AWS Backup does not fully manage needs a
// destination vault with "a CMK or the managed key of the service", never
// aws/backup (https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html#copy-encryption).
// Its lock, in compliance mode with the retention range of the
// deployment's current vault configuration, keeps everyone, the account's
// root user included, from deleting a recovery point before its minimum
// retention or changing the lock once its grace time is over
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html).
func (in Input) lockedVault(base VaultPolicyBase) (Vault, bool) {
	if in.MemberLockedVaultConfig == "" {
		return Vault{}, false
	}
	cfg, err := naming.ParseVaultConfig(in.MemberLockedVaultConfig)
	if err != nil {
		panic(err) // Validate refuses an input whose configuration does not parse
	}
	return Vault{
		ID: LockedVaultID, Name: in.Names().MemberLockedVault(in.MemberLockedVaultConfig),
		KeyARN: in.deploymentKeyARN(),
		Policy: AssembleVaultPolicy(base, in.vaultStatements(LockedVaultID)),
		Lock:   &Lock{MinRetentionDays: cfg.MinDays, MaxRetentionDays: cfg.MaxDays, ChangeableForDays: LockChangeableDays},
	}, true
}

// deploymentKeyARN is the deployment key's replica in the member's region.
func (in Input) deploymentKeyARN() string {
	return naming.KMSKeyARN(in.Partition, Region, in.CentralAccountID, in.KMSKeyID)
}

// centralVaultARNs are the deployment's central vaults in the member's
// region: intermediate, locked standard and air-gapped ones.
func (in Input) centralVaultARNs() []string {
	n := in.Names()
	arn := func(vault string) string { return naming.VaultARN(in.Partition, Region, in.CentralAccountID, vault) }
	out := []string{arn(n.IntermediateVault())}
	for _, cfg := range in.StandardVaultConfigs {
		out = append(out, arn(n.StandardVault(cfg)))
	}
	for _, cfg := range in.LAGVaultConfigs {
		out = append(out, arn(n.LAGVault(cfg)))
	}
	return out
}

// vaultPolicyBase denies what changes a member vault or its recovery
// points to all but the vault administrators: the admin roles, the member
// backup service role (backup jobs, copies) and the central backup service
// role (restore copies). Besides them, the central access role may shorten
// lifecycles (the ingest), and nobody else; AWS Backup's service-linked
// role may tag (AWS Backup copies tags onto recovery points as part of its
// jobs, https://docs.aws.amazon.com/aws-backup/latest/devguide/tags-on-backups.html,
// and falls back to that role to manage recovery points,
// https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-iam.html;
// only the service can assume it). With the StackSet's vault manager
// (withVaultManager), its role, by its exact name in the account and
// region, may tag the vaults and set their policy,
// the template's own (it takes nothing from its event), and only from
// inside its function (lambda:SourceFunctionArn in its role's policy, which
// also limits it to the vaults). Principals are matched on
// aws:PrincipalArn, so the policy holds no role's unique id.
func (in Input) vaultPolicyBase(withVaultManager bool) VaultPolicyBase {
	n := in.Names()
	admins := []string{ownRole(n.MemberBackupServiceRole()), in.centralRole(n.BackupServiceRole())}
	for _, role := range naming.AdminRolePatterns(in.AdminRoleNames) {
		admins = append(admins, ownRole(role))
	}
	tagging := []string{ownRole(iam.BackupServiceLinked)}
	var policySetters []string
	if withVaultManager {
		vaultManager := ownRole(n.MemberVaultManagerRolePath(Region))
		tagging = append(tagging, vaultManager)
		policySetters = []string{vaultManager}
	}
	return VaultPolicyBase{
		Admins: iam.Sorted(admins...),
		Statements: []VaultDenyStatement{
			{Sid: "ProtectVaultAndContents", Action: protectedVaultActions},
			{Sid: "ProtectRecoveryPointLifecycles", Action: lifecycleActions,
				ExemptAlso: []string{ownRole(n.MemberCentralAccess())}},
			{Sid: "ProtectRecoveryPointTags", Action: tagActions, ExemptAlso: iam.Sorted(tagging...)},
			{Sid: "ProtectVaultPolicy", Action: vaultPolicyActions, ExemptAlso: policySetters},
		},
	}
}

// vaultStatements are a vault's own statements: the backup vault lets the
// central backup service role copy into it, for restores; the principal is
// the central account with the role in aws:PrincipalArn. The locked vault
// has none: the base statements already leave writing into it to the
// vault administrators (the member backup service role, which the ingest
// passes to StartCopyJob, and the admin roles), and no statement lets
// another account in. A statement of its own would not fit the vault
// manager's environment beside an air-gapped vault's policy.
func (in Input) vaultStatements(vaultID string) []iam.Statement {
	n := in.Names()
	if vaultID != BackupVaultID {
		return nil
	}
	central := iam.AccountRolesInOrganization(in.Partition, in.CentralAccountID, in.OrganizationID,
		in.centralRole(n.BackupServiceRole()))
	return []iam.Statement{central.Statement(iam.Statement{
		Sid:      "AllowCopiesForRestores",
		Effect:   iam.Allow,
		Action:   iam.Strings{"backup:CopyIntoBackupVault"},
		Resource: iam.Strings{naming.VaultARN(Partition, Region, AccountID, n.MemberBackupVault())},
	})}
}

// NewInput is the member input of deployment key of a resolved config;
// kmsKeyID is the deployment key's id, or a placeholder for it.
func NewInput(cfg config.Config, ctx config.Context, key, kmsKeyID string) Input {
	d := cfg.Deployments[key]
	return Input{
		Deployment:                       key,
		CentralAccountResourceNamePrefix: cfg.CentralAccountResourceNamePrefix,
		MemberAccountResourceNamePrefix:  cfg.MemberAccountResourceNamePrefix,
		Partition:                        ctx.Partition,
		OrganizationID:                   ctx.OrganizationID,
		CentralAccountID:                 ctx.AccountID,
		Regions:                          cfg.RegionsPrimaryFirst(ctx),
		KMSKeyID:                         kmsKeyID,
		AdminRoleNames:                   d.AdminRoleNames,
		StandardVaultConfigs:             d.StandardVaultConfigs(),
		LAGVaultConfigs:                  d.LAGVaultConfigs(),
		MemberLAGVaultConfig:             d.MemberLAGVaultConfig(),
		MpaApprovalTeamArn:               cfg.DeploymentMpaApprovalTeam(key),
		MemberLockedVaultConfig:          d.MemberLockedVaultConfig(),
		AuditFramework:                   audit.MemberFramework(cfg, ctx, key),
	}
}

// Validate checks an input that may come from another stack, each problem
// under the memberAccountConfig path.
func (in Input) Validate() config.Problems {
	var ps config.Problems
	const path = "memberAccountConfig"
	if in.Deployment == "" {
		ps.Add(path+".deployment", "is required")
	}
	config.CheckPartition(&ps, path+".partition", in.Partition)
	config.CheckAccountID(&ps, path+".centralAccountId", in.CentralAccountID)
	config.CheckOrganizationID(&ps, path+".organizationId", in.OrganizationID)
	if in.KMSKeyID == "" {
		ps.Add(path+".kmsKeyId", "is required")
	}
	if len(in.Regions) == 0 {
		ps.Add(path+".regions", "at least one region is required")
	}
	for i, r := range in.Regions {
		config.CheckRegion(&ps, fmt.Sprintf("%s.regions[%d]", path, i), in.Partition, r)
	}
	for i, role := range in.AdminRoleNames {
		config.CheckAdminRoleName(&ps, fmt.Sprintf("%s.adminRoleNames[%d]", path, i), role)
	}
	if in.MemberLAGVaultConfig != "" {
		if cfg, err := naming.ParseVaultConfig(in.MemberLAGVaultConfig); err != nil {
			ps.Add(path+".memberLagVaultConfig", "%v", err)
		} else {
			config.CheckLAGRetention(&ps, path+".memberLagVaultConfig", cfg)
		}
	}
	if in.MemberLockedVaultConfig != "" {
		if _, err := naming.ParseVaultConfig(in.MemberLockedVaultConfig); err != nil {
			ps.Add(path+".memberLockedVaultConfig", "%v", err)
		}
	}
	if in.MpaApprovalTeamArn != "" {
		config.CheckMpaApprovalTeamARN(&ps, path+".mpaApprovalTeamArn", in.Partition, in.MpaApprovalTeamArn)
	}
	names := config.NameInputs{
		CentralPrefixInput: path + ".centralAccountResourceNamePrefix", CentralPrefix: in.CentralAccountResourceNamePrefix,
		MemberPrefixInput: path + ".memberAccountResourceNamePrefix", MemberPrefix: in.MemberAccountResourceNamePrefix,
		DeploymentInput: path + ".deployment", Deployment: in.Deployment,
	}
	for _, n := range in.Names().All(nil, in.StandardVaultConfigs, in.LAGVaultConfigs, in.MemberLAGVaultConfig,
		in.MemberLockedVaultConfig) {
		if n.StackSetOnly {
			continue // the central stack's StackSet and its vault manager, which MemberAccount never creates
		}
		config.CheckDerivedName(&ps, path, names, n)
	}
	return ps
}
