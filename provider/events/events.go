// Package events builds the EventBridge event patterns of a deployment.
package events

import (
	"encoding/json"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// Pattern is an event pattern; encoding/json sorts its keys.
type Pattern map[string]any

// JSON is the minified pattern.
func (p Pattern) JSON() string {
	out, err := json.Marshal(p)
	if err != nil {
		panic(err) // a pattern holds only strings, lists and maps
	}
	return string(out)
}

const (
	backupSource   = "aws.backup"
	backupJobEvent = "Backup Job State Change"
	copyJobEvent   = "Copy Job State Change"
)

// inAnyAccount matches the ARNs of the named vaults in any partition,
// region and account.
func inAnyAccount(vaultNames []string) []any {
	out := make([]any, len(vaultNames))
	for i, name := range vaultNames {
		out[i] = map[string]any{"wildcard": naming.VaultARN("*", "*", "*", name)}
	}
	return out
}

func list(values []string) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}

// Everything matches every event, for the bus's log rule.
func Everything() Pattern {
	return Pattern{"source": []any{map[string]any{"prefix": ""}}}
}

// BackupJobs matches the backup and copy job events of a deployment: jobs
// of the member vaults (memberVaultNames: the backup vault, then the
// air-gapped one when there is one), copies from or to its central vaults,
// and the copies AWS makes into the member air-gapped vault of the
// temporary backups of the types it does not fully manage, so that a
// failed one alerts
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/lag-vault-primary-backup.html).
// The central forwarding rule and the member event forwarders use it.
//
// lockedCopyVaults names the member accounts' compliance-locked vault of
// in-account copies (naming.Deployment.MemberLockedCopyVault), when there
// is one: the ingest copies into it the backups whose copy to the backup
// account AWS refused for their key, in the member account, so its copy
// job events are the member account's and only its forwarder can send
// them; a failed one then alerts (FailedJobs).
func BackupJobs(memberVaultNames []string, centralVaultARNs []string, lockedCopyVaults ...string) Pattern {
	branches := []any{
		map[string]any{"backupVaultName": list(memberVaultNames)},
		map[string]any{"sourceBackupVaultArn": list(centralVaultARNs)},
		map[string]any{"destinationBackupVaultArn": list(centralVaultARNs)},
	}
	if len(memberVaultNames) > 1 {
		branches = append(branches, map[string]any{"destinationBackupVaultArn": inAnyAccount(memberVaultNames[1:])})
	}
	var locked []string
	for _, v := range lockedCopyVaults {
		if v != "" {
			locked = append(locked, v)
		}
	}
	if len(locked) > 0 {
		branches = append(branches, map[string]any{"destinationBackupVaultArn": inAnyAccount(locked)})
	}
	return Pattern{
		"source":      []any{backupSource},
		"detail-type": []any{backupJobEvent, copyJobEvent},
		"detail":      map[string]any{"$or": branches},
	}
}

// CentralCopies are the vaults of a deployment in one Region the ingest
// and the alert rules tell apart: Targets, the central vaults member
// accounts copy into (the intermediate vault, the logically air-gapped
// vaults), and Vaults, every central vault (the intermediate, standard and
// logically air-gapped vaults), the sources of the central account's own
// copies (intermediate → standard, the restore's standard → intermediate).
type CentralCopies struct {
	Intermediate string
	Standard     []string
	LAG          []string
}

// Targets are the vaults member accounts copy into.
func (c CentralCopies) Targets() []string { return append([]string{c.Intermediate}, c.LAG...) }

// Vaults are every central vault.
func (c CentralCopies) Vaults() []string {
	return append(append([]string{c.Intermediate}, c.Standard...), c.LAG...)
}

// IngestedCopies matches the copies the ingest state machine handles:
//   - completed: member → intermediate, intermediate → standard, and member
//     → logically air-gapped vault when there are any;
//   - FAILED copies into the central copy targets from any vault but the
//     central ones: the member accounts' copies, which run in the member
//     account (a copy job is its source account's: the event's account is
//     the member's, as in AWS's FAILED copy job example,
//     https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html).
//     The ingest classifies each, copies those AWS refused for their key
//     into the member locked vault, and alerts once; FailedJobs leaves
//     exactly these out.
//
// The central vaults are named by exact ARN (the central account and Region
// are known), so "anything-but" with a list of strings tells them apart,
// an operator AWS documents for event buses
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html);
// member vaults are in any account, so their names are matched by wildcard.
func IngestedCopies(memberVaultNames []string, c CentralCopies) Pattern {
	fromMember := inAnyAccount(memberVaultNames)
	completed := []string{"COMPLETED"}
	branches := []any{
		map[string]any{"state": list(completed), "sourceBackupVaultArn": fromMember,
			"destinationBackupVaultArn": []any{c.Intermediate}},
		map[string]any{"state": list(completed), "sourceBackupVaultArn": []any{c.Intermediate},
			"destinationBackupVaultArn": list(c.Standard)},
	}
	if len(c.LAG) > 0 {
		branches = append(branches, map[string]any{"state": list(completed), "sourceBackupVaultArn": fromMember,
			"destinationBackupVaultArn": list(c.LAG)})
	}
	branches = append(branches, failedIntoTargets(c))
	return Pattern{
		"source":      []any{backupSource},
		"detail-type": []any{copyJobEvent},
		"detail":      map[string]any{"$or": branches},
	}
}

// failedIntoTargets is the detail of a FAILED copy into the central copy
// targets from a vault that is not central.
func failedIntoTargets(c CentralCopies) map[string]any {
	return map[string]any{
		"state":                     []any{"FAILED"},
		"sourceBackupVaultArn":      []any{map[string]any{"anything-but": list(c.Vaults())}},
		"destinationBackupVaultArn": list(c.Targets()),
	}
}
