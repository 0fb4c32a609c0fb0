package awscontext

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

// fakeAWS answers the three clients' calls from its fields and records
// which calls were made, so a test sees that only read-only calls are.
type fakeAWS struct {
	arn, account string
	org          *orgtypes.Organization
	orgErr       error
	rolePages    [][]iamtypes.Role // one ListRoles page each
	iamErr       error
	calls        []string
	pathPrefixes []string
}

func (f *fakeAWS) GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	f.calls = append(f.calls, "sts:GetCallerIdentity")
	return &sts.GetCallerIdentityOutput{Arn: aws.String(f.arn), Account: aws.String(f.account), UserId: aws.String("AIDAEXAMPLE")}, nil
}

func (f *fakeAWS) DescribeOrganization(context.Context, *organizations.DescribeOrganizationInput, ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error) {
	f.calls = append(f.calls, "organizations:DescribeOrganization")
	if f.orgErr != nil {
		return nil, f.orgErr
	}
	return &organizations.DescribeOrganizationOutput{Organization: f.org}, nil
}

func (f *fakeAWS) ListRoles(_ context.Context, in *iam.ListRolesInput, _ ...func(*iam.Options)) (*iam.ListRolesOutput, error) {
	f.calls = append(f.calls, "iam:ListRoles")
	f.pathPrefixes = append(f.pathPrefixes, aws.ToString(in.PathPrefix))
	if f.iamErr != nil {
		return nil, f.iamErr
	}
	page := 0
	if in.Marker != nil {
		page = len(aws.ToString(in.Marker))
	}
	out := &iam.ListRolesOutput{}
	if page < len(f.rolePages) {
		out.Roles = f.rolePages[page]
	}
	if page+1 < len(f.rolePages) {
		out.IsTruncated = true
		out.Marker = aws.String(string(make([]byte, page+1))) // the marker's length is the next page
	}
	return out, nil
}

func (f *fakeAWS) clients(region string) Clients {
	return Clients{STS: f, Organizations: f, IAM: f, Region: region}
}

func inOrganization() *fakeAWS {
	return &fakeAWS{
		arn:     "arn:aws:sts::111122223333:assumed-role/Admin/session",
		account: "111122223333",
		org: &orgtypes.Organization{
			Id:                 aws.String("o-a1b2c3d4e5"),
			MasterAccountId:    aws.String("111122223333"),
			MasterAccountArn:   aws.String("arn:aws:organizations::111122223333:account/o-a1b2c3d4e5/111122223333"),
			FeatureSet:         orgtypes.OrganizationFeatureSetAll,
			MasterAccountEmail: aws.String("root@example.com"),
		},
		rolePages: [][]iamtypes.Role{{{
			RoleName: aws.String("AWSServiceRoleForBackup"),
			Path:     aws.String(BackupServiceLinkedRolePath),
		}}},
	}
}

// validates checks that config accepts ctx: the reference example's
// inputs resolve with it in place of the example's hand-made context.
func validates(t *testing.T, ctx config.Context) {
	t.Helper()
	require.NoError(t, Check(ctx))
	data, err := os.ReadFile("../../examples/config/reference.yaml")
	require.NoError(t, err)
	file, err := config.Load(data)
	require.NoError(t, err)
	_, err = config.Resolve(file.Config, ctx)
	require.NoError(t, err)
}

func TestLookup(t *testing.T) {
	f := inOrganization()
	got, err := f.clients("eu-west-2").Lookup(context.Background())
	require.NoError(t, err)
	assert.Equal(t, config.Context{
		Partition:                     "aws",
		AccountID:                     "111122223333",
		OrganizationID:                "o-a1b2c3d4e5",
		ManagementAccountID:           "111122223333",
		Region:                        "eu-west-2",
		BackupServiceLinkedRoleExists: true,
	}, got)
	assert.Equal(t, []string{"sts:GetCallerIdentity", "organizations:DescribeOrganization", "iam:ListRoles"}, f.calls)
	assert.Equal(t, []string{BackupServiceLinkedRolePath}, f.pathPrefixes, "the component's path prefix")
	validates(t, got)
}

func TestLookupPartitionFromCallerARN(t *testing.T) {
	f := inOrganization()
	f.arn = "arn:aws-us-gov:iam::111122223333:user/ops"
	got, err := f.clients("us-gov-west-1").Lookup(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "aws-us-gov", got.Partition)
	validates(t, got)
}

func TestLookupDelegatedAdministrator(t *testing.T) {
	f := inOrganization()
	f.arn, f.account = "arn:aws:iam::444455556666:user/ops", "444455556666"
	got, err := f.clients("us-east-1").Lookup(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "444455556666", got.AccountID)
	assert.Equal(t, "111122223333", got.ManagementAccountID)
	validates(t, got)
}

func TestLookupRoleMissing(t *testing.T) {
	f := inOrganization()
	f.rolePages = nil
	got, err := f.clients("eu-west-2").Lookup(context.Background())
	require.NoError(t, err)
	assert.False(t, got.BackupServiceLinkedRoleExists)
	validates(t, got)
}

func TestLookupRoleOnALaterPage(t *testing.T) {
	f := inOrganization()
	role := f.rolePages[0]
	f.rolePages = [][]iamtypes.Role{nil, nil, role}
	got, err := f.clients("eu-west-2").Lookup(context.Background())
	require.NoError(t, err)
	assert.True(t, got.BackupServiceLinkedRoleExists)
	assert.Len(t, f.pathPrefixes, 3)
}

func TestLookupNotInOrganization(t *testing.T) {
	f := inOrganization()
	f.orgErr = &orgtypes.AWSOrganizationsNotInUseException{Message: aws.String("Your account is not a member of an organization.")}
	_, err := f.clients("eu-west-2").Lookup(context.Background())
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrNotInOrganization)
	var notInUse *orgtypes.AWSOrganizationsNotInUseException
	assert.ErrorAs(t, err, &notInUse, "the SDK's error stays in the chain")
	assert.Contains(t, err.Error(), "organizations:DescribeOrganization")
	assert.Contains(t, err.Error(), "111122223333")
	assert.NotContains(t, f.calls, "iam:ListRoles", "no look-up after the failed one")
}

func TestLookupErrorsNameThePermission(t *testing.T) {
	denied := errors.New("AccessDenied: not authorized")
	for name, tc := range map[string]struct {
		break_ func(*fakeAWS)
		want   string
	}{
		"organizations": {func(f *fakeAWS) {
			f.orgErr = &orgtypes.AccessDeniedException{Message: aws.String("denied")}
		}, "organizations:DescribeOrganization"},
		"iam": {func(f *fakeAWS) { f.iamErr = denied }, "iam:ListRoles"},
	} {
		t.Run(name, func(t *testing.T) {
			f := inOrganization()
			tc.break_(f)
			_, err := f.clients("eu-west-2").Lookup(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotErrorIs(t, err, ErrNotInOrganization)
		})
	}
}

func TestLookupNeedsARegion(t *testing.T) {
	f := inOrganization()
	_, err := f.clients("").Lookup(context.Background())
	require.ErrorContains(t, err, "AWS_REGION")
	assert.Empty(t, f.calls)
}

func TestLookupRefusesWhatConfigRefuses(t *testing.T) {
	f := inOrganization()
	f.org.Id = aws.String("not-an-org")
	_, err := f.clients("eu-west-2").Lookup(context.Background())
	require.ErrorContains(t, err, "context.organizationId")
}

func TestLookupFromConfig(t *testing.T) {
	// Lookup builds its clients from the configuration: an unreachable
	// endpoint fails on the first call, which the error names.
	cfg := aws.Config{
		Region:       "eu-west-2",
		BaseEndpoint: aws.String("http://127.0.0.1:1"),
		Credentials:  aws.AnonymousCredentials{},
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
	_, err := Lookup(context.Background(), cfg)
	require.ErrorContains(t, err, "sts:GetCallerIdentity")
}

func TestLoad(t *testing.T) {
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "ap-southeast-2")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	cfg, err := Load(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ap-southeast-2", cfg.Region)
	creds, err := cfg.Credentials.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "AKIDEXAMPLE", creds.AccessKeyID)

	t.Setenv("AWS_PROFILE", "missing")
	_, err = Load(context.Background())
	require.ErrorContains(t, err, "loading the AWS configuration")
}
