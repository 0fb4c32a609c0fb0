package provider

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	policyiam "github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
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
