package provider

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
)

const memberAccountID = "222222222222"

// centralOutputs runs OrgBackup and returns its deployments output as a
// stack exports it.
func centralOutputs(t *testing.T, args OrgBackupArgs) (*mocks, map[string]any) {
	t.Helper()
	m, deployments, err := run(args)
	require.NoError(t, err)
	return m, exported(reflect.ValueOf(deployments)).(map[string]any)
}

// exported is a Go value as a stack exports it: structs by their pulumi names.
func exported(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return exported(v.Elem())
	case reflect.Struct:
		out := map[string]any{}
		for i := range v.NumField() {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("pulumi"), ",")
			if value := exported(v.Field(i)); value != nil {
				out[name] = value
			}
		}
		return out
	case reflect.Map:
		out := map[string]any{}
		for _, k := range v.MapKeys() {
			out[k.String()] = exported(v.MapIndex(k))
		}
		return out
	case reflect.Slice:
		out := make([]any, v.Len())
		for i := range v.Len() {
			out[i] = exported(v.Index(i))
		}
		return out
	}
	return v.Interface()
}

// runMember runs a MemberAccount in the member account, against a central
// stack exporting outputs.
func runMember(args MemberAccountArgs, stackOutputs map[string]any) (*mocks, *MemberAccount, error) {
	return runMemberIn(&mocks{account: memberAccountID, stackOutputs: stackOutputs}, args)
}

func runMemberIn(m *mocks, args MemberAccountArgs) (*mocks, *MemberAccount, error) {
	var comp *MemberAccount
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		var err error
		comp, err = NewMemberAccount(ctx, "member", args)
		return err
	}, pulumi.WithMocks("project", "member-stack", m))
	return m, comp, err
}

func stackArgs(deployment string) MemberAccountArgs {
	return MemberAccountArgs{CentralStack: ptr("acme/backup/prod"), Deployment: ptr(deployment)}
}

func TestStackSetAndInstances(t *testing.T) {
	m, deployments, err := run(exampleArgs(t, "lag-pitr"))
	require.NoError(t, err)
	byName := m.byName()
	stackSet := byName["backup-ca-prod-stack-set"]
	assert.Equal(t, desired.CloudFormationStackSet, stackSet.Type)
	assert.Equal(t, "org-aws-backup-ca-prod", stackSet.Inputs["name"].StringValue())
	assert.Equal(t, "SERVICE_MANAGED", stackSet.Inputs["permissionModel"].StringValue())
	assert.Equal(t, "DELEGATED_ADMIN", stackSet.Inputs["callAs"].StringValue(), "the central account is not the management account")
	assert.True(t, stackSet.Inputs["autoDeployment"].ObjectValue()["enabled"].BoolValue())
	assert.False(t, stackSet.Inputs["autoDeployment"].ObjectValue()["retainStacksOnAccountRemoval"].BoolValue())
	assert.Equal(t, "key-id-of-backup-ca-prod-key-eu-west-2",
		stackSet.Inputs["parameters"].ObjectValue()[member.KMSKeyIDParameter].StringValue())
	assert.JSONEq(t, member.Template(mustInput(t, deployments["ca-prod"])), stackSet.Inputs["templateBody"].StringValue())

	instances := byName["backup-ca-prod-stack-set-instances"]
	assert.Equal(t, desired.CloudFormationStackInstances, instances.Type)
	assert.Equal(t, "org-aws-backup-ca-prod", instances.Inputs["stackSetName"].StringValue())
	assert.Equal(t, []resource.PropertyValue{resource.NewProperty("eu-west-2"), resource.NewProperty("eu-west-1")},
		instances.Inputs["regions"].ArrayValue())
	assert.Equal(t, []resource.PropertyValue{resource.NewProperty("ou-abcd-11111111"), resource.NewProperty("ou-abcd-22222222")},
		instances.Inputs["deploymentTargets"].ObjectValue()["organizationalUnitIds"].ArrayValue())
	assert.Equal(t, "DELEGATED_ADMIN", instances.Inputs["callAs"].StringValue())
	assert.Equal(t, "backup-ca-prod-stack-set-id", *deployments["ca-prod"].StackSetID)
}

func mustInput(t *testing.T, d DeploymentOutputs) member.Input {
	t.Helper()
	in := d.MemberAccountConfig.memberInput()
	in.KMSKeyID = ""
	return in
}

func TestStackSetCallsAsSelfInTheManagementAccount(t *testing.T) {
	ctx := testContext
	ctx.ManagementAccountID = ctx.AccountID
	args := exampleArgs(t, "reference")
	cfg, err := config.Resolve(args.toConfig(), ctx)
	require.NoError(t, err)
	assert.Equal(t, config.StackSet, cfg.MemberAccountResources)
	plan := expectedPlanIn(t, args, ctx)
	for _, r := range plan.Resources {
		if strings.HasPrefix(r.Type, "aws:cloudformation/") {
			assert.Equal(t, "SELF", r.Inputs["callAs"], r.Name)
		}
	}
}

func TestNoStackSetForMemberAccountStacks(t *testing.T) {
	args := exampleArgs(t, "reference")
	args.MemberAccountResources = ptr(MemberAccountResources(config.MemberAccountStacks))
	m, deployments, err := run(args)
	require.NoError(t, err)
	assert.Empty(t, m.ofType(desired.CloudFormationStackSet))
	assert.Empty(t, m.ofType(desired.CloudFormationStackInstances))
	assert.Nil(t, deployments["website-service"].StackSetID)
}

func TestMemberAccountFromTheCentralStack(t *testing.T) {
	_, outputs := centralOutputs(t, exampleArgs(t, "lag-pitr"))
	m, comp, err := runMember(stackArgs("ca-prod"), map[string]any{"deployments": outputs})
	require.NoError(t, err)
	require.NotNil(t, comp)
	byName := m.byName()
	assert.Equal(t, "acme/backup/prod", byName["member-central"].Inputs["name"].StringValue())

	vault := byName["member-BackupVault-eu-west-1"]
	assert.Equal(t, desired.BackupVault, vault.Type)
	assert.Equal(t, "org-aws-backup-ca-prod-cmk", vault.Inputs["name"].StringValue())
	assert.Equal(t, "arn:aws:kms:eu-west-1:111111111111:key/key-id-of-backup-ca-prod-key-eu-west-2",
		vault.Inputs["kmsKeyArn"].StringValue(), "multi-region keys share their id")
	assert.True(t, vault.RetainOnDelete)
	assert.Contains(t, vault.Provider, "::member-aws-eu-west-1::")
	restore := byName["member-RestoreVault-eu-west-2"]
	assert.NotContains(t, restore.Inputs, resource.PropertyKey("kmsKeyArn"), "the restore vault uses the AWS-managed key")

	policy := byName["member-BackupVault-eu-west-2-policy"].Inputs["policy"].StringValue()
	assert.Contains(t, policy, `"arn:aws:iam::222222222222:role/BackupAdmin"`)
	assert.Contains(t, policy, `"arn:aws:iam::111111111111:role/aws-backup-ca-prod-backup-service-role"`)
	assert.NotContains(t, policy, "${", "every placeholder is resolved")

	target := byName["member-EventForwarderRule-eu-west-1-target"]
	assert.Equal(t, "arn:aws:events:eu-west-1:111111111111:event-bus/aws-backup-ca-prod", target.Inputs["arn"].StringValue())
	assert.Equal(t, "arn:aws:iam::222222222222:role/org-aws-backup-ca-prod-event-forwarder", target.Inputs["roleArn"].StringValue())

	trust := byName["member-BackupServiceRole"].Inputs["assumeRolePolicy"].StringValue()
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"backup.amazonaws.com"},`+
		`"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"222222222222"}}}]}`, trust,
		"only AWS Backup of the account itself uses the backup service role")
	access := byName["member-CentralAccessRole"]
	assert.Equal(t, "org-aws-backup-ca-prod-central-access", access.Inputs["name"].StringValue())
	trust = access.Inputs["assumeRolePolicy"].StringValue()
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},`+
		`"Action":"sts:AssumeRole","Condition":{"ArnEquals":{"aws:PrincipalArn":["arn:aws:iam::111111111111:role/aws-backup-ca-prod-backup-ingest-sfn",`+
		`"arn:aws:iam::111111111111:role/aws-backup-ca-prod-backup-reconcile-sfn"]},`+
		`"StringEquals":{"aws:PrincipalOrgID":"o-abcd1234ef"}}}]}`, trust,
		"the central account, narrowed to the ingest and reconciler roles by ARN: no unique id of a role of another account")
	restoreTrust := byName["member-RestoreAccessRole"].Inputs["assumeRolePolicy"].StringValue()
	assert.Contains(t, restoreTrust, `"aws:PrincipalArn":"arn:aws:iam::111111111111:role/aws-backup-ca-prod-backup-restore-sfn"`)
	assert.NotContains(t, byName["member-RestoreAccessRole-policy"].Inputs["policy"].StringValue(), "UpdateRecoveryPointLifecycle",
		"the restore flow changes no lifecycle")
	assert.NotContains(t, policy, "restore-access", "the restore access role needs no exemption from the vault deny")
	for _, a := range m.ofType(desired.IAMRolePolicyAttachment) {
		assert.NotContains(t, a.Name, "CentralAccessRole", "no managed policy on the role central machines assume")
	}
	assert.Contains(t, policy, `"arn:aws:iam::222222222222:role/org-aws-backup-ca-prod-central-access"`,
		"the central access role may shorten lifecycles in the member vault")
	assert.Len(t, m.ofType(desired.IAMServiceLinkedRole), 1, "the account has none")
}

// TestMemberAccountAdoptsItsVaults creates a member stack again after the
// first one was destroyed: the vaults it kept are imported, region by
// region through the provider of their region, and the others created.
func TestMemberAccountAdoptsItsVaults(t *testing.T) {
	_, outputs := centralOutputs(t, exampleArgs(t, "lag-pitr"))
	m := &mocks{account: memberAccountID, stackOutputs: map[string]any{"deployments": outputs}, vaults: map[string]bool{
		"/org-aws-backup-ca-prod-cmk":                         true,
		"member-aws-eu-west-1/org-aws-backup-ca-prod-cmk":     true,
		"member-aws-eu-west-1/org-aws-backup-ca-prod-default": true,
	}}
	_, _, err := runMemberIn(m, stackArgs("ca-prod"))
	require.NoError(t, err)
	imports := map[string]string{}
	for _, v := range m.ofType(desired.BackupVault) {
		imports[v.Name] = v.ImportID
	}
	assert.Equal(t, map[string]string{
		"member-BackupVault-eu-west-2":  "org-aws-backup-ca-prod-cmk",
		"member-BackupVault-eu-west-1":  "org-aws-backup-ca-prod-cmk",
		"member-RestoreVault-eu-west-2": "",
		"member-RestoreVault-eu-west-1": "org-aws-backup-ca-prod-default",
		"member-LockedVault-eu-west-2":  "",
		"member-LockedVault-eu-west-1":  "",
	}, imports)
	for _, c := range m.children {
		if c.Type != desired.BackupVault {
			assert.Empty(t, c.ImportID, "only vaults are adopted: %s", c.Name)
		}
	}
}

func TestMemberAccountFromConfig(t *testing.T) {
	_, outputs := centralOutputs(t, exampleArgs(t, "reference"))
	_, deployments, err := run(exampleArgs(t, "reference"))
	require.NoError(t, err)
	config := deployments["website-service"].MemberAccountConfig
	fromConfig, _, err := runMember(MemberAccountArgs{Config: &config}, nil)
	require.NoError(t, err)
	fromStack, _, err := runMember(stackArgs("website-service"), map[string]any{"deployments": outputs})
	require.NoError(t, err)
	a, b := fromConfig.byName(), fromStack.byName()
	delete(b, "member-central")
	require.Equal(t, len(a), len(b))
	for name, c := range a {
		assert.Equal(t, c.Inputs, b[name].Inputs, name)
	}
}

func TestMemberAccountInputErrors(t *testing.T) {
	_, _, err := runMember(MemberAccountArgs{CentralStack: ptr("acme/backup/prod")}, nil)
	assert.ErrorContains(t, err, "MemberAccount needs either centralStack and deployment, or config")
	_, outputs := centralOutputs(t, exampleArgs(t, "reference"))
	m, _, err := runMember(stackArgs("missing"), map[string]any{"deployments": outputs})
	assert.ErrorContains(t, err, `stack acme/backup/prod has no deployment "missing" in its output "deployments"`)
	assert.Empty(t, m.ofType(desired.BackupVault))
	bad := MemberAccountConfig{Deployment: "web", Partition: "aws", Regions: []string{"eu-west-9"}, AdminRoleNames: []string{"Admin", "${Admin}"}}
	_, _, err = runMember(MemberAccountArgs{Config: &bad}, nil)
	assert.ErrorContains(t, err, `memberAccountConfig.regions[0]: "eu-west-9" is not a region of partition aws`)
	assert.ErrorContains(t, err, `memberAccountConfig.kmsKeyId: is required`)
	assert.ErrorContains(t, err, `memberAccountConfig.adminRoleNames[1]: "${Admin}" may only contain role name characters (letters, digits and '+=,.@_-') and '/' between the segments of its path`)
	assert.NotContains(t, err.Error(), "adminRoleNames[0]")

	_, deployments, err := run(exampleArgs(t, "reference"))
	require.NoError(t, err)
	config := deployments["website-service"].MemberAccountConfig
	_, _, err = runMember(MemberAccountArgs{Config: &config, Tags: pulumi.StringMap{"aws:team": pulumi.String("x")}}, nil)
	assert.ErrorContains(t, err, `tags["aws:team"]: tag key "aws:team" uses the reserved prefix aws:`)
}

// TestBothPathsCreateTheSameMemberResources deploys the StackSet's template
// (as OrgBackup registers it) in every region, and a MemberAccount, and
// compares what each creates in the member account.
func TestBothPathsCreateTheSameMemberResources(t *testing.T) {
	for _, example := range []string{"reference", "lag-pitr"} {
		t.Run(example, func(t *testing.T) {
			args := exampleArgs(t, example)
			central, outputs := centralOutputs(t, args)
			var key string
			for k := range outputs {
				key = k
			}
			stackSet := central.byName()["backup-"+key+"-stack-set"]
			template := stackSet.Inputs["templateBody"].StringValue()
			parameters := map[string]string{}
			for name, v := range stackSet.Inputs["parameters"].ObjectValue() {
				parameters[string(name)] = v.StringValue()
			}
			var regions []string
			for _, r := range central.byName()["backup-"+key+"-stack-set-instances"].Inputs["regions"].ArrayValue() {
				regions = append(regions, r.StringValue())
			}
			fromTemplate := templateResources(t, template, regions, parameters)

			memberArgs := stackArgs(key)
			memberArgs.Tags = args.Tags
			m, _, err := runMember(memberArgs, map[string]any{"deployments": outputs})
			require.NoError(t, err)
			assert.Equal(t, fromTemplate, memberResources(m))
			if example == "lag-pitr" {
				frameworks := 0
				for _, r := range fromTemplate {
					if r.Kind == "framework" {
						frameworks++
					}
				}
				assert.Equal(t, len(regions), frameworks, "the audit framework in every region")
			}
		})
	}
}

// A normalized member resource: what it is and how it is configured.
type memberResource struct {
	Kind, Name, Region string
	Settings           string
}

func canonical(t *testing.T, v any) string {
	data, err := json.Marshal(v)
	require.NoError(t, err)
	var parsed any
	require.NoError(t, json.Unmarshal(data, &parsed))
	data, err = json.Marshal(parsed)
	require.NoError(t, err)
	return string(data)
}

// templateResources lists what the template creates in each region, with
// CloudFormation's substitutions applied for the member account.
func templateResources(t *testing.T, template string, regions []string, parameters map[string]string,
) []memberResource {
	var tpl struct {
		Parameters map[string]struct{ Default string }
		Conditions map[string]map[string][]any
		Resources  map[string]struct {
			Type       string
			Condition  string
			Properties map[string]any
		}
	}
	require.NoError(t, json.Unmarshal([]byte(template), &tpl))
	primary := tpl.Conditions["CreateGlobalResources"]["Fn::Equals"][1].(string)
	parameter := func(name string) string {
		if v, ok := parameters[name]; ok {
			return v
		}
		return tpl.Parameters[name].Default
	}
	var out []memberResource
	for _, region := range regions {
		sub := strings.NewReplacer("${AWS::AccountId}", memberAccountID, "${AWS::Region}", region,
			"${AWS::Partition}", "aws", "${KmsKeyId}", parameter(member.KMSKeyIDParameter))
		var resolve func(v any) any
		resolve = func(v any) any {
			switch v := v.(type) {
			case map[string]any:
				if s, ok := v["Fn::Sub"].(string); ok && len(v) == 1 {
					return sub.Replace(s)
				}
				if name, ok := v["Ref"].(string); ok && len(v) == 1 {
					return parameter(name)
				}
				out := map[string]any{}
				for k, e := range v {
					out[k] = resolve(e)
				}
				return out
			case []any:
				out := make([]any, len(v))
				for i, e := range v {
					out[i] = resolve(e)
				}
				return out
			}
			return v
		}
		for _, r := range tpl.Resources {
			if r.Condition != "" && region != primary {
				continue
			}
			p := resolve(r.Properties).(map[string]any)
			switch r.Type {
			case "AWS::IAM::Role":
				// MemberAccount creates no vault manager: its role, named per
				// region on its path, is the StackSet's alone.
				path, _ := p["Path"].(string)
				if name, named := p["RoleName"].(string); named && !strings.HasSuffix(path, "-vault-manager/") {
					var policy any
					if policies, ok := p["Policies"].([]any); ok {
						policy = policies[0].(map[string]any)["PolicyDocument"]
					}
					out = append(out, memberResource{"role", name, "",
						canonical(t, []any{p["AssumeRolePolicyDocument"], policy, p["ManagedPolicyArns"]})})
				}
			case "Custom::BackupVault":
				var tags map[string]any
				require.NoError(t, json.Unmarshal([]byte(p["Tags"].(string)), &tags))
				policy := withoutVaultManager(p["AccessPolicy"])
				if strings.Contains(p["BackupVaultName"].(string), "-lag-") { // the member air-gapped vault
					policy = airGappedPolicy // see memberResources
				}
				out = append(out, memberResource{"vault", p["BackupVaultName"].(string), region,
					canonical(t, []any{p["EncryptionKeyArn"], policy, tags, p["LockConfiguration"]})})
			case "Custom::BackupServiceLinkedRole":
				out = append(out, memberResource{"service-linked-role", "AWSServiceRoleForBackup", "", ""})
			case "AWS::Backup::Framework":
				out = append(out, memberResource{"framework", p["FrameworkName"].(string), region,
					canonical(t, []any{p["FrameworkDescription"], p["FrameworkControls"]})})
			case "AWS::Events::Rule":
				target := p["Targets"].([]any)[0].(map[string]any)
				out = append(out, memberResource{"rule", p["Name"].(string), region,
					canonical(t, []any{p["EventPattern"], target["Arn"], target["RoleArn"]})})
			}
		}
	}
	sortResources(out)
	return out
}

// memberResources lists what a MemberAccount registered, in the same form.
func memberResources(m *mocks) []memberResource {
	byName := m.byName()
	var out []memberResource
	decode := func(s string) any {
		var v any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			panic(err)
		}
		return v
	}
	for name, c := range byName {
		switch c.Type {
		case desired.IAMRole:
			var policy any
			if p, ok := byName[name+"-policy"]; ok {
				policy = decode(p.Inputs["policy"].StringValue())
			}
			var managed []any
			for _, a := range m.ofType(desired.IAMRolePolicyAttachment) {
				if strings.HasPrefix(a.Name, name+"-") {
					managed = append(managed, a.Inputs["policyArn"].StringValue())
				}
			}
			sort.Slice(managed, func(i, j int) bool { return managed[i].(string) < managed[j].(string) })
			out = append(out, memberResource{"role", c.Inputs["name"].StringValue(), "",
				canonicalJSON([]any{decode(c.Inputs["assumeRolePolicy"].StringValue()), policy, managed})})
		case desired.BackupVault:
			var key any
			if k, ok := c.Inputs["kmsKeyArn"]; ok {
				key = k.StringValue()
			}
			// A lock as the template's LockConfiguration property writes it.
			var lock any
			if l, ok := byName[name+"-lock"]; ok {
				lock = map[string]any{"MinRetentionDays": l.Inputs["minRetentionDays"].NumberValue(),
					"MaxRetentionDays":  l.Inputs["maxRetentionDays"].NumberValue(),
					"ChangeableForDays": l.Inputs["changeableForDays"].NumberValue()}
			}
			out = append(out, memberResource{"vault", c.Inputs["name"].StringValue(), regionOf(name),
				canonicalJSON([]any{key, decode(byName[name+"-policy"].Inputs["policy"].StringValue()), tagsOf(c, "tags"), lock})})
		case desired.BackupAirGappedVault:
			// An air-gapped vault has no key of the account (null, as the
			// template's EncryptionKeyArn); its retention, which its name
			// carries, is in the vault manager's environment, not in the
			// template's properties. Its policy differs by design: the
			// StackSet's vault manager, or the admin roles of a MemberAccount
			// stack, manage it (iam.MemberAirGappedVault), and the authorization
			// tier checks each shape's; here it is left out.
			out = append(out, memberResource{"vault", c.Inputs["backupVaultName"].StringValue(), regionOf(name),
				canonicalJSON([]any{nil, airGappedPolicy, tagsOf(c, "backupVaultTags"), nil})})
		case desired.IAMServiceLinkedRole:
			out = append(out, memberResource{"service-linked-role", "AWSServiceRoleForBackup", "", ""})
		case desired.BackupFramework:
			out = append(out, memberResource{"framework", c.Inputs["name"].StringValue(), regionOf(name),
				canonicalJSON([]any{c.Inputs["description"].StringValue(),
					cfnControls(c.Inputs["controls"].Mappable().([]any))})})
		case desired.EventRule:
			target := byName[name+"-target"]
			out = append(out, memberResource{"rule", c.Inputs["name"].StringValue(), regionOf(name),
				canonicalJSON([]any{decode(c.Inputs["eventPattern"].StringValue()), target.Inputs["arn"].StringValue(),
					target.Inputs["roleArn"].StringValue()})})
		}
	}
	sortResources(out)
	return out
}

// cfnControls writes a framework's controls as the template's
// FrameworkControls property does.
func cfnControls(controls []any) []any {
	out := make([]any, len(controls))
	for i, c := range controls {
		c := c.(map[string]any)
		control := map[string]any{"ControlName": c["name"]}
		if params, ok := c["inputParameters"].([]any); ok {
			var cfn []any
			for _, p := range params {
				p := p.(map[string]any)
				cfn = append(cfn, map[string]any{"ParameterName": p["name"], "ParameterValue": p["value"]})
			}
			control["ControlInputParameters"] = cfn
		}
		if scope, ok := c["scope"].(map[string]any); ok {
			cfn := map[string]any{}
			if types, ok := scope["complianceResourceTypes"]; ok {
				cfn["ComplianceResourceTypes"] = types
			}
			if tags, ok := scope["tags"].(map[string]any); ok {
				var list []any
				for _, key := range slices.Sorted(maps.Keys(tags)) {
					list = append(list, map[string]any{"Key": key, "Value": tags[key]})
				}
				cfn["Tags"] = list
			}
			control["ControlScope"] = cfn
		}
		out[i] = control
	}
	return out
}

// tagsOf is a resource's tags input, {} without one.
func tagsOf(c child, input resource.PropertyKey) map[string]any {
	if c.Inputs[input].IsObject() {
		return c.Inputs[input].ObjectValue().Mappable()
	}
	return map[string]any{}
}

// airGappedPolicy stands for a member air-gapped vault's policy, which the
// two shapes write differently by design (memberResources).
const airGappedPolicy = "the member air-gapped vault's policy"

// regionOf is the region a member resource's logical name ends with.
func regionOf(name string) string {
	for _, r := range []string{"eu-west-1", "eu-west-2", "us-east-1"} {
		if strings.HasSuffix(name, "-"+r) {
			return r
		}
	}
	panic(fmt.Sprintf("no region in %s", name))
}

func canonicalJSON(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(data)
}

func sortResources(rs []memberResource) {
	sort.Slice(rs, func(i, j int) bool {
		return rs[i].Kind+rs[i].Name+rs[i].Region < rs[j].Kind+rs[j].Name+rs[j].Region
	})
}

// withoutVaultManager is a template's vault policy without the exemptions
// of the StackSet's vault manager role, the one difference from the
// component's, which has no vault manager.
func withoutVaultManager(policy any) any {
	switch v := policy.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			out[k] = withoutVaultManager(e)
		}
		return out
	case []any:
		var out []any
		for _, e := range v {
			if s, ok := e.(string); ok && strings.Contains(s, "-vault-manager/") {
				continue
			}
			out = append(out, withoutVaultManager(e))
		}
		return out
	}
	return policy
}

// MemberAccount never creates the StackSet, so a config whose names only
// the StackSet refuses (StackSet names allow no '_',
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html)
// is as valid for it as it is for OrgBackup with memberAccountResources
// MemberAccountStacks.
func TestMemberAccountAcceptsWhatOrgBackupAcceptsWithoutAStackSet(t *testing.T) {
	args := exampleArgs(t, "reference")
	stacks := MemberAccountResources(config.MemberAccountStacks)
	args.MemberAccountResources = &stacks
	args.MemberAccountResourceNamePrefix = "org_"
	args.Deployments["web_1"] = args.Deployments["website-service"]
	delete(args.Deployments, "website-service")
	_, outputs := centralOutputs(t, args)
	m, _, err := runMember(stackArgs("web_1"), map[string]any{"deployments": outputs})
	require.NoError(t, err)
	assert.NotEmpty(t, m.ofType(desired.BackupVault))
}

// A member name over its limit names the memberAccountConfig input that
// drives it and how much to cut.
func TestMemberAccountNamesTheInputToShorten(t *testing.T) {
	_, deployments, err := run(exampleArgs(t, "reference"))
	require.NoError(t, err)
	cfg := deployments["website-service"].MemberAccountConfig
	cfg.MemberAccountResourceNamePrefix = strings.Repeat("p", 30) // 30 + "website-service" + "-backup-service-role" = 65
	_, _, err = runMember(MemberAccountArgs{Config: &cfg}, nil)
	p := cfg.MemberAccountResourceNamePrefix
	// IAM role names: at most 64 characters
	// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html);
	// backup vault names: at most 50
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html).
	assert.ErrorContains(t, err, `memberAccountConfig: IAM role name "`+p+`website-service-backup-service-role" is 65 `+
		`characters, exceeds 64: shorten memberAccountConfig.memberAccountResourceNamePrefix "`+p+`" or `+
		`memberAccountConfig.deployment "website-service" by 1 character`)
	assert.ErrorContains(t, err, `memberAccountConfig: backup vault name "`+p+`website-service-default" is 53 `+
		`characters, exceeds 50: shorten memberAccountConfig.memberAccountResourceNamePrefix "`+p+`" or `+
		`memberAccountConfig.deployment "website-service" by 3 characters`)
}
