package iam

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The reconciler's policy grants no action that removes a recovery point
// or changes its lifecycle, passes the backup service role to AWS Backup
// only, and uses the deployment key through SNS only.
func TestReconcilerPolicyIsLeastPrivilege(t *testing.T) {
	doc := scope.ReconcilerStateMachine([]string{"arn:aws:sns:eu-west-2:111111111111:backup-web-alerts"})
	var actions []string
	for _, s := range doc.Statement {
		assert.Equal(t, Allow, s.Effect)
		for _, a := range s.Action {
			actions = append(actions, a)
			if a != "kms:GenerateDataKey*" {
				assert.NotContains(t, a, "*", "no wildcard action but kms:GenerateDataKey*")
			}
		}
		switch s.Sid {
		case "AllowPassBackupServiceRole":
			assert.Equal(t, Strings{"arn:aws:iam::111111111111:role/backup-web-backup-service-role"}, s.Resource)
			assert.Equal(t, Strings{BackupService}, s.Condition[stringEquals][passedToService])
		case "AllowPublishAlerts":
			assert.Equal(t, Strings{"arn:aws:sns:eu-west-2:111111111111:backup-web-alerts"}, s.Resource)
		case "AllowAlertTopicEncryption":
			assert.Equal(t, Strings{"sns.eu-west-2.amazonaws.com"}, s.Condition[stringEquals]["kms:ViaService"])
			assert.Equal(t, Strings{"alias/backup-web-alerts"}, s.Condition["ForAnyValue:StringEquals"]["kms:ResourceAliases"])
		case "AllowContinueInNewExecution":
			assert.Equal(t, Strings{"arn:aws:states:eu-west-2:111111111111:stateMachine:backup-web-backup-reconcile"}, s.Resource)
		case "AllowAssumeRoleInMemberAccounts":
			assert.Equal(t, Strings{"arn:aws:iam::*:role/org-web-central-access"}, s.Resource)
			assert.Equal(t, Sorted(scope.OrgPaths...), s.Condition[anyValueStringLike][resourceOrgPaths])
		case "AllowListIntermediateRecoveryPoints":
			assert.Equal(t, Strings{"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-intermediate"}, s.Resource)
		}
	}
	for _, removal := range RecoveryPointRemovals {
		assert.NotContains(t, actions, removal)
	}
	for _, a := range actions {
		assert.False(t, strings.HasPrefix(a, "backup:Delete") || strings.HasPrefix(a, "backup:Put") ||
			strings.HasPrefix(a, "backup:Update"), a)
	}
}

func TestLockedVaultsDenyTheReconcilerRemovals(t *testing.T) {
	deny := scope.LockedVault().Statement[0]
	assert.Equal(t, Deny, deny.Effect)
	assert.Contains(t, deny.Condition[arnLike][principalArn], "arn:aws:iam::111111111111:role/backup-web-backup-reconcile-sfn")
}
