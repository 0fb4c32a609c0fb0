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
// FromMember, else the central account prefix. StackSetOnly names exist
// only with the member StackSet (memberAccountResources StackSet); Region
// is the region a regional name is built for, "" for the others.
type Named struct {
	Kind         Kind
	Name         string
	FromMember   bool
	StackSetOnly bool
	Region       string
}

// All lists every physical name of a deployment, for the given regions,
// standard and LAG vault configurations and the member LAG and locked
// vaults' ("" for none), so each can be checked against AWS limits.
func (d Deployment) All(regions, standardConfigs, lagConfigs []string, memberLAGConfig, memberLockedConfig string) []Named {
	names := []Named{
		{Kind: PolicyName, Name: d.OrganizationPolicy()},
		{Kind: KMSAliasName, Name: d.KMSAlias()},
		{Kind: EventBusName, Name: d.EventBus()},
		{Kind: StateMachineName, Name: d.IngestStateMachine()},
		{Kind: StateMachineName, Name: d.RestoreStateMachine()},
		{Kind: VaultName, Name: d.IntermediateVault()},
		{Kind: IAMRoleName, Name: d.BackupServiceRole()},
		{Kind: IAMRoleName, Name: d.EventForwarderRole()},
		{Kind: EventRuleName, Name: d.EventForwarderRule()},
		{Kind: EventRuleName, Name: d.IngestRule()},
		{Kind: IAMRoleName, Name: d.IngestEventBridgeRole()},
		{Kind: IAMRoleName, Name: d.IngestStateMachineRole()},
		{Kind: IAMRoleName, Name: d.IngestStatesRole()},
		{Kind: IAMRoleName, Name: d.RestoreStateMachineRole()},
		{Kind: LogGroupName, Name: d.EventBusLogGroup()},
		{Kind: LogGroupName, Name: d.IngestLogGroup()},
		{Kind: LogGroupName, Name: d.RestoreLogGroup()},
		{Kind: StackSetName, Name: d.StackSet(), FromMember: true, StackSetOnly: true},
		{Kind: VaultName, Name: d.MemberBackupVault(), FromMember: true},
		{Kind: VaultName, Name: d.MemberRestoreVault(), FromMember: true},
		{Kind: IAMRoleName, Name: d.MemberBackupServiceRole(), FromMember: true},
		{Kind: IAMRoleName, Name: d.MemberCentralAccess(), FromMember: true},
		{Kind: IAMRoleName, Name: d.MemberRestoreAccess(), FromMember: true},
		{Kind: IAMRoleName, Name: d.MemberEventForwarder(), FromMember: true},
		{Kind: EventRuleName, Name: d.MemberEventForwarder(), FromMember: true},
		{Kind: IAMRoleName, Name: d.MemberRestoreRole()},
		{Kind: LambdaFunctionName, Name: d.MemberVaultManager(), FromMember: true},
		{Kind: PolicyName, Name: d.VaultManagerGuard()},
		{Kind: StateMachineName, Name: d.ReconcilerStateMachine()},
		{Kind: EventRuleName, Name: d.ReconcilerRule()},
		{Kind: IAMRoleName, Name: d.ReconcilerStateMachineRole()},
	}
	for _, region := range regions {
		names = append(names, Named{Kind: IAMRoleName, Name: d.MemberVaultManagerRole(region), FromMember: true,
			StackSetOnly: true, Region: region})
	}
	for _, cfg := range standardConfigs {
		names = append(names, Named{Kind: VaultName, Name: d.StandardVault(cfg)})
	}
	for _, cfg := range lagConfigs {
		names = append(names, Named{Kind: VaultName, Name: d.LAGVault(cfg)})
	}
	if memberLAGConfig != "" {
		names = append(names, Named{Kind: VaultName, Name: d.MemberLAGVault(memberLAGConfig), FromMember: true})
	}
	if memberLockedConfig != "" {
		names = append(names, Named{Kind: VaultName, Name: d.MemberLockedVault(memberLockedConfig), FromMember: true})
	}
	return names
}
