package provider

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
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
	identity, err := aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{}, opts...)
	if err != nil {
		return config.Context{}, fmt.Errorf("looking up the caller identity: %w", err)
	}
	partition, err := aws.GetPartition(ctx, &aws.GetPartitionArgs{}, opts...)
	if err != nil {
		return config.Context{}, fmt.Errorf("looking up the partition: %w", err)
	}
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{}, opts...)
	if err != nil {
		return config.Context{}, fmt.Errorf("looking up the region: %w", err)
	}
	org, err := organizations.LookupOrganization(ctx, opts...)
	if err != nil {
		return config.Context{}, fmt.Errorf("looking up the organization (the account must be the "+
			"management account or a delegated administrator): %w", err)
	}
	return config.Context{
		Partition:           partition.Partition,
		AccountID:           identity.AccountId,
		OrganizationID:      org.Id,
		ManagementAccountID: org.MasterAccountId,
		Region:              region.Name,
	}, nil
}
