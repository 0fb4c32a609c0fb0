// Package sdkargs maps every resource type the components register to the
// plain argument struct of its pinned provider SDK (pulumi-aws v6,
// pulumi-aws-native): the struct's pulumi tags are the type's input names
// and its Go types the input types. The registrar's tests check planned
// inputs against it, and the engine tier's test double checks what the
// engine sends.
package sdkargs

import (
	"reflect"

	awsnativebackup "github.com/pulumi/pulumi-aws-native/sdk/go/aws/backup"
	awsnativeram "github.com/pulumi/pulumi-aws-native/sdk/go/aws/ram"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudformation"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sfn"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// Resources are the argument types by type token.
var Resources = map[string]reflect.Type{
	desired.IAMServiceLinkedRole:          iam.ServiceLinkedRoleArgs{}.ElementType(),
	desired.IAMRole:                       iam.RoleArgs{}.ElementType(),
	desired.IAMRolePolicy:                 iam.RolePolicyArgs{}.ElementType(),
	desired.IAMRolePolicyAttachment:       iam.RolePolicyAttachmentArgs{}.ElementType(),
	desired.OrganizationsPolicy:           organizations.PolicyArgs{}.ElementType(),
	desired.OrganizationsAttachment:       organizations.PolicyAttachmentArgs{}.ElementType(),
	desired.KMSKey:                        kms.KeyArgs{}.ElementType(),
	desired.KMSReplicaKey:                 kms.ReplicaKeyArgs{}.ElementType(),
	desired.KMSAlias:                      kms.AliasArgs{}.ElementType(),
	desired.BackupVault:                   backup.VaultArgs{}.ElementType(),
	desired.BackupVaultPolicy:             backup.VaultPolicyArgs{}.ElementType(),
	desired.BackupVaultLockConfiguration:  backup.VaultLockConfigurationArgs{}.ElementType(),
	desired.BackupLogicallyAirGapped:      backup.LogicallyAirGappedVaultArgs{}.ElementType(),
	desired.BackupRestoreTestingPlan:      backup.RestoreTestingPlanArgs{}.ElementType(),
	desired.BackupRestoreTestingSelection: backup.RestoreTestingSelectionArgs{}.ElementType(),
	desired.BackupFramework:               backup.FrameworkArgs{}.ElementType(),
	desired.BackupReportPlan:              backup.ReportPlanArgs{}.ElementType(),
	desired.S3Bucket:                      s3.BucketV2Args{}.ElementType(),
	desired.S3BucketVersioning:            s3.BucketVersioningV2Args{}.ElementType(),
	desired.S3BucketObjectLock:            s3.BucketObjectLockConfigurationV2Args{}.ElementType(),
	desired.S3BucketEncryption:            s3.BucketServerSideEncryptionConfigurationV2Args{}.ElementType(),
	desired.S3BucketPublicAccessBlock:     s3.BucketPublicAccessBlockArgs{}.ElementType(),
	desired.S3BucketPolicy:                s3.BucketPolicyArgs{}.ElementType(),
	desired.EventBus:                      cloudwatch.EventBusArgs{}.ElementType(),
	desired.EventBusPolicy:                cloudwatch.EventBusPolicyArgs{}.ElementType(),
	desired.LogGroup:                      cloudwatch.LogGroupArgs{}.ElementType(),
	desired.LogResourcePolicy:             cloudwatch.LogResourcePolicyArgs{}.ElementType(),
	desired.EventRule:                     cloudwatch.EventRuleArgs{}.ElementType(),
	desired.EventTarget:                   cloudwatch.EventTargetArgs{}.ElementType(),
	desired.StateMachine:                  sfn.StateMachineArgs{}.ElementType(),
	desired.SNSTopic:                      sns.TopicArgs{}.ElementType(),
	desired.SNSTopicSubscription:          sns.TopicSubscriptionArgs{}.ElementType(),
	desired.MetricAlarm:                   cloudwatch.MetricAlarmArgs{}.ElementType(),
	desired.CloudFormationStackSet:        cloudformation.StackSetArgs{}.ElementType(),
	desired.CloudFormationStackInstances:  cloudformation.StackInstancesArgs{}.ElementType(),
	desired.RAMResourceShare:              awsnativeram.ResourceShareArgs{}.ElementType(),
	desired.BackupAirGappedVault:          awsnativebackup.LogicallyAirGappedBackupVaultArgs{}.ElementType(),
}
