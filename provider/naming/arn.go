package naming

import "strings"

// ARNs. Every function takes each component as is, so any of them may be
// "*" (or hold "*" and "?") where a policy matches a pattern, or a
// placeholder such as ${AWS::AccountId} that CloudFormation resolves. The
// resource formats are those of the "Resource types" tables of the Service
// Authorization Reference, one page per service, cited on each function.

// ARN is arn:partition:service:region:account-id:resource; region and
// account are "" for the resources whose ARNs omit them
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
func ARN(partition, service, region, account, resource string) string {
	return ServiceARNPrefix(partition, service) + region + ":" + account + ":" + resource
}

// ServiceARNPrefix is what every ARN of a service in a partition starts
// with, "arn:partition:service:".
func ServiceARNPrefix(partition, service string) string {
	return ARNInPartition(partition, service+":")
}

// ARNInPartition completes rest, an ARN written without its leading
// "arn:partition:" (service:region:account:resource), in partition.
func ARNInPartition(partition, rest string) string { return "arn:" + partition + ":" + rest }

// IAM (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-resources-for-iam-policies,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).

// RoleARN is the ARN of an IAM role; role is its path without the leading
// '/' followed by its name.
func RoleARN(partition, account, role string) string {
	return ARN(partition, "iam", "", account, "role/"+role)
}

// ServiceLinkedRoleARN is the ARN of a service-linked role, which IAM
// creates under the path aws-service-role/<service principal>/
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html).
func ServiceLinkedRoleARN(partition, account, service, role string) string {
	return RoleARN(partition, account, ServiceLinkedRolePath(service)[1:]+role)
}

// ServiceLinkedRolePath is the IAM path of service's service-linked roles,
// /aws-service-role/<service principal>/.
func ServiceLinkedRolePath(service string) string { return "/aws-service-role/" + service + "/" }

// ManagedPolicyARN is the ARN of an AWS managed policy; path is its path
// without the leading '/' followed by its name (service-role/AWSBackup…).
func ManagedPolicyARN(partition, path string) string {
	return ARN(partition, "iam", "", "aws", "policy/"+path)
}

// SAMLProviderARN is the ARN of an IAM SAML identity provider.
func SAMLProviderARN(partition, account, provider string) string {
	return ARN(partition, "iam", "", account, "saml-provider/"+provider)
}

// AccountRootARN is the principal of a whole account, which delegates to
// the account's own IAM policies
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts).
func AccountRootARN(partition, account string) string {
	return ARN(partition, "iam", "", account, "root")
}

// KMSKeyARN is the ARN of a KMS key
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html#awskeymanagementservice-resources-for-iam-policies).
func KMSKeyARN(partition, region, account, keyID string) string {
	return ARN(partition, "kms", region, account, "key/"+keyID)
}

// KMSAliasARN is the ARN of a KMS alias; alias is the whole alias name,
// "alias/…" (the same page as KMSKeyARN).
func KMSAliasARN(partition, region, account, alias string) string {
	return ARN(partition, "kms", region, account, alias)
}

// VaultARN is the ARN of a backup vault
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html#awsbackup-resources-for-iam-policies).
func VaultARN(partition, region, account, vault string) string {
	return ARN(partition, "backup", region, account, "backup-vault:"+vault)
}

// RecoveryPointARN is the ARN of a recovery point that AWS Backup fully
// manages (the same page as VaultARN).
func RecoveryPointARN(partition, region, account, id string) string {
	return ARN(partition, "backup", region, account, "recovery-point:"+id)
}

// EventBusARN is the ARN of a custom event bus
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html#amazoneventbridge-resources-for-iam-policies).
func EventBusARN(partition, region, account, bus string) string {
	return ARN(partition, "events", region, account, "event-bus/"+bus)
}

// EventRuleARN is the ARN of an EventBridge rule; bus is "" for the
// default bus (the same page as EventBusARN).
func EventRuleARN(partition, region, account, bus, rule string) string {
	if bus != "" {
		rule = bus + "/" + rule
	}
	return ARN(partition, "events", region, account, "rule/"+rule)
}

// StateMachineARN is the ARN of a state machine
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html#awsstepfunctions-resources-for-iam-policies).
func StateMachineARN(partition, region, account, name string) string {
	return ARN(partition, "states", region, account, "stateMachine:"+name)
}

// ServiceIntegrationARN is the Resource of a Task state that calls an
// optimized Step Functions integration, such as arn:partition:states:::sns:publish
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html).
func ServiceIntegrationARN(partition, service, api string) string {
	return ARN(partition, "states", "", "", service+":"+api)
}

// SDKIntegrationARN is the Resource of a Task state that calls an AWS SDK
// action, arn:partition:states:::aws-sdk:service:action
// (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html).
func SDKIntegrationARN(partition, service, action string) string {
	return ServiceIntegrationARN(partition, "aws-sdk", service+":"+action)
}

// LogGroupARN is the ARN of a log group, without the ":*" of its streams
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html#amazoncloudwatchlogs-resources-for-iam-policies).
func LogGroupARN(partition, region, account, name string) string {
	return ARN(partition, "logs", region, account, "log-group:"+name)
}

// FunctionARN is the ARN of a Lambda function; name may end with
// ":<qualifier>" for a version or alias
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html#awslambda-resources-for-iam-policies).
func FunctionARN(partition, region, account, name string) string {
	return ARN(partition, "lambda", region, account, "function:"+name)
}

// CloudFormation (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html#awscloudformation-resources-for-iam-policies).

// StackARN is the ARN of a CloudFormation stack: its name and the unique
// id CloudFormation appends.
func StackARN(partition, region, account, name, id string) string {
	return ARN(partition, "cloudformation", region, account, "stack/"+name+"/"+id)
}

// StackSetARN is the ARN of a StackSet: its name and the unique id
// CloudFormation appends.
func StackSetARN(partition, region, account, name, id string) string {
	return ARN(partition, "cloudformation", region, account, "stackset/"+name+":"+id)
}

// StackSetTargetARN is the ARN of a StackSet's deployment targets, named
// as the StackSet is.
func StackSetTargetARN(partition, region, account, name, id string) string {
	return ARN(partition, "cloudformation", region, account, "stackset-target/"+name+":"+id)
}

// ResourceTypeARN is the ARN of a CloudFormation resource type; account is
// "" for the public types.
func ResourceTypeARN(partition, region, account, typeName string) string {
	return ARN(partition, "cloudformation", region, account, "type/resource/"+typeName)
}

// ResourceShareARN is the ARN of an AWS RAM resource share
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsresourceaccessmanagerram.html#awsresourceaccessmanagerram-resources-for-iam-policies).
func ResourceShareARN(partition, region, account, id string) string {
	return ARN(partition, "ram", region, account, "resource-share/"+id)
}

// Organizations: every ARN names the management account and the
// organization
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html#awsorganizations-resources-for-iam-policies).

// OrganizationARN is the ARN of the organization.
func OrganizationARN(partition, managementAccount, organizationID string) string {
	return ARN(partition, "organizations", "", managementAccount, "organization/"+organizationID)
}

// OUARN is the ARN of an organizational unit.
func OUARN(partition, managementAccount, organizationID, ou string) string {
	return ARN(partition, "organizations", "", managementAccount, "ou/"+organizationID+"/"+ou)
}

// OrganizationRootARN is the ARN of the organization's root.
func OrganizationRootARN(partition, managementAccount, organizationID, root string) string {
	return ARN(partition, "organizations", "", managementAccount, "root/"+organizationID+"/"+root)
}

// TargetARN is the ARN of a backup target: the root or an OU. The ARN of
// a pending target is its own placeholder, "{{arn …}}", completed once
// its id is known.
func TargetARN(partition, managementAccount, organizationID, target string) string {
	switch {
	case IsPendingTarget(target):
		return "{{arn " + strings.TrimPrefix(target, "{{target ")
	case strings.HasPrefix(target, "r-"):
		return OrganizationRootARN(partition, managementAccount, organizationID, target)
	default:
		return OUARN(partition, managementAccount, organizationID, target)
	}
}

// OrganizationsPolicyARN is the ARN of an organization policy; policyType
// is the ARN's lower-case form of the type (backup_policy,
// service_control_policy).
func OrganizationsPolicyARN(partition, managementAccount, organizationID, policyType, id string) string {
	return ARN(partition, "organizations", "", managementAccount, "policy/"+organizationID+"/"+policyType+"/"+id)
}
