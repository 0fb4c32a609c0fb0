// Package protection derives a deployment's protection matrix: for each
// plan, resource type its backup plans select and kind of source
// encryption, the first copy of a backup that nobody can delete, when it
// exists, and every vault the backup lands in. Every cell follows from
// policy.ResourceTypes, the plan's flags and the AWS statements of
// rules.go, each with its page; render writes the matrix as
// protection/<deployment>.json and .md.
package protection

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
	"github.com/orgbackup/pulumi-orgbackup/provider/policy"
)

// Encryption is how the source resource is encrypted.
type Encryption string

const (
	// Unencrypted also stands for AWS owned keys.
	Unencrypted Encryption = "unencrypted"
	// AWSManagedKey is a key such as aws/ebs or aws/rds.
	AWSManagedKey Encryption = "aws-managed-key"
	// CustomerKeyShared is a customer managed key the central backup
	// account may use.
	CustomerKeyShared Encryption = "customer-key-shared"
	// CustomerKeyUnshared is a customer managed key it may not use.
	CustomerKeyUnshared Encryption = "customer-key-unshared"
)

// Encryptions lists the kinds of encryption in the matrix's order.
var Encryptions = []Encryption{Unencrypted, AWSManagedKey, CustomerKeyShared, CustomerKeyUnshared}

// Vault is a vault a backup lands in.
type Vault string

const (
	// MemberBackupVault is the member's backup vault (-cmk), which its
	// administrators can empty.
	MemberBackupVault Vault = "member-backup-vault"
	// MemberLAGVault is the member's logically air-gapped vault.
	MemberLAGVault Vault = "member-lag-vault"
	// CentralIntermediateVault is the central account's vault on the
	// deployment key, not locked.
	CentralIntermediateVault Vault = "central-intermediate-vault"
	// CentralStandardVault is the central compliance-locked vault.
	CentralStandardVault Vault = "central-standard-vault"
	// CentralLAGVault is the central logically air-gapped vault.
	CentralLAGVault Vault = "central-lag-vault"
	// MemberLockedVault is the member's compliance-locked vault
	// (naming.MemberLockedVault, with inAccountLockedCopies): the ingest
	// copies into it each backup whose copy to the backup account AWS
	// refuses.
	MemberLockedVault Vault = "member-locked-vault"
	// NoVault: no immutable copy.
	NoVault Vault = "none"
)

// immutable reports whether nobody can delete a recovery point of v before
// its lifecycle ends.
func (v Vault) immutable() bool {
	return v == MemberLAGVault || v == CentralStandardVault || v == CentralLAGVault || v == MemberLockedVault
}

// Timing is when the first immutable copy exists, earliest first.
type Timing string

const (
	// AtBackup: the backup itself is immutable.
	AtBackup Timing = "at-backup"
	// AfterInAccountCopy: once AWS copies the temporary backup into the
	// member's logically air-gapped vault.
	AfterInAccountCopy Timing = "after-in-account-copy"
	// AfterCentralCopy: once the copy into the central logically
	// air-gapped vault completes.
	AfterCentralCopy Timing = "after-central-copy"
	// AfterIngestCopy: once the copy into the intermediate vault and then
	// the ingest's copy on to the standard vault complete.
	AfterIngestCopy Timing = "after-ingest-copy"
	// AfterRefusedCopy: once AWS has refused the copy to the backup
	// account and the ingest's in-account copy into the member's locked
	// vault completes.
	AfterRefusedCopy Timing = "after-refused-copy"
	// Never: no copy is immutable.
	Never Timing = "never"
)

// Timings lists the timings, earliest first.
var Timings = []Timing{AtBackup, AfterInAccountCopy, AfterCentralCopy, AfterIngestCopy, AfterRefusedCopy, Never}

// Row is one cell of the matrix.
type Row struct {
	Plan string `json:"plan"`
	// BackupPlan is the kind of backup plan that selects the type: std or lag.
	BackupPlan         config.PlanKind `json:"backupPlan"`
	ResourceType       string          `json:"resourceType"`
	ARNPattern         string          `json:"arnPattern"`
	Encryption         Encryption      `json:"encryption"`
	FirstImmutableCopy Vault           `json:"firstImmutableCopy"`
	TimeToImmutability Timing          `json:"timeToImmutability"`
	// Path lists every vault the backup lands in, in order.
	Path []Vault `json:"path"`
	// Sources are the pages that settle the cell.
	Sources []string `json:"sources"`
	// Note says why a vault the plan asks for is not reached and, when
	// AWS refuses the copy to the backup account, what the backup gets
	// instead and the fix that lets it reach the backup account.
	Note string `json:"note,omitempty"`
}

// Source is a page the matrix cites.
type Source struct {
	URL  string `json:"url"`
	Read string `json:"read"` // when it was read, YYYY-MM-DD
	// ResourceTypes names the rows of policy.ResourceTypes read on it.
	ResourceTypes []string `json:"resourceTypes,omitempty"`
	// Quotes are the statements of the rules taken from it.
	Quotes []string `json:"quotes,omitempty"`
}

// Matrix is a deployment's protection matrix.
type Matrix struct {
	Deployment    string `json:"deployment"`
	GeneratedFrom string `json:"generatedFrom"`
	// InAccountLockedCopies is the deployment's inAccountLockedCopies
	// (config.Deployment.UsesMemberLockedVault): whether a backup whose
	// copy to the backup account AWS refuses gets an in-account copy in
	// the member's locked vault.
	InAccountLockedCopies bool     `json:"inAccountLockedCopies"`
	Sources               []Source `json:"sources"`
	Rows                  []Row    `json:"rows"`
}

// Build is the protection matrix of deployment key of cfg, a resolved
// configuration. Continuous (pitr) backup plans are left out: their
// continuous backups stay in the member account.
func Build(cfg config.Config, ctx config.Context, key string) Matrix {
	d := cfg.Deployments[key]
	m := Matrix{
		Deployment: key,
		GeneratedFrom: fmt.Sprintf("policy.ResourceTypes (provider/policy/resourcetypes.go), deployments[%q].plans "+
			"and deployments[%q].inAccountLockedCopies", key, key),
		InAccountLockedCopies: d.UsesMemberLockedVault(),
	}
	var types []policy.ResourceType
	var rules []rule
	for _, name := range d.PlanNames() {
		p := d.Plans[name]
		for _, t := range policy.ResourceTypes {
			for _, k := range p.Kinds() {
				if k == config.ContinuousPlan || !policy.Selects(p, k, t) {
					continue
				}
				types = append(types, t)
				for _, e := range Encryptions {
					row, because := cell(p, k, t, e, m.InAccountLockedCopies)
					row.Plan = name
					row.ARNPattern = naming.ARNInPartition(ctx.Partition, t.ARNPattern)
					m.Rows = append(m.Rows, row)
					rules = append(rules, because...)
				}
			}
		}
	}
	m.Sources = sources(types, rules)
	return m
}

// trace follows a backup from vault to vault.
type trace struct {
	path  []Vault
	first Vault
	when  Timing
	rules []rule
	// notes say why a vault is not reached, and what the backup gets
	// instead.
	notes []string
}

// reach records that the backup lands in v, at when if v is immutable.
func (tr *trace) reach(v Vault, when Timing, because ...rule) {
	tr.path = append(tr.path, v)
	tr.rules = append(tr.rules, because...)
	if v.immutable() && slices.Index(Timings, when) < slices.Index(Timings, tr.when) {
		tr.first, tr.when = v, when
	}
}

// refuse records that AWS refuses a vault the plan asks for, and why.
func (tr *trace) refuse(why string, because ...rule) {
	tr.notes = append(tr.notes, why)
	tr.rules = append(tr.rules, because...)
}

// cell is where a backup of type t, selected by backup plan k of plan p
// and encrypted as e, goes, with lockedCopies the deployment's
// inAccountLockedCopies; with the rules it rests on.
func cell(p config.Plan, k config.PlanKind, t policy.ResourceType, e Encryption, lockedCopies bool) (Row, []rule) {
	tr := trace{first: NoVault, when: Never}
	if t.FullyManaged {
		tr.rules = append(tr.rules, vaultKey)
	} else {
		tr.rules = append(tr.rules, sourceKey)
	}
	copyFrom := MemberBackupVault
	switch {
	case !p.PrimaryBackupToLogicallyAirGappedVault:
		tr.reach(MemberBackupVault, AtBackup)
	case !t.LogicallyAirGapped:
		tr.reach(MemberBackupVault, AtBackup)
		tr.refuse("member LAG vault: AWS Backup takes no backup of this type into a logically air-gapped vault, "+
			"so it stays in the member backup vault", lagBackupVaultOnly)
	case t.FullyManaged:
		tr.reach(MemberLAGVault, AtBackup, lagDirect, lagLocked)
		copyFrom = MemberLAGVault
	default:
		tr.reach(MemberBackupVault, AtBackup, lagTemporary)
		switch {
		case e == AWSManagedKey:
			tr.refuse("member LAG vault: a backup of a type AWS Backup does not fully manage, on an AWS managed key, "+
				"stays in the member backup vault", lagBackupVaultOnly)
		case e == Unencrypted && unencryptedNotInLAG[t.ARNPattern]:
			tr.refuse("member LAG vault: logically air-gapped vaults take no unencrypted Aurora, DocumentDB or "+
				"Neptune cluster", lagUnencryptedClusters)
		default:
			tr.reach(MemberLAGVault, AfterInAccountCopy, lagPrimaryKeys, lagLocked)
		}
		tr.rules = append(tr.rules, lagCopiesInParallel)
	}
	var central bool
	if k == config.LAGPlan {
		central = tr.toCentralLAG(t, e)
	} else {
		central = tr.toCentralStandard(t, e, copyFrom)
	}
	if !central {
		tr.refusedCopy(t, e, lockedCopies)
	}
	row := Row{
		BackupPlan:         k,
		ResourceType:       t.Name,
		Encryption:         e,
		FirstImmutableCopy: tr.first,
		TimeToImmutability: tr.when,
		Path:               tr.path,
		Sources:            pages(t, tr.rules),
	}
	if tr.first == NoVault {
		tr.notes = append(tr.notes, "only the member backup vault holds it, and the member account's "+
			"administrators can empty it")
	}
	row.Note = strings.Join(tr.notes, "; ")
	return row, tr.rules
}

// toCentralStandard follows the std plan's copy into the central
// intermediate vault, which the ingest copies on to the standard vault.
// It reports whether the copy reaches the backup account.
func (tr *trace) toCentralStandard(t policy.ResourceType, e Encryption, from Vault) bool {
	if from == MemberLAGVault {
		// The copy out of the logically air-gapped vault lands in the
		// intermediate vault, on the deployment's customer managed key.
		tr.rules = append(tr.rules, lagCopiesFromLAG, lagToStandard)
	}
	if !tr.crossAccount(t, e) {
		return false
	}
	tr.reach(CentralIntermediateVault, AfterCentralCopy)
	tr.reach(CentralStandardVault, AfterIngestCopy, locked)
	return true
}

// toCentralLAG follows the lag plan's copy into the central logically
// air-gapped vault. It reports whether the copy reaches the backup
// account.
func (tr *trace) toCentralLAG(t policy.ResourceType, e Encryption) bool {
	switch {
	case t.FullyManaged:
		tr.rules = append(tr.rules, lagAnyKey)
	case e == Unencrypted || e == AWSManagedKey:
		why := []rule{lagCustomerKey}
		if e == Unencrypted && unencryptedNotInLAG[t.ARNPattern] {
			why = append(why, lagUnencryptedClusters)
		}
		tr.refuse("central LAG vault: logically air-gapped vaults take a type AWS Backup does not fully manage "+
			"only on a customer managed key", why...)
		return false
	default:
		tr.rules = append(tr.rules, lagCustomerKey)
	}
	if !tr.crossAccount(t, e) {
		return false
	}
	tr.reach(CentralLAGVault, AfterCentralCopy, lagLocked)
	return true
}

// refusedCopy follows a backup of a type AWS Backup does not fully
// manage, encrypted as e, whose copy to the backup account AWS refuses:
// with lockedCopies, the ingest copies it into the member's locked vault.
// The note then says what the backup gets and how it can reach the
// backup account.
func (tr *trace) refusedCopy(t policy.ResourceType, e Encryption, lockedCopies bool) {
	if lockedCopies {
		tr.reach(MemberLockedVault, AfterRefusedCopy, inAccountCopy, lockedVaultKey, locked)
		tr.notes = append(tr.notes, "member locked vault: once AWS has refused the copy to the backup account, the "+
			"ingest copies the backup, with its source's retention, into the member account's compliance-locked "+
			"vault, where nobody can delete or shorten it, but it stays in the member account")
		if e == CustomerKeyUnshared {
			// docs/member-accounts.md: no AWS page says an in-account copy of such
			// a type is re-encrypted with the vault's key.
			tr.notes = append(tr.notes, "its key: if the copy keeps the source's customer managed key (AWS does "+
				"not document an in-account copy's re-encryption), whoever may schedule that key's deletion or "+
				"disable it in the member account can make the copy unreadable")
		}
	} else {
		tr.notes = append(tr.notes, "member locked vault: inAccountLockedCopies is false, so the backup AWS refuses "+
			"to copy gets no locked copy; turn inAccountLockedCopies on to have the ingest copy it into the member "+
			"account's compliance-locked vault")
	}
	tr.notes = append(tr.notes, "fix to reach the backup account: "+fix(t, e))
}

// fix says how a resource of type t, encrypted as e, whose copy AWS
// refuses to the backup account gets there (docs/prerequisites.md, Keys):
// an AWS managed key's fix depends on the service, as the ingest's alert's
// does (statemachine.refusalFixes).
func fix(t policy.ResourceType, e Encryption) string {
	const statements = "the key policy statements render writes (key-policies/customer-managed-key-statement.json)"
	switch {
	case t.AdvancedBackup:
		return "turn on advanced DynamoDB backup in the member account and Region (aws backup update-region-settings " +
			"--resource-type-management-preference DynamoDB=true): its next backups are fully managed and copied " +
			"whatever the table's key; see docs/prerequisites.md#keys"
	case e == Unencrypted:
		return "encrypt the resource with a customer managed key that carries " + statements +
			", see docs/prerequisites.md#keys"
	case e == CustomerKeyUnshared:
		return "add " + statements + " to the key's policy, see docs/prerequisites.md#keys"
	}
	how := "encrypt the resource with one as its service documents"
	switch t.Name {
	case "EBS", "EC2":
		how = "make that key the account's default EBS encryption key and move the volumes to it"
	case "Aurora", "RDS":
		how = "copy a snapshot with that key and restore from it"
	}
	return "an AWS managed key's policy cannot be changed, so move the resource to a customer managed key that " +
		"carries " + statements + ": " + how + "; see docs/prerequisites.md#keys"
}

// crossAccount reports whether AWS Backup copies a backup of type t,
// encrypted as e, to the central account, recording why not.
func (tr *trace) crossAccount(t policy.ResourceType, e Encryption) bool {
	switch {
	case t.FullyManaged:
		tr.rules = append(tr.rules, fullyManagedCopy)
	case t.AdvancedBackup:
		tr.refuse("central copy: AWS Backup copies a DynamoDB backup to another account only with advanced DynamoDB "+
			"backup, which a backup policy does not turn on; with it on in the member account and Region, DynamoDB "+
			"is fully managed and reaches the backup account whatever its key", dynamoDBAdvancedCopy, dynamoDBPolicyOptIn)
		return false
	case e == Unencrypted:
		tr.rules = append(tr.rules, unencryptedCopy)
	case e == CustomerKeyShared:
		tr.rules = append(tr.rules, sharedKeyCopy)
	case e == AWSManagedKey:
		tr.refuse("central copy: AWS Backup copies no backup of a type it does not fully manage, on an AWS managed "+
			"key, to another account", awsManagedKeyCopy, customerKeyCopy)
		return false
	default:
		tr.refuse("central copy: the customer managed key is not shared with the central backup account",
			sharedKeyCopy, customerKeyCopy)
		return false
	}
	return true
}

// pages lists the table row's page and the rules' pages, each once, in
// the order they are cited.
func pages(t policy.ResourceType, rules []rule) []string {
	out := t.Pages()
	for _, r := range rules {
		if !slices.Contains(out, r.page) {
			out = append(out, r.page)
		}
	}
	return out
}
