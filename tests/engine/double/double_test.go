package main

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

func TestCheckRefusesWhatTheProviderWould(t *testing.T) {
	typ := resourceArgs[desired.BackupLogicallyAirGapped]
	failures := checkObject("", resource.PropertyMap{
		"name":             resource.NewStringProperty("v"),
		"minRetentionDays": resource.NewStringProperty("7"),
		"retention":        resource.NewNumberProperty(1),
		"tags":             resource.NewObjectProperty(resource.PropertyMap{"a": resource.NewNumberProperty(1)}),
	}, typ)
	assert.ElementsMatch(t, []failure{
		{"maxRetentionDays", "Missing required argument maxRetentionDays"},
		{"minRetentionDays", "expected int, got string"},
		{"retention", "retention is not an input of logicallyAirGappedVaultArgs"},
		{"tags.a", "expected string, got number"},
	}, failures)
}

func TestCheckAcceptsUnknownsAndSecrets(t *testing.T) {
	typ := resourceArgs[desired.BackupVault]
	assert.Empty(t, checkObject("", resource.PropertyMap{
		"name":      resource.MakeSecret(resource.NewStringProperty("v")),
		"kmsKeyArn": resource.MakeComputed(resource.NewStringProperty("")),
	}, typ))
}

func TestCheckNestedStructs(t *testing.T) {
	typ := resourceArgs[desired.CloudFormationStackSet]
	failures := checkObject("", resource.PropertyMap{
		"autoDeployment": resource.NewObjectProperty(resource.PropertyMap{
			"enabled": resource.NewBoolProperty(true), "retainStack": resource.NewBoolProperty(false),
		}),
	}, typ)
	assert.Equal(t, []failure{{"autoDeployment.retainStack", "retainStack is not an input of StackSetAutoDeployment"}}, failures)
}

func TestDiffReportsChangedAddedAndDroppedInputs(t *testing.T) {
	old := resource.PropertyMap{"a": resource.NewStringProperty("1"), "b": resource.NewStringProperty("2"),
		"c": resource.NewStringProperty("3")}
	news := resource.PropertyMap{"a": resource.NewStringProperty("1"), "b": resource.NewStringProperty("x"),
		"d": resource.MakeComputed(resource.NewStringProperty(""))}
	assert.Equal(t, []string{"b", "c", "d"}, changedKeys(old, news))
}

// Every look-up answers with every field its SDK result type requires.
func TestInvokeResultsAreComplete(t *testing.T) {
	d := &double{pkg: "aws", region: "eu-west-2", world: World{AccountID: "111111111111", OrganizationID: "o-abcd1234ef",
		ManagementAccountID: "999999999999", OUAccounts: map[string][]Account{"ou-abcd-defghijk": {{"222222222222", "ACTIVE"}}},
		Vaults:  []Vault{{Region: "eu-west-2", Name: "v", KmsKeyArn: "arn:aws:kms:eu-west-2:111111111111:key/k"}},
		Buckets: []Bucket{{Region: "eu-west-2", Name: "b", ObjectLockEnabled: true}}}}
	args := map[string]resource.PropertyMap{
		desired.GetOrganizationalUnitDescendantAccs: {
			"parentId": resource.NewStringProperty("ou-abcd-defghijk")},
		desired.GetBackupVault: {"name": resource.NewStringProperty("v")},
		desired.GetS3Bucket:    {"bucket": resource.NewStringProperty("b")},
		getPoliciesForTarget: {"targetId": resource.NewStringProperty("ou-abcd-defghijk"),
			"filter": resource.NewStringProperty(desired.ServiceControlPolicy)},
		getPolicy: {"policyId": resource.NewStringProperty(fullAWSAccessID)},
	}
	for token := range invokeArgs {
		result, err := d.invoke(token, args[token])
		require.NoError(t, err, token)
		props := properties(reflect.ValueOf(result)).ObjectValue()
		for _, f := range reflect.VisibleFields(reflect.TypeOf(result)) {
			if f.Type.Kind() == reflect.Pointer {
				continue
			}
			name := f.Tag.Get("pulumi")
			assert.True(t, props.HasValue(resource.PropertyKey(name)), "%s: %s", token, name)
		}
	}
	_, err := d.invoke(desired.GetBackupVault, resource.PropertyMap{"name": resource.NewStringProperty("other")})
	assert.Error(t, err)
}

// A bucket a destroyed stack kept: its look-up answers; an import of it
// and of its policy reads back what the program sets, in its region only.
func TestBucketImport(t *testing.T) {
	policy := `{"Version":"2012-10-17","Statement":[]}`
	d := &double{pkg: "aws", region: "eu-west-2", rec: &recorder{}, world: World{AccountID: "111111111111",
		Buckets: []Bucket{{Region: "eu-west-2", Name: "b", ObjectLockEnabled: true, Policy: policy,
			Tags: map[string]string{"CostCentre": "platform"}}}}}
	_, err := d.invoke(desired.GetS3Bucket, resource.PropertyMap{"bucket": resource.NewStringProperty("other")})
	assert.Error(t, err, "no such bucket")

	got, err := d.importBucket(desired.S3Bucket, "b")
	require.NoError(t, err)
	assert.Equal(t, "b", got.GetId())
	inputs := got.GetInputs().AsMap()
	assert.Equal(t, map[string]any{"bucket": "b", "objectLockEnabled": true, "forceDestroy": false,
		"tags": map[string]any{"CostCentre": "platform"}}, inputs)
	assert.Equal(t, "arn:aws:s3:::b", got.GetProperties().AsMap()["arn"])

	got, err = d.importBucket(desired.S3BucketPolicy, "b")
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"bucket": "b", "policy": policy}, got.GetInputs().AsMap())
	assert.NotContains(t, got.GetProperties().AsMap(), "arn", "a bucket policy has no ARN")

	d.region = "eu-west-1"
	got, err = d.importBucket(desired.S3Bucket, "b")
	require.NoError(t, err)
	assert.Empty(t, got.GetId(), "the bucket is in another region")
}

// aws-native's air-gapped vault: an import reads back every writable
// property, the key AWS Backup made included; Diff leaves replacement to
// the engine; Update refuses a change to a createOnly property, as Cloud
// Control API does.
func TestAirGappedVaultAsAWSNative(t *testing.T) {
	vault := Vault{Region: "eu-west-2", Name: "v", LogicallyAirGapped: true, MinRetentionDays: 7, MaxRetentionDays: 35,
		MpaApprovalTeamArn: "arn:aws:mpa:us-east-1:888888888888:approval-team/t",
		AccessPolicy:       map[string]any{"Version": "2012-10-17", "Statement": []any{}},
		Tags:               map[string]string{"CostCentre": "platform"}}
	d := &double{pkg: desired.AWSNative, region: "eu-west-2", rec: &recorder{},
		world: World{AccountID: "222222222222", Vaults: []Vault{vault}}}
	key := d.awsOwnedKey("v")

	read, err := d.Read(context.Background(), &pulumirpc.ReadRequest{Type: desired.BackupAirGappedVault, Id: "v",
		Urn: "urn:pulumi:test::p::aws-native:backup:LogicallyAirGappedBackupVault::v"})
	require.NoError(t, err)
	assert.Equal(t, "v", read.GetId())
	inputs, err := unmarshal(read.GetInputs())
	require.NoError(t, err)
	assert.Equal(t, resource.NewPropertyMapFromMap(map[string]any{
		"backupVaultName": "v", "minRetentionDays": 7, "maxRetentionDays": 35, "encryptionKeyArn": key,
		"mpaApprovalTeamArn": vault.MpaApprovalTeamArn, "accessPolicy": vault.AccessPolicy,
		"backupVaultTags": map[string]any{"CostCentre": "platform"},
	}), inputs)
	outputs, err := unmarshal(read.GetProperties())
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:backup:eu-west-2:222222222222:backup-vault:v", outputs["backupVaultArn"].StringValue())
	assert.Equal(t, "v", outputs["backupVaultName"].StringValue())
	assert.False(t, outputs.HasValue("name"), "aws-native's vault has no name output")

	// The look-up the component adopts with answers for it too, with its key.
	result, err := d.invoke(desired.GetBackupVault, resource.PropertyMap{"name": resource.NewStringProperty("v")})
	require.NoError(t, err)
	assert.Equal(t, key, result.(backup.LookupVaultResult).KmsKeyArn)

	// The program's inputs: no key.
	news := inputs.Copy()
	delete(news, "encryptionKeyArn")
	olds, err := marshal(inputs)
	require.NoError(t, err)
	newsStruct, err := marshal(news)
	require.NoError(t, err)
	diff, err := d.Diff(context.Background(), &pulumirpc.DiffRequest{Type: desired.BackupAirGappedVault, Id: "v",
		OldInputs: olds, Olds: read.GetProperties(), News: newsStruct})
	require.NoError(t, err)
	assert.Equal(t, pulumirpc.DiffResponse_DIFF_UNKNOWN, diff.GetChanges())
	assert.Empty(t, diff.GetReplaces())
	_, err = d.Update(context.Background(), &pulumirpc.UpdateRequest{Type: desired.BackupAirGappedVault, Id: "v",
		OldInputs: olds, Olds: read.GetProperties(), News: newsStruct})
	assert.ErrorContains(t, err, "createOnlyProperties [encryptionKeyArn] cannot be updated")

	// Tags are not createOnly: they update.
	news = inputs.Copy()
	news["backupVaultTags"] = resource.NewPropertyValue(map[string]any{"CostCentre": "finance"})
	newsStruct, err = marshal(news)
	require.NoError(t, err)
	_, err = d.Update(context.Background(), &pulumirpc.UpdateRequest{Type: desired.BackupAirGappedVault, Id: "v",
		OldInputs: olds, Olds: read.GetProperties(), News: newsStruct})
	assert.NoError(t, err)
}

// The SCPs on a target: FullAWSAccess on every one, the World's by name
// with the id the double gives a policy of that name; DescribePolicy by
// id; an import of an attached SCP and its attachment reads back what AWS
// holds, one not attached is not found.
func TestServiceControlPoliciesOnTargets(t *testing.T) {
	const guard, target = "g-vault-manager-guard", "ou-abcd-defghijk"
	d := &double{pkg: "aws", region: "eu-west-2", rec: &recorder{}, world: World{OrganizationID: "o-abcd1234ef",
		ManagementAccountID: "999999999999", AttachedSCPs: map[string][]string{target: {guard}},
		Policies: []Policy{{Name: guard, Type: desired.ServiceControlPolicy, Content: "{}", Description: "d",
			Tags: map[string]string{"orgbackup:guard": "g"}}}}}
	ids := func(target string) []string {
		result, err := d.invoke(getPoliciesForTarget, resource.PropertyMap{"targetId": resource.NewStringProperty(target),
			"filter": resource.NewStringProperty(desired.ServiceControlPolicy)})
		require.NoError(t, err)
		return result.(organizations.GetPoliciesForTargetResult).Ids
	}
	id := d.physicalID(desired.OrganizationsPolicy, "urn:pulumi:test::p::aws:organizations/policy:Policy::x",
		resource.PropertyMap{"name": resource.NewStringProperty(guard)})
	assert.Equal(t, []string{fullAWSAccessID, id}, ids(target))
	assert.Equal(t, []string{fullAWSAccessID}, ids("ou-abcd-other000"))
	for want, id := range map[string]string{fullAWSAccess: fullAWSAccessID, guard: id} {
		result, err := d.invoke(getPolicy, resource.PropertyMap{"policyId": resource.NewStringProperty(id)})
		require.NoError(t, err)
		assert.Equal(t, want, result.(organizations.LookupPolicyResult).Name)
	}
	_, err := d.invoke(getPolicy, resource.PropertyMap{"policyId": resource.NewStringProperty("p-00000000")})
	assert.Error(t, err)

	read := func(typ, id string) resource.PropertyMap {
		resp, err := d.Read(context.Background(), &pulumirpc.ReadRequest{Type: typ, Id: id, Urn: "urn:pulumi:test::p::" + typ + "::x"})
		require.NoError(t, err)
		inputs, err := unmarshal(resp.GetInputs())
		require.NoError(t, err)
		return inputs
	}
	assert.Equal(t, resource.NewPropertyMapFromMap(map[string]any{"name": guard, "type": desired.ServiceControlPolicy,
		"content": "{}", "description": "d", "tags": map[string]any{"orgbackup:guard": "g"}}), read(desired.OrganizationsPolicy, id))
	assert.Equal(t, resource.NewPropertyMapFromMap(map[string]any{"policyId": id, "targetId": target}),
		read(desired.OrganizationsAttachment, target+":"+id))
	assert.Empty(t, read(desired.OrganizationsAttachment, "ou-abcd-other000:"+id), "not attached there")
	assert.Empty(t, read(desired.OrganizationsPolicy, "p-00000000"), "no such policy")
}

// A vault's lock configuration, imported by the vault's name: pulumi-aws
// reads it with DescribeBackupVault, so a locked vault gives back its
// name and retention range and no changeableForDays
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupVault.html),
// a vault without a lock its name alone, and no vault nothing. A change
// of any of its inputs replaces it: every one is ForceNew in pulumi-aws,
// which has no update of a lock.
func TestVaultLockImportReadsTheVault(t *testing.T) {
	const region, account = "eu-west-2", "222222222222"
	d := &double{pkg: desired.AWS, region: region, rec: &recorder{}, world: World{AccountID: account, Vaults: []Vault{
		{Region: region, Name: "locked", KmsKeyArn: "arn:aws:kms:" + region + ":111111111111:key/k", Locked: true,
			MinRetentionDays: 7, MaxRetentionDays: 90},
		{Region: region, Name: "open"},
		{Region: region, Name: "lag", LogicallyAirGapped: true, MinRetentionDays: 7, MaxRetentionDays: 35},
		{Region: "eu-west-1", Name: "elsewhere", Locked: true, MinRetentionDays: 7, MaxRetentionDays: 90},
	}}}
	read := func(id string) *pulumirpc.ReadResponse {
		resp, err := d.Read(context.Background(), &pulumirpc.ReadRequest{Type: desired.BackupVaultLockConfiguration, Id: id,
			Urn: "urn:pulumi:test::p::aws:backup/vaultLockConfiguration:VaultLockConfiguration::x"})
		require.NoError(t, err)
		return resp
	}
	locked := read("locked")
	assert.Equal(t, "locked", locked.GetId())
	inputs, err := unmarshal(locked.GetInputs())
	require.NoError(t, err)
	assert.Equal(t, resource.NewPropertyMapFromMap(map[string]any{"backupVaultName": "locked",
		"minRetentionDays": 7, "maxRetentionDays": 90}), inputs)
	outputs, err := unmarshal(locked.GetProperties())
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:backup:"+region+":"+account+":backup-vault:locked", outputs["backupVaultArn"].StringValue())
	assert.False(t, outputs.HasValue("changeableForDays"))
	assert.False(t, outputs.HasValue("arn"), "pulumi-aws's lock has no ARN of its own")

	open, err := unmarshal(read("open").GetInputs())
	require.NoError(t, err)
	assert.Equal(t, resource.NewPropertyMapFromMap(map[string]any{"backupVaultName": "open"}), open)
	assert.Empty(t, read("lag").GetId(), "an air-gapped vault is aws-native's")
	assert.Empty(t, read("elsewhere").GetId(), "in another region")
	assert.Empty(t, read("missing").GetId())

	news := inputs.Copy()
	news["maxRetentionDays"] = resource.NewNumberProperty(120)
	olds, err := marshal(inputs)
	require.NoError(t, err)
	newsStruct, err := marshal(news)
	require.NoError(t, err)
	diff, err := d.Diff(context.Background(), &pulumirpc.DiffRequest{Type: desired.BackupVaultLockConfiguration,
		Id: "locked", OldInputs: olds, Olds: locked.GetProperties(), News: newsStruct})
	require.NoError(t, err)
	assert.Equal(t, []string{"maxRetentionDays"}, diff.GetReplaces())
}

// A lock put (pulumi-aws's create of a lock configuration) on a vault of
// the World: refused with InvalidRequestException where the vault's lock
// is immutable (its lock date gone by), and otherwise the vault's new lock,
// in compliance mode, whatever it had before: none, a governance-mode lock
// (no lock date) or a compliance-mode one still before its lock date. An
// import then reads the new range back.
func TestVaultLockPutRefusesAnImmutableLock(t *testing.T) {
	const region, account = "eu-west-2", "222222222222"
	past, future := time.Now().Add(-24*time.Hour), time.Now().Add(10*365*24*time.Hour)
	d := &double{pkg: desired.AWS, region: region, rec: &recorder{}, world: World{AccountID: account, Vaults: []Vault{
		{Region: region, Name: "immutable", Locked: true, MinRetentionDays: 7, MaxRetentionDays: 90, LockDate: &past},
		{Region: region, Name: "removable", Locked: true, MinRetentionDays: 1, MaxRetentionDays: 36500, LockDate: &future},
		{Region: region, Name: "governance", Locked: true, MinRetentionDays: 1, MaxRetentionDays: 36500},
		{Region: region, Name: "open"},
		{Region: "eu-west-1", Name: "elsewhere", Locked: true, MinRetentionDays: 7, MaxRetentionDays: 90, LockDate: &past},
	}}}
	put := func(name string) error {
		inputs, err := marshal(resource.NewPropertyMapFromMap(map[string]any{"backupVaultName": name,
			"changeableForDays": 3, "minRetentionDays": 7, "maxRetentionDays": 90}))
		require.NoError(t, err)
		_, err = d.Create(context.Background(), &pulumirpc.CreateRequest{Type: desired.BackupVaultLockConfiguration,
			Urn: "urn:pulumi:test::p::aws:backup/vaultLockConfiguration:VaultLockConfiguration::" + name, Properties: inputs})
		return err
	}
	err := put("immutable")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "PutBackupVaultLockConfiguration")
	assert.Contains(t, err.Error(), "InvalidRequestException")
	assert.Contains(t, err.Error(), "immutable")
	v, _ := d.snapshot().vault(region, "immutable")
	assert.Equal(t, 90, v.MaxRetentionDays, "a refused put leaves the lock as it was")
	assert.Equal(t, past, *v.LockDate)

	for _, name := range []string{"removable", "governance", "open", "created-by-the-stack", "elsewhere"} {
		start := time.Now()
		require.NoError(t, put(name), name)
		v, ok := d.snapshot().vault(region, name)
		if !ok {
			continue // not the World's in this region
		}
		assert.True(t, v.Locked, name)
		assert.Equal(t, 7, v.MinRetentionDays, name)
		assert.Equal(t, 90, v.MaxRetentionDays, name)
		if assert.NotNil(t, v.LockDate, "%s: a compliance-mode lock", name) {
			assert.WithinDuration(t, start.Add(3*24*time.Hour), *v.LockDate, time.Minute, name)
			assert.False(t, v.immutable(time.Now()), "%s: in its grace time", name)
			assert.True(t, v.immutable(v.LockDate.Add(time.Second)), "%s: immutable after its lock date", name)
		}
	}
	resp, err := d.Read(context.Background(), &pulumirpc.ReadRequest{Type: desired.BackupVaultLockConfiguration,
		Id: "governance", Urn: "urn:pulumi:test::p::aws:backup/vaultLockConfiguration:VaultLockConfiguration::x"})
	require.NoError(t, err)
	inputs, err := unmarshal(resp.GetInputs())
	require.NoError(t, err)
	assert.Equal(t, resource.NewPropertyMapFromMap(map[string]any{"backupVaultName": "governance",
		"minRetentionDays": 7, "maxRetentionDays": 90}), inputs, "an import reads the new lock")
	assert.False(t, strings.Contains(resp.String(), "changeableForDays"), "never read back")
}
