package desired

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInputsAreTheGenericForm: fields under their input names, []string and
// map[string]string as []any and map[string]any, nested structs as maps,
// Ref, TargetID and ComponentTags as they are, and false and 0 kept where
// the field has no omitempty.
func TestInputsAreTheGenericForm(t *testing.T) {
	assert.Equal(t, map[string]any{
		"name":            "set",
		"description":     "d",
		"permissionModel": "SERVICE_MANAGED",
		"callAs":          "SELF",
		"capabilities":    []any{"CAPABILITY_NAMED_IAM"},
		"templateBody":    "{}",
		"parameters": map[string]any{
			"KMSKeyId":  Out("key", OutputKeyID),
			"VaultTags": ComponentTags{Format: TagJSON},
		},
		"autoDeployment":   map[string]any{"enabled": true, "retainStacksOnAccountRemoval": false},
		"managedExecution": map[string]any{"active": true},
		"operationPreferences": map[string]any{
			"failureTolerancePercentage": 10, "maxConcurrentPercentage": 100, "regionConcurrencyType": "PARALLEL",
		},
		"tags": ComponentTags{},
	}, Inputs(StackSetArgs{
		Name: "set", Description: "d", PermissionModel: "SERVICE_MANAGED", CallAs: "SELF",
		Capabilities: []string{"CAPABILITY_NAMED_IAM"}, TemplateBody: "{}",
		Parameters: map[string]any{
			"KMSKeyId": Out("key", OutputKeyID), "VaultTags": ComponentTags{Format: TagJSON},
		},
		AutoDeployment:   StackSetAutoDeployment{Enabled: true},
		ManagedExecution: StackSetManagedExecution{Active: true},
		OperationPreferences: StackSetOperationPreferences{
			FailureTolerancePercentage: 10, MaxConcurrentPercentage: 100, RegionConcurrencyType: "PARALLEL",
		},
	}))
	assert.Equal(t, map[string]any{
		"stackSetName":      Out("set", OutputName),
		"callAs":            "",
		"regions":           []any{"eu-west-2", "eu-west-1"},
		"deploymentTargets": map[string]any{"organizationalUnitIds": []any{Target("d", 0), Target("d", 1)}},
		"operationPreferences": map[string]any{
			"failureTolerancePercentage": 0, "maxConcurrentPercentage": 0, "regionConcurrencyType": "",
		},
	}, Inputs(StackInstancesArgs{
		StackSetName: Out("set", OutputName), Regions: []string{"eu-west-2", "eu-west-1"},
		DeploymentTargets: StackInstancesDeploymentTargets{OrganizationalUnitIDs: []TargetID{Target("d", 0), Target("d", 1)}},
	}))
	assert.Equal(t, map[string]any{
		"rule": Out("rule", OutputName), "arn": "arn:topic",
		"inputTransformer": map[string]any{"inputPaths": map[string]any{"job": "$.detail"}, "inputTemplate": "<job>"},
	}, Inputs(EventTargetArgs{Rule: Out("rule", OutputName), ARN: "arn:topic",
		InputTransformer: &InputTransformer{InputPaths: map[string]string{"job": "$.detail"}, InputTemplate: "<job>"}}))
	fixed := ComponentTags{Fixed: map[string]string{"k": "v"}}
	assert.Equal(t, map[string]any{"description": "d", "policy": "{}", "enableKeyRotation": true, "multiRegion": false,
		"tags": fixed}, Inputs(KeyArgs{Description: "d", Policy: "{}", EnableKeyRotation: true, Tags: fixed}),
		"multiRegion is set to false, not left out")
	assert.Equal(t, map[string]any{"name": "share", "allowExternalPrincipals": false, "resourceArns": []any{"arn:vault"},
		"principals": []any{"arn:ou"}, "tags": ComponentTags{Format: TagList}},
		Inputs(ResourceShareArgs{Name: "share", ResourceARNs: []string{"arn:vault"}, Principals: []string{"arn:ou"},
			Tags: ComponentTags{Format: TagList}}))
	assert.Equal(t, map[string]any{"region": "eu-west-1"}, Inputs(ProviderArgs{Plugin: AWS, Region: "eu-west-1"}),
		"the plugin is part of the type, not an input")
	assert.Equal(t, map[string]any{"name": "v", "tags": ComponentTags{}}, Inputs(&VaultArgs{Name: "v"}),
		"a pointer to Args")
}

// TestOmitEmpty: omitempty leaves out false, 0, "", an unset Ref, a nil
// pointer, an empty slice and an interface holding nothing or "".
func TestOmitEmpty(t *testing.T) {
	assert.Equal(t, map[string]any{"name": "v", "tags": ComponentTags{}}, Inputs(VaultArgs{Name: "v"}))
	assert.Equal(t, map[string]any{"name": "v", "tags": ComponentTags{}}, Inputs(VaultArgs{Name: "v", KMSKeyARN: ""}))
	assert.Equal(t, map[string]any{"name": "v", "kmsKeyArn": "arn:key", "tags": ComponentTags{}},
		Inputs(VaultArgs{Name: "v", KMSKeyARN: "arn:key"}))
	assert.Equal(t, map[string]any{"name": "v", "kmsKeyArn": Out("key", OutputARN), "forceDestroy": true,
		"tags": ComponentTags{}}, Inputs(VaultArgs{Name: "v", KMSKeyARN: Out("key", OutputARN), ForceDestroy: true}))

	vault := Out("vault", OutputName)
	assert.Equal(t, map[string]any{"backupVaultName": vault, "changeableForDays": 3},
		Inputs(VaultLockConfigurationArgs{BackupVaultName: vault, ChangeableForDays: 3}), "a bound of 0 is none")
	assert.Equal(t, map[string]any{"backupVaultName": vault, "changeableForDays": 0, "minRetentionDays": 7},
		Inputs(VaultLockConfigurationArgs{BackupVaultName: vault, MinRetentionDays: 7}))
	assert.Equal(t, map[string]any{"name": "lag", "minRetentionDays": 0, "maxRetentionDays": 0, "tags": ComponentTags{}},
		Inputs(LogicallyAirGappedVaultArgs{Name: "lag"}), "an air-gapped vault's bounds are always set")

	assert.Equal(t, map[string]any{"name": "r", "description": "d", "scheduleExpression": "rate(1 hour)",
		"tags": ComponentTags{}}, Inputs(EventRuleArgs{Name: "r", Description: "d", ScheduleExpression: "rate(1 hour)"}),
		"no pattern, on the default bus")
	assert.Equal(t, map[string]any{"name": "r", "description": "", "eventPattern": "{}",
		"eventBusName": Out("bus", OutputName), "tags": ComponentTags{}},
		Inputs(EventRuleArgs{Name: "r", EventPattern: "{}", EventBusName: Out("bus", OutputName)}))
	assert.Equal(t, map[string]any{"rule": Out("rule", OutputName), "arn": "arn:log"},
		Inputs(EventTargetArgs{Rule: Out("rule", OutputName), ARN: "arn:log"}))
	assert.Equal(t, map[string]any{"rule": Out("rule", OutputName), "targetId": "CentralEventBus", "arn": "arn:bus",
		"roleArn": "arn:role"}, Inputs(EventTargetArgs{Rule: Out("rule", OutputName), TargetID: "CentralEventBus",
		ARN: "arn:bus", RoleARN: "arn:role"}))
}

// TestNilSlicesAndMapsStayNil: a nil slice or map without omitempty is an
// input holding a nil []any or map[string]any, an empty one an empty one.
func TestNilSlicesAndMapsStayNil(t *testing.T) {
	in := Inputs(ResourceShareArgs{ResourceARNs: []string{}})
	assert.Equal(t, []any{}, in["resourceArns"])
	require.Contains(t, in, "principals")
	assert.Equal(t, []any(nil), in["principals"])
	paths := func(args EventTargetArgs) any {
		return Inputs(args)["inputTransformer"].(map[string]any)["inputPaths"]
	}
	assert.Equal(t, map[string]any{}, paths(EventTargetArgs{InputTransformer: &InputTransformer{
		InputPaths: map[string]string{}}}))
	assert.Equal(t, map[string]any(nil), paths(EventTargetArgs{InputTransformer: &InputTransformer{}}))
	for _, share := range []ResourceShareArgs{{}, {ResourceARNs: []string{}, Principals: []string{}}} {
		got, ok := ArgsOf[ResourceShareArgs](New(Resource{}, share))
		require.True(t, ok)
		assert.Equal(t, share, got)
	}
	for _, transformer := range []*InputTransformer{{}, {InputPaths: map[string]string{}}} {
		got, ok := ArgsOf[EventTargetArgs](New(Resource{}, EventTargetArgs{InputTransformer: transformer}))
		require.True(t, ok)
		assert.Equal(t, transformer, got.InputTransformer)
	}
}

// everyArgs is a value of every Args type with every field set.
func everyArgs() []Args {
	ref := func(name string) Ref { return Out(name, OutputName) }
	tags := ComponentTags{Fixed: map[string]string{"orgbackup:guard": "d"}}
	return []Args{
		VaultArgs{Name: "v", KMSKeyARN: Out("key", OutputARN), ForceDestroy: true, Tags: tags},
		VaultArgs{Name: "v", KMSKeyARN: "arn:aws:kms:eu-west-2:111111111111:key/1"},
		VaultPolicyArgs{BackupVaultName: ref("v"), Policy: "{}"},
		VaultLockConfigurationArgs{BackupVaultName: ref("v"), ChangeableForDays: 3, MinRetentionDays: 7, MaxRetentionDays: 35},
		LogicallyAirGappedVaultArgs{Name: "lag", MinRetentionDays: 7, MaxRetentionDays: 35, Tags: tags},
		RestoreTestingPlanArgs{Name: "p", ScheduleExpression: "cron(0 5 ? * SUN *)", ScheduleExpressionTimezone: "Etc/UTC",
			StartWindowHours: 24, RecoveryPointSelection: RestoreTestingRecoveryPointSelection{Algorithm: "LATEST_WITHIN_WINDOW",
				IncludeVaults:      []string{"arn:aws:backup:eu-west-2:111111111111:backup-vault:v"},
				RecoveryPointTypes: []string{"SNAPSHOT"}, SelectionWindowDays: 7}, Tags: tags},
		RestoreTestingSelectionArgs{Name: "ec2", RestoreTestingPlanName: ref("p"), IAMRoleARN: Out("r", OutputARN),
			ProtectedResourceType: "EC2", ProtectedResourceARNs: []string{"*"},
			RestoreMetadataOverrides: map[string]string{"subnetId": "subnet-1"}, ValidationWindowHours: 1},
		FrameworkArgs{Name: "f", Description: "d", Controls: []FrameworkControl{{Name: "BACKUP_RECOVERY_POINT_ENCRYPTED",
			InputParameters: []FrameworkControlParam{{Name: "requiredRetentionDays", Value: "35"}},
			Scope:           &FrameworkControlScope{ComplianceResourceTypes: []string{"EBS"}, Tags: map[string]string{"k": ""}}}},
			Tags: tags},
		ReportPlanArgs{Name: "r", Description: "d", ReportDeliveryChannel: ReportDeliveryChannel{S3BucketName: ref("b"),
			Formats: []string{"CSV"}}, ReportSetting: ReportSetting{ReportTemplate: "BACKUP_JOB_REPORT",
			Accounts: []string{"111111111111"}, OrganizationUnits: []TargetID{Target("d", 0)}, Regions: []string{"eu-west-2"}},
			Tags: tags},
		BucketArgs{Bucket: "b", ObjectLockEnabled: true, ForceDestroy: true, Tags: tags},
		BucketVersioningArgs{Bucket: ref("b"), VersioningConfiguration: VersioningConfiguration{Status: "Enabled"}},
		BucketObjectLockArgs{Bucket: ref("b"), ObjectLockEnabled: "Enabled", Rule: ObjectLockRule{
			DefaultRetention: ObjectLockRetention{Mode: "COMPLIANCE", Days: 35}}},
		BucketEncryptionArgs{Bucket: ref("b"), Rules: []EncryptionRule{{ApplyServerSideEncryptionByDefault: EncryptionByDefault{
			SSEAlgorithm: "AES256"}}}},
		BucketPublicAccessBlockArgs{Bucket: ref("b"), BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true,
			RestrictPublicBuckets: true},
		BucketPolicyArgs{Bucket: ref("b"), Policy: "{}"},
		AirGappedVaultArgs{BackupVaultName: "lag", MinRetentionDays: 7, MaxRetentionDays: 35,
			AccessPolicy:       map[string]any{"Version": "2012-10-17", "Statement": []any{}},
			MpaApprovalTeamArn: "arn:aws:mpa:us-east-1:111111111111:approval-team/t", BackupVaultTags: tags},
		StackSetArgs{Name: "s", Description: "d", PermissionModel: "SERVICE_MANAGED", CallAs: "SELF",
			Capabilities: []string{"CAPABILITY_NAMED_IAM"}, TemplateBody: "{}",
			Parameters:       map[string]any{"KMSKeyId": Out("key", OutputKeyID), "VaultTags": ComponentTags{Format: TagJSON}},
			AutoDeployment:   StackSetAutoDeployment{Enabled: true, RetainStacksOnAccountRemoval: true},
			ManagedExecution: StackSetManagedExecution{Active: true}, OperationPreferences: StackSetOperationPreferences{
				FailureTolerancePercentage: 10, MaxConcurrentPercentage: 100, RegionConcurrencyType: "PARALLEL"},
			Tags: tags},
		StackInstancesArgs{StackSetName: ref("s"), CallAs: "DELEGATED_ADMIN", Regions: []string{"eu-west-2"},
			DeploymentTargets:    StackInstancesDeploymentTargets{OrganizationalUnitIDs: []TargetID{Target("d", 0)}},
			OperationPreferences: StackSetOperationPreferences{RegionConcurrencyType: "PARALLEL"}},
		EventBusArgs{Name: "bus", Tags: tags},
		EventBusPolicyArgs{EventBusName: ref("bus"), Policy: "{}"},
		EventRuleArgs{Name: "r", Description: "d", EventPattern: "{}", ScheduleExpression: "rate(1 hour)",
			EventBusName: ref("bus"), Tags: tags},
		EventTargetArgs{Rule: ref("r"), EventBusName: ref("bus"), TargetID: "t", ARN: "arn", RoleARN: "role",
			InputTransformer: &InputTransformer{InputPaths: map[string]string{"a": "$.a"}, InputTemplate: "<a>"}},
		LogGroupArgs{Name: "/aws/events/x", RetentionInDays: 90, Tags: tags},
		LogResourcePolicyArgs{PolicyName: "p", PolicyDocument: "{}"},
		MetricAlarmArgs{Name: "a", AlarmDescription: "d", Namespace: "AWS/States", MetricName: "ExecutionsFailed",
			Dimensions: map[string]string{"StateMachineArn": "arn"}, Statistic: "Sum", Period: 300, EvaluationPeriods: 1,
			Threshold: 0, ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching",
			AlarmActions: []string{"arn:topic"}, OKActions: []string{"arn:topic"}, Tags: tags},
		RoleArgs{Name: "role", Description: "d", AssumeRolePolicy: "{}", Tags: tags},
		RolePolicyArgs{Name: "role", Role: ref("role"), Policy: "{}"},
		RolePolicyAttachmentArgs{Role: ref("role"), PolicyARN: "arn:aws:iam::aws:policy/p"},
		ServiceLinkedRoleArgs{AWSServiceName: "backup.amazonaws.com", Description: "d", Tags: tags},
		KeyArgs{Description: "d", Policy: "{}", EnableKeyRotation: true, MultiRegion: true, Tags: tags},
		ReplicaKeyArgs{Description: "d", Policy: "{}", PrimaryKeyARN: Out("key", OutputARN), Tags: tags},
		AliasArgs{Name: "alias/x", TargetKeyID: Out("key", OutputKeyID)},
		OrganizationPolicyArgs{Name: "p", Type: ServiceControlPolicy, Description: "d", Content: "{}", Tags: tags},
		PolicyAttachmentArgs{PolicyID: Out("p", OutputID), TargetID: Target("d", 1)},
		StateMachineArgs{Name: "sm", Type: "EXPRESS", RoleARN: Out("role", OutputARN), Definition: "{}",
			LoggingConfiguration: StateMachineLoggingConfiguration{Level: "ALL", IncludeExecutionData: true,
				LogDestination: "arn:logs:*"}, Tags: tags},
		TopicArgs{Name: "t", KMSMasterKeyID: Out("key", OutputARN), Policy: "{}", Tags: tags},
		TopicSubscriptionArgs{Topic: Out("t", OutputARN), Protocol: "email", Endpoint: "a@example.com"},
		ResourceShareArgs{Name: "share", AllowExternalPrincipals: true, ResourceARNs: []string{"arn"},
			Principals: []string{"arn:ou"}, Tags: ComponentTags{Format: TagList}},
		SharingWithOrganizationArgs{},
		GlobalSettingsArgs{GlobalSettings: map[string]string{"isCrossAccountBackupEnabled": "true"}},
		DelegatedAdministratorArgs{AccountID: "111111111111", ServicePrincipal: "backup.amazonaws.com"},
		ResourcePolicyArgs{Content: "{}", Tags: tags},
		ProviderArgs{Plugin: AWS, Region: "eu-west-1"},
		ProviderArgs{Plugin: AWSNative, Region: "eu-west-1"},
	}
}

// TestRoundTrip: ArgsOf and DecodeArgs read back what New wrote, and New
// of what they read writes the same inputs.
func TestRoundTrip(t *testing.T) {
	covered := map[string]bool{}
	for _, args := range everyArgs() {
		r := New(Resource{Name: "x", Region: "eu-west-1"}, args)
		assert.Equal(t, args.Token(), r.Type)
		assert.Equal(t, "x", r.Name, "New keeps the rest of the resource")
		covered[r.Type] = true
		decoded, err := DecodeArgs(r)
		require.NoError(t, err, r.Type)
		assert.Equal(t, args, decoded, r.Type)
		assert.Equal(t, r.Inputs, New(Resource{}, decoded).Inputs, r.Type)
		// ArgsOf of the same type, through reflection as T is a type parameter.
		got := reflect.ValueOf(argsOfFuncs[reflect.TypeOf(args)]).Call([]reflect.Value{reflect.ValueOf(r)})
		require.True(t, got[1].Bool(), r.Type)
		assert.Equal(t, args, got[0].Interface(), r.Type)
	}
	for _, a := range allArgs {
		assert.True(t, covered[a.Token()], "everyArgs sets no %T", a)
	}
}

var argsOfFuncs = map[reflect.Type]any{}

func init() {
	register := func(f any) { argsOfFuncs[reflect.TypeOf(f).Out(0)] = f }
	register(ArgsOf[VaultArgs])
	register(ArgsOf[SharingWithOrganizationArgs])
	register(ArgsOf[GlobalSettingsArgs])
	register(ArgsOf[DelegatedAdministratorArgs])
	register(ArgsOf[ResourcePolicyArgs])
	register(ArgsOf[AirGappedVaultArgs])
	register(ArgsOf[VaultPolicyArgs])
	register(ArgsOf[VaultLockConfigurationArgs])
	register(ArgsOf[LogicallyAirGappedVaultArgs])
	register(ArgsOf[RestoreTestingPlanArgs])
	register(ArgsOf[RestoreTestingSelectionArgs])
	register(ArgsOf[FrameworkArgs])
	register(ArgsOf[ReportPlanArgs])
	register(ArgsOf[BucketArgs])
	register(ArgsOf[BucketVersioningArgs])
	register(ArgsOf[BucketObjectLockArgs])
	register(ArgsOf[BucketEncryptionArgs])
	register(ArgsOf[BucketPublicAccessBlockArgs])
	register(ArgsOf[BucketPolicyArgs])
	register(ArgsOf[StackSetArgs])
	register(ArgsOf[StackInstancesArgs])
	register(ArgsOf[EventBusArgs])
	register(ArgsOf[EventBusPolicyArgs])
	register(ArgsOf[EventRuleArgs])
	register(ArgsOf[EventTargetArgs])
	register(ArgsOf[LogGroupArgs])
	register(ArgsOf[LogResourcePolicyArgs])
	register(ArgsOf[MetricAlarmArgs])
	register(ArgsOf[RoleArgs])
	register(ArgsOf[RolePolicyArgs])
	register(ArgsOf[RolePolicyAttachmentArgs])
	register(ArgsOf[ServiceLinkedRoleArgs])
	register(ArgsOf[KeyArgs])
	register(ArgsOf[ReplicaKeyArgs])
	register(ArgsOf[AliasArgs])
	register(ArgsOf[OrganizationPolicyArgs])
	register(ArgsOf[PolicyAttachmentArgs])
	register(ArgsOf[StateMachineArgs])
	register(ArgsOf[TopicArgs])
	register(ArgsOf[TopicSubscriptionArgs])
	register(ArgsOf[ResourceShareArgs])
	register(ArgsOf[ProviderArgs])
}

// TestInputsHoldOnlyWhatTheRegistrarTakes: string, bool, int, []any,
// map[string]any, Ref, TargetID and ComponentTags, at any depth.
func TestInputsHoldOnlyWhatTheRegistrarTakes(t *testing.T) {
	var check func(path string, v any)
	check = func(path string, v any) {
		switch v := v.(type) {
		case string, bool, int, Ref, TargetID, ComponentTags:
		case []any:
			for _, e := range v {
				check(path+"[]", e)
			}
		case map[string]any:
			for k, e := range v {
				check(path+"."+k, e)
			}
		default:
			assert.Failf(t, "an input the registrar does not take", "%s: %T", path, v)
		}
	}
	for _, args := range everyArgs() {
		check(args.Token(), Inputs(args))
	}
}

// TestArgsOfRefusesWhatDoesNotFit: another type, an input without a field,
// a value of another kind.
func TestArgsOfRefusesWhatDoesNotFit(t *testing.T) {
	vault := New(Resource{Name: "v"}, VaultArgs{Name: "v"})
	_, ok := ArgsOf[EventBusArgs](vault)
	assert.False(t, ok, "another type")
	_, ok = ArgsOf[ProviderArgs](vault)
	assert.False(t, ok, "not a provider")
	_, ok = ArgsOf[VaultArgs](vault)
	assert.True(t, ok)

	extra := New(Resource{}, VaultArgs{Name: "v"})
	extra.Inputs["encryptionKeyArn"] = "arn"
	_, ok = ArgsOf[VaultArgs](extra)
	assert.False(t, ok, "an input VaultArgs has no field for")
	_, err := DecodeArgs(extra)
	assert.ErrorContains(t, err, "input encryptionKeyArn")

	for input, v := range map[string]any{
		"name":         Out("x", OutputName), // a Ref for a string
		"forceDestroy": "true",
		"tags":         map[string]any{},
	} {
		r := New(Resource{}, VaultArgs{Name: "v"})
		r.Inputs[input] = v
		_, err := DecodeArgs(r)
		assert.ErrorContains(t, err, "input "+input, "%T", v)
	}
	lock := New(Resource{}, VaultLockConfigurationArgs{ChangeableForDays: 3})
	lock.Inputs["changeableForDays"] = 3.0
	_, ok = ArgsOf[VaultLockConfigurationArgs](lock)
	assert.False(t, ok, "a float for an int")

	_, err = DecodeArgs(Resource{Type: StackReference, Name: "ref"})
	assert.ErrorContains(t, err, "no Args")

	got, ok := ArgsOf[ProviderArgs](RegionalProvider(AWSNative, "eu-west-1"))
	require.True(t, ok)
	assert.Equal(t, ProviderArgs{Plugin: AWSNative, Region: "eu-west-1"}, got)
}

// TestAnUntaggedFieldIsAMistake: every exported field names its input or "-".
func TestAnUntaggedFieldIsAMistake(t *testing.T) {
	assert.Panics(t, func() { Inputs(untagged{Name: "x"}) })
}

type untagged struct{ Name string }

func (untagged) Token() string { return "test:index:Untagged" }

// TestPolicyInput reads the type of an organization policy through its Args.
func TestPolicyInput(t *testing.T) {
	scp := New(Resource{}, OrganizationPolicyArgs{Type: ServiceControlPolicy, Content: "{}"})
	input, ok := PolicyInput(scp)
	assert.Equal(t, "content", input)
	assert.True(t, ok)
	_, ok = PolicyInput(New(Resource{}, OrganizationPolicyArgs{Type: BackupPolicy, Content: "{}"}))
	assert.False(t, ok, "a backup policy is no IAM document")
	input, ok = PolicyInput(RoleResources("r", "role", "d", "desc", "{}", "", nil)[0])
	assert.Equal(t, TrustPolicyInput, input)
	assert.True(t, ok)
}
