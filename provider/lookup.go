package provider

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	policyiam "github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
	"github.com/orgbackup/pulumi-orgbackup/provider/prerequisites"
)

// invokeOptions makes look-ups use the AWS provider the component's
// resources will use: the one given in its options, else its parent's.
func invokeOptions(opts []pulumi.ResourceOption) ([]pulumi.InvokeOption, error) {
	o, err := pulumi.NewResourceOptions(opts...)
	if err != nil {
		return nil, err
	}
	var out []pulumi.InvokeOption
	if o.Parent != nil {
		out = append(out, pulumi.Parent(o.Parent))
	}
	for _, p := range append([]pulumi.ProviderResource{o.Provider}, o.Providers...) {
		if awsProvider, ok := p.(*aws.Provider); ok {
			out = append(out, pulumi.Provider(awsProvider))
		}
	}
	return out, nil
}

// lookupContext reads what the component needs to know about the account
// it runs in.
func lookupContext(ctx *pulumi.Context, opts []pulumi.InvokeOption) (config.Context, error) {
	account, err := lookupAccount(ctx, opts)
	if err != nil {
		return config.Context{}, err
	}
	partition, err := aws.GetPartition(ctx, &aws.GetPartitionArgs{}, opts...)
	if err != nil {
		return config.Context{}, fmt.Errorf("looking up the partition: %w", err)
	}
	org, err := organizations.LookupOrganization(ctx, opts...)
	if err != nil {
		return config.Context{}, fmt.Errorf("looking up the organization (the account must be the "+
			"management account or a delegated administrator): %w", err)
	}
	return config.Context{
		Partition:                     partition.Partition,
		AccountID:                     account.ID,
		OrganizationID:                org.Id,
		ManagementAccountID:           org.MasterAccountId,
		Region:                        account.Region,
		BackupServiceLinkedRoleExists: account.BackupServiceLinkedRoleExists,
	}, nil
}

// lookupAccount reads the account the component runs in: its id, region
// and whether it has AWS Backup's service-linked role.
func lookupAccount(ctx *pulumi.Context, opts []pulumi.InvokeOption) (member.Account, error) {
	identity, err := aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{}, opts...)
	if err != nil {
		return member.Account{}, fmt.Errorf("looking up the caller identity: %w", err)
	}
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{}, opts...)
	if err != nil {
		return member.Account{}, fmt.Errorf("looking up the region: %w", err)
	}
	exists, err := serviceLinkedRoleExists(ctx, opts)
	if err != nil {
		return member.Account{}, err
	}
	return member.Account{ID: identity.AccountId, Region: region.Name, BackupServiceLinkedRoleExists: exists}, nil
}

// serviceLinkedRoleExists tells whether the account has AWS Backup's service-linked role.
func serviceLinkedRoleExists(ctx *pulumi.Context, opts []pulumi.InvokeOption) (bool, error) {
	roles, err := iam.GetRoles(ctx, &iam.GetRolesArgs{
		PathPrefix: pulumi.StringRef(naming.ServiceLinkedRolePath(policyiam.BackupService)),
	}, opts...)
	if err != nil {
		return false, fmt.Errorf("looking up AWS Backup's service-linked role: %w", err)
	}
	return len(roles.Names) > 0, nil
}

// accountsUnder looks up the ids of every account under ou, at any depth
// (organizations:ListAccountsForParent and ListOrganizationalUnitsForParent,
// as the data source of pulumi-aws calls them).
func accountsUnder(ctx *pulumi.Context, ou string, opts []pulumi.InvokeOption) ([]string, error) {
	res, err := organizations.GetOrganizationalUnitDescendantAccounts(ctx,
		&organizations.GetOrganizationalUnitDescendantAccountsArgs{ParentId: ou}, opts...)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Accounts))
	for i, a := range res.Accounts {
		ids[i] = a.Id
	}
	return ids, nil
}

// lookupManagement reads what OrgPrerequisites needs to know about the
// management account it runs in and its organization: the context, and
// the organization's feature set, trusted services, root and the policy
// types enabled on it (organizations:DescribeOrganization, ListRoots and
// ListAWSServiceAccessForOrganization, as getOrganization calls them).
func lookupManagement(ctx *pulumi.Context, opts []pulumi.InvokeOption) (config.Context, prerequisites.Organization, error) {
	identity, err := aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{}, opts...)
	if err != nil {
		return config.Context{}, prerequisites.Organization{}, fmt.Errorf("looking up the caller identity: %w", err)
	}
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{}, opts...)
	if err != nil {
		return config.Context{}, prerequisites.Organization{}, fmt.Errorf("looking up the region: %w", err)
	}
	partition, err := aws.GetPartition(ctx, &aws.GetPartitionArgs{}, opts...)
	if err != nil {
		return config.Context{}, prerequisites.Organization{}, fmt.Errorf("looking up the partition: %w", err)
	}
	org, err := organizations.LookupOrganization(ctx, opts...)
	if err != nil {
		return config.Context{}, prerequisites.Organization{}, fmt.Errorf("looking up the organization (OrgPrerequisites "+
			"runs in the organization's management account): %w", err)
	}
	mgmt := config.Context{Partition: partition.Partition, AccountID: identity.AccountId, OrganizationID: org.Id,
		ManagementAccountID: org.MasterAccountId, Region: region.Name}
	return mgmt, organizationFacts(org), nil
}

// organizationFacts are the settings getOrganization answered. It reads
// the trusted services and policy types only of an organization with all
// features; without them they stay unknown.
func organizationFacts(org *organizations.LookupOrganizationResult) prerequisites.Organization {
	out := prerequisites.Organization{FeatureSet: org.FeatureSet}
	if len(org.Roots) > 0 {
		out.RootID = org.Roots[0].Id
	}
	if org.FeatureSet != "ALL" {
		return out
	}
	out.ServicePrincipals = append([]string{}, org.AwsServiceAccessPrincipals...)
	out.EnabledPolicyTypes = append([]string{}, org.EnabledPolicyTypes...)
	if len(org.Roots) > 0 {
		for _, t := range org.Roots[0].PolicyTypes {
			if t.Status == "ENABLED" && !slices.Contains(out.EnabledPolicyTypes, t.Type) {
				out.EnabledPolicyTypes = append(out.EnabledPolicyTypes, t.Type)
			}
		}
	}
	return out
}

// delegatedAdministrators looks up the accounts registered as delegated
// administrators for each principal (organizations:ListDelegatedAdministrators,
// pulumi-aws's getDelegatedAdministrators). It is invoked by its token, not
// through organizations.GetDelegatedAdministrators: deployer.Lookups lists
// the look-ups the backup account's deployer needs permissions for, and
// this one runs only in the management account (OrgPrerequisites).
func delegatedAdministrators(ctx *pulumi.Context, opts []pulumi.InvokeOption, principals ...string,
) (map[string][]string, error) {
	out := map[string][]string{}
	for _, p := range principals {
		var res organizations.GetDelegatedAdministratorsResult
		err := ctx.Invoke(desired.GetDelegatedAdministrators,
			&organizations.GetDelegatedAdministratorsArgs{ServicePrincipal: pulumi.StringRef(p)}, &res,
			append([]pulumi.InvokeOption{pulumi.Version(desired.AWSVersion)}, opts...)...)
		if err != nil {
			return nil, fmt.Errorf("looking up the delegated administrators for %s: %w", p, err)
		}
		for _, a := range res.DelegatedAdministrators {
			out[p] = append(out[p], a.Id)
		}
	}
	return out, nil
}

// customerPolicyID is the id of a policy the organization created: the
// ARN of one is ...:policy/o-.../<type>/p-[0-9a-z]{10,32}, of an AWS
// managed one arn:aws:organizations::aws:policy/<type>/p-[0-9a-zA-Z_]{10,128}
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicySummary.html).
var customerPolicyID = regexp.MustCompile(`^p-[0-9a-z]{10,32}$`)

// serviceControlPoliciesOn looks up the names of the service control
// policies attached directly to target (organizations:ListPoliciesForTarget
// with the SERVICE_CONTROL_POLICY filter, then DescribePolicy for each,
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html,
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribePolicy.html).
func serviceControlPoliciesOn(ctx *pulumi.Context, target string, opts []pulumi.InvokeOption) ([]string, error) {
	attached, err := organizations.GetPoliciesForTarget(ctx, &organizations.GetPoliciesForTargetArgs{
		TargetId: target, Filter: "SERVICE_CONTROL_POLICY"}, opts...)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(attached.Ids))
	for _, id := range attached.Ids {
		if !customerPolicyID.MatchString(id) {
			// An AWS managed SCP (FullAWSAccess, on every target): never a
			// guard, and its ARN lies outside the organization's, which
			// the deployer may not describe.
			continue
		}
		p, err := organizations.LookupPolicy(ctx, &organizations.LookupPolicyArgs{PolicyId: id}, opts...)
		if err != nil {
			return nil, err
		}
		names = append(names, p.Name)
	}
	return names, nil
}
