// Package naming holds the physical names of every resource a deployment
// creates and the AWS limits those names must respect. The names match the
// reference Terraform module so users migrating from it keep their resources.
package naming

import (
	"fmt"
	"strconv"
	"strings"
)

// Tag keys written on recovery points and read by the ingest state machine.
const (
	LocalRetentionDaysTag        = "BackupLocalRetentionDays"
	IntermediateRetentionDaysTag = "BackupIntermediateRetentionDays"
)

// Deployment names the resources of one deployment. Central is the central
// account prefix joined with the deployment key, Member the member one.
type Deployment struct {
	Central string
	Member  string
}

// For returns the names of deployment key under the two prefixes.
func For(centralPrefix, memberPrefix, key string) Deployment {
	return Deployment{Central: centralPrefix + key, Member: memberPrefix + key}
}

// VaultConfig is the retention range of a locked vault; an unset bound is
// 0. Its String, "<min>-<max>", ends the vault's name.
type VaultConfig struct{ MinDays, MaxDays int }

func (v VaultConfig) String() string { return strconv.Itoa(v.MinDays) + "-" + strconv.Itoa(v.MaxDays) }

// ParseVaultConfig reads a "<min>-<max>" as VaultConfig.String writes it.
func ParseVaultConfig(s string) (VaultConfig, error) {
	minDays, maxDays, ok := strings.Cut(s, "-")
	lo, errMin := strconv.Atoi(minDays)
	hi, errMax := strconv.Atoi(maxDays)
	if !ok || errMin != nil || errMax != nil || lo < 0 || hi < 0 {
		return VaultConfig{}, fmt.Errorf("%q is not a vault configuration <minRetentionDays>-<maxRetentionDays>", s)
	}
	return VaultConfig{MinDays: lo, MaxDays: hi}, nil
}

// Central account names.

func (d Deployment) OrganizationPolicy() string      { return d.Central }
func (d Deployment) KMSAlias() string                { return "alias/" + d.Central }
func (d Deployment) EventBus() string                { return d.Central }
func (d Deployment) IngestStateMachine() string      { return d.Central + "-backup-ingest" }
func (d Deployment) RestoreStateMachine() string     { return d.Central + "-backup-restore" }
func (d Deployment) RAMShare() string                { return d.Central }
func (d Deployment) IntermediateVault() string       { return d.Central + "-intermediate" }
func (d Deployment) StandardVault(cfg string) string { return d.Central + "-standard-" + cfg }
func (d Deployment) LAGVault(cfg string) string      { return d.Central + "-lag-" + cfg }
func (d Deployment) BackupServiceRole() string       { return d.Central + "-backup-service-role" }
func (d Deployment) EventForwarderRole() string      { return "default-to-" + d.Central + "-event-bus" }
func (d Deployment) EventForwarderRule() string {
	return "backup-events-to-" + d.Central + "-event-bus"
}
func (d Deployment) EventBusLogRule() string         { return "log-to-cloudwatch" }
func (d Deployment) IngestRule() string              { return d.IngestStateMachine() }
func (d Deployment) IngestEventBridgeRole() string   { return d.IngestStateMachine() + "-eventbridge" }
func (d Deployment) IngestStateMachineRole() string  { return d.IngestStateMachine() + "-sfn" }
func (d Deployment) IngestStatesRole() string        { return d.IngestStateMachine() + "-sfn-states" }
func (d Deployment) RestoreStateMachineRole() string { return d.RestoreStateMachine() + "-sfn" }
func (d Deployment) EventBusLogGroup() string        { return EventBusLogGroupPrefix + d.EventBus() }
func (d Deployment) IngestLogGroup() string {
	return "/aws/vendedlogs/states/" + d.IngestStateMachine()
}
func (d Deployment) RestoreLogGroup() string {
	return "/aws/vendedlogs/states/" + d.RestoreStateMachine()
}
func (d Deployment) StackSet() string { return d.Member }

// Alerting and reconciliation names.

func (d Deployment) AlertTopic() string { return d.Central + "-alerts" }

func (d Deployment) ReconcilerStateMachine() string     { return d.Central + "-backup-reconcile" }
func (d Deployment) ReconcilerStateMachineRole() string { return d.ReconcilerStateMachine() + "-sfn" }

// ReconcilerRule is the scheduled rule, on the default bus, that starts
// the reconciler with the role IngestEventBridgeRole names.
func (d Deployment) ReconcilerRule() string { return d.ReconcilerStateMachine() }

// TopicARN is the ARN of an SNS topic
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html#amazonsns-resources-for-iam-policies).
func TopicARN(partition, region, account, topic string) string {
	return "arn:" + partition + ":sns:" + region + ":" + account + ":" + topic
}

// Member account names.

func (d Deployment) MemberBackupVault() string  { return d.Member + "-cmk" }
func (d Deployment) MemberRestoreVault() string { return d.Member + "-default" }

// MemberLAGVault is the member accounts' logically air-gapped vault of
// vault configuration cfg, the primary target of the plans that ask for it.
func (d Deployment) MemberLAGVault(cfg string) string { return d.Member + "-lag-" + cfg }

// MemberAirGappedVault is MemberLAGVault of cfg, the member accounts'
// current air-gapped vault configuration, or "" when cfg is "" (none).
func (d Deployment) MemberAirGappedVault(cfg string) string {
	if cfg == "" {
		return ""
	}
	return d.MemberLAGVault(cfg)
}

// MemberJobVaults are the member vaults backup jobs write to and copies
// start from: the backup vault and, with a configuration cfg (not ""),
// the air-gapped vault.
func (d Deployment) MemberJobVaults(cfg string) []string {
	if cfg == "" {
		return []string{d.MemberBackupVault()}
	}
	return []string{d.MemberBackupVault(), d.MemberLAGVault(cfg)}
}

// MemberLockedVault is the member accounts' compliance-locked vault of
// vault configuration cfg: it receives the in-account copies of the backups
// whose copy to the backup account AWS refuses for their key.
func (d Deployment) MemberLockedVault(cfg string) string { return d.Member + "-locked-" + cfg }

// MemberLockedCopyVault is MemberLockedVault of cfg, or "" when cfg is ""
// (the deployment has none).
func (d Deployment) MemberLockedCopyVault(cfg string) string {
	if cfg == "" {
		return ""
	}
	return d.MemberLockedVault(cfg)
}

func (d Deployment) MemberBackupServiceRole() string { return d.Member + "-backup-service-role" }
func (d Deployment) MemberEventForwarder() string    { return d.Member + "-event-forwarder" }

// MemberCentralAccess is the role the central ingest and reconciler state
// machines assume in a member account: it reads tags and shortens
// lifecycles of the account's recovery points, and lists the account's
// copy jobs.
func (d Deployment) MemberCentralAccess() string { return d.Member + "-central-access" }

// MemberRestoreAccess is the role the central restore state machine
// assumes in a member account: it only starts and follows the copy from the
// backup vault to the restore vault.
func (d Deployment) MemberRestoreAccess() string { return d.Member + "-restore-access" }

// MemberVaultManagerPath is the IAM path of the StackSet's vault manager
// roles (MemberVaultManagerRole). The guard SCP denies changing any role on
// it; the key and vault policies name the roles themselves.
func (d Deployment) MemberVaultManagerPath() string { return d.Member + "-vault-manager/" }

// MemberVaultManagerRole names the role of the StackSet's vault manager in
// region: the StackSet creates a stack, and so a role, per account and
// region, and role names are unique within an account and at most 64
// characters (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
// The template names it with region "${AWS::Region}", so it ends with the
// region's full name, never a short code a template could only look up.
func (d Deployment) MemberVaultManagerRole(region string) string {
	return d.Member + "-vault-manager-" + region
}

// MemberVaultManagerRolePath is MemberVaultManagerRole of region with its
// path, the resource part of its ARN after "role/"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
func (d Deployment) MemberVaultManagerRolePath(region string) string {
	return d.MemberVaultManagerPath() + d.MemberVaultManagerRole(region)
}

// VaultManagerGuard names the service control policy that keeps member
// principals from changing the StackSet's vault manager.
func (d Deployment) VaultManagerGuard() string { return d.Central + "-vault-manager-guard" }

// GuardTagKey is the tag each guard service control policy carries, its
// deployment's key as value: the deployer and the delegation policy act only
// on service control policies with it.
const GuardTagKey = "orgbackup:guard"

// AlertKeyTagKey is the tag each alert topic's KMS key carries, its
// deployment's key as value: the deployer may schedule the deletion only of
// keys with it, never of the retained deployment keys.
const AlertKeyTagKey = "orgbackup:alerts-key"

// MemberVaultManager names the StackSet's custom resource function.
func (d Deployment) MemberVaultManager() string { return d.Member + "-vault-manager" }

// MemberRestoreRole carries the central prefix on purpose: SCPs written
// against the member prefix must not block restores.
func (d Deployment) MemberRestoreRole() string { return d.Central + "-backup-service-restore-role" }

// PolicyName names the n-th (0-based) organization policy of a deployment
// whose plans are split over several policies. The first keeps the
// reference module's name; "." cannot occur in a valid deployment name, so
// the others never collide with another deployment's policy.
func (d Deployment) PolicyName(n int) string {
	if n == 0 {
		return d.OrganizationPolicy()
	}
	return fmt.Sprintf("%s.%d", d.OrganizationPolicy(), n+1)
}

// PlanKey is the key of a plan in the organization backup policy.
func (d Deployment) PlanKey(plan, kind, region string) string {
	return d.Central + "-" + plan + "-" + kind + "-" + RegionShortCode(region)
}

// ContinuousRuleName names the single rule of a plan's continuous-backup plan.
func ContinuousRuleName(plan string) string { return plan + "-continuous-backups" }

// EventBusLogGroupPrefix starts the log group of every event bus.
const EventBusLogGroupPrefix = "/aws/events/"

// EventBusLogPolicy names the CloudWatch Logs resource policy of all event
// bus log groups of a component in a region.
func EventBusLogPolicy(centralPrefix string) string {
	return centralPrefix + "event-buses-to-cloudwatch"
}

// PendingTarget stands for the index-th backup target of a deployment whose
// id is not known yet (a preview of a program that creates the OU). Strings
// built from it are completed once the id is known.
func PendingTarget(deployment string, index int) string {
	return fmt.Sprintf("{{target %s %d}}", deployment, index)
}

// IsPendingTarget reports whether id is a PendingTarget.
func IsPendingTarget(id string) bool { return strings.HasPrefix(id, "{{target ") }

// SharePrincipal is the AWS RAM principal of every account under target:
// the OU's ARN, or the organization's for the root (the principals
// CreateResourceShare takes,
// https://docs.aws.amazon.com/ram/latest/APIReference/API_CreateResourceShare.html).
// A share with an OU follows the accounts that join or leave it. The
// principal of a pending target is its own placeholder, "{{principal …}}".
func SharePrincipal(partition, managementAccountID, organizationID, target string) string {
	switch {
	case IsPendingTarget(target):
		return "{{principal " + strings.TrimPrefix(target, "{{target ")
	case strings.HasPrefix(target, "r-"):
		return OrganizationARN(partition, managementAccountID, organizationID)
	default:
		return OUARN(partition, managementAccountID, organizationID, target)
	}
}

// OrgPath is the aws:PrincipalOrgPaths pattern of every account under
// target: an OU at any depth, or the root. The path of a pending target is
// its own placeholder, "{{path …}}".
func OrgPath(organizationID, target string) string {
	switch {
	case IsPendingTarget(target):
		return "{{path " + strings.TrimPrefix(target, "{{target ")
	case strings.HasPrefix(target, "r-"):
		return organizationID + "/" + target + "/*"
	default:
		return organizationID + "/*/" + target + "/*"
	}
}
