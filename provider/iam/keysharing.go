package iam

import (
	"encoding/json"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// The pages the key sharing statements rest on.
const (
	// CrossAccountKeyPage: "In the source account, if your resources are
	// encrypted with a customer managed key, you must share this customer
	// managed key with the destination account".
	CrossAccountKeyPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html"
	// EBSShareKeyPage: "Users of your shared customer managed key who are
	// accessing encrypted snapshots must be granted permissions to perform
	// the following actions on the key: kms:DescribeKey, kms:CreateGrant,
	// kms:GenerateDataKey, kms:GenerateDataKeyWithoutPlaintext,
	// kms:ReEncrypt, kms:Decrypt", and "To follow the principle of least
	// privilege, do not allow full access to kms:CreateGrant. Instead, use
	// the kms:GrantIsForAWSResource condition key".
	EBSShareKeyPage = "https://docs.aws.amazon.com/ebs/latest/userguide/share-kms-key.html"
	// BackupKeyPermissionsPage: "At a minimum, the key policy requires the
	// following permissions: kms:createGrant, kms:generateDataKey,
	// kms:decrypt".
	BackupKeyPermissionsPage = "https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html#backup-permissions-grants-deny-statements"
	// KeySharingRolePage: "the customer managed KMS key should be shared
	// with the destination account service-linked role".
	KeySharingRolePage = "https://aws.amazon.com/blogs/storage/how-encryption-works-in-aws-backup/"
)

// KeySharingUseSid and KeySharingGrantSid name the two statements.
const (
	KeySharingUseSid   = "OrgBackupBackupAccountUseOfTheKey"
	KeySharingGrantSid = "OrgBackupBackupAccountGrantsForAWSBackup"
)

// keySharingActions are the actions EBSShareKeyPage lists but
// kms:CreateGrant, which KeySharingGrantSid allows alone under its
// condition; kms:ReEncrypt is its two actions, kms:ReEncryptFrom and
// kms:ReEncryptTo (https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html).
var keySharingActions = []string{"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey",
	"kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"}

// BackupServiceLinkedRoleARN is AWS Backup's service-linked role in
// accountID (https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackup.html).
func BackupServiceLinkedRoleARN(partition, accountID string) string {
	return naming.RoleARN(partition, accountID, BackupServiceLinked)
}

// CustomerManagedKeySharing is what a member account's customer managed
// key's policy needs so that AWS Backup in the backup account may use it
// for a cross-account copy of a backup of a type AWS Backup does not fully
// manage (CrossAccountKeyPage): the actions of EBSShareKeyPage, which
// include BackupKeyPermissionsPage's minimum, for AWS Backup's
// service-linked role in the backup account (KeySharingRolePage), and
// kms:CreateGrant only for grants on AWS resources (EBSShareKeyPage's
// tip). In a key policy, Resource "*" is the key itself. The principal is
// the account and aws:PrincipalArn names the role, as
// AccountRolesInOrganization does: a role principal would become the
// role's unique id and break when the role is created again.
func CustomerManagedKeySharing(partition, backupAccountID string) []Statement {
	principal := &Principal{AWS: Strings{AccountRoot(partition, backupAccountID)}}
	role := Conditions{ArnEquals: {PrincipalARN: Strings{BackupServiceLinkedRoleARN(partition, backupAccountID)}}}
	return []Statement{
		{Sid: KeySharingUseSid, Effect: Allow, Principal: principal, Action: Sorted(keySharingActions...),
			Resource: Strings{"*"}, Condition: role},
		{Sid: KeySharingGrantSid, Effect: Allow, Principal: principal, Action: Strings{"kms:CreateGrant"},
			Resource: Strings{"*"}, Condition: Conditions{
				ArnEquals: role[ArnEquals],
				Bool:      {GrantIsForAWSResource: Strings{"true"}},
			}},
	}
}

// StatementsJSON is statements as an indented JSON list, ready to paste
// into a key policy's Statement list, with a final newline.
func StatementsJSON(statements []Statement) string {
	out, err := json.MarshalIndent(statements, "", "  ")
	if err != nil {
		panic(err) // a statement holds only strings
	}
	return string(out) + "\n"
}
