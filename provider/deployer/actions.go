package deployer

import (
	"fmt"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// Action names, resource types and condition keys come from the Service
// Authorization Reference, one page per service:
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackupstorage.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudcontrolapi.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsresourceaccessmanagerram.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
// parliament (tests/lint) checks every action and resource ARN of the
// rendered document against its copy of that reference.

// Phase is the part of a resource's life an action serves.
type Phase int

const (
	Create Phase = iota
	Read         // refresh, import and the reads after create and update
	Update
	Delete // left out for resources Pulumi retains on delete
)

// grant is actions on the resources a planned resource touches.
type grant struct {
	phase   Phase
	actions []string
	// on returns the ARNs the actions act on; nil means "*", for actions
	// the Service Authorization Reference lists with no resource type.
	on func(s scope, r desired.Resource) []string
	// when returns the statement's condition, or nil.
	when func(s scope, r desired.Resource) iam.Conditions
	// only, when set, says whether the grant applies to r at all.
	only func(s scope, r desired.Resource) bool
}

// types maps every resource type the components register to what the
// pulumi-aws (v6) and pulumi-aws-native providers call to create, read,
// update and delete it. A test checks that every type a plan holds is here.
var types = map[string][]grant{
	desired.AWSProvider:       nil, // provider resources call no AWS API of their own
	desired.AWSNativeProvider: nil,

	desired.IAMRole: {
		{phase: Create, actions: []string{"iam:CreateRole", "iam:TagRole"}, on: self},
		{phase: Read, actions: []string{"iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"}, on: self},
		{phase: Update, actions: []string{"iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole"}, on: self},
		{phase: Delete, actions: []string{"iam:DeleteRole", "iam:ListInstanceProfilesForRole"}, on: self},
	},
	desired.IAMRolePolicy: {
		{phase: Create, actions: []string{"iam:PutRolePolicy"}, on: ref(rolePolicyRole)},
		{phase: Read, actions: []string{"iam:GetRolePolicy"}, on: ref(rolePolicyRole)},
		{phase: Update, actions: []string{"iam:PutRolePolicy"}, on: ref(rolePolicyRole)},
		{phase: Delete, actions: []string{"iam:DeleteRolePolicy"}, on: ref(rolePolicyRole)},
	},
	desired.IAMRolePolicyAttachment: {
		{phase: Create, actions: []string{"iam:AttachRolePolicy"}, on: ref(attachmentRole), when: attachedPolicy},
		{phase: Read, actions: []string{"iam:ListAttachedRolePolicies"}, on: ref(attachmentRole)},
		{phase: Delete, actions: []string{"iam:DetachRolePolicy"}, on: ref(attachmentRole), when: attachedPolicy},
	},
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions
	desired.IAMServiceLinkedRole: {
		{phase: Create, actions: []string{"iam:CreateServiceLinkedRole"}, on: self, when: backupServiceName},
		{phase: Read, actions: []string{"iam:GetRole"}, on: self},
		{phase: Update, actions: []string{"iam:UpdateRoleDescription", "iam:TagRole", "iam:UntagRole"}, on: self},
		{phase: Delete, actions: []string{"iam:DeleteServiceLinkedRole", "iam:GetServiceLinkedRoleDeletionStatus"}, on: self},
	},

	// https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html: CreateKey
	// takes no resource; its Tags need kms:TagResource.
	desired.KMSKey: {
		{phase: Create, actions: []string{"kms:CreateKey"}},
		{phase: Create, actions: []string{"kms:TagResource", "kms:EnableKeyRotation", "kms:PutKeyPolicy"}, on: keys},
		{phase: Read, actions: []string{"kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"}, on: keys},
		{phase: Update, actions: []string{"kms:PutKeyPolicy", "kms:UpdateKeyDescription", "kms:EnableKeyRotation",
			"kms:DisableKeyRotation", "kms:TagResource", "kms:UntagResource"}, on: keys},
		// Only the alert topics' keys are deleted (the deployment keys are
		// retained); their ids are unknown, so their tag tells them apart
		// (https://docs.aws.amazon.com/kms/latest/developerguide/tag-authorization.html).
		{phase: Delete, actions: []string{"kms:ScheduleKeyDeletion"}, on: keys, when: alertKeyTag},
	},
	// https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html: kms:ReplicateKey
	// on the primary key, kms:CreateKey in the replica's region.
	desired.KMSReplicaKey: {
		{phase: Create, actions: []string{"kms:CreateKey"}},
		{phase: Create, actions: []string{"kms:ReplicateKey"}, on: primaryKeys},
		{phase: Create, actions: []string{"kms:TagResource", "kms:PutKeyPolicy"}, on: keys},
		{phase: Read, actions: []string{"kms:DescribeKey", "kms:GetKeyPolicy", "kms:ListResourceTags"}, on: keys},
		{phase: Update, actions: []string{"kms:PutKeyPolicy", "kms:UpdateKeyDescription", "kms:TagResource", "kms:UntagResource"}, on: keys},
		{phase: Delete, actions: []string{"kms:ScheduleKeyDeletion"}, on: keys},
	},
	// https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html: alias
	// operations need permission on the alias and on the key.
	desired.KMSAlias: {
		{phase: Create, actions: []string{"kms:CreateAlias"}, on: aliasAndKeys},
		{phase: Read, actions: []string{"kms:ListAliases"}},
		{phase: Update, actions: []string{"kms:UpdateAlias"}, on: aliasAndKeys},
		{phase: Delete, actions: []string{"kms:DeleteAlias"}, on: aliasAndKeys},
	},

	// https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html#create-a-vault-permissions
	desired.BackupVault: {
		{phase: Create, actions: []string{"backup:CreateBackupVault", "backup:TagResource"}, on: self},
		{phase: Create, actions: []string{"backup-storage:MountCapsule"}},
		{phase: Create, actions: []string{"kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant", "kms:Decrypt", "kms:GenerateDataKey"},
			on: vaultKey, only: where(hasOwnKey)},
		{phase: Read, actions: []string{"backup:DescribeBackupVault", "backup:ListTags"}, on: self},
		{phase: Update, actions: []string{"backup:TagResource", "backup:UntagResource"}, on: self},
		{phase: Delete, actions: []string{"backup:DeleteBackupVault"}, on: self},
		// forceDestroy empties the vault first.
		{phase: Delete, actions: []string{"backup:ListRecoveryPointsByBackupVault"}, on: self, only: where(forceDestroys)},
		{phase: Delete, actions: []string{"backup:DeleteRecoveryPoint"}, on: recoveryPoints, only: where(forceDestroys)},
	},
	desired.BackupVaultPolicy: {
		{phase: Create, actions: []string{"backup:PutBackupVaultAccessPolicy"}, on: ref(vaultPolicyVault)},
		{phase: Read, actions: []string{"backup:GetBackupVaultAccessPolicy"}, on: ref(vaultPolicyVault)},
		{phase: Update, actions: []string{"backup:PutBackupVaultAccessPolicy"}, on: ref(vaultPolicyVault)},
		{phase: Delete, actions: []string{"backup:DeleteBackupVaultAccessPolicy"}, on: ref(vaultPolicyVault)},
	},
	// https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
	desired.BackupVaultLockConfiguration: {
		{phase: Create, actions: []string{"backup:PutBackupVaultLockConfiguration"}, on: ref(vaultLockVault)},
		{phase: Read, actions: []string{"backup:DescribeBackupVault"}, on: ref(vaultLockVault)},
		{phase: Update, actions: []string{"backup:PutBackupVaultLockConfiguration"}, on: ref(vaultLockVault)},
		{phase: Delete, actions: []string{"backup:DeleteBackupVaultLockConfiguration"}, on: ref(vaultLockVault)},
	},
	// https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
	desired.BackupLogicallyAirGapped: {
		{phase: Create, actions: []string{"backup:CreateLogicallyAirGappedBackupVault", "backup:TagResource"}, on: self},
		{phase: Create, actions: []string{"backup-storage:MountCapsule"}},
		{phase: Read, actions: []string{"backup:DescribeBackupVault", "backup:ListTags"}, on: self},
		{phase: Update, actions: []string{"backup:TagResource", "backup:UntagResource"}, on: self},
		{phase: Delete, actions: []string{"backup:DeleteBackupVault"}, on: self},
	},
	// Restore testing (docs/restore-testing.md): the plan's and its
	// selections' actions act on the plan, whose ARN ends in the id AWS
	// gives it
	// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html).
	desired.BackupRestoreTestingPlan: {
		{phase: Create, actions: []string{"backup:CreateRestoreTestingPlan", "backup:TagResource"}, on: self},
		{phase: Read, actions: []string{"backup:GetRestoreTestingPlan", "backup:ListTags"}, on: self},
		{phase: Update, actions: []string{"backup:UpdateRestoreTestingPlan", "backup:TagResource", "backup:UntagResource"},
			on: self},
		{phase: Delete, actions: []string{"backup:DeleteRestoreTestingPlan"}, on: self},
	},
	// A selection names the role AWS Backup restores with: the deployer
	// passes it, to AWS Backup only.
	desired.BackupRestoreTestingSelection: {
		{phase: Create, actions: []string{"backup:CreateRestoreTestingSelection"}, on: ref(selectionPlan)},
		{phase: Create, actions: []string{"iam:PassRole"}, on: ref(selectionRole), when: passedTo("backup.amazonaws.com")},
		{phase: Read, actions: []string{"backup:GetRestoreTestingSelection"}, on: ref(selectionPlan)},
		{phase: Update, actions: []string{"backup:UpdateRestoreTestingSelection"}, on: ref(selectionPlan)},
		{phase: Update, actions: []string{"iam:PassRole"}, on: ref(selectionRole), when: passedTo("backup.amazonaws.com")},
		{phase: Delete, actions: []string{"backup:DeleteRestoreTestingSelection"}, on: ref(selectionPlan)},
	},

	// Audit Manager frameworks and report plans: "When you create a
	// framework or report plan ... AWS Backup creates the service-linked
	// role for you"
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackupReports.html),
	// with the caller's iam:CreateServiceLinkedRole
	// (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions).
	desired.BackupFramework: {
		{phase: Create, actions: []string{"backup:CreateFramework", "backup:TagResource"}, on: self},
		{phase: Create, actions: []string{"iam:CreateServiceLinkedRole"}, on: reportsRole, when: reportsServiceName},
		{phase: Read, actions: []string{"backup:DescribeFramework", "backup:ListTags"}, on: self},
		{phase: Update, actions: []string{"backup:UpdateFramework", "backup:TagResource", "backup:UntagResource"}, on: self},
		{phase: Delete, actions: []string{"backup:DeleteFramework"}, on: self},
	},
	desired.BackupReportPlan: {
		{phase: Create, actions: []string{"backup:CreateReportPlan", "backup:TagResource"}, on: self},
		{phase: Create, actions: []string{"iam:CreateServiceLinkedRole"}, on: reportsRole, when: reportsServiceName},
		{phase: Read, actions: []string{"backup:DescribeReportPlan", "backup:ListTags"}, on: self},
		{phase: Update, actions: []string{"backup:UpdateReportPlan", "backup:TagResource", "backup:UntagResource"},
			on: self},
		{phase: Delete, actions: []string{"backup:DeleteReportPlan"}, on: self},
	},
	// The report bucket and its configuration, all retained on destroy: no
	// delete action. Creating a bucket with Object Lock needs
	// s3:PutBucketObjectLockConfiguration and s3:PutBucketVersioning too
	// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html); the
	// reads are those of the Terraform AWS provider's aws_s3_bucket, which
	// reads every bucket configuration it models.
	desired.S3Bucket: {
		{phase: Create, actions: []string{"s3:CreateBucket", "s3:PutBucketTagging", "s3:PutBucketObjectLockConfiguration",
			"s3:PutBucketVersioning"}, on: self},
		{phase: Read, actions: bucketReads, on: self},
		{phase: Update, actions: []string{"s3:PutBucketTagging"}, on: self},
	},
	desired.S3BucketVersioning: {
		{phase: Create, actions: []string{"s3:PutBucketVersioning"}, on: ref(versioningBucket)},
		{phase: Read, actions: []string{"s3:GetBucketVersioning"}, on: ref(versioningBucket)},
		{phase: Update, actions: []string{"s3:PutBucketVersioning"}, on: ref(versioningBucket)},
	},
	desired.S3BucketObjectLock: {
		{phase: Create, actions: []string{"s3:PutBucketObjectLockConfiguration"}, on: ref(objectLockBucket)},
		{phase: Read, actions: []string{"s3:GetBucketObjectLockConfiguration"}, on: ref(objectLockBucket)},
		{phase: Update, actions: []string{"s3:PutBucketObjectLockConfiguration"}, on: ref(objectLockBucket)},
	},
	desired.S3BucketEncryption: {
		{phase: Create, actions: []string{"s3:PutEncryptionConfiguration"}, on: ref(encryptionBucket)},
		{phase: Read, actions: []string{"s3:GetEncryptionConfiguration"}, on: ref(encryptionBucket)},
		{phase: Update, actions: []string{"s3:PutEncryptionConfiguration"}, on: ref(encryptionBucket)},
	},
	desired.S3BucketPublicAccessBlock: {
		{phase: Create, actions: []string{"s3:PutBucketPublicAccessBlock"}, on: ref(publicAccessBlockBucket)},
		{phase: Read, actions: []string{"s3:GetBucketPublicAccessBlock"}, on: ref(publicAccessBlockBucket)},
		{phase: Update, actions: []string{"s3:PutBucketPublicAccessBlock"}, on: ref(publicAccessBlockBucket)},
	},
	// Once put, the policy denies changing itself to everyone but the
	// account's root user (iam.ReportBucketPolicy): the deployer's update
	// action is granted here and refused by the bucket.
	desired.S3BucketPolicy: {
		{phase: Create, actions: []string{"s3:PutBucketPolicy"}, on: ref(bucketPolicyBucket)},
		{phase: Read, actions: []string{"s3:GetBucketPolicy"}, on: ref(bucketPolicyBucket)},
		{phase: Update, actions: []string{"s3:PutBucketPolicy"}, on: ref(bucketPolicyBucket)},
	},

	desired.LogGroup: {
		{phase: Create, actions: []string{"logs:CreateLogGroup", "logs:TagResource", "logs:PutRetentionPolicy"}, on: self},
		{phase: Read, actions: []string{"logs:DescribeLogGroups"}},
		{phase: Read, actions: []string{"logs:ListTagsForResource"}, on: self},
		{phase: Update, actions: []string{"logs:PutRetentionPolicy", "logs:TagResource", "logs:UntagResource"}, on: self},
		{phase: Delete, actions: []string{"logs:DeleteLogGroup"}, on: self},
	},
	desired.LogResourcePolicy: {
		{phase: Create, actions: []string{"logs:PutResourcePolicy"}},
		{phase: Read, actions: []string{"logs:DescribeResourcePolicies"}},
		{phase: Update, actions: []string{"logs:PutResourcePolicy"}},
		{phase: Delete, actions: []string{"logs:DeleteResourcePolicy"}},
	},
	desired.EventBus: {
		{phase: Create, actions: []string{"events:CreateEventBus", "events:TagResource"}, on: self},
		{phase: Read, actions: []string{"events:DescribeEventBus", "events:ListTagsForResource"}, on: self},
		{phase: Update, actions: []string{"events:TagResource", "events:UntagResource"}, on: self},
		{phase: Delete, actions: []string{"events:DeleteEventBus"}, on: self},
	},
	desired.EventBusPolicy: {
		{phase: Create, actions: []string{"events:PutPermission"}},
		{phase: Read, actions: []string{"events:DescribeEventBus"}, on: ref(busPolicyBus)},
		{phase: Update, actions: []string{"events:PutPermission"}},
		{phase: Delete, actions: []string{"events:RemovePermission"}},
	},
	desired.EventRule: {
		{phase: Create, actions: []string{"events:PutRule", "events:TagResource"}, on: self},
		{phase: Read, actions: []string{"events:DescribeRule", "events:ListTagsForResource"}, on: self},
		{phase: Update, actions: []string{"events:PutRule", "events:TagResource", "events:UntagResource"}, on: self},
		{phase: Delete, actions: []string{"events:DeleteRule"}, on: self},
	},
	desired.EventTarget: {
		{phase: Create, actions: []string{"events:PutTargets"}, on: ref(targetRule)},
		{phase: Create, actions: []string{"iam:PassRole"}, on: targetRole, when: passedTo("events.amazonaws.com"),
			only: where(passesRole)},
		{phase: Read, actions: []string{"events:ListTargetsByRule"}, on: ref(targetRule)},
		{phase: Update, actions: []string{"events:PutTargets"}, on: ref(targetRule)},
		{phase: Delete, actions: []string{"events:RemoveTargets"}, on: ref(targetRule)},
	},
	desired.StateMachine: {
		{phase: Create, actions: []string{"states:CreateStateMachine", "states:TagResource"}, on: self},
		{phase: Create, actions: []string{"iam:PassRole"}, on: ref(stateMachineRole), when: passedTo("states.amazonaws.com")},
		{phase: Read, actions: []string{"states:DescribeStateMachine", "states:ListTagsForResource"}, on: self},
		{phase: Update, actions: []string{"states:UpdateStateMachine", "states:TagResource", "states:UntagResource"}, on: self},
		{phase: Delete, actions: []string{"states:DeleteStateMachine"}, on: self},
	},

	// The alert topics: CreateTopic with their attributes (policy, key) and
	// tags; the subscription actions take no resource type.
	desired.SNSTopic: {
		{phase: Create, actions: []string{"sns:CreateTopic", "sns:SetTopicAttributes", "sns:TagResource"}, on: self},
		{phase: Read, actions: []string{"sns:GetTopicAttributes", "sns:ListTagsForResource"}, on: self},
		{phase: Update, actions: []string{"sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"}, on: self},
		{phase: Delete, actions: []string{"sns:DeleteTopic"}, on: self},
	},
	desired.SNSTopicSubscription: {
		{phase: Create, actions: []string{"sns:Subscribe"}, on: ref(subscriptionTopic)},
		{phase: Read, actions: []string{"sns:GetSubscriptionAttributes"}},
		{phase: Update, actions: []string{"sns:SetSubscriptionAttributes"}},
		{phase: Delete, actions: []string{"sns:Unsubscribe"}},
	},
	desired.MetricAlarm: {
		{phase: Create, actions: []string{"cloudwatch:PutMetricAlarm", "cloudwatch:TagResource"}, on: self},
		{phase: Read, actions: []string{"cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"}, on: self},
		{phase: Update, actions: []string{"cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"}, on: self},
		{phase: Delete, actions: []string{"cloudwatch:DeleteAlarms"}, on: self},
	},

	// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies_example_consolidate_permissions.html:
	// CreatePolicy on "*" conditioned on the policy type, the others on the policies and targets.
	// Backup policies: every backup policy of the organization. The vault
	// manager guard SCP: only SCPs that carry its guard tag, since the policy
	// resource type takes aws:ResourceTag/${TagKey} and CreatePolicy and
	// TagResource take aws:RequestTag/${TagKey}
	// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html#awsorganizations-resources-for-iam-policies).
	// CreatePolicy with tags needs organizations:TagResource as well
	// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html).
	desired.OrganizationsPolicy: {
		{phase: Create, actions: []string{"organizations:CreatePolicy"}, when: plannedPolicyType, only: managedHere},
		{phase: Create, actions: []string{"organizations:TagResource"}, on: backupPolicies, only: policyOfType(backupPolicy)},
		{phase: Read, actions: []string{"organizations:DescribePolicy", "organizations:ListTagsForResource"}, on: backupPolicies,
			only: policyOfType(backupPolicy)},
		{phase: Update, actions: []string{"organizations:UpdatePolicy", "organizations:TagResource", "organizations:UntagResource"},
			on: backupPolicies, only: policyOfType(backupPolicy)},
		{phase: Delete, actions: []string{"organizations:DeletePolicy"}, on: backupPolicies, only: policyOfType(backupPolicy)},

		{phase: Create, actions: []string{"organizations:TagResource"}, on: serviceControlPolicies, when: guardRequestTag,
			only: policyOfType(serviceControlPolicy)},
		{phase: Read, actions: []string{"organizations:DescribePolicy", "organizations:ListTagsForResource"},
			on: serviceControlPolicies, when: guardResourceTag, only: policyOfType(serviceControlPolicy)},
		{phase: Update, actions: []string{"organizations:UpdatePolicy", "organizations:TagResource", "organizations:UntagResource"},
			on: serviceControlPolicies, when: guardResourceTag, only: policyOfType(serviceControlPolicy)},
		{phase: Delete, actions: []string{"organizations:DeletePolicy"}, on: serviceControlPolicies, when: guardResourceTag,
			only: policyOfType(serviceControlPolicy)},
	},
	// AttachPolicy and DetachPolicy act on the policy and the target: the
	// guard tag is the policy's, so the target is granted on its own.
	desired.OrganizationsAttachment: {
		{phase: Create, actions: []string{"organizations:AttachPolicy"}, on: policyAndTarget, only: attachedOfType(backupPolicy)},
		{phase: Read, actions: []string{"organizations:ListTargetsForPolicy"}, on: backupPolicies, only: attachedOfType(backupPolicy)},
		{phase: Delete, actions: []string{"organizations:DetachPolicy"}, on: policyAndTarget, only: attachedOfType(backupPolicy)},

		{phase: Create, actions: []string{"organizations:AttachPolicy"}, on: serviceControlPolicies, when: attachedGuardTag,
			only: attachedOfType(serviceControlPolicy)},
		{phase: Create, actions: []string{"organizations:AttachPolicy"}, on: attachmentTarget, only: attachedOfType(serviceControlPolicy)},
		{phase: Read, actions: []string{"organizations:ListTargetsForPolicy"}, on: serviceControlPolicies, when: attachedGuardTag,
			only: attachedOfType(serviceControlPolicy)},
		{phase: Delete, actions: []string{"organizations:DetachPolicy"}, on: serviceControlPolicies, when: attachedGuardTag,
			only: attachedOfType(serviceControlPolicy)},
		{phase: Delete, actions: []string{"organizations:DetachPolicy"}, on: attachmentTarget, only: attachedOfType(serviceControlPolicy)},
	},

	// Service-managed StackSets live in the management account, also when a
	// delegated administrator creates them, so their ARNs take any account.
	// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html
	desired.CloudFormationStackSet: {
		{phase: Create, actions: []string{"cloudformation:CreateStackSet", "organizations:ListDelegatedAdministrators"}},
		{phase: Create, actions: []string{"cloudformation:TagResource"}, on: self},
		{phase: Read, actions: []string{"cloudformation:DescribeStackSet"}, on: self},
		{phase: Update, actions: []string{"cloudformation:UpdateStackSet", "cloudformation:DescribeStackSetOperation",
			"cloudformation:TagResource", "cloudformation:UntagResource"}, on: self},
		{phase: Delete, actions: []string{"cloudformation:DeleteStackSet"}, on: self},
	},
	desired.CloudFormationStackInstances: {
		{phase: Create, actions: []string{"cloudformation:CreateStackInstances"}, on: stackSetTargets},
		{phase: Create, actions: []string{"cloudformation:DescribeStackSetOperation"}, on: ref(instancesStackSet)},
		{phase: Read, actions: []string{"cloudformation:ListStackInstances", "cloudformation:DescribeStackSet"}, on: ref(instancesStackSet)},
		{phase: Update, actions: []string{"cloudformation:UpdateStackInstances"}, on: stackSetTargets},
		{phase: Delete, actions: []string{"cloudformation:DeleteStackInstances"}, on: stackSetTargets},
	},

	// pulumi-aws-native manages resources through the Cloud Control API,
	// which calls the resource type's handlers with the caller's permissions.
	// https://docs.aws.amazon.com/cloudcontrolapi/latest/userguide/security.html
	// aws-native's vault works through Cloud Control, which calls AWS Backup
	// with the caller's credentials (the CloudFormation registry's handler
	// permissions of AWS::Backup::LogicallyAirGappedBackupVault:
	// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-logicallyairgappedbackupvault.html).
	desired.BackupAirGappedVault: {
		{phase: Create, actions: []string{"cloudformation:CreateResource", "cloudformation:GetResourceRequestStatus"}},
		{phase: Create, actions: []string{"backup:CreateLogicallyAirGappedBackupVault", "backup:TagResource",
			"backup:PutBackupVaultAccessPolicy", "backup:AssociateBackupVaultMpaApprovalTeam"}, on: self},
		{phase: Create, actions: []string{"backup-storage:MountCapsule"}},
		{phase: Read, actions: []string{"cloudformation:GetResource"}},
		{phase: Read, actions: []string{"backup:DescribeBackupVault", "backup:ListTags",
			"backup:GetBackupVaultAccessPolicy"}, on: self},
		{phase: Update, actions: []string{"cloudformation:UpdateResource"}},
		{phase: Update, actions: []string{"backup:TagResource", "backup:UntagResource"}, on: self},
		// No delete: the component always retains these vaults, and Cloud
		// Control's DeleteResource names no resource to grant it on.
	},
	desired.RAMResourceShare: {
		{phase: Create, actions: []string{"cloudformation:CreateResource", "cloudformation:GetResourceRequestStatus"}},
		{phase: Create, actions: []string{"ram:CreateResourceShare"}},
		{phase: Create, actions: []string{"ram:AssociateResourceShare", "ram:TagResource"}, on: shares},
		{phase: Read, actions: []string{"cloudformation:GetResource"}},
		{phase: Read, actions: []string{"ram:GetResourceShares", "ram:GetResourceShareAssociations"}},
		{phase: Update, actions: []string{"cloudformation:UpdateResource"}},
		{phase: Update, actions: []string{"ram:UpdateResourceShare", "ram:AssociateResourceShare", "ram:DisassociateResourceShare",
			"ram:TagResource", "ram:UntagResource"}, on: shares},
		{phase: Delete, actions: []string{"cloudformation:DeleteResource"}},
		{phase: Delete, actions: []string{"ram:DeleteResourceShare"}, on: shares},
	},
}

// Lookup is what a look-up calls in AWS.
type Lookup struct {
	Actions []string
	Reason  string
	// on returns the ARNs the actions act on for the planned resources; nil means "*".
	on func(s scope, resources []desired.Resource) []string
}

// Lookups maps each pulumi-aws function the components invoke
// (package.Function) to the actions it needs; a test checks the provider
// package invokes no other.
var Lookups = map[string]Lookup{
	// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
	"aws.GetCallerIdentity": {Reason: "No permissions are required to perform this operation (STS API reference)."},
	"aws.GetRegion":         {Reason: "read from the provider's configuration"},
	"aws.GetPartition":      {Reason: "read from the provider's configuration"},
	"organizations.LookupOrganization": {Actions: []string{"organizations:DescribeOrganization"},
		Reason: "the organization id and management account"},
	"iam.GetRoles": {Actions: []string{"iam:ListRoles"}, Reason: "whether AWS Backup's service-linked role exists"},
	"backup.LookupVault": {Actions: []string{"backup:DescribeBackupVault"},
		Reason: "whether a member vault exists already, to adopt it", on: adoptedVaults},
	// terraform-provider-aws's aws_s3_bucket data source: HeadBucket (for
	// the bucket and its region) and GetBucketWebsite
	// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html:
	// "you must have the s3:ListBucket permission").
	"s3.LookupBucket": {Actions: []string{"s3:ListBucket", "s3:GetBucketWebsite"},
		Reason: "whether a report bucket a destroyed stack kept exists, to adopt it", on: adoptedBuckets},
	"organizations.GetPoliciesForTarget": {Actions: []string{"organizations:ListPoliciesForTarget"},
		Reason: "the SCPs attached to each target, to warn while a guard SCP that the management account owns is not",
		on:     organizationUnits},
	"organizations.LookupPolicy": {Actions: []string{"organizations:DescribePolicy"},
		Reason: "the names of those SCPs", on: serviceControlPolicyARNs},
	"organizations.GetOrganizationalUnitDescendantAccounts": {
		Actions: []string{"organizations:ListChildren", "organizations:ListAccountsForParent"},
		Reason:  "the accounts under each OU target, to warn when one is the management account, where StackSets never deploy",
		on:      organizationUnits},
}

func adoptedVaults(s scope, resources []desired.Resource) []string {
	var out []string
	for _, r := range resources {
		if r.Adopt {
			out = append(out, s.arn(r))
		}
	}
	return out
}

// adoptedBuckets are the report buckets a stack adopts when they exist.
func adoptedBuckets(s scope, resources []desired.Resource) []string {
	var out []string
	for _, r := range resources {
		if r.Adopt && r.Type == desired.S3Bucket {
			out = append(out, s.arn(r))
		}
	}
	return out
}

// organizationUnits are the organization's OUs and root, at any depth.
func organizationUnits(s scope, _ []desired.Resource) []string {
	return []string{naming.OUARN(s.Partition, s.ManagementAccountID, s.OrganizationID, "*"),
		naming.OrganizationRootARN(s.Partition, s.ManagementAccountID, s.OrganizationID, "*")}
}

// serviceControlPolicyARNs are the organization's service control
// policies, which the guard look-up reads (only their names).
func serviceControlPolicyARNs(s scope, _ []desired.Resource) []string {
	return serviceControlPolicies(s, desired.Resource{})
}

// The functions below return the ARNs a grant acts on.

func self(s scope, r desired.Resource) []string { return []string{s.arn(r)} }

// ref is the ARN of the planned resource that the input of r's Args T
// (its field) refers to.
func ref[T desired.Args](field func(T) desired.Ref) func(scope, desired.Resource) []string {
	return func(s scope, r desired.Resource) []string {
		return []string{s.arn(s.resource(field(args[T](r)).Resource))}
	}
}

// keys are the KMS keys of r's region: their ids are known only once created.
func keys(s scope, r desired.Resource) []string {
	return []string{naming.KMSKeyARN(s.Partition, s.region(r), s.AccountID, "*")}
}

// vaultKey is the key a vault is created on: the ARN it is given (a member
// vault's, on the central key), or the keys of its region.
func vaultKey(s scope, r desired.Resource) []string {
	if arn, ok := args[desired.VaultArgs](r).KMSKeyARN.(string); ok {
		return []string{arn}
	}
	return keys(s, r)
}

func primaryKeys(s scope, r desired.Resource) []string {
	return keys(s, s.resource(args[desired.ReplicaKeyArgs](r).PrimaryKeyARN.Resource))
}

func aliasAndKeys(s scope, r desired.Resource) []string { return append(self(s, r), keys(s, r)...) }

func recoveryPoints(s scope, r desired.Resource) []string {
	return []string{naming.RecoveryPointARN(s.Partition, s.region(r), s.AccountID, "*")}
}

// backupPolicies are the organization's backup policies: their ids are
// known only once created.
func backupPolicies(s scope, _ desired.Resource) []string {
	return []string{naming.OrganizationsPolicyARN(s.Partition, s.ManagementAccountID, s.OrganizationID,
		strings.ToLower(backupPolicy), "*")}
}

// serviceControlPolicies are the organization's SCPs: their ids are known
// only once created; the guard tag condition narrows them to the plan's.
func serviceControlPolicies(s scope, _ desired.Resource) []string {
	return []string{naming.OrganizationsPolicyARN(s.Partition, s.ManagementAccountID, s.OrganizationID,
		strings.ToLower(serviceControlPolicy), "*")}
}

func policyAndTarget(s scope, r desired.Resource) []string {
	return append(backupPolicies(s, r), attachmentTarget(s, r)...)
}

func attachmentTarget(s scope, r desired.Resource) []string {
	return []string{s.target(args[desired.PolicyAttachmentArgs](r).TargetID)}
}

func stackSetTargets(s scope, r desired.Resource) []string {
	name := s.resource(args[desired.StackInstancesArgs](r).StackSetName.Resource).PhysicalName
	region := s.region(r)
	return []string{naming.StackSetARN(s.Partition, region, "*", name, "*"),
		naming.StackSetTargetARN(s.Partition, region, "*", name, "*"),
		naming.ResourceTypeARN(s.Partition, region, "", "*")}
}

func shares(s scope, r desired.Resource) []string {
	return []string{naming.ResourceShareARN(s.Partition, s.region(r), s.AccountID, "*")}
}

// targetRole is the role ARN an event target passes; a state machine
// passes a planned role, ref(stateMachineRole).
func targetRole(_ scope, r desired.Resource) []string {
	return []string{args[desired.EventTargetArgs](r).RoleARN}
}

// Conditions.

func passedTo(service string) func(scope, desired.Resource) iam.Conditions {
	return func(scope, desired.Resource) iam.Conditions {
		return iam.Conditions{iam.StringEquals: {iam.PassedToService: iam.Strings{service}}}
	}
}

func attachedPolicy(_ scope, r desired.Resource) iam.Conditions {
	return iam.Conditions{iam.ArnEquals: {iam.AttachedPolicyARN: iam.Strings{args[desired.RolePolicyAttachmentArgs](r).PolicyARN}}}
}

func backupServiceName(scope, desired.Resource) iam.Conditions {
	return iam.Conditions{iam.StringEquals: {iam.AWSServiceName: iam.Strings{iam.BackupService}}}
}

// Organizations policy types (https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html).
const (
	backupPolicy         = desired.BackupPolicy
	serviceControlPolicy = desired.ServiceControlPolicy
)

// plannedPolicyType lets CreatePolicy create the planned policy's type only;
// an SCP only with its guard tag.
func plannedPolicyType(s scope, r desired.Resource) iam.Conditions {
	typ := args[desired.OrganizationPolicyArgs](r).Type
	c := iam.Conditions{iam.StringEquals: {iam.OrganizationsPolicyType: iam.Strings{typ}}}
	if typ != backupPolicy {
		c[iam.StringEquals][iam.RequestTag(GuardTagKey)] = iam.Strings{guardTag(r)}
	}
	return c
}

// alertKeyTag is the tag of the alert topic keys of r's deployment.
func alertKeyTag(_ scope, r desired.Resource) iam.Conditions {
	return iam.Conditions{iam.StringEquals: {iam.ResourceTag(naming.AlertKeyTagKey): iam.Strings{r.Deployment}}}
}

func guardRequestTag(_ scope, r desired.Resource) iam.Conditions {
	return iam.Conditions{iam.StringEquals: {iam.RequestTag(GuardTagKey): iam.Strings{guardTag(r)}}}
}

func guardResourceTag(_ scope, r desired.Resource) iam.Conditions {
	return iam.Conditions{iam.StringEquals: {iam.ResourceTag(GuardTagKey): iam.Strings{guardTag(r)}}}
}

func attachedGuardTag(s scope, r desired.Resource) iam.Conditions {
	return guardResourceTag(s, attached(s, r))
}

// GuardTagKey is the tag the plan gives each service control policy it
// creates, its deployment's key as value; the deployer may act only on
// SCPs that carry it.
const GuardTagKey = naming.GuardTagKey

// guardTag is the value of r's guard tag; a planned SCP without one is a
// planning error.
func guardTag(r desired.Resource) string {
	if v, ok := args[desired.OrganizationPolicyArgs](r).Tags.Fixed[GuardTagKey]; ok {
		return v
	}
	panic("deployer: " + r.Name + " is a service control policy without the " + GuardTagKey + " tag")
}

// managedHere: the backup account manages the planned policy; a service
// control policy only with guardPolicyManagedBy BackupAccount (with
// ManagementAccount, OrgPrerequisites manages the guard SCPs and the
// deployer gets no right on service control policies at all).
func managedHere(s scope, r desired.Resource) bool {
	return args[desired.OrganizationPolicyArgs](r).Type != serviceControlPolicy || s.cfg.GuardPoliciesInBackupAccount()
}

func policyOfType(typ string) func(scope, desired.Resource) bool {
	return func(s scope, r desired.Resource) bool {
		return args[desired.OrganizationPolicyArgs](r).Type == typ && managedHere(s, r)
	}
}

// attached is the planned policy a policy attachment attaches.
func attached(s scope, r desired.Resource) desired.Resource {
	return s.resource(args[desired.PolicyAttachmentArgs](r).PolicyID.Resource)
}

func attachedOfType(typ string) func(scope, desired.Resource) bool {
	return func(s scope, r desired.Resource) bool { return policyOfType(typ)(s, attached(s, r)) }
}

// where says whether a grant applies to r by a test of its Args T.
func where[T desired.Args](test func(T) bool) func(scope, desired.Resource) bool {
	return func(_ scope, r desired.Resource) bool { return test(args[T](r)) }
}

// hasOwnKey: a vault given a key, not the AWS-managed one.
func hasOwnKey(a desired.VaultArgs) bool { return a.KMSKeyARN != nil && a.KMSKeyARN != "" }

// forceDestroys: a vault emptied before it is deleted.
func forceDestroys(a desired.VaultArgs) bool { return a.ForceDestroy }

// passesRole: an event target that passes a role.
func passesRole(a desired.EventTargetArgs) bool { return a.RoleARN != "" }

// The planned resources inputs refer to, for ref.

func rolePolicyRole(a desired.RolePolicyArgs) desired.Ref             { return a.Role }
func attachmentRole(a desired.RolePolicyAttachmentArgs) desired.Ref   { return a.Role }
func vaultPolicyVault(a desired.VaultPolicyArgs) desired.Ref          { return a.BackupVaultName }
func vaultLockVault(a desired.VaultLockConfigurationArgs) desired.Ref { return a.BackupVaultName }
func busPolicyBus(a desired.EventBusPolicyArgs) desired.Ref           { return a.EventBusName }
func targetRule(a desired.EventTargetArgs) desired.Ref                { return a.Rule }
func subscriptionTopic(a desired.TopicSubscriptionArgs) desired.Ref   { return a.Topic }
func instancesStackSet(a desired.StackInstancesArgs) desired.Ref      { return a.StackSetName }
func stateMachineRole(a desired.StateMachineArgs) desired.Ref         { return a.RoleARN }
func selectionPlan(a desired.RestoreTestingSelectionArgs) desired.Ref {
	return a.RestoreTestingPlanName
}
func selectionRole(a desired.RestoreTestingSelectionArgs) desired.Ref { return a.IAMRoleARN }

// args is r's inputs as T, the Args of its type; inputs that do not fit
// are a planning error.
func args[T desired.Args](r desired.Resource) T {
	a, ok := desired.ArgsOf[T](r)
	if !ok {
		err := fmt.Errorf("%s %s: not a %s", r.Type, r.Name, a.Token())
		if r.Type == a.Token() {
			_, err = desired.DecodeArgs(r)
		}
		panic("deployer: " + err.Error())
	}
	return a
}
