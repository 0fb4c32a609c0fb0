package main

import (
	"encoding/json"
	"fmt"
	"github.com/orgbackup/pulumi-orgbackup/tests/engine/calls"
	"os"
	"sync"
)

// World is what exists in the pretend AWS account before the program runs:
// the caller, the organization, and resources a stack may adopt. The tests
// write it as JSON and name it in ORGBACKUP_DOUBLE_WORLD.
type World struct {
	AccountID               string               `json:"accountId"`
	OrganizationID          string               `json:"organizationId"`
	ManagementAccountID     string               `json:"managementAccountId"`
	BackupServiceLinkedRole bool                 `json:"backupServiceLinkedRole"`
	OUAccounts              map[string][]Account `json:"ouAccounts"`
	Vaults                  []Vault              `json:"vaults"`
	// The organization's settings getOrganization answers, nil for the
	// defaults (every setting the examples need), and the delegated
	// administrators registered before, by service principal.
	FeatureSet              string              `json:"featureSet"`
	ServiceAccessPrincipals []string            `json:"serviceAccessPrincipals"`
	PolicyTypes             []string            `json:"policyTypes"`
	DelegatedAdministrators map[string][]string `json:"delegatedAdministrators"`
}

// rootID is the organization's root.
const rootID = "r-ab12"

// Account is an account under an OU.
type Account struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// Vault is an AWS Backup vault that exists before the program runs: a
// backup vault, or a logically air-gapped one with its retention range,
// access policy and multi-party approval team, what DescribeBackupVault,
// GetBackupVaultAccessPolicy and ListTags answer for it.
type Vault struct {
	Region    string            `json:"region"`
	Name      string            `json:"name"`
	KmsKeyArn string            `json:"kmsKeyArn"` // "": the AWS-managed key, or an AWS owned key for an air-gapped vault
	Tags      map[string]string `json:"tags"`

	LogicallyAirGapped bool           `json:"logicallyAirGapped"`
	MinRetentionDays   int            `json:"minRetentionDays"`
	MaxRetentionDays   int            `json:"maxRetentionDays"`
	AccessPolicy       map[string]any `json:"accessPolicy"`
	MpaApprovalTeamArn string         `json:"mpaApprovalTeamArn"`
}

// The example configurations' context (examples/config/reference.yaml).
var defaultWorld = World{
	AccountID:           "111111111111",
	OrganizationID:      "o-abcd1234ef",
	ManagementAccountID: "999999999999",
}

func loadWorld() (World, error) {
	w := defaultWorld
	path := os.Getenv("ORGBACKUP_DOUBLE_WORLD")
	if path == "" {
		return w, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return w, err
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return w, fmt.Errorf("%s: %w", path, err)
	}
	return w, nil
}

func (w World) vault(region, name string) (Vault, bool) {
	for _, v := range w.Vaults {
		if v.Region == region && v.Name == name {
			return v, true
		}
	}
	return Vault{}, false
}

type recorder struct {
	mu   sync.Mutex
	file *os.File
}

func openRecorder() (*recorder, error) {
	path := os.Getenv("ORGBACKUP_DOUBLE_LOG")
	if path == "" {
		return &recorder{}, nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	return &recorder{file: f}, nil
}

func (r *recorder) record(c calls.Call) {
	if r.file == nil {
		return
	}
	line, err := json.Marshal(c)
	if err != nil {
		panic(err) // a Call always marshals
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	// One write per line: O_APPEND keeps the lines of concurrent processes whole.
	if _, err := r.file.Write(append(line, '\n')); err != nil {
		fmt.Fprintln(os.Stderr, "recording call:", err)
	}
}
