package provider

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/audit"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// MemberAccountToken is the type token of the MemberAccount component.
const MemberAccountToken = Name + ":index:MemberAccount"

// DefaultCentralStackOutput is the stack output MemberAccount reads by
// default: the central program exports OrgBackup's deployments under it.
const DefaultCentralStackOutput = "deployments"

// MemberAccountArgs are the inputs of MemberAccount.
type MemberAccountArgs struct {
	CentralStack       *string               `pulumi:"centralStack,optional"`
	Deployment         *string               `pulumi:"deployment,optional"`
	CentralStackOutput *string               `pulumi:"centralStackOutput,optional"`
	Config             *MemberAccountConfig  `pulumi:"config,optional"`
	Tags               pulumi.StringMapInput `pulumi:"tags,optional"`
}

func (a *MemberAccountArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.CentralStack, "Fully qualified name (organization/project/stack) of the stack running "+
		"OrgBackup. MemberAccount reads the deployment's memberAccountConfig from its outputs.")
	an.Describe(&a.Deployment, "The deployment of the central stack this account belongs to.")
	an.Describe(&a.CentralStackOutput, "The central stack's output holding OrgBackup's deployments "+
		"(export backup.deployments under this name). Defaults to \"deployments\".")
	an.Describe(&a.Config, "The deployment's memberAccountConfig, instead of centralStack and deployment.")
	an.Describe(&a.Tags, "Tags applied to every taggable resource.")
}

// MemberAccountConfig is what a member account needs to know about its
// deployment. OrgBackup outputs it for each deployment.
type MemberAccountConfig struct {
	Deployment                       string                `pulumi:"deployment"`
	CentralAccountResourceNamePrefix string                `pulumi:"centralAccountResourceNamePrefix"`
	MemberAccountResourceNamePrefix  string                `pulumi:"memberAccountResourceNamePrefix"`
	Partition                        string                `pulumi:"partition"`
	OrganizationID                   string                `pulumi:"organizationId"`
	CentralAccountID                 string                `pulumi:"centralAccountId"`
	Regions                          []string              `pulumi:"regions"`
	KmsKeyID                         string                `pulumi:"kmsKeyId"`
	AdminRoleNames                   []string              `pulumi:"adminRoleNames,optional"`
	StandardVaultConfigs             []string              `pulumi:"standardVaultConfigs"`
	LagVaultConfigs                  []string              `pulumi:"lagVaultConfigs,optional"`
	MemberLagVaultConfig             *string               `pulumi:"memberLagVaultConfig,optional"`
	MpaApprovalTeamArn               *string               `pulumi:"mpaApprovalTeamArn,optional"`
	MemberLockedVaultConfig          *string               `pulumi:"memberLockedVaultConfig,optional"`
	AuditFramework                   *AuditFrameworkConfig `pulumi:"auditFramework,optional"`
}

// AuditFrameworkConfig is the deployment's AWS Backup Audit Manager
// framework of each member account and region (audit.Framework).
type AuditFrameworkConfig struct {
	Name        string               `pulumi:"name"`
	Description string               `pulumi:"description"`
	Controls    []AuditControlConfig `pulumi:"controls"`
}

func (c *AuditFrameworkConfig) Annotate(an infer.Annotator) {
	an.Describe(c, "The deployment's AWS Backup Audit Manager framework in every region of the account "+
		"(docs/audit-reports.md).")
	an.Describe(&c.Name, "The framework's name.")
	an.Describe(&c.Description, "The framework's description.")
	an.Describe(&c.Controls, "Its controls.")
}

// AuditControlConfig is one control of an AuditFrameworkConfig.
type AuditControlConfig struct {
	Name       string                   `pulumi:"name"`
	Parameters map[string]string        `pulumi:"parameters,optional"`
	Scope      *AuditControlScopeConfig `pulumi:"scope,optional"`
}

func (c *AuditControlConfig) Annotate(an infer.Annotator) {
	an.Describe(c, "A control of the framework.")
	an.Describe(&c.Name, "The control's name, such as BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN.")
	an.Describe(&c.Parameters, "Its input parameters, by name.")
	an.Describe(&c.Scope, "What it evaluates; absent for every resource of the account and region.")
}

// AuditControlScopeConfig is a control's scope.
type AuditControlScopeConfig struct {
	ResourceTypes []string          `pulumi:"resourceTypes,optional"`
	Tags          map[string]string `pulumi:"tags,optional"`
}

func (c *AuditControlScopeConfig) Annotate(an infer.Annotator) {
	an.Describe(c, "A control's scope: resource types, or one tag key with an optional value.")
	an.Describe(&c.ResourceTypes, "AWS Backup resource types (EC2, EBS, ...).")
	an.Describe(&c.Tags, "One tag key and its value; an empty value scopes the key whatever its value.")
}

func auditFrameworkInput(c *AuditFrameworkConfig) *audit.Framework {
	if c == nil {
		return nil
	}
	f := &audit.Framework{Name: c.Name, Description: c.Description}
	for _, control := range c.Controls {
		a := audit.Control{Name: control.Name, Parameters: control.Parameters}
		if control.Scope != nil {
			a.Scope = audit.Scope{ResourceTypes: control.Scope.ResourceTypes, Tags: control.Scope.Tags}
		}
		f.Controls = append(f.Controls, a)
	}
	return f
}

func auditFrameworkConfig(f *audit.Framework) *AuditFrameworkConfig {
	if f == nil {
		return nil
	}
	c := &AuditFrameworkConfig{Name: f.Name, Description: f.Description}
	for _, control := range f.Controls {
		a := AuditControlConfig{Name: control.Name, Parameters: control.Parameters}
		if !control.Scope.Empty() {
			a.Scope = &AuditControlScopeConfig{ResourceTypes: control.Scope.ResourceTypes, Tags: control.Scope.Tags}
		}
		c.Controls = append(c.Controls, a)
	}
	return c
}

func (c *MemberAccountConfig) Annotate(an infer.Annotator) {
	an.Describe(c, "What a member account needs to know about its deployment.")
	an.Describe(&c.Deployment, "The deployment's name.")
	an.Describe(&c.CentralAccountResourceNamePrefix, "OrgBackup's centralAccountResourceNamePrefix.")
	an.Describe(&c.MemberAccountResourceNamePrefix, "OrgBackup's memberAccountResourceNamePrefix.")
	an.Describe(&c.Partition, "The AWS partition of the organization.")
	an.Describe(&c.OrganizationID, "The organization's id.")
	an.Describe(&c.CentralAccountID, "The central backup account.")
	an.Describe(&c.Regions, "The deployment's regions; account-wide resources are created with the first.")
	an.Describe(&c.KmsKeyID, "Id of the deployment's multi-region key, which encrypts the member backup vault.")
	an.Describe(&c.AdminRoleNames, "Roles allowed to administer the member vaults: names, or paths and names, "+
		"or IAM Identity Center permission sets (see OrgBackup's adminRoleNames).")
	an.Describe(&c.StandardVaultConfigs, "The deployment's locked vault configurations (<min>-<max>).")
	an.Describe(&c.LagVaultConfigs, "The deployment's logically air-gapped vault configurations.")
	an.Describe(&c.MemberLagVaultConfig, "The configuration (<min>-<max>) of the account's logically air-gapped "+
		"vault, the primary target of the plans with primaryBackupToLogicallyAirGappedVault; absent when none has it.")
	an.Describe(&c.MpaApprovalTeamArn, "The multi-party approval team of that vault.")
	an.Describe(&c.MemberLockedVaultConfig, "The configuration (<min>-<max>) of the account's compliance-locked vault "+
		"(<memberAccountResourceNamePrefix><deployment>-locked-<min>-<max>, in every region, on the deployment key), "+
		"which receives the in-account copies of the backups whose copy to the backup account AWS refuses for their key; "+
		"absent when the deployment sets inAccountLockedCopies false. The vault and its lock are kept when the stack is destroyed.")
	an.Describe(&c.AuditFramework, "The deployment's AWS Backup Audit Manager framework, created in every region of the "+
		"account; absent without the deployment's auditReports.")
}

// memberInput and memberConfig convert between the schema type and the pure one.
func (c MemberAccountConfig) memberInput() member.Input {
	return member.Input{
		Deployment: c.Deployment, CentralAccountResourceNamePrefix: c.CentralAccountResourceNamePrefix,
		MemberAccountResourceNamePrefix: c.MemberAccountResourceNamePrefix, Partition: c.Partition,
		OrganizationID: c.OrganizationID, CentralAccountID: c.CentralAccountID, Regions: c.Regions,
		KMSKeyID: c.KmsKeyID, AdminRoleNames: c.AdminRoleNames, StandardVaultConfigs: c.StandardVaultConfigs,
		LAGVaultConfigs: c.LagVaultConfigs, MemberLAGVaultConfig: deref(c.MemberLagVaultConfig),
		MpaApprovalTeamArn: deref(c.MpaApprovalTeamArn), MemberLockedVaultConfig: deref(c.MemberLockedVaultConfig),
		AuditFramework: auditFrameworkInput(c.AuditFramework),
	}
}

func memberConfig(in member.Input) MemberAccountConfig {
	return MemberAccountConfig{
		Deployment: in.Deployment, CentralAccountResourceNamePrefix: in.CentralAccountResourceNamePrefix,
		MemberAccountResourceNamePrefix: in.MemberAccountResourceNamePrefix, Partition: in.Partition,
		OrganizationID: in.OrganizationID, CentralAccountID: in.CentralAccountID, Regions: in.Regions,
		KmsKeyID: in.KMSKeyID, AdminRoleNames: in.AdminRoleNames, StandardVaultConfigs: in.StandardVaultConfigs,
		LagVaultConfigs: in.LAGVaultConfigs, MemberLagVaultConfig: optional(in.MemberLAGVaultConfig),
		MpaApprovalTeamArn: optional(in.MpaApprovalTeamArn), MemberLockedVaultConfig: optional(in.MemberLockedVaultConfig),
		AuditFramework: auditFrameworkConfig(in.AuditFramework),
	}
}

// MemberAccount creates a member account's part of a deployment from the
// account's own Pulumi stack: the same resources as the StackSet template.
type MemberAccount struct {
	pulumi.ResourceState

	AccountID             pulumi.StringOutput      `pulumi:"accountId"`
	Regions               pulumi.StringArrayOutput `pulumi:"regions"`
	BackupVaultName       pulumi.StringOutput      `pulumi:"backupVaultName"`
	RestoreVaultName      pulumi.StringOutput      `pulumi:"restoreVaultName"`
	BackupServiceRoleArn  pulumi.StringOutput      `pulumi:"backupServiceRoleArn"`
	RestoreRoleArn        pulumi.StringOutput      `pulumi:"restoreRoleArn"`
	EventForwarderRoleArn pulumi.StringOutput      `pulumi:"eventForwarderRoleArn"`
}

func (m *MemberAccount) Annotate(an infer.Annotator) {
	an.Describe(m, "A member account's part of an OrgBackup deployment, for the account's own Pulumi stack "+
		"(with OrgBackup's memberAccountResources set to MemberAccountStacks): the backup vault on the "+
		"deployment key, the restore vault, the compliance-locked vault of in-account copies, AWS Backup's roles and "+
		"the event forwarder to the central bus. "+
		"Run it with one of the deployment's adminRoleNames: the vault policies deny vault changes to everyone else. "+
		"The vaults are kept when the stack is destroyed, and imported when they exist already.")
	an.Describe(&m.AccountID, "The member account.")
	an.Describe(&m.Regions, "The regions the member resources were created in.")
	an.Describe(&m.BackupVaultName, "The vault AWS Backup writes to, in every region.")
	an.Describe(&m.RestoreVaultName, "The vault restores are copied to, in every region.")
	an.Describe(&m.BackupServiceRoleArn, "The role AWS Backup runs the deployment's plans with.")
	an.Describe(&m.RestoreRoleArn, "The role for restores.")
	an.Describe(&m.EventForwarderRoleArn, "The role that forwards backup events to the central bus.")
}

// NewMemberAccount reads the deployment's configuration, from the central
// stack or its config input, and registers the member resources.
func NewMemberAccount(ctx *pulumi.Context, name string, args MemberAccountArgs, opts ...pulumi.ResourceOption,
) (*MemberAccount, error) {
	fromStack := args.CentralStack != nil || args.Deployment != nil
	if fromStack == (args.Config != nil) || fromStack && (args.CentralStack == nil || args.Deployment == nil) {
		return nil, fmt.Errorf("MemberAccount needs either centralStack and deployment, or config")
	}
	invokeOpts, err := invokeOptions(opts)
	if err != nil {
		return nil, err
	}
	account, err := lookupAccount(ctx, invokeOpts)
	if err != nil {
		return nil, err
	}
	comp := &MemberAccount{}
	if err := ctx.RegisterComponentResource(MemberAccountToken, name, comp, opts...); err != nil {
		return nil, err
	}
	var in member.Input
	if args.Config != nil {
		in = args.Config.memberInput()
	} else if in, err = readCentralStack(ctx, name, args, comp); err != nil {
		return nil, err
	}
	if err := in.Validate().Err(); err != nil {
		return nil, err
	}
	tags, err := checkedTags(args.Tags, config.ValidateTags)
	if err != nil {
		return nil, err
	}
	resources := member.Resources(in, account)
	if err := checkRegionalProviders(ctx, resources, account.ID); err != nil {
		return nil, err
	}
	reg := &registrar{ctx: ctx, prefix: name, account: account.ID, parent: comp, tags: tags}
	if err := reg.register(resources); err != nil {
		return nil, err
	}
	n := in.Names()
	role := func(r string) pulumi.StringOutput {
		return pulumi.String(naming.RoleARN(in.Partition, account.ID, r)).ToStringOutput()
	}
	comp.AccountID = pulumi.String(account.ID).ToStringOutput()
	comp.Regions = pulumi.ToStringArray(in.Regions).ToStringArrayOutput()
	comp.BackupVaultName = pulumi.String(n.MemberBackupVault()).ToStringOutput()
	comp.RestoreVaultName = pulumi.String(n.MemberRestoreVault()).ToStringOutput()
	comp.BackupServiceRoleArn = role(n.MemberBackupServiceRole())
	comp.RestoreRoleArn = role(n.MemberRestoreRole())
	comp.EventForwarderRoleArn = role(n.MemberEventForwarder())
	return comp, nil
}

// readCentralStack reads the deployment's memberAccountConfig from the
// central stack's outputs.
func readCentralStack(ctx *pulumi.Context, name string, args MemberAccountArgs, parent pulumi.Resource,
) (member.Input, error) {
	output := DefaultCentralStackOutput
	if args.CentralStackOutput != nil {
		output = *args.CentralStackOutput
	}
	ref, err := pulumi.NewStackReference(ctx, name+"-central", &pulumi.StackReferenceArgs{
		Name: pulumi.String(*args.CentralStack),
	}, pulumi.Parent(parent))
	if err != nil {
		return member.Input{}, err
	}
	details, err := ref.GetOutputDetails(output)
	if err != nil {
		return member.Input{}, fmt.Errorf("reading output %q of stack %s: %w", output, *args.CentralStack, err)
	}
	value := details.Value
	if value == nil {
		value = details.SecretValue
	}
	deployments, _ := value.(map[string]any)
	deployment, ok := deployments[*args.Deployment].(map[string]any)
	if !ok {
		return member.Input{}, fmt.Errorf("stack %s has no deployment %q in its output %q (export OrgBackup's "+
			"deployments output under that name)", *args.CentralStack, *args.Deployment, output)
	}
	data, err := json.Marshal(deployment["memberAccountConfig"])
	if err != nil {
		return member.Input{}, err
	}
	var in member.Input
	if err := json.Unmarshal(data, &in); err != nil {
		return member.Input{}, fmt.Errorf("reading the memberAccountConfig of deployment %q: %w", *args.Deployment, err)
	}
	return in, nil
}
