package naming

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The ARN helpers write the formats of the Service Authorization
// Reference, with any component a wildcard or a placeholder.
func TestARNs(t *testing.T) {
	const p, r, a = "aws", "eu-west-2", "111122223333"
	for _, c := range [][2]string{
		{RoleARN(p, a, "ops/BackupAdmin"), "arn:aws:iam::111122223333:role/ops/BackupAdmin"},
		{RoleARN("${AWS::Partition}", "${AWS::AccountId}", "x"), "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x"},
		{ServiceLinkedRoleARN(p, "*", "backup.amazonaws.com", "AWSServiceRoleForBackup"), "arn:aws:iam::*:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup"},
		{ManagedPolicyARN(p, "service-role/AWSBackupServiceRolePolicyForBackup"), "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"},
		{SAMLProviderARN(p, "*", "AWSSSO_*"), "arn:aws:iam::*:saml-provider/AWSSSO_*"},
		{AccountRootARN(p, a), "arn:aws:iam::111122223333:root"},
		{KMSKeyARN(p, r, a, "*"), "arn:aws:kms:eu-west-2:111122223333:key/*"},
		{KMSAliasARN(p, r, a, "alias/x"), "arn:aws:kms:eu-west-2:111122223333:alias/x"},
		{VaultARN(p, "*", "*", "v"), "arn:aws:backup:*:*:backup-vault:v"},
		{RecoveryPointARN(p, r, a, "*"), "arn:aws:backup:eu-west-2:111122223333:recovery-point:*"},
		{EventBusARN(p, r, a, "b"), "arn:aws:events:eu-west-2:111122223333:event-bus/b"},
		{EventRuleARN(p, r, a, "", "x"), "arn:aws:events:eu-west-2:111122223333:rule/x"},
		{EventRuleARN(p, r, a, "b", "x"), "arn:aws:events:eu-west-2:111122223333:rule/b/x"},
		{StateMachineARN(p, r, a, "m"), "arn:aws:states:eu-west-2:111122223333:stateMachine:m"},
		{ServiceIntegrationARN(p, "sns", "publish"), "arn:aws:states:::sns:publish"},
		{SDKIntegrationARN(p, "backup", "listCopyJobs"), "arn:aws:states:::aws-sdk:backup:listCopyJobs"},
		{LogGroupARN(p, r, a, "/aws/x"), "arn:aws:logs:eu-west-2:111122223333:log-group:/aws/x"},
		{FunctionARN(p, "*", "*", "f:*"), "arn:aws:lambda:*:*:function:f:*"},
		{StackARN(p, "*", "*", "StackSet-s-*", "*"), "arn:aws:cloudformation:*:*:stack/StackSet-s-*/*"},
		{StackSetARN(p, r, "*", "s", "*"), "arn:aws:cloudformation:eu-west-2:*:stackset/s:*"},
		{StackSetTargetARN(p, r, "*", "s", "*"), "arn:aws:cloudformation:eu-west-2:*:stackset-target/s:*"},
		{ResourceTypeARN(p, r, "", "*"), "arn:aws:cloudformation:eu-west-2::type/resource/*"},
		{ResourceShareARN(p, r, a, "*"), "arn:aws:ram:eu-west-2:111122223333:resource-share/*"},
		{OrganizationARN(p, a, "o-abc"), "arn:aws:organizations::111122223333:organization/o-abc"},
		{OUARN(p, a, "o-abc", "ou-1"), "arn:aws:organizations::111122223333:ou/o-abc/ou-1"},
		{OrganizationRootARN(p, a, "o-abc", "r-1"), "arn:aws:organizations::111122223333:root/o-abc/r-1"},
		{OrganizationsPolicyARN(p, a, "o-abc", "backup_policy", "*"), "arn:aws:organizations::111122223333:policy/o-abc/backup_policy/*"},
		{ServiceARNPrefix("aws-cn", "sqs"), "arn:aws-cn:sqs:"},
		{ARNInPartition("aws-us-gov", "s3:::*"), "arn:aws-us-gov:s3:::*"},
	} {
		assert.Equal(t, c[1], c[0])
	}
}

// A backup target's ARN: the root's and an OU's as the Service
// Authorization Reference writes them
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html#awsorganizations-resources-for-iam-policies);
// a pending target's is a placeholder completed once its id is known.
func TestTargetARN(t *testing.T) {
	assert.Equal(t, "arn:aws:organizations::999999999999:root/o-abcd1234ef/r-abcd",
		TargetARN("aws", "999999999999", "o-abcd1234ef", "r-abcd"))
	assert.Equal(t, "arn:aws-us-gov:organizations::999999999999:ou/o-abcd1234ef/ou-abcd-11111111",
		TargetARN("aws-us-gov", "999999999999", "o-abcd1234ef", "ou-abcd-11111111"))
	assert.Equal(t, "{{arn web 2}}", TargetARN("aws", "999999999999", "o-abcd1234ef", PendingTarget("web", 2)))
}
