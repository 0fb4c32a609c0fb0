package desired

import "strings"

// The typed inputs of every resource type the plans create, one struct per
// type token of the catalogue. New turns one into a Resource's Inputs and
// ArgsOf reads them back, so builders and consumers set and read fields,
// not string keys. The `input` tag of a field names its input; omitempty
// leaves it out when empty (see Inputs for the rules). A field without
// omitempty is always set, false and 0 included: the plans set those
// explicitly.

// VaultArgs are the inputs of an AWS Backup vault.
type VaultArgs struct {
	Name string `input:"name"`
	// KMSKeyARN is a Ref to a planned key in the central account, an ARN
	// (string) in a member account; unset for the AWS-managed key.
	KMSKeyARN    any           `input:"kmsKeyArn,omitempty"`
	ForceDestroy bool          `input:"forceDestroy,omitempty"`
	Tags         ComponentTags `input:"tags"`
}

func (VaultArgs) Token() string { return BackupVault }

// VaultPolicyArgs are the inputs of a vault's access policy.
type VaultPolicyArgs struct {
	BackupVaultName Ref    `input:"backupVaultName"`
	Policy          string `input:"policy"`
}

func (VaultPolicyArgs) Token() string { return BackupVaultPolicy }

// VaultLockConfigurationArgs are the inputs of a vault's lock; a retention
// bound of 0 is no bound.
type VaultLockConfigurationArgs struct {
	BackupVaultName   Ref `input:"backupVaultName"`
	ChangeableForDays int `input:"changeableForDays"`
	MinRetentionDays  int `input:"minRetentionDays,omitempty"`
	MaxRetentionDays  int `input:"maxRetentionDays,omitempty"`
}

func (VaultLockConfigurationArgs) Token() string { return BackupVaultLockConfiguration }

// LogicallyAirGappedVaultArgs are the inputs of a logically air-gapped vault.
type LogicallyAirGappedVaultArgs struct {
	Name             string        `input:"name"`
	MinRetentionDays int           `input:"minRetentionDays"`
	MaxRetentionDays int           `input:"maxRetentionDays"`
	Tags             ComponentTags `input:"tags"`
}

func (LogicallyAirGappedVaultArgs) Token() string { return BackupLogicallyAirGapped }

// RestoreTestingPlanArgs are the inputs of an AWS Backup restore testing
// plan (pulumi-aws 6.83.4 backup.RestoreTestingPlan).
type RestoreTestingPlanArgs struct {
	Name                       string                               `input:"name"`
	ScheduleExpression         string                               `input:"scheduleExpression"`
	ScheduleExpressionTimezone string                               `input:"scheduleExpressionTimezone,omitempty"`
	StartWindowHours           int                                  `input:"startWindowHours"`
	RecoveryPointSelection     RestoreTestingRecoveryPointSelection `input:"recoveryPointSelection"`
	Tags                       ComponentTags                        `input:"tags"`
}

func (RestoreTestingPlanArgs) Token() string { return BackupRestoreTestingPlan }

// RestoreTestingRecoveryPointSelection is a restore testing plan's
// recoveryPointSelection.
type RestoreTestingRecoveryPointSelection struct {
	Algorithm           string   `input:"algorithm"`
	IncludeVaults       []string `input:"includeVaults"`
	RecoveryPointTypes  []string `input:"recoveryPointTypes"`
	SelectionWindowDays int      `input:"selectionWindowDays"`
}

// RestoreTestingSelectionArgs are the inputs of a restore testing
// selection (pulumi-aws 6.83.4 backup.RestoreTestingSelection).
type RestoreTestingSelectionArgs struct {
	Name                     string            `input:"name"`
	RestoreTestingPlanName   Ref               `input:"restoreTestingPlanName"`
	IAMRoleARN               Ref               `input:"iamRoleArn"`
	ProtectedResourceType    string            `input:"protectedResourceType"`
	ProtectedResourceARNs    []string          `input:"protectedResourceArns"`
	RestoreMetadataOverrides map[string]string `input:"restoreMetadataOverrides,omitempty"`
	ValidationWindowHours    int               `input:"validationWindowHours"`
}

func (RestoreTestingSelectionArgs) Token() string { return BackupRestoreTestingSelection }

// AirGappedVaultArgs are the inputs of aws-native's logically air-gapped
// vault: its policy (a JSON object) and approval team are inputs of the
// vault itself.
type AirGappedVaultArgs struct {
	BackupVaultName    string         `input:"backupVaultName"`
	MinRetentionDays   int            `input:"minRetentionDays"`
	MaxRetentionDays   int            `input:"maxRetentionDays"`
	AccessPolicy       map[string]any `input:"accessPolicy,omitempty"`
	MpaApprovalTeamArn string         `input:"mpaApprovalTeamArn,omitempty"`
	BackupVaultTags    ComponentTags  `input:"backupVaultTags"`
}

func (AirGappedVaultArgs) Token() string { return BackupAirGappedVault }

// AirGappedVaultKeyInput is aws-native's vault input that holds its key:
// create-only, set by AWS Backup when the program leaves it out (an AWS
// owned key), and read back by an import
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-logicallyairgappedbackupvault.html).
const AirGappedVaultKeyInput = "encryptionKeyArn"

// StackSetArgs are the inputs of a CloudFormation StackSet.
type StackSetArgs struct {
	Name            string   `input:"name"`
	Description     string   `input:"description"`
	PermissionModel string   `input:"permissionModel"`
	CallAs          string   `input:"callAs"`
	Capabilities    []string `input:"capabilities"`
	TemplateBody    string   `input:"templateBody"`
	// Parameters are the template's, by name: a Ref or ComponentTags.
	Parameters           map[string]any               `input:"parameters"`
	AutoDeployment       StackSetAutoDeployment       `input:"autoDeployment"`
	ManagedExecution     StackSetManagedExecution     `input:"managedExecution"`
	OperationPreferences StackSetOperationPreferences `input:"operationPreferences"`
	Tags                 ComponentTags                `input:"tags"`
}

func (StackSetArgs) Token() string { return CloudFormationStackSet }

// StackSetAutoDeployment is a service-managed StackSet's autoDeployment.
type StackSetAutoDeployment struct {
	Enabled                      bool `input:"enabled"`
	RetainStacksOnAccountRemoval bool `input:"retainStacksOnAccountRemoval"`
}

// StackSetManagedExecution is a StackSet's managedExecution.
type StackSetManagedExecution struct {
	Active bool `input:"active"`
}

// StackSetOperationPreferences are the operationPreferences of a StackSet
// and of its instances.
type StackSetOperationPreferences struct {
	FailureTolerancePercentage int    `input:"failureTolerancePercentage"`
	MaxConcurrentPercentage    int    `input:"maxConcurrentPercentage"`
	RegionConcurrencyType      string `input:"regionConcurrencyType"`
}

// StackInstancesArgs are the inputs of a StackSet's instances.
type StackInstancesArgs struct {
	StackSetName         Ref                             `input:"stackSetName"`
	CallAs               string                          `input:"callAs"`
	Regions              []string                        `input:"regions"`
	DeploymentTargets    StackInstancesDeploymentTargets `input:"deploymentTargets"`
	OperationPreferences StackSetOperationPreferences    `input:"operationPreferences"`
}

func (StackInstancesArgs) Token() string { return CloudFormationStackInstances }

// StackInstancesDeploymentTargets are the OUs StackSet instances deploy to.
type StackInstancesDeploymentTargets struct {
	OrganizationalUnitIDs []TargetID `input:"organizationalUnitIds"`
}

// EventBusArgs are the inputs of an EventBridge bus.
type EventBusArgs struct {
	Name string        `input:"name"`
	Tags ComponentTags `input:"tags"`
}

func (EventBusArgs) Token() string { return EventBus }

// EventBusPolicyArgs are the inputs of a bus's resource policy.
type EventBusPolicyArgs struct {
	EventBusName Ref    `input:"eventBusName"`
	Policy       string `input:"policy"`
}

func (EventBusPolicyArgs) Token() string { return EventBusPolicy }

// EventRuleArgs are the inputs of an EventBridge rule: an event pattern or
// a schedule, on a planned bus or (EventBusName unset) the default bus.
type EventRuleArgs struct {
	Name               string        `input:"name"`
	Description        string        `input:"description"`
	EventPattern       string        `input:"eventPattern,omitempty"`
	ScheduleExpression string        `input:"scheduleExpression,omitempty"`
	EventBusName       Ref           `input:"eventBusName,omitempty"`
	Tags               ComponentTags `input:"tags"`
}

func (EventRuleArgs) Token() string { return EventRule }

// EventTargetArgs are the inputs of a rule's target.
type EventTargetArgs struct {
	Rule             Ref               `input:"rule"`
	EventBusName     Ref               `input:"eventBusName,omitempty"`
	TargetID         string            `input:"targetId,omitempty"`
	ARN              string            `input:"arn"`
	RoleARN          string            `input:"roleArn,omitempty"`
	InputTransformer *InputTransformer `input:"inputTransformer,omitempty"`
}

func (EventTargetArgs) Token() string { return EventTarget }

// InputTransformer is a target's inputTransformer.
type InputTransformer struct {
	InputPaths    map[string]string `input:"inputPaths"`
	InputTemplate string            `input:"inputTemplate"`
}

// LogGroupArgs are the inputs of a CloudWatch Logs log group.
type LogGroupArgs struct {
	Name            string        `input:"name"`
	RetentionInDays int           `input:"retentionInDays"`
	Tags            ComponentTags `input:"tags"`
}

func (LogGroupArgs) Token() string { return LogGroup }

// LogResourcePolicyArgs are the inputs of a CloudWatch Logs resource policy.
type LogResourcePolicyArgs struct {
	PolicyName     string `input:"policyName"`
	PolicyDocument string `input:"policyDocument"`
}

func (LogResourcePolicyArgs) Token() string { return LogResourcePolicy }

// MetricAlarmArgs are the inputs of a CloudWatch metric alarm: on one
// metric (Namespace, MetricName, Dimensions, Statistic, Period) or on a
// metric math expression (MetricQueries), never both, as PutMetricAlarm
// takes them.
type MetricAlarmArgs struct {
	Name               string             `input:"name"`
	AlarmDescription   string             `input:"alarmDescription"`
	Namespace          string             `input:"namespace,omitempty"`
	MetricName         string             `input:"metricName,omitempty"`
	Dimensions         map[string]string  `input:"dimensions,omitempty"`
	Statistic          string             `input:"statistic,omitempty"`
	Period             int                `input:"period,omitempty"`
	MetricQueries      []MetricAlarmQuery `input:"metricQueries,omitempty"`
	EvaluationPeriods  int                `input:"evaluationPeriods"`
	Threshold          int                `input:"threshold"`
	ComparisonOperator string             `input:"comparisonOperator"`
	TreatMissingData   string             `input:"treatMissingData"`
	AlarmActions       []string           `input:"alarmActions"`
	OKActions          []string           `input:"okActions"`
	Tags               ComponentTags      `input:"tags"`
}

func (MetricAlarmArgs) Token() string { return MetricAlarm }

// MetricAlarmQuery is one of a metric math alarm's metricQueries: a metric
// to retrieve (Metric) or the expression over them (Expression) whose
// result the alarm watches (ReturnData true for it alone).
type MetricAlarmQuery struct {
	ID         string             `input:"id"`
	Label      string             `input:"label"`
	Expression string             `input:"expression,omitempty"`
	Metric     *MetricAlarmMetric `input:"metric,omitempty"`
	ReturnData bool               `input:"returnData"`
}

// MetricAlarmMetric is the metric of a MetricAlarmQuery, its statistic
// over each period.
type MetricAlarmMetric struct {
	Namespace  string            `input:"namespace"`
	MetricName string            `input:"metricName"`
	Dimensions map[string]string `input:"dimensions"`
	Period     int               `input:"period"`
	Stat       string            `input:"stat"`
}

// RoleArgs are the inputs of an IAM role.
type RoleArgs struct {
	Name             string        `input:"name"`
	Description      string        `input:"description"`
	AssumeRolePolicy string        `input:"assumeRolePolicy"` // TrustPolicyInput
	Tags             ComponentTags `input:"tags"`
}

func (RoleArgs) Token() string { return IAMRole }

// RolePolicyArgs are the inputs of a role's inline policy.
type RolePolicyArgs struct {
	Name   string `input:"name"`
	Role   Ref    `input:"role"`
	Policy string `input:"policy"`
}

func (RolePolicyArgs) Token() string { return IAMRolePolicy }

// RolePolicyAttachmentArgs are the inputs of a managed policy's attachment
// to a role.
type RolePolicyAttachmentArgs struct {
	Role      Ref    `input:"role"`
	PolicyARN string `input:"policyArn"`
}

func (RolePolicyAttachmentArgs) Token() string { return IAMRolePolicyAttachment }

// ServiceLinkedRoleArgs are the inputs of a service-linked role.
type ServiceLinkedRoleArgs struct {
	AWSServiceName string        `input:"awsServiceName"`
	Description    string        `input:"description"`
	Tags           ComponentTags `input:"tags"`
}

func (ServiceLinkedRoleArgs) Token() string { return IAMServiceLinkedRole }

// KeyArgs are the inputs of a KMS key.
type KeyArgs struct {
	Description       string        `input:"description"`
	Policy            string        `input:"policy"`
	EnableKeyRotation bool          `input:"enableKeyRotation"`
	MultiRegion       bool          `input:"multiRegion"`
	Tags              ComponentTags `input:"tags"`
}

func (KeyArgs) Token() string { return KMSKey }

// ReplicaKeyArgs are the inputs of a replica of a multi-region KMS key.
type ReplicaKeyArgs struct {
	Description   string        `input:"description"`
	Policy        string        `input:"policy"`
	PrimaryKeyARN Ref           `input:"primaryKeyArn"`
	Tags          ComponentTags `input:"tags"`
}

func (ReplicaKeyArgs) Token() string { return KMSReplicaKey }

// AliasArgs are the inputs of a KMS alias.
type AliasArgs struct {
	Name        string `input:"name"`
	TargetKeyID Ref    `input:"targetKeyId"`
}

func (AliasArgs) Token() string { return KMSAlias }

// OrganizationPolicyArgs are the inputs of an organization policy; Type is
// BACKUP_POLICY or SERVICE_CONTROL_POLICY.
type OrganizationPolicyArgs struct {
	Name        string        `input:"name"`
	Type        string        `input:"type"`
	Description string        `input:"description"`
	Content     string        `input:"content"`
	Tags        ComponentTags `input:"tags"`
}

func (OrganizationPolicyArgs) Token() string { return OrganizationsPolicy }

// ServiceControlPolicy is the OrganizationPolicyArgs.Type of an SCP.
const ServiceControlPolicy = "SERVICE_CONTROL_POLICY"

// BackupPolicy is the OrganizationPolicyArgs.Type of a backup policy.
const BackupPolicy = "BACKUP_POLICY"

// PolicyAttachmentArgs are the inputs of an organization policy's
// attachment to a backup target.
type PolicyAttachmentArgs struct {
	PolicyID Ref      `input:"policyId"`
	TargetID TargetID `input:"targetId"`
}

func (PolicyAttachmentArgs) Token() string { return OrganizationsAttachment }

// StateMachineArgs are the inputs of a Step Functions state machine; Type
// is EXPRESS or STANDARD.
type StateMachineArgs struct {
	Name                 string                           `input:"name"`
	Type                 string                           `input:"type"`
	RoleARN              Ref                              `input:"roleArn"`
	Definition           string                           `input:"definition"`
	LoggingConfiguration StateMachineLoggingConfiguration `input:"loggingConfiguration"`
	Tags                 ComponentTags                    `input:"tags"`
}

func (StateMachineArgs) Token() string { return StateMachine }

// StateMachineLoggingConfiguration is a state machine's loggingConfiguration;
// Level OFF takes no destination.
type StateMachineLoggingConfiguration struct {
	Level                string `input:"level"`
	IncludeExecutionData bool   `input:"includeExecutionData,omitempty"`
	LogDestination       string `input:"logDestination,omitempty"`
}

// TopicArgs are the inputs of an SNS topic.
type TopicArgs struct {
	Name           string        `input:"name"`
	KMSMasterKeyID Ref           `input:"kmsMasterKeyId"`
	Policy         string        `input:"policy"`
	Tags           ComponentTags `input:"tags"`
}

func (TopicArgs) Token() string { return SNSTopic }

// TopicSubscriptionArgs are the inputs of a topic's subscription.
type TopicSubscriptionArgs struct {
	Topic    Ref    `input:"topic"`
	Protocol string `input:"protocol"`
	Endpoint string `input:"endpoint"`
}

func (TopicSubscriptionArgs) Token() string { return SNSTopicSubscription }

// ResourceShareArgs are the inputs of an (aws-native) RAM resource share;
// its tags take the TagList format.
type ResourceShareArgs struct {
	Name                    string        `input:"name"`
	AllowExternalPrincipals bool          `input:"allowExternalPrincipals"`
	ResourceARNs            []string      `input:"resourceArns"`
	Principals              []string      `input:"principals"`
	Tags                    ComponentTags `input:"tags"`
}

func (ResourceShareArgs) Token() string { return RAMResourceShare }

// SharingWithOrganizationArgs are the inputs of RAM's resource sharing with
// the organization, which has none: it calls
// EnableSharingWithAwsOrganization from the management account
// (https://docs.aws.amazon.com/ram/latest/APIReference/API_EnableSharingWithAwsOrganization.html).
type SharingWithOrganizationArgs struct{}

func (SharingWithOrganizationArgs) Token() string { return RAMSharingWithOrganization }

// GlobalSettingsArgs are the inputs of AWS Backup's global settings, set
// only from the management account
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateGlobalSettings.html).
type GlobalSettingsArgs struct {
	GlobalSettings map[string]string `input:"globalSettings"`
}

func (GlobalSettingsArgs) Token() string { return BackupGlobalSettings }

// DelegatedAdministratorArgs are the inputs of a delegated administrator
// registration
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html).
type DelegatedAdministratorArgs struct {
	AccountID        string `input:"accountId"`
	ServicePrincipal string `input:"servicePrincipal"`
}

func (DelegatedAdministratorArgs) Token() string { return OrganizationsDelegatedAdministrator }

// ResourcePolicyArgs are the inputs of the organization's resource-based
// delegation policy.
type ResourcePolicyArgs struct {
	Content string        `input:"content"`
	Tags    ComponentTags `input:"tags"`
}

func (ResourcePolicyArgs) Token() string { return OrganizationsResourcePolicy }

// ProviderArgs are the inputs of a provider of Plugin (AWS or AWSNative);
// the plugin is part of the type token, not an input.
type ProviderArgs struct {
	Plugin string `input:"-"`
	Region string `input:"region"`
}

func (a ProviderArgs) Token() string { return ProviderPrefix + a.Plugin }

func (a *ProviderArgs) setToken(token string) {
	if plugin, ok := strings.CutPrefix(token, ProviderPrefix); ok {
		a.Plugin = plugin
	}
}

// allArgs is a zero value of every Args type but ProviderArgs, whose token
// depends on its plugin.
var allArgs = []Args{
	VaultArgs{}, VaultPolicyArgs{}, VaultLockConfigurationArgs{}, LogicallyAirGappedVaultArgs{}, AirGappedVaultArgs{},
	RestoreTestingPlanArgs{}, RestoreTestingSelectionArgs{},
	FrameworkArgs{}, ReportPlanArgs{},
	BucketArgs{}, BucketVersioningArgs{}, BucketObjectLockArgs{}, BucketEncryptionArgs{}, BucketPublicAccessBlockArgs{},
	BucketPolicyArgs{},
	StackSetArgs{}, StackInstancesArgs{},
	EventBusArgs{}, EventBusPolicyArgs{}, EventRuleArgs{}, EventTargetArgs{},
	LogGroupArgs{}, LogResourcePolicyArgs{}, MetricAlarmArgs{},
	RoleArgs{}, RolePolicyArgs{}, RolePolicyAttachmentArgs{}, ServiceLinkedRoleArgs{},
	KeyArgs{}, ReplicaKeyArgs{}, AliasArgs{},
	OrganizationPolicyArgs{}, PolicyAttachmentArgs{},
	StateMachineArgs{}, TopicArgs{}, TopicSubscriptionArgs{}, ResourceShareArgs{},
	SharingWithOrganizationArgs{}, GlobalSettingsArgs{}, DelegatedAdministratorArgs{}, ResourcePolicyArgs{},
}
