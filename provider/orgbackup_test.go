package provider

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// exampleArgs reads an example config as OrgBackup inputs.
func exampleArgs(t testing.TB, example string) OrgBackupArgs {
	t.Helper()
	data, err := os.ReadFile("../examples/config/" + example + ".yaml")
	require.NoError(t, err)
	f, err := config.Load(data)
	require.NoError(t, err)
	require.Equal(t, testContext.Region, f.Context.Region)
	return argsOf(f.Config)
}

// argsOf is the inverse of toConfig (TestArgsOfIsTheInverseOfToConfig).
func argsOf(c config.Config) OrgBackupArgs {
	a := OrgBackupArgs{
		CentralAccountResourceNamePrefix: c.CentralAccountResourceNamePrefix,
		MemberAccountResourceNamePrefix:  c.MemberAccountResourceNamePrefix,
		Regions:                          c.Regions,
		Alerts:                           alertsArgs(c.Alerts),
		Deployments:                      map[string]Deployment{},
	}
	if c.Tags != nil {
		a.Tags = pulumi.ToStringMap(c.Tags)
	}
	if c.MemberAccountResources != "" {
		a.MemberAccountResources = ptr(MemberAccountResources(c.MemberAccountResources))
	}
	if c.GuardPolicyManagedBy != "" {
		a.GuardPolicyManagedBy = ptr(GuardPolicyManagedBy(c.GuardPolicyManagedBy))
	}
	a.MpaApprovalTeamArn = optional(c.MpaApprovalTeamArn)
	for key, d := range c.Deployments {
		ad := Deployment{
			MinRetentionDays:             d.MinRetentionDays,
			MaxRetentionDays:             d.MaxRetentionDays,
			BackupTagKey:                 ptr(d.BackupTagKey),
			AdminRoleNames:               d.AdminRoleNames,
			AllowBackupTargetsToRestore:  ptr(d.AllowBackupTargetsToRestore),
			ProtectMemberResources:       ptr(d.ProtectMemberResources),
			Alerts:                       alertsArgs(d.Alerts),
			RestoreDestinationAccountIds: d.RestoreDestinationAccountIDs,
			InAccountLockedCopies:        d.InAccountLockedCopies,
			RestoreTesting:               restoreTestingArgs(d.RestoreTesting),
			Plans:                        map[string]Plan{},
		}
		ad.MpaApprovalTeamArn = optional(d.MpaApprovalTeamArn)
		if r := d.Reconciliation; r != nil {
			ad.Reconciliation = &Reconciliation{ScheduleExpression: optional(r.ScheduleExpression),
				GracePeriodHours: r.GracePeriodHours}
		}
		for _, t := range d.BackupTargets {
			ad.BackupTargets = append(ad.BackupTargets, pulumi.String(t))
		}
		if a := d.AuditReports; a != nil {
			ad.AuditReports = &AuditReports{ConfigRecordingConfirmed: ptr(a.ConfigRecordingConfirmed),
				ReportRetentionDays: a.ReportRetentionDays}
			if a.BucketName != "" {
				ad.AuditReports.BucketName = ptr(a.BucketName)
			}
		}
		for _, v := range d.RetainedVaults {
			ad.RetainedVaults = append(ad.RetainedVaults, RetainedVault{MinRetentionDays: v.MinRetentionDays,
				MaxRetentionDays: v.MaxRetentionDays, UseLogicallyAirGappedVault: ptr(v.UseLogicallyAirGappedVault)})
		}
		for name, p := range d.Plans {
			ap := Plan{
				RequirePlanNameResourceTag: p.RequirePlanNameResourceTag, UseLogicallyAirGappedVault: ptr(p.UseLogicallyAirGappedVault),
				PrimaryBackupToLogicallyAirGappedVault: ptr(p.PrimaryBackupToLogicallyAirGappedVault),
				CreateContinuousBackups:                ptr(p.CreateContinuousBackups), SnapshotFromContinuousBackups: p.SnapshotFromContinuousBackups,
				StartBackupWindowMinutes: p.StartBackupWindowMinutes, CompleteBackupWindowMinutes: p.CompleteBackupWindowMinutes,
				LocalRetentionDays: p.LocalRetentionDays, IntermediateRetentionDays: p.IntermediateRetentionDays,
			}
			if p.ContinuousBackupScheduleExpression != "" {
				ap.ContinuousBackupScheduleExpression = ptr(p.ContinuousBackupScheduleExpression)
			}
			for _, r := range p.Rules {
				ar := Rule{ScheduleExpression: r.ScheduleExpression, DeleteAfterDays: r.DeleteAfterDays,
					LocalRetentionDays: r.LocalRetentionDays, IntermediateRetentionDays: r.IntermediateRetentionDays,
					StartBackupWindowMinutes: r.StartBackupWindowMinutes, CompleteBackupWindowMinutes: r.CompleteBackupWindowMinutes}
				if r.Name != "" {
					ar.Name = ptr(r.Name)
				}
				ap.Rules = append(ap.Rules, ar)
			}
			ad.Plans[name] = ap
		}
		a.Deployments[key] = ad
	}
	return a
}

func alertsArgs(c *config.Alerts) *Alerts {
	if c == nil {
		return nil
	}
	out := &Alerts{TopicArns: c.TopicArns}
	for _, s := range c.Subscriptions {
		out.Subscriptions = append(out.Subscriptions, AlertSubscription{Protocol: s.Protocol, Endpoint: s.Endpoint})
	}
	return out
}

func restoreTestingArgs(c *config.RestoreTesting) *RestoreTesting {
	if c == nil {
		return nil
	}
	out := &RestoreTesting{ScheduleExpression: optional(c.ScheduleExpression),
		ScheduleExpressionTimezone: optional(c.ScheduleExpressionTimezone), StartWindowHours: c.StartWindowHours,
		Algorithm: optional(c.Algorithm), RecoveryPointTypes: c.RecoveryPointTypes,
		SelectionWindowDays: c.SelectionWindowDays, IncludeAirGappedVaults: c.IncludeAirGappedVaults,
		ResourceTypes: map[string]RestoreTestingResourceType{}}
	for name, t := range c.ResourceTypes {
		out.ResourceTypes[name] = RestoreTestingResourceType{ValidationWindowHours: t.ValidationWindowHours,
			RestoreMetadataOverrides: t.RestoreMetadataOverrides}
	}
	return out
}

// Every example's configuration survives argsOf then toConfig, so the
// component tests that read an example run it whole.
func TestArgsOfIsTheInverseOfToConfig(t *testing.T) {
	paths, err := filepath.Glob("../examples/config/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		f, err := config.Load(data)
		require.NoError(t, err, path)
		assert.Equal(t, f.Config, argsOf(f.Config).toConfig(), path)
	}
}

// twoDeployments is the reference example's deployment beside the LAG one.
func twoDeployments(t testing.TB) OrgBackupArgs {
	args := exampleArgs(t, "lag-pitr")
	reference := exampleArgs(t, "reference")
	args.Deployments["website-service"] = reference.Deployments["website-service"]
	return args
}

// expectedPlan is what the component should register for args.
func expectedPlan(t testing.TB, args OrgBackupArgs) central.Result {
	return expectedPlanIn(t, args, testContext)
}

func expectedPlanIn(t testing.TB, args OrgBackupArgs, ctx config.Context) central.Result {
	built, err := central.Build(args.toConfig(), ctx)
	require.NoError(t, err)
	return built
}

const componentURNPrefix = "urn:pulumi:stack::project::orgbackup:index:OrgBackup"

// TestOrgBackupRegistersItsPlan checks every registered child against the
// central plan: type, name, parent, provider, options and every input.
func TestOrgBackupRegistersItsPlan(t *testing.T) {
	for name, args := range map[string]OrgBackupArgs{
		"reference":       exampleArgs(t, "reference"),
		"lag-pitr":        exampleArgs(t, "lag-pitr"),
		"two deployments": twoDeployments(t),
	} {
		t.Run(name, func(t *testing.T) {
			m, _, err := run(args)
			require.NoError(t, err)
			plan := expectedPlan(t, args)
			registered := m.byName()
			assert.Len(t, registered, len(plan.Resources)+1, "the plan and the component")
			component := registered["backup"]
			assert.Equal(t, OrgBackupToken, component.Type)

			for _, r := range plan.Resources {
				c, ok := registered["backup-"+r.Name]
				if !assert.True(t, ok, "%s is not registered", r.Name) {
					continue
				}
				assert.Equal(t, r.Type, c.Type, r.Name)
				assert.True(t, strings.HasPrefix(c.Parent, componentURNPrefix), "%s is parented to the component", r.Name)
				assert.Equal(t, r.RetainOnDelete, c.RetainOnDelete, r.Name)
				assert.Equal(t, r.DeleteBeforeReplace, c.DeleteBeforeReplace, r.Name)
				if r.Provider != "" {
					assert.Contains(t, c.Provider, "::backup-"+r.Provider+"::", r.Name)
				}
				if strings.HasPrefix(r.Type, desired.ProviderPrefix) {
					continue
				}
				want := resource.NewPropertyMapFromMap(resolve(t, args, r.Inputs, registered).(map[string]any))
				assert.Equal(t, want, c.Inputs, r.Name)
				for _, dep := range r.DependsOn {
					assert.Contains(t, c.Dependencies, registeredURN(registered["backup-"+dep]), "%s depends on %s", r.Name, dep)
				}
			}
		})
	}
}

func registeredURN(c child) string {
	return "urn:pulumi:stack::project::" + OrgBackupToken + "$" + c.Type + "::" + c.Name
}

// resolve turns a planned value into the value the mocks should have
// received, with references answered from the registered resources.
func resolve(t testing.TB, args OrgBackupArgs, v any, registered map[string]child) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			if x := resolve(t, args, e, registered); x != nil {
				out[k] = x
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = resolve(t, args, e, registered)
		}
		return out
	case int:
		return float64(v)
	case desired.Ref:
		target := registered["backup-"+v.Resource]
		if v.Output == "id" {
			return target.Name + "-id"
		}
		key := v.Output
		if target.Type == desired.BackupAirGappedVault { // aws-native's names, as register.go reads them
			key = map[string]string{desired.OutputName: "backupVaultName", desired.OutputARN: "backupVaultArn"}[v.Output]
		}
		out, ok := target.Outputs[resource.PropertyKey(key)]
		if !ok || !out.IsString() {
			t.Fatalf("the mocks give %s no output %s", v.Resource, v.Output)
		}
		return out.StringValue()
	case desired.TargetID:
		id, _ := knownString(args.Deployments[v.Deployment].BackupTargets[v.Index])
		return id
	case desired.ComponentTags:
		tags, _ := knownTags(args.Tags)
		tags = v.WithFixed(tags)
		if tags == nil {
			if v.Format == desired.TagJSON {
				return "{}" // a StackSet gets every template parameter
			}
			return nil
		}
		switch v.Format {
		case desired.TagList:
			var list []any
			for _, k := range slices.Sorted(maps.Keys(tags)) {
				list = append(list, map[string]any{"key": k, "value": tags[k]})
			}
			return list
		case desired.TagJSON:
			data, _ := json.Marshal(tags)
			return string(data)
		}
		out := map[string]any{}
		for k, x := range tags {
			out[k] = x
		}
		return out
	}
	return v
}

// referenceAlertsWarning is the warning of the reference example, whose
// alerts have no subscriptions (config.Warnings).
const referenceAlertsWarning = `deployments["website-service"].alerts: the website-service deployment's alert topic ` +
	`"immutable-aws-backup-website-service-alerts" in eu-west-2 has no subscriptions, so its alerts reach nobody; ` +
	`add subscriptions (e.g. {protocol: email, endpoint: backup-alerts@example.com}, then confirm the email SNS ` +
	`sends) to deployments["website-service"].alerts or the component's alerts, or name an existing topic for ` +
	`eu-west-2 in topicArns`

func TestReferenceExampleResourceCounts(t *testing.T) {
	m, deployments, err := run(exampleArgs(t, "reference"))
	require.NoError(t, err)
	// The counts by type are the plan's (TestReferenceExample in central
	// spells them out), plus the component.
	registered, plannedCounts := map[string]int{}, map[string]int{OrgBackupToken: 1}
	for _, c := range m.children {
		registered[c.Type]++
	}
	for _, r := range expectedPlan(t, exampleArgs(t, "reference")).Resources {
		plannedCounts[r.Type]++
	}
	assert.Equal(t, plannedCounts, registered)
	assert.Len(t, m.children, 52)

	policy := m.byName()["backup-website-service-policy-immutable-aws-backup-website-service"]
	assert.Equal(t, "immutable-aws-backup-website-service", policy.Inputs["name"].StringValue())
	assert.Equal(t, "BACKUP_POLICY", policy.Inputs["type"].StringValue())
	lock := m.byName()["backup-website-service-standard-vault-7-90-eu-west-2-lock"]
	assert.Equal(t, float64(3), lock.Inputs["changeableForDays"].NumberValue())
	assert.Equal(t, float64(7), lock.Inputs["minRetentionDays"].NumberValue())
	assert.Equal(t, float64(90), lock.Inputs["maxRetentionDays"].NumberValue())
	assert.True(t, lock.RetainOnDelete)
	assert.Equal(t, desired.AWSVersion, lock.Version)

	out := deployments["website-service"]
	assert.Equal(t, []string{"backup-website-service-policy-immutable-aws-backup-website-service-id"}, out.PolicyIDs)
	region := out.Regions["eu-west-2"]
	assert.Equal(t, "arn:mock:aws:kms/key:Key:backup-website-service-key-eu-west-2", region.KmsKeyArn)
	assert.Equal(t, "immutable-aws-backup-website-service-standard-7-90", region.StandardVaultName)
	assert.Nil(t, region.LagVaultArn)
	assert.Nil(t, region.RamShareArn)
}

func TestLAGRestoresAndRetainedVaultsOutputs(t *testing.T) {
	m, deployments, err := run(exampleArgs(t, "lag-pitr"))
	require.NoError(t, err)
	share := m.byName()["backup-ca-prod-lag-share-eu-west-1"]
	assert.Equal(t, desired.RAMResourceShare, share.Type)
	assert.Equal(t, desired.AWSNativeVersion, share.Version)
	assert.Equal(t, []resource.PropertyValue{
		resource.NewProperty("arn:aws:organizations::999999999999:ou/o-abcd1234ef/ou-abcd-11111111"),
		resource.NewProperty("arn:aws:organizations::999999999999:ou/o-abcd1234ef/ou-abcd-22222222")},
		share.Inputs["principals"].ArrayValue(), "the OUs, not their accounts of the day")
	assert.Equal(t, []resource.PropertyValue{resource.NewProperty(resource.PropertyMap{
		"key": resource.NewProperty("CostCentre"), "value": resource.NewProperty("platform")})},
		share.Inputs["tags"].ArrayValue())

	region := deployments["ca-prod"].Regions["eu-west-1"]
	assert.Equal(t, "aws-backup-ca-prod-lag-7-35", *region.LagVaultName)
	assert.Equal(t, []string{
		"arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-lag-7-12",
		"arn:aws:backup:eu-west-1:111111111111:backup-vault:aws-backup-ca-prod-lag-7-35",
	}, region.LagVaultArns)
	assert.Equal(t, "arn:mock:aws-native:ram:ResourceShare:backup-ca-prod-lag-share-eu-west-1", *region.RamShareArn)
	assert.Equal(t, "arn:mock:aws:kms/replicaKey:ReplicaKey:backup-ca-prod-key-eu-west-1", region.KmsKeyArn)
	assert.Equal(t, []string{"aws-backup-ca-prod", "aws-backup-ca-prod.2"}, deployments["ca-prod"].PolicyNames)
}

// Explicit regional providers copy the stack's aws configuration.
func TestRegionalProvidersCopyTheStackConfiguration(t *testing.T) {
	t.Setenv("PULUMI_CONFIG", `{"aws:profile": "backup-admin", "aws:skipMetadataApiCheck": "true",
		"aws:assumeRole": "{\"roleArn\": \"arn:aws:iam::111111111111:role/deployer\", \"sessionName\": \"orgbackup\"}"}`)
	m, _, err := run(exampleArgs(t, "lag-pitr"))
	require.NoError(t, err)
	provider := m.byName()["backup-aws-eu-west-1"]
	assert.Equal(t, desired.AWSProvider, provider.Type)
	assert.Equal(t, desired.AWSVersion, provider.Version)
	assert.Equal(t, "eu-west-1", provider.Inputs["region"].StringValue())
	assert.Equal(t, "backup-admin", provider.Inputs["profile"].StringValue())
	assert.True(t, provider.Inputs["skipMetadataApiCheck"].BoolValue())
	assert.Equal(t, "arn:aws:iam::111111111111:role/deployer",
		provider.Inputs["assumeRole"].ObjectValue()["roleArn"].StringValue())
	native := m.byName()["backup-aws-native-eu-west-2"]
	assert.Equal(t, "backup-admin", native.Inputs["profile"].StringValue(), "aws-native falls back to the aws settings")
	assert.Equal(t, "eu-west-2", native.Inputs["region"].StringValue())
}

func TestConstructionIsDeterministic(t *testing.T) {
	first, _, err := run(twoDeployments(t))
	require.NoError(t, err)
	for range 5 {
		again, _, err := run(twoDeployments(t))
		require.NoError(t, err)
		a, b := first.byName(), again.byName()
		require.Equal(t, len(a), len(b))
		for name, c := range a {
			require.Equal(t, c.Inputs, b[name].Inputs, name)
		}
	}
}

func TestInvalidInputsRegisterNothing(t *testing.T) {
	args := exampleArgs(t, "reference")
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

// The resource plan's outputs reach the engine as the schema's types.
func TestDeploymentOutputsMarshal(t *testing.T) {
	_, deployments, err := run(exampleArgs(t, "lag-pitr"))
	require.NoError(t, err)
	data, err := json.Marshal(deployments)
	require.NoError(t, err)
	var keys []string
	for k := range deployments {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	assert.Equal(t, []string{"ca-prod"}, keys)
	assert.Contains(t, string(data), "aws-backup-ca-prod-standard-7-35")
}

// tagSource is a resource whose output tags feed a component, so they are
// not known when the component is constructed.
type tagSource struct {
	pulumi.CustomResourceState
	Tags pulumi.StringMapOutput `pulumi:"tags"`
}

// TestTagsFromOutputsAreCheckedOnceKnown: tags that come from another
// resource are checked against AWS's rules once known, like OU ids.
func TestTagsFromOutputsAreCheckedOnceKnown(t *testing.T) {
	construct := func(tags map[string]string) (*mocks, error) {
		m := &mocks{}
		err := pulumi.RunErr(func(ctx *pulumi.Context) error {
			src := &tagSource{}
			if err := ctx.RegisterResource("test:index:TagSource", "tags",
				pulumi.Map{"tags": pulumi.ToStringMap(tags)}, src); err != nil {
				return err
			}
			args := exampleArgs(t, "reference")
			args.Tags = src.Tags
			_, err := NewOrgBackup(ctx, "backup", args)
			return err
		}, pulumi.WithMocks("project", "stack", m))
		return m, err
	}
	m, err := construct(map[string]string{"team": "platform"})
	require.NoError(t, err)
	assert.Equal(t, "platform", m.byName()["backup-website-service-event-bus-eu-west-2"].Inputs["tags"].ObjectValue()["team"].StringValue())

	_, err = construct(map[string]string{"aws:owner": "someone"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `tags["aws:owner"]: tag key "aws:owner" uses the reserved prefix aws:`)

	big := map[string]string{}
	for i := range 20 {
		big[fmt.Sprintf("%s%02d", strings.Repeat("k", 126), i)] = strings.Repeat("v", 125)
	}
	_, err = construct(big)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "tags: make a 5181-character VaultTags parameter for the member StackSet")
}

// TestProviderRegionListedSecond registers a deployment whose provider
// region is not the first listed: its key stays the primary, registered
// before the replicas that refer to it.
func TestProviderRegionListedSecond(t *testing.T) {
	args := exampleArgs(t, "lag-pitr")
	args.Regions = []string{"eu-west-1", "eu-west-2"}
	m, deployments, err := run(args)
	require.NoError(t, err)
	byName := m.byName()
	assert.Equal(t, desired.KMSKey, byName["backup-ca-prod-key-eu-west-2"].Type)
	assert.Equal(t, desired.KMSReplicaKey, byName["backup-ca-prod-key-eu-west-1"].Type)
	assert.Equal(t, []string{"eu-west-2", "eu-west-1"}, deployments["ca-prod"].MemberAccountConfig.Regions)
}

// warningLog records the warnings a program logs.
type warningLog struct {
	pulumi.Log
	mu       sync.Mutex
	warnings []string
}

func (l *warningLog) Warn(msg string, _ *pulumi.LogArgs) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.warnings = append(l.warnings, msg)
	return nil
}

// referenceGuardOn are the SCPs of target when the management account
// attached the reference example's guard to it.
func referenceGuardOn(targets ...string) map[string][]string {
	out := map[string][]string{}
	for _, t := range targets {
		out[t] = []string{"FullAWSAccess", "immutable-aws-backup-website-service-vault-manager-guard"}
	}
	return out
}

// ouSource is a resource whose output id feeds a component's backup target.
type ouSource struct {
	pulumi.CustomResourceState
	OuID pulumi.StringOutput `pulumi:"ouId"`
}

// A root target with the StackSet is deployed with a warning: StackSets
// never deploy to the management account
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html).
// An id that is an output is warned of once known.
// rootHoldsTheBackupAccount is the warning of the reference example with
// the root as its target.
const rootHoldsTheBackupAccount = `deployments["website-service"].backupTargets[0]: "r-abcd" is the organization ` +
	`root, which holds every account, the backup account 111111111111 included. Its backup policy reaches the ` +
	`backup account, whose own backups then stay in a vault of that account that its administrators can empty: ` +
	`they are never copied to the locked vaults, and the deployment's guard SCP restricts the backup account's own ` +
	`principals. Keep workloads out of the backup account and move it into an OU that no deployment targets (or ` +
	`target the OUs under the root, without the backup account's)`

func TestRootTargetWithStackSetLogsAWarning(t *testing.T) {
	const want = `deployments["website-service"].backupTargets[0]: "r-abcd" is the organization root: its backup ` +
		`policy reaches the management account 999999999999, but service-managed StackSets never deploy to the ` +
		`management account, so its backups will fail without the member vaults and roles. Cover it with a ` +
		`MemberAccount stack in account 999999999999, or target the OUs under the root instead of the root`
	for name, fromOutput := range map[string]bool{"known id": false, "id from an output": true} {
		t.Run(name, func(t *testing.T) {
			log := &warningLog{}
			err := pulumi.RunErr(func(ctx *pulumi.Context) error {
				log.Log, ctx.Log = ctx.Log, log
				args := exampleArgs(t, "reference")
				target := pulumi.StringInput(pulumi.String("r-abcd"))
				if fromOutput {
					src := &ouSource{}
					if err := ctx.RegisterResource("test:index:OU", "root", pulumi.Map{"ouId": pulumi.String("r-abcd")},
						src); err != nil {
						return err
					}
					target = src.OuID
				}
				args.Deployments["website-service"].BackupTargets[0] = target
				_, err := NewOrgBackup(ctx, "backup", args)
				return err
			}, pulumi.WithMocks("project", "stack", &mocks{scps: referenceGuardOn("r-abcd")}))
			require.NoError(t, err)
			assert.Equal(t, []string{referenceAlertsWarning, rootHoldsTheBackupAccount, want}, log.warnings)
		})
	}
	log := &warningLog{}
	require.NoError(t, pulumi.RunErr(func(ctx *pulumi.Context) error {
		log.Log, ctx.Log = ctx.Log, log
		_, err := NewOrgBackup(ctx, "backup", exampleArgs(t, "reference"))
		return err
	}, pulumi.WithMocks("project", "stack", &mocks{scps: referenceGuardOn("ou-abcd-defghijk")})))
	assert.Equal(t, []string{referenceAlertsWarning}, log.warnings, "OU targets: only the alerts without subscribers")
}

// An OU target that holds the management account is warned of at run time,
// once its id is known: StackSets do not deploy to the management account
// "even if that account ... belongs to an organizational unit (OU)"
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-associate-stackset-with-org.html).
func TestOUTargetHoldingTheManagementAccountLogsAWarning(t *testing.T) {
	const ou = "ou-abcd-defghijk" // the reference example's target
	const want = `deployments["website-service"].backupTargets[0]: "` + ou + `" holds the management account ` +
		`999999999999: its backup policy reaches it, but service-managed StackSets never deploy to the management ` +
		`account, even in an OU, so its backups will fail without the member vaults and roles. Cover it with a ` +
		`MemberAccount stack in account 999999999999, or move that account out of the OU`
	for name, fromOutput := range map[string]bool{"known id": false, "id from an output": true} {
		t.Run(name, func(t *testing.T) {
			log := &warningLog{}
			m := &mocks{ouAccounts: map[string][]string{ou: {"222222222222", testContext.ManagementAccountID}},
				scps: referenceGuardOn(ou)}
			err := pulumi.RunErr(func(ctx *pulumi.Context) error {
				log.Log, ctx.Log = ctx.Log, log
				args := exampleArgs(t, "reference")
				if fromOutput {
					src := &ouSource{}
					if err := ctx.RegisterResource("test:index:OU", "ou", pulumi.Map{"ouId": pulumi.String(ou)},
						src); err != nil {
						return err
					}
					args.Deployments["website-service"].BackupTargets[0] = src.OuID
				}
				_, err := NewOrgBackup(ctx, "backup", args)
				return err
			}, pulumi.WithMocks("project", "stack", m))
			require.NoError(t, err)
			assert.Equal(t, []string{referenceAlertsWarning, want}, log.warnings)
		})
	}
}

// The component refuses, before registering anything, a guard
// SCP over the SCP size limit, as render does
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
func TestOversizedGuardSCPFailsThePreview(t *testing.T) {
	args := exampleArgs(t, "lag-pitr")
	d := args.Deployments["ca-prod"]
	for i := range 60 {
		d.AdminRoleNames = append(d.AdminRoleNames, fmt.Sprintf("team-%02d/%s", i, strings.Repeat("BackupOperator", 4)))
	}
	args.Deployments["ca-prod"] = d
	m, _, err := run(args)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `deployments["ca-prod"].adminRoleNames: would make the guard SCP`)
	assert.Empty(t, m.byName(), "nothing registered")
}

// With the guard SCPs in the management account's hands, OrgBackup's
// preview warns of each target the guard is not attached to (OrgPrerequisites
// not deployed yet), reading the target's SCPs with ListPoliciesForTarget
// and DescribePolicy; with BackupAccount it plans the guard itself and
// looks nothing up.
func TestGuardNotAttachedLogsAWarning(t *testing.T) {
	warnings := func(args OrgBackupArgs, m *mocks) []string {
		log := &warningLog{}
		require.NoError(t, pulumi.RunErr(func(ctx *pulumi.Context) error {
			log.Log, ctx.Log = ctx.Log, log
			_, err := NewOrgBackup(ctx, "backup", args)
			return err
		}, pulumi.WithMocks("project", "stack", m)))
		return log.warnings
	}
	unguarded := `deployments["website-service"].backupTargets[0]: the guard SCP ` +
		`"immutable-aws-backup-website-service-vault-manager-guard" is not attached to "ou-abcd-defghijk": with ` +
		`guardPolicyManagedBy ManagementAccount, OrgPrerequisites attaches it from the management account ` +
		`(docs/org-prerequisites.md); until it does, the administrators of the accounts under "ou-abcd-defghijk" ` +
		`can change the deployment's member vault manager`
	assert.Equal(t, []string{referenceAlertsWarning, unguarded},
		warnings(exampleArgs(t, "reference"), &mocks{scps: map[string][]string{"ou-abcd-defghijk": {"FullAWSAccess"}}}))

	args := exampleArgs(t, "reference")
	args.GuardPolicyManagedBy = ptr(GuardPolicyManagedBy(config.GuardManagedByBackupAccount))
	got := warnings(args, &mocks{})
	require.Len(t, got, 2, "nothing looked up: the alerts, and the warning of the owner itself")
	assert.Equal(t, referenceAlertsWarning, got[0])
	assert.True(t, strings.HasPrefix(got[1], `guardPolicyManagedBy: "BackupAccount" lets the backup account tag any `+
		`service control policy`), got[1])
}
