//go:build moto

package moto

import (
	"context"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/awscontext"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

// motoAccount is the account of moto's default credentials.
const motoAccount = "123456789012"

// TestAWSContextInMoto calls awscontext.Lookup for real, through the AWS SDK
// for Go v2, against moto: outside an organization, in one without AWS
// Backup's service-linked role, then with it.
func TestAWSContextInMoto(t *testing.T) {
	endpoint := startMoto(t)
	resetMoto(t, endpoint)
	ctx := context.Background()
	cfg := awsConfig(endpoint, "eu-west-2")
	c := newClients(endpoint)

	_, err := awscontext.Lookup(ctx, cfg)
	require.ErrorIs(t, err, awscontext.ErrNotInOrganization, "before the organization exists")
	var notInUse *orgtypes.AWSOrganizationsNotInUseException
	require.ErrorAs(t, err, &notInUse)
	assert.Contains(t, err.Error(), "organizations:DescribeOrganization")

	created, err := c.orgs.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll})
	require.NoError(t, err)
	orgID := aws.ToString(created.Organization.Id)

	got, err := awscontext.Lookup(ctx, cfg)
	require.NoError(t, err)
	assert.Equal(t, config.Context{
		Partition:           "aws",
		AccountID:           motoAccount,
		OrganizationID:      orgID,
		ManagementAccountID: motoAccount,
		Region:              "eu-west-2",
	}, got)
	assertAccepted(t, got)

	// A role elsewhere is not AWS Backup's.
	_, err = c.iam.CreateRole(ctx, &iam.CreateRoleInput{
		RoleName:                 aws.String("AWSServiceRoleForBackup"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[]}`),
	})
	require.NoError(t, err)
	got, err = awscontext.Lookup(ctx, cfg)
	require.NoError(t, err)
	assert.False(t, got.BackupServiceLinkedRoleExists, "a role outside %s", awscontext.BackupServiceLinkedRolePath)

	_, err = c.iam.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("AWSServiceRoleForBackup")})
	require.NoError(t, err)
	slr, err := c.iam.CreateServiceLinkedRole(ctx, &iam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("backup.amazonaws.com")})
	require.NoError(t, err)
	require.Equal(t, awscontext.BackupServiceLinkedRolePath, aws.ToString(slr.Role.Path))
	got, err = awscontext.Lookup(ctx, cfg)
	require.NoError(t, err)
	assert.True(t, got.BackupServiceLinkedRoleExists)
	assertAccepted(t, got)
}

// assertAccepted checks that config accepts the looked-up context with the
// reference example's inputs.
func assertAccepted(t *testing.T, got config.Context) {
	t.Helper()
	require.NoError(t, awscontext.Check(got))
	data, err := os.ReadFile("../../examples/config/reference.yaml")
	require.NoError(t, err)
	file, err := config.Load(data)
	require.NoError(t, err)
	_, err = config.Resolve(file.Config, got)
	require.NoError(t, err)
}
