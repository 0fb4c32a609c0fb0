package provider

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/internal/sdkargs"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// TestPlannedInputsMatchProviderSchemas checks every input name the plan
// uses, nested ones included, against the provider SDKs, and that every
// required input is set.
func TestPlannedInputsMatchProviderSchemas(t *testing.T) {
	for _, args := range []OrgBackupArgs{exampleArgs(t, "reference"), twoDeployments(t)} {
		for _, r := range expectedPlan(t, args).Resources {
			if strings.HasPrefix(r.Type, desired.ProviderPrefix) {
				continue
			}
			typ, ok := sdkargs.Resources[r.Type]
			require.True(t, ok, "no SDK type for %s", r.Type)
			checkInputNames(t, r.Type+" "+r.Name, typ, r.Inputs)
		}
	}
}

func checkInputNames(t *testing.T, path string, typ reflect.Type, inputs map[string]any) {
	t.Helper()
	fields := map[string]reflect.Type{}
	for _, f := range reflect.VisibleFields(typ) {
		name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		fields[name] = f.Type
		// Optional inputs are pointers, lists, maps, or untyped (interface{}, as
		// aws-native's accessPolicy).
		if k := f.Type.Kind(); k != reflect.Pointer && k != reflect.Slice && k != reflect.Map && k != reflect.Interface {
			assert.Contains(t, inputs, name, "%s: required input %s is missing", path, name)
		}
	}
	for name, value := range inputs {
		fieldType, ok := fields[name]
		if !assert.True(t, ok, "%s: %s is not an input", path, name) {
			continue
		}
		if nested, isMap := value.(map[string]any); isMap && elem(fieldType).Kind() == reflect.Struct {
			checkInputNames(t, path+"."+name, elem(fieldType), nested)
		}
	}
}

func TestPluginVersionsMatchGoMod(t *testing.T) {
	goMod, err := os.ReadFile("../go.mod")
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^\s*github.com/pulumi/pulumi-aws/sdk/v6 v`+regexp.QuoteMeta(desired.AWSVersion)+`$`, string(goMod))
	assert.Regexp(t, `(?m)^\s*github.com/pulumi/pulumi-aws-native/sdk v`+regexp.QuoteMeta(desired.AWSNativeVersion)+`$`, string(goMod))
}

// registerUnderMocks registers resources under an OrgBackup component.
func registerUnderMocks(resources []desired.Resource) (*mocks, error) {
	m := &mocks{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		comp := &OrgBackup{}
		if err := ctx.RegisterComponentResource(OrgBackupToken, "backup", comp); err != nil {
			return err
		}
		r := &registrar{ctx: ctx, prefix: "backup", account: testContext.AccountID, parent: comp}
		return r.register(resources)
	}, pulumi.WithMocks("project", "stack", m))
	return m, err
}

// The registrar refuses a dependsOn or a provider that names no resource
// registered before, as it refuses such references.
func TestRegistrarRefusesUnplannedNames(t *testing.T) {
	vault := desired.Resource{Type: desired.BackupVault, Name: "vault", Inputs: map[string]any{"name": "v"}}
	for name, tc := range map[string]struct {
		edit func(*desired.Resource)
		want string
	}{
		"dependsOn": {func(r *desired.Resource) { r.DependsOn = []string{"key"} },
			"registering aws:backup/vault:Vault vault: depends on key, which is not registered before it"},
		"provider": {func(r *desired.Resource) { r.Provider = "aws-eu-west-1" },
			"registering aws:backup/vault:Vault vault: uses provider aws-eu-west-1, which is not registered before it"},
		"reference": {func(r *desired.Resource) {
			r.Inputs = map[string]any{"kmsKeyArn": desired.Out("key", desired.OutputARN)}
		},
			"registering aws:backup/vault:Vault vault: input kmsKeyArn: refers to key, which is not registered before it"},
	} {
		t.Run(name, func(t *testing.T) {
			r := vault
			tc.edit(&r)
			_, err := registerUnderMocks([]desired.Resource{r})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// A renamed resource's earlier logical names reach the engine as aliases,
// under the component's prefix, so the stack keeps the resource.
func TestRegistrarRegistersAliases(t *testing.T) {
	m, err := registerUnderMocks([]desired.Resource{
		{Type: desired.AWSProvider, Name: "aws-provider-eu-west-1", Region: "eu-west-1",
			Aliases: []string{"aws-eu-west-1"}},
		{Type: desired.BackupVault, Name: "locked-vault", Provider: "aws-provider-eu-west-1",
			Inputs: map[string]any{"name": "v"}, Aliases: []string{"standard-vault"}},
	})
	require.NoError(t, err)
	byName := m.byName()
	assert.Equal(t, []string{"backup-standard-vault"}, byName["backup-locked-vault"].Aliases)
	assert.Equal(t, []string{"backup-aws-eu-west-1"}, byName["backup-aws-provider-eu-west-1"].Aliases, "providers too")
}

// A user's string that only looks like a target placeholder (an alert
// endpoint with braces) reaches AWS as written, and crashes nothing.
func TestRegistrarLeavesLookalikePlaceholders(t *testing.T) {
	const endpoint = "https://hooks.example.com/{{arn nosuch 0}}"
	m, err := registerUnderMocks([]desired.Resource{{Type: desired.SNSTopicSubscription, Name: "subscription",
		Inputs: map[string]any{"endpoint": endpoint, "protocol": "https", "topic": "arn:aws:sns:eu-west-2:111111111111:t"}}})
	require.NoError(t, err)
	assert.Equal(t, endpoint, m.byName()["backup-subscription"].Inputs["endpoint"].StringValue())
}
