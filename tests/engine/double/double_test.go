package main

import (
	"reflect"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
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
		Vaults: []Vault{{Region: "eu-west-2", Name: "v", KmsKeyArn: "arn:aws:kms:eu-west-2:111111111111:key/k"}}}}
	args := map[string]resource.PropertyMap{
		desired.GetOrganizationalUnitDescendantAccs: {
			"parentId": resource.NewStringProperty("ou-abcd-defghijk")},
		desired.GetBackupVault: {"name": resource.NewStringProperty("v")},
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
