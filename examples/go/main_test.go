package main

import (
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/sdk/go/orgbackup"
)

// fixture reads ../testdata: the organization every example deploys
// (inputs) and what OrgBackup outputs for it (deployments).
func fixture(t *testing.T, name string) map[string]any {
	data, err := os.ReadFile("../testdata/" + name + ".json")
	require.NoError(t, err)
	var v map[string]any
	require.NoError(t, json.Unmarshal(data, &v))
	return v
}

// mocks records the resources the program registers; the OrgBackup
// component answers with the outputs of the fixture.
type mocks struct {
	deployments map[string]any
	mu          sync.Mutex
	resources   map[string]pulumi.MockResourceArgs
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	m.resources[args.TypeToken] = args
	m.mu.Unlock()
	outputs := args.Inputs.Copy()
	if args.TypeToken == "orgbackup:index:OrgBackup" {
		outputs["deployments"] = resource.NewProperty(resource.NewPropertyMapFromMap(m.deployments))
	}
	return args.Name + "-id", outputs, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

func newMocks(t *testing.T) *mocks {
	return &mocks{deployments: fixture(t, "deployments"), resources: map[string]pulumi.MockResourceArgs{}}
}

func TestProgramPassesEveryInput(t *testing.T) {
	m := newMocks(t)
	require.NoError(t, pulumi.RunErr(program, pulumi.WithMocks("orgbackup-go", "test", m)))
	backup, ok := m.resources["orgbackup:index:OrgBackup"]
	require.True(t, ok, "the program registers an OrgBackup")
	assert.False(t, backup.Custom, "a component")
	assert.Equal(t, fixture(t, "inputs"), backup.Inputs.Mappable())
}

func TestOutputsHaveTheirTypes(t *testing.T) {
	m := newMocks(t)
	var arn string
	var outputs map[string]orgbackup.DeploymentOutputs
	require.NoError(t, pulumi.RunErr(func(ctx *pulumi.Context) error {
		backup, err := deploy(ctx)
		if err != nil {
			return err
		}
		standardVaultArn(backup).ApplyT(func(v string) string { arn = v; return v })
		backup.Deployments.ApplyT(func(d map[string]orgbackup.DeploymentOutputs) int { outputs = d; return 0 })
		return nil
	}, pulumi.WithMocks("orgbackup-go", "test", m)))
	website := m.deployments["website-service"].(map[string]any)
	region := website["regions"].(map[string]any)["eu-west-2"].(map[string]any)
	assert.Equal(t, region["standardVaultArn"], arn)
	assert.Equal(t, website["memberAccountConfig"].(map[string]any)["kmsKeyId"],
		outputs["website-service"].MemberAccountConfig.KmsKeyId)
	assert.Len(t, outputs["website-service"].Regions["eu-west-1"].LagVaultArns, 2)
}
