package provider

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	awsnativeram "github.com/pulumi/pulumi-aws-native/sdk/go/aws/ram"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudformation"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sfn"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/planned"
)

// argsTypes are the input types of the provider SDKs, whose pulumi tags are
// the resources' input names.
var argsTypes = map[string]reflect.Type{
	"aws:iam/serviceLinkedRole:ServiceLinkedRole":                iam.ServiceLinkedRoleArgs{}.ElementType(),
	"aws:iam/role:Role":                                          iam.RoleArgs{}.ElementType(),
	"aws:iam/rolePolicy:RolePolicy":                              iam.RolePolicyArgs{}.ElementType(),
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment":          iam.RolePolicyAttachmentArgs{}.ElementType(),
	"aws:organizations/policy:Policy":                            organizations.PolicyArgs{}.ElementType(),
	"aws:organizations/policyAttachment:PolicyAttachment":        organizations.PolicyAttachmentArgs{}.ElementType(),
	"aws:kms/key:Key":                                            kms.KeyArgs{}.ElementType(),
	"aws:kms/replicaKey:ReplicaKey":                              kms.ReplicaKeyArgs{}.ElementType(),
	"aws:kms/alias:Alias":                                        kms.AliasArgs{}.ElementType(),
	"aws:backup/vault:Vault":                                     backup.VaultArgs{}.ElementType(),
	"aws:backup/vaultPolicy:VaultPolicy":                         backup.VaultPolicyArgs{}.ElementType(),
	"aws:backup/vaultLockConfiguration:VaultLockConfiguration":   backup.VaultLockConfigurationArgs{}.ElementType(),
	"aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault": backup.LogicallyAirGappedVaultArgs{}.ElementType(),
	"aws:cloudwatch/eventBus:EventBus":                           cloudwatch.EventBusArgs{}.ElementType(),
	"aws:cloudwatch/eventBusPolicy:EventBusPolicy":               cloudwatch.EventBusPolicyArgs{}.ElementType(),
	"aws:cloudwatch/logGroup:LogGroup":                           cloudwatch.LogGroupArgs{}.ElementType(),
	"aws:cloudwatch/logResourcePolicy:LogResourcePolicy":         cloudwatch.LogResourcePolicyArgs{}.ElementType(),
	"aws:cloudwatch/eventRule:EventRule":                         cloudwatch.EventRuleArgs{}.ElementType(),
	"aws:cloudwatch/eventTarget:EventTarget":                     cloudwatch.EventTargetArgs{}.ElementType(),
	"aws:sfn/stateMachine:StateMachine":                          sfn.StateMachineArgs{}.ElementType(),
	"aws:sns/topic:Topic":                                        sns.TopicArgs{}.ElementType(),
	"aws:sns/topicSubscription:TopicSubscription":                sns.TopicSubscriptionArgs{}.ElementType(),
	"aws:cloudwatch/metricAlarm:MetricAlarm":                     cloudwatch.MetricAlarmArgs{}.ElementType(),
	"aws-native:ram:ResourceShare":                               awsnativeram.ResourceShareArgs{}.ElementType(),
	"aws:cloudformation/stackSet:StackSet":                       cloudformation.StackSetArgs{}.ElementType(),
	"aws:cloudformation/stackInstances:StackInstances":           cloudformation.StackInstancesArgs{}.ElementType(),
}

// TestPlannedInputsMatchProviderSchemas checks every input name the plan
// uses, nested ones included, against the provider SDKs, and that every
// required input is set.
func TestPlannedInputsMatchProviderSchemas(t *testing.T) {
	for _, args := range []OrgBackupArgs{exampleArgs(t, "reference"), twoDeployments(t)} {
		for _, r := range expectedPlan(t, args).Resources {
			if strings.HasPrefix(r.Type, "pulumi:providers:") {
				continue
			}
			typ, ok := argsTypes[r.Type]
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
		if f.Type.Kind() != reflect.Pointer && f.Type.Kind() != reflect.Slice && f.Type.Kind() != reflect.Map {
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
	assert.Regexp(t, `(?m)^\s*github.com/pulumi/pulumi-aws/sdk/v6 v`+regexp.QuoteMeta(awsVersion)+`$`, string(goMod))
	assert.Regexp(t, `(?m)^\s*github.com/pulumi/pulumi-aws-native/sdk v`+regexp.QuoteMeta(awsNativeVersion)+`$`, string(goMod))
}

// registerUnderMocks registers resources under an OrgBackup component.
func registerUnderMocks(resources []planned.Resource) (*mocks, error) {
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
	vault := planned.Resource{Type: "aws:backup/vault:Vault", Name: "vault", Inputs: map[string]any{"name": "v"}}
	for name, tc := range map[string]struct {
		edit func(*planned.Resource)
		want string
	}{
		"dependsOn": {func(r *planned.Resource) { r.DependsOn = []string{"key"} },
			"registering aws:backup/vault:Vault vault: depends on key, which is not registered before it"},
		"provider": {func(r *planned.Resource) { r.Provider = "aws-eu-west-1" },
			"registering aws:backup/vault:Vault vault: uses provider aws-eu-west-1, which is not registered before it"},
		"reference": {func(r *planned.Resource) { r.Inputs = map[string]any{"kmsKeyArn": planned.Out("key", "arn")} },
			"registering aws:backup/vault:Vault vault: input kmsKeyArn: refers to key, which is not registered before it"},
	} {
		t.Run(name, func(t *testing.T) {
			r := vault
			tc.edit(&r)
			_, err := registerUnderMocks([]planned.Resource{r})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// A renamed resource's earlier logical names reach the engine as aliases,
// under the component's prefix, so the stack keeps the resource.
func TestRegistrarRegistersAliases(t *testing.T) {
	m, err := registerUnderMocks([]planned.Resource{
		{Type: "pulumi:providers:aws", Name: "aws-provider-eu-west-1", Region: "eu-west-1",
			Aliases: []string{"aws-eu-west-1"}},
		{Type: "aws:backup/vault:Vault", Name: "locked-vault", Provider: "aws-provider-eu-west-1",
			Inputs: map[string]any{"name": "v"}, Aliases: []string{"standard-vault"}},
	})
	require.NoError(t, err)
	byName := m.byName()
	assert.Equal(t, []string{"backup-standard-vault"}, byName["backup-locked-vault"].Aliases)
	assert.Equal(t, []string{"backup-aws-eu-west-1"}, byName["backup-aws-provider-eu-west-1"].Aliases, "providers too")
}
