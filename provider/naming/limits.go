package naming

import (
	"fmt"
	"regexp"
	"strings"
)

// Kind is a kind of AWS name with its own length and character rules.
type Kind struct {
	Label   string
	Max     int
	Min     int
	Pattern *regexp.Regexp
	Allowed string // the characters Pattern allows, for messages
	// Reserved is a prefix AWS keeps for itself.
	Reserved string
}

// The AWS naming rules of every resource kind a deployment names.
var (
	// VaultName: TargetBackupVaultName, ^[a-zA-Z0-9\-\_]{2,50}$
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html).
	VaultName = kind("backup vault name", 2, 50, `^[a-zA-Z0-9_-]+$`, "letters, digits, '-' and '_'")
	// IAMRoleName: RoleName, [\w+=,.@-]+, 1 to 64
	// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
	IAMRoleName = kind("IAM role name", 1, 64, `^[\w+=,.@-]+$`, "letters, digits and '+=,.@_-'")
	// EventBusName and EventRuleName: EventBusName [/\.\-_A-Za-z0-9]+, 1 to 256,
	// and Name [\.\-_A-Za-z0-9]+, 1 to 64
	// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Rule.html).
	EventBusName     = kind("event bus name", 1, 256, `^[.\-_A-Za-z0-9]+$`, "letters, digits and '._-'")
	EventRuleName    = kind("EventBridge rule name", 1, 64, `^[.\-_A-Za-z0-9]+$`, "letters, digits and '._-'")
	StateMachineName = kind("state machine name", 1, 80, `^[A-Za-z0-9_-]+$`, "letters, digits, '-' and '_'")
	LogGroupName     = kind("log group name", 1, 512, `^[.\-_/#A-Za-z0-9]+$`, "letters, digits and '._-/#'")
	KMSAliasName     = Kind{Label: "KMS alias", Min: 7, Max: 256,
		Pattern: regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]+$`), Allowed: "letters, digits and '/_-'",
		Reserved: "alias/aws/"}
	// LambdaFunctionName: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName
	LambdaFunctionName = kind("Lambda function name", 1, 64, `^[a-zA-Z0-9_-]+$`, "letters, digits, '-' and '_'")
	// StackSetName: alphanumeric characters and hyphens, starting with a
	// letter, at most 128
	// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html).
	StackSetName = kind("StackSet name", 1, 128, `^[a-zA-Z][-a-zA-Z0-9]*$`, "a letter, then letters, digits and '-'")
	PolicyName   = kind("organization policy name", 1, 128, `^[\x20-\x7e]+$`, "printable ASCII")
	// BackupRuleName: RuleName, ^[a-zA-Z0-9\-\_\.]{1,50}$
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html).
	BackupRuleName = kind("backup rule name", 1, 50, `^[a-zA-Z0-9_.-]+$`, "letters, digits and '-_.'")
	// BackupPlanName is the API's limit, 1 to 200 alphanumeric or '-_.'
	// characters (the console's is 50)
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlanInput.html).
	BackupPlanName = kind("backup plan name", 1, 200, `^[a-zA-Z0-9_.-]+$`, "letters, digits and '-_.'")
	// BackupSelectionName: SelectionName, 1 to 50 alphanumeric or '-_.'
	// characters (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html).
	BackupSelectionName = kind("backup selection name", 1, 50, `^[a-zA-Z0-9_.-]+$`, "letters, digits and '-_.'")
)

func kind(label string, minLen, maxLen int, pattern, allowed string) Kind {
	return Kind{Label: label, Min: minLen, Max: maxLen, Pattern: regexp.MustCompile(pattern), Allowed: allowed}
}

// Check returns why name breaks the rules of kind, or "" when it does not.
func (k Kind) Check(name string) string {
	switch {
	case len(name) > k.Max:
		return fmt.Sprintf("%s %q is %d characters, exceeds %d", k.Label, name, len(name), k.Max)
	case len(name) < k.Min:
		return fmt.Sprintf("%s %q is %d characters, needs at least %d", k.Label, name, len(name), k.Min)
	case !k.Pattern.MatchString(name):
		return fmt.Sprintf("%s %q may only contain %s", k.Label, name, k.Allowed)
	case k.Reserved != "" && strings.HasPrefix(name, k.Reserved):
		return fmt.Sprintf("%s %q uses the reserved prefix %s", k.Label, name, k.Reserved)
	}
	return ""
}

// Named is one generated physical name, its kind, and the prefix it is
// built from with the deployment key: the member account prefix when
// FromMember, else the central account prefix.
type Named struct {
	Kind       Kind
	Name       string
	FromMember bool
}

// All lists every physical name of a deployment, for the given standard and
// LAG vault configurations and the member LAG vault's ("" for none), so
// each can be checked against AWS limits.
func (d Deployment) All(standardConfigs, lagConfigs []string, memberLAGConfig string) []Named {
	names := []Named{
		{PolicyName, d.OrganizationPolicy(), false},
		{KMSAliasName, d.KMSAlias(), false},
		{EventBusName, d.EventBus(), false},
		{StateMachineName, d.IngestStateMachine(), false},
		{StateMachineName, d.RestoreStateMachine(), false},
		{VaultName, d.IntermediateVault(), false},
		{IAMRoleName, d.BackupServiceRole(), false},
		{IAMRoleName, d.EventForwarderRole(), false},
		{EventRuleName, d.EventForwarderRule(), false},
		{EventRuleName, d.IngestRule(), false},
		{IAMRoleName, d.IngestEventBridgeRole(), false},
		{IAMRoleName, d.IngestStateMachineRole(), false},
		{IAMRoleName, d.IngestStatesRole(), false},
		{IAMRoleName, d.RestoreStateMachineRole(), false},
		{LogGroupName, d.EventBusLogGroup(), false},
		{LogGroupName, d.IngestLogGroup(), false},
		{LogGroupName, d.RestoreLogGroup(), false},
		{StackSetName, d.StackSet(), true},
		{VaultName, d.MemberBackupVault(), true},
		{VaultName, d.MemberRestoreVault(), true},
		{IAMRoleName, d.MemberBackupServiceRole(), true},
		{IAMRoleName, d.MemberCentralAccess(), true},
		{IAMRoleName, d.MemberRestoreAccess(), true},
		{IAMRoleName, d.MemberEventForwarder(), true},
		{EventRuleName, d.MemberEventForwarder(), true},
		{IAMRoleName, d.MemberRestoreRole(), false},
		{LambdaFunctionName, d.MemberVaultManager(), true},
		{PolicyName, d.VaultManagerGuard(), false},
		{StateMachineName, d.ReconcilerStateMachine(), false},
		{EventRuleName, d.ReconcilerRule(), false},
		{IAMRoleName, d.ReconcilerStateMachineRole(), false},
	}
	for _, cfg := range standardConfigs {
		names = append(names, Named{VaultName, d.StandardVault(cfg), false})
	}
	for _, cfg := range lagConfigs {
		names = append(names, Named{VaultName, d.LAGVault(cfg), false})
	}
	if memberLAGConfig != "" {
		names = append(names, Named{VaultName, d.MemberLAGVault(memberLAGConfig), true})
	}
	return names
}
