package iam

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The statements a member's customer managed key needs for AWS Backup in
// the backup account: EBSShareKeyPage's actions, kms:CreateGrant only for
// AWS resources, AWS Backup's service-linked role of the backup account
// and nobody else.
func TestCustomerManagedKeySharing(t *testing.T) {
	got := StatementsJSON(CustomerManagedKeySharing("aws", "111111111111"))
	assert.JSONEq(t, `[
	  {"Sid": "OrgBackupBackupAccountUseOfTheKey", "Effect": "Allow",
	   "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
	   "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
	              "kms:ReEncryptFrom", "kms:ReEncryptTo"],
	   "Resource": "*",
	   "Condition": {"ArnEquals": {"aws:PrincipalArn":
	     "arn:aws:iam::111111111111:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup"}}},
	  {"Sid": "OrgBackupBackupAccountGrantsForAWSBackup", "Effect": "Allow",
	   "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
	   "Action": "kms:CreateGrant",
	   "Resource": "*",
	   "Condition": {"ArnEquals": {"aws:PrincipalArn":
	     "arn:aws:iam::111111111111:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup"},
	     "Bool": {"kms:GrantIsForAWSResource": "true"}}}
	]`, got)
	assert.Equal(t, got, StatementsJSON(CustomerManagedKeySharing("aws", "111111111111")), "deterministic")
	assert.Equal(t, byte('\n'), got[len(got)-1])
}

// Every action of the EBS page's list and the AWS Backup minimum is
// allowed, and nothing else: no kms:* wildcard, no Encrypt, no key
// administration.
func TestCustomerManagedKeySharingIsLeastPrivilege(t *testing.T) {
	var allowed []string
	for _, st := range CustomerManagedKeySharing("aws-us-gov", "111111111111") {
		assert.Equal(t, Allow, st.Effect)
		assert.Equal(t, Strings{"arn:aws-us-gov:iam::111111111111:root"}, st.Principal.AWS)
		assert.Empty(t, st.Principal.Service)
		assert.Equal(t, Strings{"*"}, st.Resource, "in a key policy, the key itself")
		assert.Equal(t, Strings{"arn:aws-us-gov:iam::111111111111:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup"},
			st.Condition[ArnEquals][PrincipalARN])
		for _, a := range st.Action {
			assert.NotContains(t, a, "*")
			allowed = append(allowed, a)
		}
		if len(st.Action) == 1 && st.Action[0] == "kms:CreateGrant" {
			assert.Equal(t, Strings{"true"}, st.Condition[Bool][GrantIsForAWSResource])
		}
	}
	// EBSShareKeyPage's list, kms:ReEncrypt being ReEncryptFrom and ReEncryptTo.
	assert.ElementsMatch(t, []string{"kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKey",
		"kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:Decrypt"}, allowed)
	// BackupKeyPermissionsPage's minimum.
	assert.Subset(t, allowed, []string{"kms:CreateGrant", "kms:GenerateDataKey", "kms:Decrypt"})
}

// The file is a JSON list of statements, each a valid statement of a
// key policy once pasted into its Statement list.
func TestStatementsJSONPastesIntoAPolicy(t *testing.T) {
	var list []json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(StatementsJSON(CustomerManagedKeySharing("aws", "111111111111"))), &list))
	require.Len(t, list, 2)
	doc := New(CustomerManagedKeySharing("aws", "111111111111")...)
	var back Document
	require.NoError(t, json.Unmarshal([]byte(doc.JSON()), &back))
	assert.Equal(t, doc, back)
}
