package provider

import (
	"maps"
	"reflect"
	"slices"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/prerequisites"
)

// OrgPrerequisitesToken is the type token of the OrgPrerequisites component.
const OrgPrerequisitesToken = desired.OrgPrerequisitesComponent

// OrgPrerequisitesArgs are OrgBackup's inputs, so both stacks take one
// configuration and agree on the deployments and their targets, and the
// backup account's id. OrgBackup's are repeated field by field (infer
// decodes no embedded struct): orgBackupArgs copies them by name and
// TestPrerequisitesArgsAreOrgBackupArgs keeps the two in step.
type OrgPrerequisitesArgs struct {
	CentralAccountResourceNamePrefix string                  `pulumi:"centralAccountResourceNamePrefix"`
	MemberAccountResourceNamePrefix  string                  `pulumi:"memberAccountResourceNamePrefix"`
	Regions                          []string                `pulumi:"regions,optional"`
	MemberAccountResources           *MemberAccountResources `pulumi:"memberAccountResources,optional"`
	GuardPolicyManagedBy             *GuardPolicyManagedBy   `pulumi:"guardPolicyManagedBy,optional"`
	Tags                             pulumi.StringMapInput   `pulumi:"tags,optional"`
	Alerts                           *Alerts                 `pulumi:"alerts,optional"`
	MpaApprovalTeamArn               *string                 `pulumi:"mpaApprovalTeamArn,optional"`
	Deployments                      map[string]Deployment   `pulumi:"deployments"`

	BackupAccountID        string            `pulumi:"backupAccountId"`
	ManageDelegationPolicy *bool             `pulumi:"manageDelegationPolicy,optional"`
	GuardPolicyIDs         map[string]string `pulumi:"guardPolicyIds,optional"`
}

func (a *OrgPrerequisitesArgs) Annotate(an infer.Annotator) {
	// OrgBackup's descriptions, each on the field of the same name.
	var backup OrgBackupArgs
	backup.Annotate(sameFields{Annotator: an, from: reflect.ValueOf(&backup).Elem(), to: reflect.ValueOf(a).Elem()})
	an.Describe(&a.BackupAccountID, "The dedicated backup account that runs OrgBackup (12 digits).")
	an.Describe(&a.ManageDelegationPolicy, "Write the organization's resource-based delegation policy. An "+
		"organization has one resource policy, and writing it replaces every statement it held: when it has "+
		"statements of its own (orgbackup doctor lists them), set false and merge the delegationPolicy output into "+
		"it yourself. Deleted on destroy. Defaults to true.")
	an.Describe(&a.GuardPolicyIDs, "Existing guard service control policies (p-...) by deployment, which "+
		"OrgBackup created from the backup account before guardPolicyManagedBy ManagementAccount: each is imported "+
		"with its attachments, so the targets stay guarded while the policies change hands.")
}

// orgBackupArgs are a's OrgBackup inputs.
func (a OrgPrerequisitesArgs) orgBackupArgs() OrgBackupArgs {
	var out OrgBackupArgs
	to, from := reflect.ValueOf(&out).Elem(), reflect.ValueOf(a)
	for _, f := range reflect.VisibleFields(to.Type()) {
		to.FieldByIndex(f.Index).Set(from.FieldByName(f.Name))
	}
	return out
}

// sameFields passes annotations of the fields of from on to the fields
// of the same name of to.
type sameFields struct {
	infer.Annotator
	from, to reflect.Value
}

func (s sameFields) field(i any) any {
	p := reflect.ValueOf(i).Pointer()
	for _, f := range reflect.VisibleFields(s.from.Type()) {
		if s.from.FieldByIndex(f.Index).Addr().Pointer() == p {
			return s.to.FieldByName(f.Name).Addr().Interface()
		}
	}
	return i
}

func (s sameFields) Describe(i any, description string) {
	s.Annotator.Describe(s.field(i), description)
}

func (s sameFields) SetDefault(i any, value any, env ...string) {
	s.Annotator.SetDefault(s.field(i), value, env...)
}

func (s sameFields) Deprecate(i any, message string) { s.Annotator.Deprecate(s.field(i), message) }

// OrgPrerequisites prepares the organization for OrgBackup, from the
// management account.
type OrgPrerequisites struct {
	pulumi.ResourceState

	BackupAccountID         pulumi.StringOutput      `pulumi:"backupAccountId"`
	OrganizationID          pulumi.StringOutput      `pulumi:"organizationId"`
	DelegationPolicy        pulumi.StringOutput      `pulumi:"delegationPolicy"`
	GuardPolicyIDs          pulumi.StringMapOutput   `pulumi:"guardPolicyIds"`
	DelegatedAdministrators pulumi.StringArrayOutput `pulumi:"delegatedAdministrators"`
	ManualSteps             pulumi.StringArrayOutput `pulumi:"manualSteps"`
}

func (c *OrgPrerequisites) Annotate(an infer.Annotator) {
	an.Describe(c, "What the organization's management account sets up for OrgBackup's backup account, run in "+
		"the management account with OrgBackup's inputs: RAM sharing with the organization, cross-account backup, "+
		"the backup account as delegated administrator for AWS Backup (and CloudFormation StackSets), the "+
		"organization's delegation policy and, with guardPolicyManagedBy ManagementAccount, the guard service "+
		"control policies. The preview fails, naming the command of each, when the organization lacks all "+
		"features, trusted access or a policy type on the root, which it never changes. See "+
		"docs/org-prerequisites.md.")
	an.Describe(&c.BackupAccountID, "The backup account.")
	an.Describe(&c.OrganizationID, "The organization.")
	an.Describe(&c.DelegationPolicy, "The content of the organization's delegation policy for the backup account.")
	an.Describe(&c.GuardPolicyIDs, "The guard service control policy of each deployment that has one, by "+
		"deployment; empty with guardPolicyManagedBy BackupAccount.")
	an.Describe(&c.DelegatedAdministrators, "The service principals the backup account is delegated administrator for.")
	an.Describe(&c.ManualSteps, "Commands for what no resource does: merging the delegation policy with "+
		"manageDelegationPolicy false; empty otherwise.")
}

// NewOrgPrerequisites looks up the management account and organization,
// plans with prerequisites.Build and registers the plan. Invalid inputs
// and missing organization settings fail before anything is registered,
// with every problem at once.
func NewOrgPrerequisites(ctx *pulumi.Context, name string, args OrgPrerequisitesArgs, opts ...pulumi.ResourceOption,
) (*OrgPrerequisites, error) {
	invokeOpts, err := invokeOptions(opts)
	if err != nil {
		return nil, err
	}
	mgmt, org, err := lookupManagement(ctx, invokeOpts)
	if err != nil {
		return nil, err
	}
	registered, err := delegatedAdministrators(ctx, invokeOpts, prerequisites.BackupPrincipal,
		prerequisites.StackSetsPrincipal)
	if err != nil {
		return nil, err
	}
	backupArgs := args.orgBackupArgs()
	built, err := prerequisites.Build(backupArgs.toConfig(), mgmt, args.BackupAccountID, prerequisites.Options{
		SkipDelegationPolicy: args.ManageDelegationPolicy != nil && !*args.ManageDelegationPolicy,
		GuardPolicyIDs:       args.GuardPolicyIDs, Registered: registered, Organization: &org,
	})
	if err != nil {
		return nil, err
	}

	comp := &OrgPrerequisites{}
	if err := ctx.RegisterComponentResource(OrgPrerequisitesToken, name, comp, opts...); err != nil {
		return nil, err
	}
	warn := logWarnings(ctx, comp, built.Warnings)
	targets := validatedTargets(backupArgs, central.Result{Config: built.Config, Warnings: built.Warnings},
		built.Backup, warn, func(config.Config) config.Problems { return nil })
	tags, err := lateTags(args.Tags, built.Config, built.Backup)
	if err != nil {
		return nil, err
	}
	reg := &registrar{
		ctx:     ctx,
		prefix:  name,
		account: mgmt.AccountID,
		parent:  comp,
		tags:    tags,
		targets: targets,
		orgID:   mgmt.OrganizationID,

		partition:           mgmt.Partition,
		managementAccountID: mgmt.ManagementAccountID,
	}
	if err := reg.register(built.Resources); err != nil {
		return nil, err
	}
	guards := pulumi.StringMap{}
	for _, key := range slices.Sorted(maps.Keys(built.GuardPolicies)) {
		guards[key] = reg.resources[built.GuardPolicies[key]].ID().ToStringOutput()
	}

	comp.BackupAccountID = pulumi.String(built.Backup.AccountID).ToStringOutput()
	comp.OrganizationID = pulumi.String(mgmt.OrganizationID).ToStringOutput()
	// Its targets' ARNs are completed once their ids are known.
	comp.DelegationPolicy = reg.text(built.DelegationPolicy).ToStringOutput()
	comp.GuardPolicyIDs = guards.ToStringMapOutput()
	comp.DelegatedAdministrators = pulumi.ToStringArray(built.DelegatedAdministrators).ToStringArrayOutput()
	comp.ManualSteps = pulumi.ToStringArray(append([]string{}, built.ManualSteps...)).ToStringArrayOutput()
	return comp, nil
}
