package main

import (
	"maps"
	"reflect"

	awsnative "github.com/pulumi/pulumi-aws-native/sdk/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ram"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"

	"github.com/orgbackup/pulumi-orgbackup/internal/sdkargs"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// resourceArgs are the input types of every resource the double serves:
// sdkargs' and the management account's (OrgPrerequisites). A type outside
// this table is refused, as the real providers refuse an unknown token.
var resourceArgs = func() map[string]reflect.Type {
	out := maps.Clone(sdkargs.Resources)
	for typ, args := range managementArgs {
		if _, ok := out[typ]; !ok {
			out[typ] = args
		}
	}
	return out
}()

// managementArgs are the input types of OrgPrerequisites' resources.
var managementArgs = map[string]reflect.Type{
	desired.RAMSharingWithOrganization:          ram.SharingWithOrganizationArgs{}.ElementType(),
	desired.BackupGlobalSettings:                backup.GlobalSettingsArgs{}.ElementType(),
	desired.OrganizationsDelegatedAdministrator: organizations.DelegatedAdministratorArgs{}.ElementType(),
	desired.OrganizationsResourcePolicy:         organizations.ResourcePolicyArgs{}.ElementType(),
}

// providerArgs are the configuration types of the two providers.
var providerArgs = map[string]reflect.Type{
	"aws":        aws.ProviderArgs{}.ElementType(),
	"aws-native": awsnative.ProviderArgs{}.ElementType(),
}

// replaceOnChange lists, per type, the inputs whose change replaces the
// resource rather than updating it: the ForceNew attributes of the
// Terraform AWS provider the bridged resources come from, and the
// createOnlyProperties of the CloudFormation schema behind aws-native
// (aws-native-v1.70.0/aws-cloudformation-schema). Every other input updates
// in place. aws-native's Diff names no replacement itself: the engine
// replaces on these only when the program passes them as replaceOnChanges,
// as aws-native's typed SDKs do, and otherwise Update refuses a change to
// one, as Cloud Control API does.
var replaceOnChange = map[string][]string{
	desired.IAMServiceLinkedRole:         {"awsServiceName", "customSuffix"},
	desired.IAMRole:                      {"name", "namePrefix", "path"},
	desired.IAMRolePolicy:                {"name", "namePrefix", "role"},
	desired.IAMRolePolicyAttachment:      {"role", "policyArn"},
	desired.OrganizationsPolicy:          {"type"},
	desired.OrganizationsAttachment:      {"policyId", "targetId"},
	desired.KMSKey:                       {"customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"},
	desired.KMSReplicaKey:                {"primaryKeyArn"},
	desired.KMSAlias:                     {"name", "namePrefix"},
	desired.BackupVault:                  {"name", "kmsKeyArn"},
	desired.BackupVaultPolicy:            {"backupVaultName"},
	desired.BackupVaultLockConfiguration: {"backupVaultName", "changeableForDays", "maxRetentionDays", "minRetentionDays"},
	desired.BackupLogicallyAirGapped:     {"name", "minRetentionDays", "maxRetentionDays"},
	// terraform-provider-aws's restore testing resources replace on a new
	// name (and, for a selection, plan name or resource type).
	desired.BackupRestoreTestingPlan:      {"name"},
	desired.BackupRestoreTestingSelection: {"name", "restoreTestingPlanName", "protectedResourceType"},
	desired.BackupAirGappedVault:          {"backupVaultName", "encryptionKeyArn", "minRetentionDays", "maxRetentionDays"},
	desired.EventBus:                      {"name", "eventSourceName"},
	desired.EventBusPolicy:                {"eventBusName"},
	desired.LogGroup:                      {"name", "namePrefix", "logGroupClass"},
	desired.LogResourcePolicy:             {"policyName"},
	desired.EventRule:                     {"name", "namePrefix", "eventBusName"},
	desired.EventTarget:                   {"rule", "targetId", "eventBusName"},
	desired.StateMachine:                  {"name", "namePrefix", "type"},
	desired.SNSTopic:                      {"name", "namePrefix", "fifoTopic"},
	desired.SNSTopicSubscription:          {"topic", "protocol", "endpoint"},
	desired.MetricAlarm:                   {"name"},
	desired.CloudFormationStackSet:        {"name", "permissionModel"},
	desired.CloudFormationStackInstances:  {"stackSetName", "callAs"},
	desired.RAMResourceShare:              {},
	// terraform-provider-aws's Audit Manager resources replace on a new
	// name, and its S3 bucket on a new name or Object Lock, which S3 enables
	// only at creation; a bucket's configuration resources replace on a new
	// bucket or expected owner (and the Object Lock configuration on
	// objectLockEnabled).
	desired.BackupFramework:           {"name"},
	desired.BackupReportPlan:          {"name"},
	desired.S3Bucket:                  {"bucket", "bucketPrefix", "objectLockEnabled"},
	desired.S3BucketVersioning:        {"bucket", "expectedBucketOwner"},
	desired.S3BucketObjectLock:        {"bucket", "expectedBucketOwner", "objectLockEnabled"},
	desired.S3BucketEncryption:        {"bucket", "expectedBucketOwner"},
	desired.S3BucketPublicAccessBlock: {"bucket"},
	desired.S3BucketPolicy:            {"bucket"},
	// OrgPrerequisites' resources.
	desired.RAMSharingWithOrganization:          {},
	desired.BackupGlobalSettings:                {},
	desired.OrganizationsDelegatedAdministrator: {"accountId", "servicePrincipal"},
	desired.OrganizationsResourcePolicy:         {},
}

// invokeArgs are the argument types of the functions the components call.
var invokeArgs = map[string]reflect.Type{
	desired.GetCallerIdentity:                   reflect.TypeFor[aws.GetCallerIdentityArgs](),
	desired.GetPartition:                        reflect.TypeFor[aws.GetPartitionArgs](),
	desired.GetRegion:                           reflect.TypeFor[aws.GetRegionArgs](),
	desired.GetRoles:                            reflect.TypeFor[iam.GetRolesArgs](),
	desired.GetOrganization:                     reflect.TypeFor[struct{}](),
	desired.GetOrganizationalUnitDescendantAccs: reflect.TypeFor[organizations.GetOrganizationalUnitDescendantAccountsArgs](),
	desired.GetBackupVault:                      reflect.TypeFor[backup.LookupVaultArgs](),
	desired.GetS3Bucket:                         reflect.TypeFor[s3.LookupBucketArgs](),
	desired.GetDelegatedAdministrators:          reflect.TypeFor[organizations.GetDelegatedAdministratorsArgs](),
	getPoliciesForTarget:                        reflect.TypeFor[organizations.GetPoliciesForTargetArgs](),
	getPolicy:                                   reflect.TypeFor[organizations.LookupPolicyArgs](),
}

// The look-ups of the SCPs on a target (OrgBackup's guard check,
// provider/lookup.go serviceControlPoliciesOn), by pulumi-aws's tokens.
const (
	getPoliciesForTarget = "aws:organizations/getPoliciesForTarget:getPoliciesForTarget"
	getPolicy            = "aws:organizations/getPolicy:getPolicy"
)
