package provider

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allowedAccounts is the allowedAccountIds input of a registered provider.
func allowedAccounts(c child) []string {
	var ids []string
	for _, v := range c.Inputs["allowedAccountIds"].ArrayValue() {
		ids = append(ids, v.StringValue())
	}
	return ids
}

// An OrgBackup given an explicit aws provider looks its account up through
// it, and pins the providers of the other regions to that account: a
// provider whose configuration reaches another account fails when it is
// configured, at preview, instead of creating anything there
// (https://www.pulumi.com/registry/packages/aws/api-docs/provider/#allowedaccountids).
func TestRegionalProvidersUseTheComponentsAccount(t *testing.T) {
	const explicitAccount = "555555555555"
	m := &mocks{account: explicitAccount}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		explicit, err := aws.NewProvider(ctx, "central", &aws.ProviderArgs{Profile: pulumi.String("backup-central")})
		if err != nil {
			return err
		}
		_, err = NewOrgBackup(ctx, "backup", exampleArgs(t, "lag-pitr"), pulumi.Provider(explicit))
		return err
	}, pulumi.WithMocks("project", "stack", m))
	require.NoError(t, err)
	byName := m.byName()
	for _, name := range []string{"backup-aws-eu-west-1", "backup-aws-native-eu-west-1", "backup-aws-native-eu-west-2"} {
		assert.Equal(t, []string{explicitAccount}, allowedAccounts(byName[name]), name)
	}
	assert.Contains(t, byName["backup-ca-prod-key-eu-west-2"].Provider, "::central::", "the component's region uses the explicit provider")
	assert.Contains(t, byName["backup-ca-prod-key-eu-west-1"].Provider, "::backup-aws-eu-west-1::")
}

// MemberAccount's providers of the other regions are pinned to the member
// account it runs in.
func TestMemberAccountRegionalProvidersUseItsAccount(t *testing.T) {
	_, outputs := centralOutputs(t, exampleArgs(t, "lag-pitr"))
	m, _, err := runMember(stackArgs("ca-prod"), map[string]any{"deployments": outputs})
	require.NoError(t, err)
	assert.Equal(t, []string{memberAccountID}, allowedAccounts(m.byName()["member-aws-eu-west-1"]))
}

// Stack settings under which the regional providers could not be pinned to
// the component's account fail before anything is registered.
func TestStackSettingsThatCannotPinTheAccountFailAtPreview(t *testing.T) {
	for name, tc := range map[string]struct{ config, want string }{
		"allowed accounts without it": {`{"aws:allowedAccountIds": "[\"222222222222\"]"}`,
			`aws:allowedAccountIds ["222222222222"] does not list 111111111111, the account the component's provider ` +
				`reaches; the aws providers of the other regions must use that account`},
		"forbidden account": {`{"aws:forbiddenAccountIds": "[\"111111111111\"]"}`,
			`aws:forbiddenAccountIds ["111111111111"] lists 111111111111, the account the component's provider reaches`},
		"account not requested": {`{"aws:skipRequestingAccountId": "true"}`,
			`aws:skipRequestingAccountId is true: the aws providers of the regions are pinned to account ` +
				`111111111111 with allowedAccountIds, which refuses a provider that does not look its account up; remove it`},
		// pulumi-aws-native v1.70.0 looks its account up, and checks
		// allowedAccountIds, only when it validates credentials
		// (https://github.com/pulumi/pulumi-aws-native/blob/v1.70.0/provider/pkg/provider/provider.go);
		// the aws: setting reaches the aws-native providers too.
		"credentials not validated, aws setting": {`{"aws:skipCredentialsValidation": "true"}`,
			`aws:skipCredentialsValidation is true: the aws-native providers of the regions would not look their ` +
				`account up, so nothing would check that they reach account 111111111111; remove it`},
		"credentials not validated, aws-native setting": {`{"aws-native:skipCredentialsValidation": "true"}`,
			`aws-native:skipCredentialsValidation is true: the aws-native providers of the regions would not look ` +
				`their account up`},
		"aws-native's own setting": {`{"aws-native:allowedAccountIds": "[\"222222222222\"]"}`,
			`aws-native:allowedAccountIds ["222222222222"] does not list 111111111111`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("PULUMI_CONFIG", tc.config)
			m, _, err := run(exampleArgs(t, "lag-pitr"))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Empty(t, m.children)
		})
	}
	t.Setenv("PULUMI_CONFIG", `{"aws:allowedAccountIds": "[\"111111111111\", \"222222222222\"]"}`)
	m, _, err := run(exampleArgs(t, "lag-pitr"))
	require.NoError(t, err)
	assert.Equal(t, []string{"111111111111"}, allowedAccounts(m.byName()["backup-aws-eu-west-1"]), "narrowed to the account")
	// A single region needs no regional provider, so no setting is refused.
	t.Setenv("PULUMI_CONFIG", `{"aws:skipRequestingAccountId": "true"}`)
	_, _, err = run(exampleArgs(t, "reference"))
	require.NoError(t, err)
}

// pulumi-aws-native v1.70.0 reads AWS_SKIP_CREDENTIALS_VALIDATION when its
// configuration has no skipCredentialsValidation
// (varsOrEnv in https://github.com/pulumi/pulumi-aws-native/blob/v1.70.0/provider/pkg/provider/provider.go),
// so the regional aws-native providers set it to false: the environment
// cannot switch their account check off. The aws providers check their
// account without credential validation, and keep the setting they have.
func TestRegionalNativeProvidersValidateCredentialsWhateverTheEnvironment(t *testing.T) {
	t.Setenv("AWS_SKIP_CREDENTIALS_VALIDATION", "true")
	m, _, err := run(exampleArgs(t, "lag-pitr"))
	require.NoError(t, err)
	byName := m.byName()
	for _, name := range []string{"backup-aws-native-eu-west-1", "backup-aws-native-eu-west-2"} {
		v, ok := byName[name].Inputs["skipCredentialsValidation"]
		require.True(t, ok, name)
		assert.False(t, v.BoolValue(), name)
	}
	_, ok := byName["backup-aws-eu-west-1"].Inputs["skipCredentialsValidation"]
	assert.False(t, ok, "the aws provider gets no setting the stack does not have")
}
