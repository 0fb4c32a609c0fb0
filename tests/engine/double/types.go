package main

import (
	"reflect"

	awsnative "github.com/pulumi/pulumi-aws-native/sdk/go/aws"
	awsnativeram "github.com/pulumi/pulumi-aws-native/sdk/go/aws/ram"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudformation"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sfn"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
)

// resourceArgs are the input types of every resource the double serves:
// the plain argument structs of the pinned SDKs, whose pulumi tags are the
// input names and whose Go types are the input types. A type outside this
// table is refused, as the real providers refuse an unknown token.
var resourceArgs = map[string]reflect.Type{
	"aws:iam/serviceLinkedRole:ServiceLinkedRole":                iam.ServiceLinkedRoleArgs{}.ElementType(),
	"aws:iam/role:Role":                                          iam.RoleArgs{}.ElementType(),
	"aws:iam/rolePolicy:RolePolicy":                              iam.RolePolicyArgs{}.ElementType(),
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment":          iam.RolePolicyAttachmentArgs{}.ElementType(),
	"aws:organizations/policy:Policy":                            organizations.PolicyArgs{}.ElementType(),
	"aws:organizations/policyAttachment:PolicyAttachment":        organizations.PolicyAttachmentArgs{}.ElementType(),
	"aws:kms/key:Key":                                            kms.KeyArgs{}.ElementType(),
	"aws:kms/replicaKey:ReplicaKey":                              kms.ReplicaKeyArgs{}.ElementType(),
	"aws:kms/alias:Alias":                                        kms.AliasArgs{}.ElementType(),
	"aws:backup/vault:Vault":                                     backup.VaultArgs{}.ElementType(),
	"aws:backup/vaultPolicy:VaultPolicy":                         backup.VaultPolicyArgs{}.ElementType(),
	"aws:backup/vaultLockConfiguration:VaultLockConfiguration":   backup.VaultLockConfigurationArgs{}.ElementType(),
	"aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault": backup.LogicallyAirGappedVaultArgs{}.ElementType(),
	"aws:cloudwatch/eventBus:EventBus":                           cloudwatch.EventBusArgs{}.ElementType(),
	"aws:cloudwatch/eventBusPolicy:EventBusPolicy":               cloudwatch.EventBusPolicyArgs{}.ElementType(),
	"aws:cloudwatch/logGroup:LogGroup":                           cloudwatch.LogGroupArgs{}.ElementType(),
	"aws:cloudwatch/logResourcePolicy:LogResourcePolicy":         cloudwatch.LogResourcePolicyArgs{}.ElementType(),
	"aws:cloudwatch/eventRule:EventRule":                         cloudwatch.EventRuleArgs{}.ElementType(),
	"aws:cloudwatch/eventTarget:EventTarget":                     cloudwatch.EventTargetArgs{}.ElementType(),
	"aws:sfn/stateMachine:StateMachine":                          sfn.StateMachineArgs{}.ElementType(),
	"aws:sns/topic:Topic":                                        sns.TopicArgs{}.ElementType(),
	"aws:sns/topicSubscription:TopicSubscription":                sns.TopicSubscriptionArgs{}.ElementType(),
	"aws:cloudwatch/metricAlarm:MetricAlarm":                     cloudwatch.MetricAlarmArgs{}.ElementType(),
	"aws:cloudformation/stackSet:StackSet":                       cloudformation.StackSetArgs{}.ElementType(),
	"aws:cloudformation/stackInstances:StackInstances":           cloudformation.StackInstancesArgs{}.ElementType(),
	"aws-native:ram:ResourceShare":                               awsnativeram.ResourceShareArgs{}.ElementType(),
}

// providerArgs are the configuration types of the two providers.
var providerArgs = map[string]reflect.Type{
	"aws":        aws.ProviderArgs{}.ElementType(),
	"aws-native": awsnative.ProviderArgs{}.ElementType(),
}

// replaceOnChange lists, per type, the inputs whose change replaces the
// resource rather than updating it: the ForceNew attributes of the
// Terraform AWS provider the bridged resources come from, and the
// createOnlyProperties of the CloudFormation schema behind aws-native.
// Every other input updates in place.
var replaceOnChange = map[string][]string{
	"aws:iam/serviceLinkedRole:ServiceLinkedRole":                {"awsServiceName", "customSuffix"},
	"aws:iam/role:Role":                                          {"name", "namePrefix", "path"},
	"aws:iam/rolePolicy:RolePolicy":                              {"name", "namePrefix", "role"},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment":          {"role", "policyArn"},
	"aws:organizations/policy:Policy":                            {"type"},
	"aws:organizations/policyAttachment:PolicyAttachment":        {"policyId", "targetId"},
	"aws:kms/key:Key":                                            {"customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"},
	"aws:kms/replicaKey:ReplicaKey":                              {"primaryKeyArn"},
	"aws:kms/alias:Alias":                                        {"name", "namePrefix"},
	"aws:backup/vault:Vault":                                     {"name", "kmsKeyArn"},
	"aws:backup/vaultPolicy:VaultPolicy":                         {"backupVaultName"},
	"aws:backup/vaultLockConfiguration:VaultLockConfiguration":   {"backupVaultName"},
	"aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault": {"name", "minRetentionDays", "maxRetentionDays"},
	"aws:cloudwatch/eventBus:EventBus":                           {"name", "eventSourceName"},
	"aws:cloudwatch/eventBusPolicy:EventBusPolicy":               {"eventBusName"},
	"aws:cloudwatch/logGroup:LogGroup":                           {"name", "namePrefix", "logGroupClass"},
	"aws:cloudwatch/logResourcePolicy:LogResourcePolicy":         {"policyName"},
	"aws:cloudwatch/eventRule:EventRule":                         {"name", "namePrefix", "eventBusName"},
	"aws:cloudwatch/eventTarget:EventTarget":                     {"rule", "targetId", "eventBusName"},
	"aws:sfn/stateMachine:StateMachine":                          {"name", "namePrefix", "type"},
	"aws:sns/topic:Topic":                                        {"name", "namePrefix", "fifoTopic"},
	"aws:sns/topicSubscription:TopicSubscription":                {"topic", "protocol", "endpoint"},
	"aws:cloudwatch/metricAlarm:MetricAlarm":                     {"name"},
	"aws:cloudformation/stackSet:StackSet":                       {"name", "permissionModel"},
	"aws:cloudformation/stackInstances:StackInstances":           {"stackSetName", "callAs"},
	"aws-native:ram:ResourceShare":                               {},
}

// invokeArgs are the argument types of the functions the components call.
var invokeArgs = map[string]reflect.Type{
	"aws:index/getCallerIdentity:getCallerIdentity":     reflect.TypeFor[aws.GetCallerIdentityArgs](),
	"aws:index/getPartition:getPartition":               reflect.TypeFor[aws.GetPartitionArgs](),
	"aws:index/getRegion:getRegion":                     reflect.TypeFor[aws.GetRegionArgs](),
	"aws:iam/getRoles:getRoles":                         reflect.TypeFor[iam.GetRolesArgs](),
	"aws:organizations/getOrganization:getOrganization": reflect.TypeFor[struct{}](),
	"aws:organizations/getOrganizationalUnitDescendantAccounts:getOrganizationalUnitDescendantAccounts": reflect.TypeFor[organizations.GetOrganizationalUnitDescendantAccountsArgs](),
	"aws:backup/getVault:getVault": reflect.TypeFor[backup.LookupVaultArgs](),
}
