package central

import (
	"strconv"

	"github.com/orgbackup/pulumi-orgbackup/provider/policy"
)

// Logical names of the central resources, all built here. A child's
// logical name is part of its URN: a changed name makes `pulumi up` delete
// the resource and create another, and for a retained locked vault that
// create fails on the name of the vault still there. The golden lists under
// testdata/urns pin every name of the example configurations; a resource
// renamed on purpose lists its earlier names in desired.Resource.Aliases.

const serviceLinkedRoleName = "backup-service-linked-role"

// eventBusLogPolicyName names a region's CloudWatch Logs resource policy
// for the event bus log groups.
func eventBusLogPolicyName(region string) string { return "event-bus-logs-policy-" + region }

// PolicyResource is the logical name of a deployment's organization policy.
func PolicyResource(doc policy.Document) string { return doc.Deployment + "-policy-" + doc.Name }

// attachmentName names the attachment of a policy to the index-th target.
func attachmentName(policyResource string, index int) string {
	return policyResource + "-" + strconv.Itoa(index)
}

func keyName(deployment, region string) string   { return deployment + "-key-" + region }
func keyAliasName(key string) string             { return key + "-alias" }
func shareName(deployment, region string) string { return deployment + "-lag-share-" + region }

// roleName names a role; desired.RoleResources names its policies after it.
func roleName(deployment, role string) string { return deployment + "-role-" + role }
func rolePolicyName(role string) string       { return role + "-policy" }

// vaultManagerGuardName names the service control policy protecting the
// StackSet's vault manager.
func vaultManagerGuardName(deployment string) string { return deployment + "-vault-manager-guard" }

func stackSetName(deployment string) string       { return deployment + "-stack-set" }
func stackInstancesName(deployment string) string { return stackSetName(deployment) + "-instances" }

func intermediateVaultName(deployment, region string) string {
	return deployment + "-intermediate-vault-" + region
}

func standardVaultName(deployment, config, region string) string {
	return deployment + "-standard-vault-" + config + "-" + region
}

func lagVaultName(deployment, config, region string) string {
	return deployment + "-lag-vault-" + config + "-" + region
}

func vaultPolicyName(vault string) string { return vault + "-policy" }
func vaultLockName(vault string) string   { return vault + "-lock" }

func busName(deployment, region string) string       { return deployment + "-event-bus-" + region }
func busPolicyName(deployment, region string) string { return busName(deployment, region) + "-policy" }

func logGroupName(deployment, id, region string) string {
	return deployment + "-" + id + "-logs-" + region
}
func ruleName(deployment, id, region string) string { return deployment + "-" + id + "-rule-" + region }
func ruleTargetName(rule string) string             { return rule + "-target" }

func stateMachineName(deployment, id, region string) string {
	return deployment + "-" + id + "-" + region
}

func alertTopicName(deployment, region string) string { return deployment + "-alert-topic-" + region }
func alertKeyName(deployment, region string) string   { return deployment + "-alerts-key-" + region }
func alertSubscriptionName(deployment, region string, index int) string {
	return alertTopicName(deployment, region) + "-subscription-" + strconv.Itoa(index)
}
func alarmName(deployment, id, region string) string {
	return deployment + "-alarm-" + id + "-" + region
}
