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
func BackupJobs(memberVaultNames []string, centralVaultARNs []string) Pattern {
	branches := []any{
		map[string]any{"backupVaultName": list(memberVaultNames)},
		map[string]any{"sourceBackupVaultArn": list(centralVaultARNs)},
		map[string]any{"destinationBackupVaultArn": list(centralVaultARNs)},
	}
	if len(memberVaultNames) > 1 {
		branches = append(branches, map[string]any{"destinationBackupVaultArn": inAnyAccount(memberVaultNames[1:])})
	}
	return Pattern{
		"source":      []any{backupSource},
		"detail-type": []any{backupJobEvent, copyJobEvent},
		"detail":      map[string]any{"$or": branches},
	}
}

// CompletedCopies matches the completed copies the ingest state machine
// handles: member → intermediate, intermediate → standard, and member →
// logically air-gapped vault when there are any.
func CompletedCopies(memberVaultNames []string, intermediateARN string, standardARNs, lagARNs []string) Pattern {
	fromMember := inAnyAccount(memberVaultNames)
	branches := []any{
		map[string]any{"sourceBackupVaultArn": fromMember, "destinationBackupVaultArn": []any{intermediateARN}},
		map[string]any{"sourceBackupVaultArn": []any{intermediateARN}, "destinationBackupVaultArn": list(standardARNs)},
	}
	if len(lagARNs) > 0 {
		branches = append(branches,
			map[string]any{"sourceBackupVaultArn": fromMember, "destinationBackupVaultArn": list(lagARNs)})
	}
	return Pattern{
		"source":      []any{backupSource},
		"detail-type": []any{copyJobEvent},
		"detail":      map[string]any{"state": []any{"COMPLETED"}, "$or": branches},
	}
}
