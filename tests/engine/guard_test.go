//go:build engine

package engine

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/tests/engine/calls"
)

// The example's deployment website-service, its target and the guard SCP
// OrgPrerequisites attaches to it (<centralPrefix><deployment>-vault-manager-guard).
const (
	exampleTarget = "ou-abcd-defghijk"
	exampleGuard  = "immutable-aws-backup-website-service-vault-manager-guard"
	// The look-ups of the SCPs on a target (provider/lookup.go serviceControlPoliciesOn).
	getPoliciesForTarget = "aws:organizations/getPoliciesForTarget:getPoliciesForTarget"
	getPolicy            = "aws:organizations/getPolicy:getPolicy"
)

// missingGuardWarning is how OrgBackup's warning names the example's guard
// missing from its target.
var missingGuardWarning = `the guard SCP "` + exampleGuard + `" is not attached to "` + exampleTarget + `"`

// TestOrgBackupWarnsOfAMissingGuard runs examples/yaml, whose deployment
// has a guard SCP that the management account owns (guardPolicyManagedBy
// ManagementAccount, the default): its preview looks up the SCPs attached
// to the deployment's target (getPoliciesForTarget, then getPolicy for
// each id). Where the guard is attached (the default world) nothing is
// said; in an organization whose target holds only FullAWSAccess, preview
// and up warn that the guard is missing, and up creates no SCP: that is
// OrgPrerequisites' to do.
func TestOrgBackupWarnsOfAMissingGuard(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	data, err := os.ReadFile("../../examples/yaml/Pulumi.yaml")
	require.NoError(t, err)
	program := string(data)

	attached := h.yamlStack("attached", program, World{})
	mark := h.mark()
	events := newEngineEvents()
	_, err = attached.Preview(ctx, optpreview.EventStreams(events.ch))
	require.NoError(t, err)
	for _, w := range events.warnings() {
		assert.NotContains(t, w, "vault-manager-guard", "the guard is attached: no warning of it")
	}
	lookups := invokesOf(h.calls(mark))
	assert.NotZero(t, lookups[getPoliciesForTarget], "the SCPs on the target are looked up")
	// The guard, described by id; the AWS managed FullAWSAccess, whose ARN
	// the deployer may not describe, is never a guard and is skipped.
	assert.Equal(t, 1, lookups[getPolicy], "each customer SCP on the target is described, FullAWSAccess is not")

	missing := h.yamlStack("missing", program, World{AttachedSCPs: map[string][]string{exampleTarget: {}}})
	events = newEngineEvents()
	_, err = missing.Preview(ctx, optpreview.EventStreams(events.ch))
	require.NoError(t, err, "a missing guard is a warning, not an error")
	assert.Equal(t, 1, countContaining(events.warnings(), missingGuardWarning),
		"preview warns once of the missing guard: %q", events.warnings())

	events = newEngineEvents()
	_, err = missing.Up(ctx, optup.EventStreams(events.ch))
	require.NoError(t, err)
	assert.Equal(t, 1, countContaining(events.warnings(), missingGuardWarning),
		"up warns once of the missing guard: %q", events.warnings())
	for _, r := range h.resources(missing) {
		if r.Type == desired.OrganizationsPolicy {
			assert.Equal(t, desired.BackupPolicy, r.Inputs["type"], "OrgBackup creates no SCP: %s", r.URN)
		}
	}
}

// invokesOf counts the look-ups among cs by function.
func invokesOf(cs []calls.Call) map[string]int {
	out := map[string]int{}
	for _, c := range cs {
		if c.Method == "Invoke" {
			out[c.Token]++
		}
	}
	return out
}

func countContaining(messages []string, part string) int {
	n := 0
	for _, m := range messages {
		if strings.Contains(m, part) {
			n++
		}
	}
	return n
}
