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
)

// outputs are what the mocked OrgPrerequisites answers with; the resources
// it registers in the management account run only in the engine
// (tests/engine/prerequisites_programs_test.go).
var outputs = map[string]any{
	"organizationId":          "o-abcd1234ef",
	"delegationPolicy":        `{"Version":"2012-10-17","Statement":[]}`,
	"guardPolicyIds":          map[string]any{"website-service": "p-abcd1234"},
	"delegatedAdministrators": []any{"backup.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com"},
	"manualSteps":             []any{},
}

// mocks records the resources the program registers.
type mocks struct {
	mu        sync.Mutex
	resources map[string]pulumi.MockResourceArgs
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	m.resources[args.TypeToken] = args
	m.mu.Unlock()
	state := args.Inputs.Copy()
	if args.TypeToken == "orgbackup:index:OrgPrerequisites" {
		for k, v := range resource.NewPropertyMapFromMap(outputs) {
			state[k] = v
		}
	}
	return args.Name + "-id", state, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

// TestProgramPassesEveryInput: OrgPrerequisites gets exactly the inputs the
// backup account's program gives OrgBackup (../testdata/inputs.json), and
// the backup account's id.
func TestProgramPassesEveryInput(t *testing.T) {
	m := &mocks{resources: map[string]pulumi.MockResourceArgs{}}
	require.NoError(t, pulumi.RunErr(program, pulumi.WithMocks("orgbackup-go-management", "test", m)))
	prerequisites, ok := m.resources["orgbackup:index:OrgPrerequisites"]
	require.True(t, ok, "the program registers an OrgPrerequisites")
	assert.False(t, prerequisites.Custom, "a component")

	data, err := os.ReadFile("../../testdata/inputs.json")
	require.NoError(t, err)
	var want map[string]any
	require.NoError(t, json.Unmarshal(data, &want))
	want["backupAccountId"] = "111111111111"
	assert.Equal(t, want, prerequisites.Inputs.Mappable())
}

// TestOutputsHaveTheirTypes reads what the program exports through the
// SDK's typed outputs.
func TestOutputsHaveTheirTypes(t *testing.T) {
	var policy string
	var guards map[string]string
	var principals, steps []string
	m := &mocks{resources: map[string]pulumi.MockResourceArgs{}}
	require.NoError(t, pulumi.RunErr(func(ctx *pulumi.Context) error {
		p, err := prepare(ctx)
		if err != nil {
			return err
		}
		p.DelegationPolicy.ApplyT(func(v string) string { policy = v; return v })
		p.GuardPolicyIds.ApplyT(func(v map[string]string) int { guards = v; return 0 })
		p.DelegatedAdministrators.ApplyT(func(v []string) int { principals = v; return 0 })
		p.ManualSteps.ApplyT(func(v []string) int { steps = v; return 0 })
		return nil
	}, pulumi.WithMocks("orgbackup-go-management", "test", m)))
	assert.Equal(t, outputs["delegationPolicy"], policy)
	assert.Equal(t, map[string]string{"website-service": "p-abcd1234"}, guards)
	assert.Equal(t, []string{"backup.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com"}, principals)
	assert.Empty(t, steps)
}
