// Package member describes the resources of a member account once, and
// renders that description two ways: as the CloudFormation template of the
// StackSet, and as the resource list of the MemberAccount component. Both
// paths therefore create the same resources.
package member

import (
	"fmt"
	"sort"

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
)

// The AWS managed policies of the member backup service roles.
var (
	backupPolicies  = []string{"service-role/AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForS3Backup"}
	restorePolicies = []string{"service-role/AWSBackupServiceRolePolicyForRestores", "AWSBackupServiceRolePolicyForS3Restore"}
)

const putVaultPolicy = "backup:PutBackupVaultAccessPolicy"

// destructiveVaultActions are denied on member vaults to everyone but the
// vault administrators.
var destructiveVaultActions = iam.Strings{
	"backup:CopyIntoBackupVault", "backup:DeleteBackupVault", "backup:DeleteBackupVaultAccessPolicy",
	"backup:DeleteBackupVaultLockConfiguration", "backup:DeleteBackupVaultNotifications", "backup:DeleteRecoveryPoint",
	"backup:DisassociateBackupVaultMpaApprovalTeam", "backup:DisassociateRecoveryPoint",
	"backup:DisassociateRecoveryPointFromParent", "backup:PutBackupVaultAccessPolicy",
	"backup:PutBackupVaultLockConfiguration", "backup:PutBackupVaultNotifications", "backup:StartBackupJob",
	"backup:UpdateRecoveryPointLifecycle",
}

// Names returns the physical names of the input's deployment.
func (in Input) Names() naming.Deployment {
	return naming.For(in.CentralAccountResourceNamePrefix, in.MemberAccountResourceNamePrefix, in.Deployment)
}

func (in Input) centralRole(name string) string {
	return naming.RoleARN(in.Partition, in.CentralAccountID, name)
}

func ownRole(name string) string { return naming.RoleARN(Partition, AccountID, name) }

// Describe returns the member resources of a deployment.
func Describe(in Input) Description {
	n := in.Names()
	// Backups and the copies between the account's vaults; restores use the
	// restore role, which has the restore policies.
	backupRole := Role{
		ID:      BackupServiceRoleID,
		Name:    n.MemberBackupServiceRole(),
		Trust:   iam.ServiceTrust(iam.BackupService, AccountID),
		Managed: managed(in.Partition, backupPolicies),
	}
	// The central state machines get only what they call, not the backup
	// service role's managed policies (which read every S3 bucket). The
	// ingest machine reads retention tags and shortens lifecycles; the
	// restore machine only copies from the backup vault to the restore vault.
	centralAccessRole := Role{
		ID:    CentralAccessRoleID,
		Name:  n.MemberCentralAccess(),
		Trust: iam.AccountRoleTrust(in.Partition, in.CentralAccountID, in.OrganizationID, in.centralRole(n.IngestStateMachineRole())),
		Policy: &iam.Document{Version: iam.Version, Statement: []iam.Statement{
			{Sid: "AllowShortenOwnRecoveryPoints", Effect: iam.Allow,
				Action:   iam.Strings{"backup:UpdateRecoveryPointLifecycle"},
				Resource: iam.RecoveryPoints(Partition, AccountID)},
			iam.RecoveryPointTagReads(),
		}},
	}
	restoreAccessRole := Role{
		ID:    RestoreAccessRoleID,
		Name:  n.MemberRestoreAccess(),
		Trust: iam.AccountRoleTrust(in.Partition, in.CentralAccountID, in.OrganizationID, in.centralRole(n.RestoreStateMachineRole())),
		Policy: &iam.Document{Version: iam.Version, Statement: []iam.Statement{
			{Sid: "AllowCopyOwnRecoveryPoints", Effect: iam.Allow,
				Action: iam.Strings{"backup:StartCopyJob"}, Resource: iam.RecoveryPoints(Partition, AccountID)},
			{Sid: "AllowDescribeCopyJobs", Effect: iam.Allow,
				Action: iam.Strings{"backup:DescribeCopyJob"}, Resource: iam.Strings{"*"}},
			{Sid: "AllowPassBackupServiceRole", Effect: iam.Allow, Action: iam.Strings{"iam:PassRole"},
				Resource:  iam.Strings{ownRole(n.MemberBackupServiceRole())},
				Condition: iam.Conditions{"StringEquals": {"iam:PassedToService": iam.Strings{iam.BackupService}}}},
		}},
	}
	restoreRole := Role{
		ID:      RestoreRoleID,
		Name:    n.MemberRestoreRole(),
		Trust:   iam.ServiceTrust(iam.BackupService, AccountID),
		Managed: managed(in.Partition, restorePolicies),
	}
	var ruleARNs []string
	for _, r := range in.Regions {
		ruleARNs = append(ruleARNs, "arn:"+Partition+":events:"+r+":"+AccountID+":rule/"+n.MemberEventForwarder())
	}
	forwarderRole := Role{
		ID:   EventForwarderRoleID,
		Name: n.MemberEventForwarder(),
		Trust: iam.New(iam.Statement{
			Effect:    iam.Allow,
			Principal: &iam.Principal{Service: iam.Strings{iam.EventsService}},
			Action:    iam.Strings{"sts:AssumeRole"},
			Condition: iam.Conditions{"ArnEquals": {"aws:SourceArn": iam.Sorted(ruleARNs...)}},
		}),
		Policy: &iam.Document{Version: iam.Version, Statement: []iam.Statement{{
			Effect: iam.Allow, Action: iam.Strings{"events:PutEvents"},
			Resource: iam.Strings{"arn:" + in.Partition + ":events:*:" + in.CentralAccountID + ":event-bus/" + n.EventBus()},
		}}},
	}
	return Description{
		PrimaryRegion:     in.Regions[0],
		Roles:             []Role{backupRole, centralAccessRole, restoreAccessRole, restoreRole, forwarderRole},
		ServiceLinkedRole: true,
		Rule: Rule{
			ID:      EventForwarderRuleID,
			Name:    n.MemberEventForwarder(),
			Pattern: events.BackupJobs(n.MemberBackupVault(), in.centralVaultARNs()),
			Target:  "arn:" + in.Partition + ":events:" + Region + ":" + in.CentralAccountID + ":event-bus/" + n.EventBus(),
			RoleARN: ownRole(n.MemberEventForwarder()),
		},
		Vaults: []Vault{
			{ID: BackupVaultID, Name: n.MemberBackupVault(),
				KeyARN: "arn:" + in.Partition + ":kms:" + Region + ":" + in.CentralAccountID + ":key/" + in.KMSKeyID,
				Policy: in.vaultPolicy(true)},
			{ID: RestoreVaultID, Name: n.MemberRestoreVault(), Policy: in.vaultPolicy(false)},
		},
	}
}

// centralVaultARNs are the deployment's central vaults in the member's
// region: intermediate, locked standard and air-gapped ones.
func (in Input) centralVaultARNs() []string {
	n := in.Names()
	arn := func(vault string) string {
		return "arn:" + in.Partition + ":backup:" + Region + ":" + in.CentralAccountID + ":backup-vault:" + vault
	}
	out := []string{arn(n.IntermediateVault())}
	for _, cfg := range in.StandardVaultConfigs {
		out = append(out, arn(n.StandardVault(cfg)))
	}
	for _, cfg := range in.LAGVaultConfigs {
		out = append(out, arn(n.LAGVault(cfg)))
	}
	return out
}

// vaultPolicy denies destructive actions to all but the vault
// administrators: the admin roles, the member backup service role (backup
// jobs, copies), the central access role (the ingest shortens lifecycles)
// and the central backup service role (restore copies). The StackSet's
// vault manager may set the vault policy and nothing else. The backup vault also lets the central role copy into
// it, for restores; the principal is the central account with the role in
// aws:PrincipalArn, so the policy holds no role's unique id.
func (in Input) vaultPolicy(allowRestoreCopies bool) iam.Document {
	n := in.Names()
	admins := []string{ownRole(n.MemberBackupServiceRole()), ownRole(n.MemberCentralAccess()),
		in.centralRole(n.BackupServiceRole())}
	for _, role := range in.AdminRoleNames {
		admins = append(admins, ownRole(role))
	}
	var others iam.Strings
	for _, a := range destructiveVaultActions {
		if a != putVaultPolicy {
			others = append(others, a)
		}
	}
	// The vault manager may only set the access policy, the template's own
	// (it takes nothing from its event), and only from inside its function
	// (lambda:SourceFunctionArn in its role's policy).
	doc := iam.New(
		iam.Statement{
			Sid:       "ProtectVaultAndContents",
			Effect:    iam.Deny,
			Principal: iam.Anyone,
			Action:    others,
			Resource:  iam.Strings{"*"},
			Condition: iam.Conditions{"ArnNotLike": {"aws:PrincipalArn": iam.Sorted(admins...)}},
		},
		iam.Statement{
			Sid:       "ProtectVaultPolicy",
			Effect:    iam.Deny,
			Principal: iam.Anyone,
			Action:    iam.Strings{putVaultPolicy},
			Resource:  iam.Strings{"*"},
			Condition: iam.Conditions{"ArnNotLike": {"aws:PrincipalArn": iam.Sorted(append(admins,
				ownRole(n.MemberVaultManagerPath()+"*"))...)}},
		},
	)
	if allowRestoreCopies {
		doc.Statement = append(doc.Statement, iam.Statement{
			Sid:       "AllowCopiesForRestores",
			Effect:    iam.Allow,
			Principal: &iam.Principal{AWS: iam.Strings{iam.AccountRoot(in.Partition, in.CentralAccountID)}},
			Action:    iam.Strings{"backup:CopyIntoBackupVault"},
			Resource:  iam.Strings{"arn:" + Partition + ":backup:" + Region + ":" + AccountID + ":backup-vault:" + n.MemberBackupVault()},
			Condition: iam.Conditions{
				"ArnEquals":    {"aws:PrincipalArn": iam.Strings{in.centralRole(n.BackupServiceRole())}},
				"StringEquals": {"aws:PrincipalOrgID": iam.Strings{in.OrganizationID}},
			},
		})
	}
	return doc
}

func managed(partition string, groups ...[]string) []string {
	var out []string
	for _, g := range groups {
		for _, path := range g {
			out = append(out, iam.ManagedPolicyARN(partition, path))
		}
	}
	sort.Strings(out)
	return out
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
	for _, n := range in.Names().All(in.StandardVaultConfigs, in.LAGVaultConfigs) {
		if msg := n.Kind.Check(n.Name); msg != "" {
			ps.Add(path, "%s", msg)
		}
	}
	return ps
}
