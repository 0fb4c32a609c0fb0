package provider

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

// guardPolicyId is the guard SCP's id wherever OrgBackup owns one
// (guardPolicyManagedBy BackupAccount): with a StackSet always, with member
// stacks only with protectMemberResources. By default OrgPrerequisites
// owns it, and OrgBackup registers none.
func TestGuardPolicyIDOutput(t *testing.T) {
	m, deployments, err := run(exampleArgs(t, "lag-pitr"))
	require.NoError(t, err)
	assert.Nil(t, deployments["ca-prod"].GuardPolicyID)
	assert.NotContains(t, m.byName(), "backup-ca-prod-vault-manager-guard")

	inBackupAccount := ptr(GuardPolicyManagedBy(config.GuardManagedByBackupAccount))
	args := exampleArgs(t, "lag-pitr")
	args.GuardPolicyManagedBy = inBackupAccount
	_, deployments, err = run(args)
	require.NoError(t, err)
	require.NotNil(t, deployments["ca-prod"].GuardPolicyID)
	assert.Equal(t, "backup-ca-prod-vault-manager-guard-id", *deployments["ca-prod"].GuardPolicyID)

	args = exampleArgs(t, "member-stacks")
	args.GuardPolicyManagedBy = inBackupAccount
	args.MemberAccountResources = ptr(MemberAccountResources(config.MemberAccountStacks))
	m, deployments, err = run(args)
	require.NoError(t, err)
	require.NotNil(t, deployments["payments"].GuardPolicyID)
	assert.Equal(t, "backup-payments-vault-manager-guard-id", *deployments["payments"].GuardPolicyID)
	assert.Nil(t, deployments["analytics"].GuardPolicyID, "analytics does not protect its member resources")
	_, payments := m.byName()["backup-payments-vault-manager-guard"]
	_, analytics := m.byName()["backup-analytics-vault-manager-guard"]
	assert.True(t, payments)
	assert.False(t, analytics)
}
