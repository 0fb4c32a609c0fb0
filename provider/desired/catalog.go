package desired

import "strings"

// The catalogue: every type token the components register or invoke, the
// outputs other resources refer to, and the provider plugin (with its
// pinned version) each type belongs to. It is the one home of these
// strings; the registrar, render, the deployer permissions, the migration
// and the engine tier's test double all key off it.

// Plugin versions the planned resources are registered with; the engine
// loads exactly these. TestPluginVersionsMatchGoMod keeps them in step
// with go.mod.
const (
	AWSVersion       = "6.83.4"
	AWSNativeVersion = "1.70.0"
)

// Plugins that own the types below.
const (
	AWS       = "aws"
	AWSNative = "aws-native"
)

// Resource types (pulumi-aws v6 and pulumi-aws-native tokens).
const (
	BackupVault                   = "aws:backup/vault:Vault"
	BackupVaultPolicy             = "aws:backup/vaultPolicy:VaultPolicy"
	BackupVaultLockConfiguration  = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
	BackupLogicallyAirGapped      = "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault"
	BackupRestoreTestingPlan      = "aws:backup/restoreTestingPlan:RestoreTestingPlan"
	BackupRestoreTestingSelection = "aws:backup/restoreTestingSelection:RestoreTestingSelection"
	BackupFramework               = "aws:backup/framework:Framework"
	BackupReportPlan              = "aws:backup/reportPlan:ReportPlan"
	S3Bucket                      = "aws:s3/bucketV2:BucketV2"
	S3BucketVersioning            = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	S3BucketObjectLock            = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	S3BucketEncryption            = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	S3BucketPublicAccessBlock     = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	S3BucketPolicy                = "aws:s3/bucketPolicy:BucketPolicy"
	CloudFormationStackSet        = "aws:cloudformation/stackSet:StackSet"
	CloudFormationStackInstances  = "aws:cloudformation/stackInstances:StackInstances"
	EventBus                      = "aws:cloudwatch/eventBus:EventBus"
	EventBusPolicy                = "aws:cloudwatch/eventBusPolicy:EventBusPolicy"
	EventRule                     = "aws:cloudwatch/eventRule:EventRule"
	EventTarget                   = "aws:cloudwatch/eventTarget:EventTarget"
	LogGroup                      = "aws:cloudwatch/logGroup:LogGroup"
	LogResourcePolicy             = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy"
	MetricAlarm                   = "aws:cloudwatch/metricAlarm:MetricAlarm"
	IAMRole                       = "aws:iam/role:Role"
	IAMRolePolicy                 = "aws:iam/rolePolicy:RolePolicy"
	IAMRolePolicyAttachment       = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	IAMServiceLinkedRole          = "aws:iam/serviceLinkedRole:ServiceLinkedRole"
	KMSKey                        = "aws:kms/key:Key"
	KMSReplicaKey                 = "aws:kms/replicaKey:ReplicaKey"
	KMSAlias                      = "aws:kms/alias:Alias"
	OrganizationsPolicy           = "aws:organizations/policy:Policy"
	OrganizationsAttachment       = "aws:organizations/policyAttachment:PolicyAttachment"
	OrganizationalUnit            = "aws:organizations/organizationalUnit:OrganizationalUnit"
	StateMachine                  = "aws:sfn/stateMachine:StateMachine"
	SNSTopic                      = "aws:sns/topic:Topic"
	SNSTopicSubscription          = "aws:sns/topicSubscription:TopicSubscription"
	RAMResourceShare              = "aws-native:ram:ResourceShare"
	// The management account's resources (OrgPrerequisites).
	RAMSharingWithOrganization          = "aws:ram/sharingWithOrganization:SharingWithOrganization"
	BackupGlobalSettings                = "aws:backup/globalSettings:GlobalSettings"
	OrganizationsDelegatedAdministrator = "aws:organizations/delegatedAdministrator:DelegatedAdministrator"
	OrganizationsResourcePolicy         = "aws:organizations/resourcePolicy:ResourcePolicy"
	// BackupAirGappedVault is aws-native's logically air-gapped vault,
	// which, unlike BackupLogicallyAirGapped, takes an approval team.
	BackupAirGappedVault = "aws-native:backup:LogicallyAirGappedBackupVault"
	StackReference       = "pulumi:pulumi:StackReference"
)

// Provider resource types: ProviderPrefix + plugin.
const (
	ProviderPrefix    = "pulumi:providers:"
	AWSProvider       = ProviderPrefix + AWS
	AWSNativeProvider = ProviderPrefix + AWSNative
)

// Functions the components invoke.
const (
	GetCallerIdentity                   = "aws:index/getCallerIdentity:getCallerIdentity"
	GetPartition                        = "aws:index/getPartition:getPartition"
	GetRegion                           = "aws:index/getRegion:getRegion"
	GetOrganization                     = "aws:organizations/getOrganization:getOrganization"
	GetOrganizationalUnitDescendantAccs = "aws:organizations/getOrganizationalUnitDescendantAccounts:getOrganizationalUnitDescendantAccounts"
	GetRoles                            = "aws:iam/getRoles:getRoles"
	GetBackupVault                      = "aws:backup/getVault:getVault"
	GetS3Bucket                         = "aws:s3/getBucket:getBucket"
	GetDelegatedAdministrators          = "aws:organizations/getDelegatedAdministrators:getDelegatedAdministrators"
)

// Outputs one planned resource's input may refer to (Ref.Output).
const (
	OutputARN   = "arn"
	OutputName  = "name"
	OutputKeyID = "keyId"
	OutputID    = "id"
)

// Plugin is the plugin of a type token or provider type.
func Plugin(token string) string {
	if pkg, ok := strings.CutPrefix(token, ProviderPrefix); ok {
		return pkg
	}
	pkg, _, _ := strings.Cut(token, ":")
	return pkg
}

// Version is the pinned version of a plugin.
func Version(plugin string) string {
	if plugin == AWSNative {
		return AWSNativeVersion
	}
	return AWSVersion
}

// IsProvider reports whether a type token is a provider's.
func IsProvider(token string) bool { return strings.HasPrefix(token, ProviderPrefix) }

// The components' own type tokens: the parent of every resource above.
const (
	OrgBackupComponent        = "orgbackup:index:OrgBackup"
	MemberAccountComponent    = "orgbackup:index:MemberAccount"
	OrgPrerequisitesComponent = "orgbackup:index:OrgPrerequisites"
)
