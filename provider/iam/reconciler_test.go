package iam

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The reconciler's policy grants no action that removes a recovery point
// or changes its lifecycle, passes the backup service role to AWS Backup
// only, uses keys through SNS for the created alert topics only, and
// delivers no logs (a STANDARD workflow keeps its history).
func TestReconcilerPolicyIsLeastPrivilege(t *testing.T) {
	const topic = "arn:aws:sns:eu-west-2:111111111111:backup-web-alerts"
	doc := scope.ReconcilerStateMachine([]string{topic, "arn:aws:sns:eu-west-1:111111111111:ops"}, []string{topic})
	var actions []string
	for _, s := range doc.Statement {
		assert.Equal(t, Allow, s.Effect)
		for _, a := range s.Action {
			actions = append(actions, a)
			if a != "kms:GenerateDataKey*" {
				assert.NotContains(t, a, "*", "no wildcard action but kms:GenerateDataKey*")
			}
			assert.False(t, strings.HasPrefix(a, "logs:"), a)
		}
		switch s.Sid {
		case "AllowPassBackupServiceRole":
			assert.Equal(t, Strings{"arn:aws:iam::111111111111:role/backup-web-backup-service-role"}, s.Resource)
			assert.Equal(t, Strings{BackupService}, s.Condition[StringEquals][PassedToService])
		case "AllowPublishAlerts":
			assert.Equal(t, Strings{"arn:aws:sns:eu-west-1:111111111111:ops", topic}, s.Resource)
		case "AllowAlertTopicEncryption":
			assert.Equal(t, Strings{"arn:aws:kms:eu-west-2:111111111111:key/*"}, s.Resource)
			assert.Equal(t, map[string]Strings{"kms:ViaService": {"sns.eu-west-2.amazonaws.com"}, snsTopicContext: {topic}},
				s.Condition[StringEquals], "through SNS, for the created topic only, whatever the key's id")
			assert.Len(t, s.Condition, 1)
		case "AllowContinueInNewExecution":
			assert.Equal(t, Strings{"arn:aws:states:eu-west-2:111111111111:stateMachine:backup-web-backup-reconcile"}, s.Resource)
		case "AllowAssumeRoleInMemberAccounts":
			assert.Equal(t, Strings{"arn:aws:iam::*:role/org-web-central-access"}, s.Resource)
			assert.Equal(t, Sorted(scope.OrgPaths...), s.Condition[ForAnyValueStringLike][ResourceOrgPaths])
		case "AllowListIntermediateRecoveryPoints":
			assert.Equal(t, Strings{"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-intermediate"}, s.Resource)
		}
	}
	assert.Len(t, doc.Statement, 8)
	assert.Len(t, scope.ReconcilerStateMachine([]string{topic}, nil).Statement, 7, "no key to use for existing topics")
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
	assert.Contains(t, deny.Condition[ArnLike][PrincipalARN], "arn:aws:iam::111111111111:role/backup-web-backup-reconcile-sfn")
}
