//go:build engine

package engine

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// retainedTypes are registered with retainOnDelete: recovery points
// outlive the stack (README, Design). The alert topics' keys are the
// exception (alertKey): they protect alert messages only.
var retainedTypes = []string{
	desired.BackupLogicallyAirGapped,
	desired.BackupAirGappedVault,
	desired.BackupVaultLockConfiguration,
	desired.KMSKey,
	desired.KMSReplicaKey,
	// A report bucket and its configuration: the reports are evidence
	// (docs/audit-reports.md).
	desired.S3Bucket,
	desired.S3BucketVersioning,
	desired.S3BucketObjectLock,
	desired.S3BucketEncryption,
	desired.S3BucketPublicAccessBlock,
	desired.S3BucketPolicy,
}

// assertRetention checks the state marks every air-gapped vault, lock,
// key and locked vault retained, and of the vaults' policies the member
// locked vaults' (LockedVault-<region>-policy) only.
func assertRetention(t *testing.T, resources []stateResource) {
	t.Helper()
	locked := map[string]bool{}
	for _, r := range resources {
		if r.Type == desired.BackupVaultLockConfiguration {
			locked[r.Inputs["backupVaultName"].(string)] = true
		}
	}
	require.NotEmpty(t, locked)
	for _, r := range resources {
		if alertKey(r) {
			assert.False(t, r.RetainOnDelete, "%s is not retained", r.URN)
		} else if slices.Contains(retainedTypes, r.Type) || r.Type == desired.BackupVault && locked[r.ID] {
			assert.True(t, r.RetainOnDelete, "%s is retained", r.URN)
		} else if r.Type == desired.BackupVaultPolicy {
			// A member locked vault keeps its policy: without it, the lock's
			// grace time would be open to anyone allowed backup:*
			// (provider/member/resources.go).
			member := strings.Contains(urnName(r.URN), "LockedVault-")
			assert.Equal(t, member, r.RetainOnDelete, "%s is retained only on a member locked vault", r.URN)
		}
	}
}

// alertKey is whether r is an alert topic's KMS key (<deployment>-alerts-key-<region>).
func alertKey(r stateResource) bool {
	return r.Type == desired.KMSKey && strings.Contains(string(r.URN), "-alerts-key-")
}

// assertDestroyKeepsRetained destroys the stack: every resource that is
// not retained is deleted once, no retained one reaches Delete.
func assertDestroyKeepsRetained(t *testing.T, h *harness, stack auto.Stack, resources []stateResource) {
	t.Helper()
	mark := h.mark()
	_, err := stack.Destroy(context.Background())
	require.NoError(t, err)
	deleted := urns(byMethod(h.calls(mark), "Delete"))
	retained := func(r stateResource) bool { return r.RetainOnDelete }
	assert.Equal(t, resourceURNs(resources, func(r stateResource) bool { return !r.RetainOnDelete }), deleted)
	for _, urn := range resourceURNs(resources, retained) {
		assert.NotContains(t, deleted, urn, "a retained resource reached Delete")
	}
	assert.NotEmpty(t, resourceURNs(resources, retained))
	assert.Empty(t, h.resources(stack))
	t.Logf("destroy: %d deleted, %d retained never reached Delete", len(deleted), len(resourceURNs(resources, retained)))
}

func outputsOf(resources []stateResource, key string) []any {
	var out []any
	for _, r := range resources {
		if v, ok := r.Outputs[key]; ok {
			out = append(out, v)
		}
	}
	return out
}
