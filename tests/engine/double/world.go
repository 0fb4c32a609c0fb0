package main

import (
	"encoding/json"
	"fmt"
	"github.com/orgbackup/pulumi-orgbackup/tests/engine/calls"
	"os"
	"sync"
	"time"
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
	// AttachedSCPs are the names of the service control policies attached
	// directly to each target (root, OU or account), what
	// getPoliciesForTarget answers by id; nil for defaultAttachedSCPs.
	// FullAWSAccess is attached to every target whether listed or not:
	// AWS Organizations attaches that AWS managed SCP (id p-FullAWSAccess)
	// to the root and every OU and account once SCPs are enabled
	// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html,
	// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
	AttachedSCPs map[string][]string `json:"attachedScps"`
	// Policies are the organization's own policies as DescribePolicy and
	// ListTagsForResource answer them, what an import reads back; a name
	// of AttachedSCPs without one here is an SCP of that name whose
	// content the double does not know.
	Policies []Policy `json:"policies"`
	// Buckets are the S3 buckets of the account, what HeadBucket and the
	// reads of pulumi-aws's import answer.
	Buckets []Bucket `json:"buckets"`
}

// Bucket is an S3 bucket that exists before the program runs, as a
// destroyed stack kept a report bucket: its region, whether Object Lock
// was enabled when it was created, its policy and tags.
type Bucket struct {
	Region            string            `json:"region"`
	Name              string            `json:"name"`
	ObjectLockEnabled bool              `json:"objectLockEnabled"`
	Policy            string            `json:"policy"`
	Tags              map[string]string `json:"tags"`
}

// bucket is the account's bucket name: bucket names are global.
func (w World) bucket(name string) (Bucket, bool) {
	for _, b := range w.Buckets {
		if b.Name == name {
			return b, true
		}
	}
	return Bucket{}, false
}

// Policy is an organization policy that exists before the program runs.
type Policy struct {
	Name        string            `json:"name"`
	Type        string            `json:"type"`
	Description string            `json:"description"`
	Content     string            `json:"content"`
	Tags        map[string]string `json:"tags"`
}

// fullAWSAccess is the AWS managed SCP attached to every root, OU and
// account, and its id, which AWS gives it in every organization.
const (
	fullAWSAccess   = "FullAWSAccess"
	fullAWSAccessID = "p-FullAWSAccess"
)

// fullAWSAccessContent is the content of FullAWSAccess.
const fullAWSAccessContent = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// defaultAttachedSCPs are the guard SCPs OrgPrerequisites attaches for
// the organizations the engine tests deploy with the default
// guardPolicyManagedBy (ManagementAccount) in the default world, so that
// OrgBackup's preview finds each guard on its target: the reference
// example's (examples/yaml, examples/config/reference*.yaml), lag-pitr's
// and member-stacks' (examples/config), and those of the Go, Python and
// TypeScript programs' deployments web and data (go_test.go, python,
// typescript).
func defaultAttachedSCPs() map[string][]string {
	return map[string][]string{
		"ou-abcd-defghijk": {"immutable-aws-backup-website-service-vault-manager-guard"},
		"ou-abcd-11111111": {"aws-backup-ca-prod-vault-manager-guard"},
		"ou-abcd-22222222": {"aws-backup-ca-prod-vault-manager-guard"},
		"ou-abcd-33333333": {"central-backup-payments-vault-manager-guard"},
		"ou-abcd-00000000": {"immutable-aws-backup-web-vault-manager-guard"},
		"ou-abcd-00000001": {"immutable-aws-backup-data-vault-manager-guard"},
	}
}

// rootID is the organization's root.
const rootID = "r-ab12"

// Account is an account under an OU.
type Account struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// Vault is an AWS Backup vault that exists before the program runs: a
// backup vault, locked or not, or a logically air-gapped one with its
// retention range, access policy and multi-party approval team, what
// DescribeBackupVault, GetBackupVaultAccessPolicy and ListTags answer for it.
type Vault struct {
	Region    string            `json:"region"`
	Name      string            `json:"name"`
	KmsKeyArn string            `json:"kmsKeyArn"` // "": the AWS-managed key, or an AWS owned key for an air-gapped vault
	Tags      map[string]string `json:"tags"`

	// Locked is whether a backup vault has a Vault Lock, put with
	// PutBackupVaultLockConfiguration; its MinRetentionDays and
	// MaxRetentionDays are then the lock's, as DescribeBackupVault answers
	// them ("Locked", "MinRetentionDays", "MaxRetentionDays",
	// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupVault.html).
	// A lock's ChangeableForDays is no part of that answer.
	Locked bool `json:"locked"`
	// LockDate is the date a locked vault's lock becomes immutable, as
	// DescribeBackupVault answers it: none for a lock in governance mode
	// (put without ChangeableForDays, removable "at any time"), a date to
	// come for a compliance-mode lock still in its grace time ("Before the
	// lock date, you can delete Vault Lock from the vault ... or change the
	// Vault Lock configuration"), a date gone by for an immutable one ("On
	// and after the lock date, the Vault Lock becomes immutable and cannot
	// be changed or deleted",
	// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html).
	LockDate *time.Time `json:"lockDate"`

	LogicallyAirGapped bool           `json:"logicallyAirGapped"`
	MinRetentionDays   int            `json:"minRetentionDays"`
	MaxRetentionDays   int            `json:"maxRetentionDays"`
	AccessPolicy       map[string]any `json:"accessPolicy"`
	MpaApprovalTeamArn string         `json:"mpaApprovalTeamArn"`
}

// The example configurations' context (examples/config/reference.yaml);
// AttachedSCPs left nil stands for defaultAttachedSCPs.
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
	if w.AttachedSCPs == nil {
		w.AttachedSCPs = defaultAttachedSCPs()
	}
	return w, nil
}

// policyID is the id of the organization policy name: AWS's own for
// FullAWSAccess, otherwise one derived from the name (unique in an
// organization), so a policy a stack created has the id the World's
// look-ups give for its name.
func policyID(name string) string {
	if name == fullAWSAccess {
		return fullAWSAccessID
	}
	// A customer policy's id: p- and 10 to 32 lowercase letters or digits
	// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicySummary.html).
	return "p-" + hash(name)[:12]
}

// scpsOn are the names of the SCPs attached directly to target,
// FullAWSAccess first.
func (w World) scpsOn(target string) []string {
	out := []string{fullAWSAccess}
	for _, name := range w.AttachedSCPs[target] {
		if name != fullAWSAccess {
			out = append(out, name)
		}
	}
	return out
}

// policy is the organization policy with id, as DescribePolicy answers:
// FullAWSAccess, one of Policies, or an SCP attached somewhere whose
// content the World leaves out.
func (w World) policy(id string) (Policy, bool) {
	if id == fullAWSAccessID {
		return Policy{Name: fullAWSAccess, Type: "SERVICE_CONTROL_POLICY", Content: fullAWSAccessContent,
			Description: "Allows access to every operation"}, true
	}
	for _, p := range w.Policies {
		if policyID(p.Name) == id {
			return p, true
		}
	}
	for _, names := range w.AttachedSCPs {
		for _, name := range names {
			if policyID(name) == id {
				return Policy{Name: name, Type: "SERVICE_CONTROL_POLICY"}, true
			}
		}
	}
	return Policy{}, false
}

// immutable is whether v has a lock that can no longer be changed or
// deleted at now: a compliance-mode lock on or after its lock date.
func (v Vault) immutable(now time.Time) bool {
	return v.Locked && v.LockDate != nil && !now.Before(*v.LockDate)
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
