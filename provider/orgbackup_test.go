package provider

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/policy"
)

func ptr[T any](v T) *T { return &v }

// referenceArgs is the reference module's README example, with a member
// prefix short enough for the AWS name limits.
func referenceArgs() OrgBackupArgs {
	return OrgBackupArgs{
		CentralAccountResourceNamePrefix: "immutable-aws-backup-",
		MemberAccountResourceNamePrefix:  "orgdeploy-aws-backup-",
		Deployments: map[string]Deployment{
			"website-service": {
				BackupTargets:    []pulumi.StringInput{pulumi.String("ou-abcd-defghijk")},
				MinRetentionDays: ptr(7),
				MaxRetentionDays: ptr(90),
				BackupTagKey:     ptr("BackupPlan"),
				Plans: map[string]Plan{
					"GFS-7-28-90": {
						RequirePlanNameResourceTag: ptr(true),
						UseLogicallyAirGappedVault: ptr(false),
						Rules: []Rule{
							{Name: ptr("daily"), ScheduleExpression: "cron(0 3 ? * * *)", DeleteAfterDays: ptr(7)},
							{Name: ptr("weekly"), ScheduleExpression: "cron(0 3 ? * 2 *)", DeleteAfterDays: ptr(28)},
							{Name: ptr("monthly"), ScheduleExpression: "cron(0 3 1 * ? *)", DeleteAfterDays: ptr(90)},
						},
					},
				},
			},
		},
	}
}

func TestOrgBackupRegistersThePolicyEnginePolicies(t *testing.T) {
	args := referenceArgs()
	args.Tags = pulumi.StringMap{"Owner": pulumi.String("platform")}
	m, deployments, err := run(args)
	require.NoError(t, err)

	cfg, err := config.Resolve(args.toConfig(), testContext)
	require.NoError(t, err)
	want, err := policy.Documents(cfg, testContext)
	require.NoError(t, err)
	require.Len(t, want, 1)

	policies := m.ofType("aws:organizations/policy:Policy")
	require.Len(t, policies, 1)
	p := policies[0]
	assert.Equal(t, "backup-immutable-aws-backup-website-service", p.Name)
	assert.Equal(t, want[0].Name, p.Inputs["name"].StringValue())
	assert.Equal(t, "BACKUP_POLICY", p.Inputs["type"].StringValue())
	assert.Equal(t, want[0].Content, p.Inputs["content"].StringValue())
	assert.Equal(t, "platform", p.Inputs["tags"].ObjectValue()["Owner"].StringValue())

	attachments := m.ofType("aws:organizations/policyAttachment:PolicyAttachment")
	require.Len(t, attachments, 1)
	assert.Equal(t, "backup-immutable-aws-backup-website-service-0", attachments[0].Name)
	assert.Equal(t, "ou-abcd-defghijk", attachments[0].Inputs["targetId"].StringValue())
	assert.Equal(t, "backup-immutable-aws-backup-website-service-id", attachments[0].Inputs["policyId"].StringValue())

	assert.Len(t, m.children, 3, "the component, its policy and the attachment")
	assert.Equal(t, map[string]DeploymentOutputs{"website-service": {
		PolicyIDs:   []string{"backup-immutable-aws-backup-website-service-id"},
		PolicyNames: []string{"immutable-aws-backup-website-service"},
	}}, deployments)
}

func TestSplitPoliciesAreAllAttachedToEveryTarget(t *testing.T) {
	args := referenceArgs()
	args.Regions = []string{"eu-west-2", "eu-west-1", "us-east-1", "us-west-2"}
	d := args.Deployments["website-service"]
	d.BackupTargets = append(d.BackupTargets, pulumi.String("ou-abcd-zzzzzzzz"))
	args.Deployments["website-service"] = d
	m, deployments, err := run(args)
	require.NoError(t, err)
	names := deployments["website-service"].PolicyNames
	require.Greater(t, len(names), 1)
	assert.Len(t, m.ofType("aws:organizations/policy:Policy"), len(names))
	assert.Len(t, m.ofType("aws:organizations/policyAttachment:PolicyAttachment"), 2*len(names))
}

func TestInvalidInputsRegisterNothing(t *testing.T) {
	args := referenceArgs()
	args.CentralAccountResourceNamePrefix = ""
	args.Deployments["website-service"].Plans["GFS-7-28-90"].Rules[2].DeleteAfterDays = ptr(400)
	m, _, err := run(args)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "centralAccountResourceNamePrefix: is required")
	assert.Contains(t, err.Error(),
		`deployments["website-service"].plans["GFS-7-28-90"].rules[2].deleteAfterDays: 400 exceeds maxRetentionDays 90`)
	assert.Empty(t, m.children)
}

// TestArgsMatchConfig keeps the schema-facing input types and the pure
// model in step: the same names, nesting and kinds.
func TestArgsMatchConfig(t *testing.T) {
	compareFields(t, "OrgBackupArgs", reflect.TypeFor[OrgBackupArgs](), reflect.TypeFor[config.Config]())
}

func compareFields(t *testing.T, path string, args, model reflect.Type) {
	t.Helper()
	modelFields := map[string]reflect.StructField{}
	for _, f := range reflect.VisibleFields(model) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		modelFields[name] = f
	}
	for _, f := range reflect.VisibleFields(args) {
		name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		mf, ok := modelFields[name]
		if !assert.True(t, ok, "%s.%s has no counterpart in the config model", path, name) {
			continue
		}
		delete(modelFields, name)
		at, mt := elem(f.Type), elem(mf.Type)
		if at.Kind() == reflect.Struct && mt.Kind() == reflect.Struct {
			compareFields(t, path+"."+name, at, mt)
		}
	}
	for name := range modelFields {
		assert.Fail(t, "missing input", "%s.%s is in the config model but not an input", path, name)
	}
}

// elem strips pointers, slices and maps down to the element type.
func elem(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	return t
}
