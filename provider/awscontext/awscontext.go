// Package awscontext fills config.Context, the block that `orgbackup render`
// otherwise takes by hand, from the caller's AWS credentials. It makes the
// read-only calls that the component's own look-ups (provider/lookup.go)
// make through the AWS provider, with the AWS SDK for Go v2:
//
//   - sts:GetCallerIdentity: the account id, and the partition from the
//     caller's ARN. It needs no permission
//     (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
//   - organizations:DescribeOrganization: the organization id and its
//     management account id. An account outside an organization gets
//     AWSOrganizationsNotInUseException, a caller without the permission
//     AccessDeniedException
//     (https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html).
//   - iam:ListRoles under the path /aws-service-role/backup.amazonaws.com/:
//     whether AWS Backup's service-linked role exists. As the component's
//     look-up (iam.GetRoles with that path prefix), an empty list means no
//     role, not an error; ListRoles' only documented error is ServiceFailure
//     (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html).
//   - the region: the SDK configuration's (AWS_REGION, the profile's region),
//     as the component takes its AWS provider's region.
//
// The permissions are those docs/permissions.md lists for the look-ups.
package awscontext

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	policyiam "github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// BackupServiceLinkedRolePath is the path of AWS Backup's service-linked
// role, the prefix the component's look-up lists roles under too.
var BackupServiceLinkedRolePath = naming.ServiceLinkedRolePath(policyiam.BackupService)

// ErrNotInOrganization is in the error of a look-up whose account is not in
// an organization (AWSOrganizationsNotInUseException).
var ErrNotInOrganization = errors.New("the account is not a member of an organization")

// STSClient is the part of *sts.Client that Lookup calls.
type STSClient interface {
	GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// OrganizationsClient is the part of *organizations.Client that Lookup calls.
type OrganizationsClient interface {
	DescribeOrganization(context.Context, *organizations.DescribeOrganizationInput, ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error)
}

// IAMClient is the part of *iam.Client that Lookup calls.
type IAMClient = iam.ListRolesAPIClient

// Clients are the AWS clients of a look-up and the region it reports.
type Clients struct {
	STS           STSClient
	Organizations OrganizationsClient
	IAM           IAMClient
	// Region is the region the component would deploy from: the AWS
	// provider's region, here the SDK configuration's.
	Region string
}

// NewClients returns the clients of cfg and its region.
func NewClients(cfg aws.Config) Clients {
	return Clients{
		STS:           sts.NewFromConfig(cfg),
		Organizations: organizations.NewFromConfig(cfg),
		IAM:           iam.NewFromConfig(cfg),
		Region:        cfg.Region,
	}
}

// Load reads the AWS SDK's default configuration: the environment
// (AWS_PROFILE, AWS_REGION, AWS_ACCESS_KEY_ID, ...), then the shared config
// and credentials files, then SSO, web identity and instance roles. optFns
// override it (e.g. config.WithRegion, config.WithSharedConfigProfile from
// github.com/aws/aws-sdk-go-v2/config).
func Load(ctx context.Context, optFns ...func(*awsconfig.LoadOptions) error) (aws.Config, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx, optFns...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading the AWS configuration (environment, shared config and credentials files): %w", err)
	}
	return cfg, nil
}

// Lookup reads the context of the account whose credentials cfg holds, in
// cfg's region, with read-only calls only. The context it returns passes
// config's context checks.
func Lookup(ctx context.Context, cfg aws.Config) (config.Context, error) {
	return NewClients(cfg).Lookup(ctx)
}

// Lookup reads the context with c; see the package documentation for the
// calls and the permissions they need.
func (c Clients) Lookup(ctx context.Context) (config.Context, error) {
	if c.Region == "" {
		return config.Context{}, errors.New("no AWS region: set AWS_REGION or the region of the AWS profile")
	}
	identity, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return config.Context{}, fmt.Errorf("looking up the caller identity (sts:GetCallerIdentity, which needs "+
			"no permission: check that credentials are set and valid, and that AWS is reachable): %w", err)
	}
	caller, err := arn.Parse(aws.ToString(identity.Arn))
	if err != nil {
		return config.Context{}, fmt.Errorf("looking up the partition from the caller ARN %q (sts:GetCallerIdentity): %w",
			aws.ToString(identity.Arn), err)
	}
	org, err := c.Organizations.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		var notInUse *orgtypes.AWSOrganizationsNotInUseException
		if errors.As(err, &notInUse) {
			return config.Context{}, fmt.Errorf("looking up the organization (organizations:DescribeOrganization): "+
				"account %s: %w; OrgBackup runs in the management account or a delegated administrator "+
				"of an organization: %w", aws.ToString(identity.Account), ErrNotInOrganization, err)
		}
		return config.Context{}, fmt.Errorf("looking up the organization (needs organizations:DescribeOrganization; "+
			"the account must be the management account or a delegated administrator): %w", err)
	}
	if org.Organization == nil {
		return config.Context{}, errors.New("looking up the organization (organizations:DescribeOrganization): " +
			"the answer has no organization")
	}
	exists, err := BackupServiceLinkedRoleExists(ctx, c.IAM)
	if err != nil {
		return config.Context{}, fmt.Errorf("looking up AWS Backup's service-linked role (needs iam:ListRoles): %w", err)
	}
	out := config.Context{
		Partition:                     caller.Partition,
		AccountID:                     aws.ToString(identity.Account),
		OrganizationID:                aws.ToString(org.Organization.Id),
		ManagementAccountID:           aws.ToString(org.Organization.MasterAccountId),
		Region:                        c.Region,
		BackupServiceLinkedRoleExists: exists,
	}
	if err := Check(out); err != nil {
		return config.Context{}, fmt.Errorf("the context looked up in AWS: %w", err)
	}
	return out, nil
}

// BackupServiceLinkedRoleExists tells whether a role lies under AWS
// Backup's service-linked role path, as the component's look-up does;
// the error is iam:ListRoles' own.
func BackupServiceLinkedRoleExists(ctx context.Context, c IAMClient) (bool, error) {
	pages := iam.NewListRolesPaginator(c, &iam.ListRolesInput{PathPrefix: aws.String(BackupServiceLinkedRolePath)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return false, err
		}
		if len(page.Roles) > 0 {
			return true, nil
		}
	}
	return false, nil
}

// Check reports what config would refuse in ctx: the checks
// Config.Validate makes of the context block, each at its path.
func Check(ctx config.Context) error {
	var ps config.Problems
	ctx.Validate(&ps)
	return ps.Err()
}
