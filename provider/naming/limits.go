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
	VaultName        = kind("backup vault name", 2, 50, `^[a-zA-Z0-9_-]+$`, "letters, digits, '-' and '_'")
	IAMRoleName      = kind("IAM role name", 1, 64, `^[\w+=,.@-]+$`, "letters, digits and '+=,.@_-'")
	EventBusName     = kind("event bus name", 1, 256, `^[.\-_A-Za-z0-9]+$`, "letters, digits and '._-'")
	EventRuleName    = kind("EventBridge rule name", 1, 64, `^[.\-_A-Za-z0-9]+$`, "letters, digits and '._-'")
	StateMachineName = kind("state machine name", 1, 80, `^[A-Za-z0-9_-]+$`, "letters, digits, '-' and '_'")
	LogGroupName     = kind("log group name", 1, 512, `^[.\-_/#A-Za-z0-9]+$`, "letters, digits and '._-/#'")
	KMSAliasName     = Kind{Label: "KMS alias", Min: 7, Max: 256,
		Pattern: regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]+$`), Allowed: "letters, digits and '/_-'",
		Reserved: "alias/aws/"}
	// LambdaFunctionName: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName
	LambdaFunctionName = kind("Lambda function name", 1, 64, `^[a-zA-Z0-9_-]+$`, "letters, digits, '-' and '_'")
	StackSetName       = kind("StackSet name", 1, 128, `^[a-zA-Z][-a-zA-Z0-9]*$`, "a letter, then letters, digits and '-'")
	PolicyName         = kind("organization policy name", 1, 128, `^[\x20-\x7e]+$`, "printable ASCII")
	BackupRuleName     = kind("backup rule name", 1, 50, `^[A-Za-z0-9-]+$`, "letters, digits and '-'")
	// BackupPlanName is the API's limit (the console's is 50).
	BackupPlanName = kind("backup plan name", 1, 200, `^[a-zA-Z0-9_.-]+$`, "letters, digits and '-_.'")
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

// Named is one generated physical name and its kind.
type Named struct {
	Kind Kind
	Name string
}

// All lists every physical name of a deployment, for the given standard and
// LAG vault configurations, so each can be checked against AWS limits.
func (d Deployment) All(standardConfigs, lagConfigs []string) []Named {
	names := []Named{
		{PolicyName, d.OrganizationPolicy()},
		{KMSAliasName, d.KMSAlias()},
		{EventBusName, d.EventBus()},
		{StateMachineName, d.IngestStateMachine()},
		{StateMachineName, d.RestoreStateMachine()},
		{VaultName, d.IntermediateVault()},
		{IAMRoleName, d.BackupServiceRole()},
		{IAMRoleName, d.EventForwarderRole()},
		{EventRuleName, d.EventForwarderRule()},
		{EventRuleName, d.IngestRule()},
		{IAMRoleName, d.IngestEventBridgeRole()},
		{IAMRoleName, d.IngestStateMachineRole()},
		{IAMRoleName, d.IngestStatesRole()},
		{IAMRoleName, d.RestoreStateMachineRole()},
		{LogGroupName, d.EventBusLogGroup()},
		{LogGroupName, d.IngestLogGroup()},
		{LogGroupName, d.RestoreLogGroup()},
		{StackSetName, d.StackSet()},
		{VaultName, d.MemberBackupVault()},
		{VaultName, d.MemberRestoreVault()},
		{IAMRoleName, d.MemberBackupServiceRole()},
		{IAMRoleName, d.MemberCentralAccess()},
		{IAMRoleName, d.MemberRestoreAccess()},
		{IAMRoleName, d.MemberEventForwarder()},
		{EventRuleName, d.MemberEventForwarder()},
		{IAMRoleName, d.MemberRestoreRole()},
		{LambdaFunctionName, d.MemberVaultManager()},
		{PolicyName, d.VaultManagerGuard()},
	}
	for _, cfg := range standardConfigs {
		names = append(names, Named{VaultName, d.StandardVault(cfg)})
	}
	for _, cfg := range lagConfigs {
		names = append(names, Named{VaultName, d.LAGVault(cfg)})
	}
	return names
}
