package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/deployer"
	"github.com/orgbackup/pulumi-orgbackup/provider/policy"
)

func TestRenderWritesEveryPolicy(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"render", "--config", "../../../examples/config/lag-pitr.yaml", "--out", out}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())

	data, err := os.ReadFile("../../../examples/config/lag-pitr.yaml")
	require.NoError(t, err)
	f, err := config.Load(data)
	require.NoError(t, err)
	cfg, err := config.Resolve(f.Config, f.Context)
	require.NoError(t, err)
	docs, err := policy.Documents(cfg, f.Context)
	require.NoError(t, err)

	entries, err := os.ReadDir(filepath.Join(out, "policies"))
	require.NoError(t, err)
	assert.Len(t, entries, len(docs))
	for _, d := range docs {
		written, err := os.ReadFile(filepath.Join(out, "policies", d.Name+".json"))
		require.NoError(t, err)
		assert.Equal(t, d.Content, string(written))
		assert.Contains(t, stdout.String(), "policy "+d.Name+":")
	}
	assert.Contains(t, stdout.String(), "deployment ca-prod: 1 plans")

	written, err := os.ReadFile(filepath.Join(out, "policies-iam", "deployer.json"))
	require.NoError(t, err)
	assert.JSONEq(t, deployer.Central(cfg, f.Context, central.New(cfg, f.Context, docs).Resources).JSON(), string(written),
		"render writes the deployer permissions of the same plan")
	for _, key := range cfg.DeploymentKeys() {
		_, err := os.Stat(filepath.Join(out, "policies-iam", "deployer-member", key+".json"))
		assert.NoError(t, err, "the permissions of the deployment's MemberAccount")
	}
}

func TestRenderRefusesInvalidInputAndWritesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	code := run([]string{"render", "--config", "../../../examples/config/invalid/reference-readme.yaml", "--out", out},
		&stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), `deployments["website-service"]: backup vault name`)
	assert.Contains(t, stderr.String(), `deployments["website-service"]: IAM role name`)
	assert.NoDirExists(t, out)
	assert.Empty(t, stdout.String())
}

func TestRenderUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 2, run([]string{"render", "--config", "x.yaml"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "usage: orgbackup render --config FILE --out DIR")
}
