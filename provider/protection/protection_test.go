package protection

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
	"github.com/orgbackup/pulumi-orgbackup/provider/policy"
)

// The configurations the tests build matrices of: the examples, and
// lag-pitr.yaml's plan with the member logically air-gapped vault as its
// primary target, with and without the central one.
const (
	primary     = "        primaryBackupToLogicallyAirGappedVault: true\n"
	lagPitrPlan = "        useLogicallyAirGappedVault: true\n" + primary + "        createContinuousBackups: true\n"
)

var configs = map[string]func() string{
	"reference": func() string { return read("reference.yaml") },
	// lag-pitr is the example without its primary target.
	"lag-pitr": func() string {
		return strings.Replace(read("lag-pitr.yaml"), lagPitrPlan,
			"        useLogicallyAirGappedVault: true\n        createContinuousBackups: true\n", 1)
	},
	"primary-with-central-lag": func() string { return read("lag-pitr.yaml") },
	"primary-without-central-lag": func() string {
		return strings.Replace(read("lag-pitr.yaml"), lagPitrPlan,
			"        useLogicallyAirGappedVault: false\n        createContinuousBackups: true\n"+primary, 1)
	},
	// lag-pitr.yaml without the member accounts' locked vault.
	"without-locked-copies": func() string {
		return strings.Replace(read("lag-pitr.yaml"), "    protectMemberResources: true\n",
			"    protectMemberResources: true\n    inAccountLockedCopies: false\n", 1)
	},
}

func read(name string) string {
	data, err := os.ReadFile("../../examples/config/" + name)
	if err != nil {
		panic(err)
	}
	return string(data)
}

// resolve loads and resolves configuration name.
func resolve(t *testing.T, name string) (config.Config, config.Context) {
	t.Helper()
	data := configs[name]()
	if name != "reference" && name != "primary-with-central-lag" {
		require.NotEqual(t, read("lag-pitr.yaml"), data, "%s changes the example's plan", name)
	}
	f, err := config.Load([]byte(data))
	require.NoError(t, err, name)
	cfg, err := config.Resolve(f.Config, f.Context)
	require.NoError(t, err, name)
	return cfg, f.Context
}

// build is the matrix of configuration name's only deployment.
func build(t *testing.T, name string) Matrix {
	t.Helper()
	cfg, ctx := resolve(t, name)
	keys := cfg.DeploymentKeys()
	require.Len(t, keys, 1)
	return Build(cfg, ctx, keys[0])
}

// find is the row of the resource type whose ARN pattern ends in arn.
func find(t *testing.T, m Matrix, arn string, e Encryption) Row {
	t.Helper()
	var found []Row
	for _, r := range m.Rows {
		if strings.HasSuffix(r.ARNPattern, ":"+arn) && r.Encryption == e {
			found = append(found, r)
		}
	}
	require.Len(t, found, 1, "%s %s", arn, e)
	return found[0]
}

const (
	ebs    = "ec2:*:*:volume/*"
	s3     = "s3:::*"
	rds    = "rds:*:*:db:*"
	aurora = "rds:*:*:cluster:*"
	efs    = "elasticfilesystem:*:*:file-system/*"
)

// Each case names the pages that settle it.
func TestCells(t *testing.T) {
	member := []Vault{MemberBackupVault}
	locked := []Vault{MemberBackupVault, MemberLockedVault}
	ingest := []Vault{MemberBackupVault, CentralIntermediateVault, CentralStandardVault}
	for _, tc := range []struct {
		name, config, arn string
		encryption        Encryption
		first             Vault
		when              Timing
		path              []Vault
		note              string
	}{
		// lag-vault-primary-backup.html: "if a non-fully managed resource is encrypted with an AWS managed
		// key, AWS Backup creates the backup in your backup vault only"; encryption.html: "Cross-account
		// copy with AWS managed keys isn't supported for resources that aren't fully managed"; the ingest
		// then copies the backup into the member's locked vault (API_StartCopyJob.html, vault-lock.html).
		{"EBS on aws/ebs, primary LAG plan: member locked vault", "primary-with-central-lag", ebs, AWSManagedKey,
			MemberLockedVault, AfterRefusedCopy, locked, "make that key the account's default EBS encryption key"},
		{"EBS on aws/ebs, primary LAG without a central one: member locked vault", "primary-without-central-lag",
			ebs, AWSManagedKey, MemberLockedVault, AfterRefusedCopy, locked, "central copy: AWS Backup copies no backup"},
		// Without inAccountLockedCopies nothing is immutable, and the note says to turn it on.
		{"EBS on aws/ebs without locked copies: nothing immutable", "without-locked-copies", ebs, AWSManagedKey,
			NoVault, Never, member, "turn inAccountLockedCopies on"},
		// lag-vault-primary-backup.html: fully managed types "can back up directly to your logically
		// air-gapped vault"; their copies start there.
		{"S3, primary LAG plan: immutable at backup", "primary-with-central-lag", s3, AWSManagedKey,
			MemberLAGVault, AtBackup, []Vault{MemberLAGVault, CentralIntermediateVault, CentralStandardVault}, ""},
		// create-cross-account-backup.html: a customer managed key "must be shared with the destination
		// account"; the ingest then copies into the locked vault.
		{"RDS on a shared customer key, std plan", "reference", rds, CustomerKeyShared,
			CentralStandardVault, AfterIngestCopy, ingest, ""},
		{"RDS on an unshared customer key, std plan", "reference", rds, CustomerKeyUnshared,
			MemberLockedVault, AfterRefusedCopy, locked, "add the key policy statements render writes"},
		{"RDS on aws/rds, std plan", "reference", rds, AWSManagedKey, MemberLockedVault, AfterRefusedCopy, locked,
			"copy a snapshot with that key and restore from it"},
		// encryption.html: cross-account copies are encrypted "even if the original backup is unencrypted".
		{"RDS unencrypted, std plan", "reference", rds, Unencrypted, CentralStandardVault, AfterIngestCopy, ingest, ""},
		// logicallyairgappedvault.html: "Unencrypted Amazon Aurora, Amazon DocumentDB, and Amazon Neptune
		// clusters are not supported for logically air-gapped vault".
		{"Aurora unencrypted, primary LAG plan: neither LAG vault, the member locked vault",
			"primary-with-central-lag", aurora, Unencrypted, MemberLockedVault, AfterRefusedCopy, locked,
			"no unencrypted Aurora"},
		{"Aurora unencrypted, primary LAG plan without locked copies: nothing immutable", "without-locked-copies",
			aurora, Unencrypted, NoVault, Never, member, "no unencrypted Aurora"},
		{"Aurora unencrypted, primary LAG without a central one: standard vault", "primary-without-central-lag",
			aurora, Unencrypted, CentralStandardVault, AfterIngestCopy, ingest, "no unencrypted Aurora"},
		// lag-vault-primary-backup.html: a temporary recovery point AWS "automatically copies" into the
		// logically air-gapped vault; the central copy starts from it in parallel.
		{"Aurora on a shared customer key, primary LAG plan", "primary-with-central-lag", aurora, CustomerKeyShared,
			MemberLAGVault, AfterInAccountCopy, []Vault{MemberBackupVault, MemberLAGVault, CentralLAGVault}, ""},
		// The member vault is in the same account: the key need not be shared for it. The refused central
		// copy still gets its in-account copy, after the member logically air-gapped one.
		{"EBS on an unshared customer key, primary LAG plan", "primary-with-central-lag", ebs, CustomerKeyUnshared,
			MemberLAGVault, AfterInAccountCopy, []Vault{MemberBackupVault, MemberLAGVault, MemberLockedVault}, "not shared"},
		// lag-vault-primary-backup.html allows unencrypted sources; logicallyairgappedvault.html wants a
		// customer managed key for a copy into the central one.
		{"EBS unencrypted, primary LAG plan", "primary-with-central-lag", ebs, Unencrypted,
			MemberLAGVault, AfterInAccountCopy, []Vault{MemberBackupVault, MemberLAGVault, MemberLockedVault},
			"only on a customer managed key"},
		{"EBS on a shared customer key, lag plan", "lag-pitr", ebs, CustomerKeyShared,
			CentralLAGVault, AfterCentralCopy, []Vault{MemberBackupVault, CentralLAGVault}, ""},
		{"EBS unencrypted, lag plan", "lag-pitr", ebs, Unencrypted, MemberLockedVault, AfterRefusedCopy, locked,
			"encrypt the resource with a customer managed key"},
		// logicallyairgappedvault.html: a fully managed type's source "can be encrypted by a customer
		// managed key or by an AWS managed key".
		{"EFS on its AWS managed key, lag plan", "lag-pitr", efs, AWSManagedKey,
			CentralLAGVault, AfterCentralCopy, []Vault{MemberBackupVault, CentralLAGVault}, ""},
		// lag-vault-primary-backup.html: "If a resource type is not supported by logically air-gapped
		// vaults ... AWS Backup creates the backup in your backup vault only".
		{"RDS on a shared customer key, primary LAG plan", "primary-with-central-lag", rds, CustomerKeyShared,
			CentralStandardVault, AfterIngestCopy, ingest, "AWS Backup takes no backup of this type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := find(t, build(t, tc.config), tc.arn, tc.encryption)
			assert.Equal(t, tc.first, r.FirstImmutableCopy)
			assert.Equal(t, tc.when, r.TimeToImmutability)
			assert.Equal(t, tc.path, r.Path)
			if tc.note == "" {
				assert.Empty(t, r.Note)
			} else {
				assert.Contains(t, r.Note, tc.note)
			}
		})
	}
}

// encryption.html: a fully managed type's backup is on the vault's key
// "other than one determined by the source resource's encryption", so the
// source's encryption changes none of its cells.
func TestFullyManagedTypesIgnoreTheSourceKey(t *testing.T) {
	for name := range configs {
		m := build(t, name)
		for _, rt := range policy.ResourceTypes {
			if !rt.FullyManaged {
				continue
			}
			var cells []Row
			for _, r := range m.Rows {
				if strings.HasSuffix(r.ARNPattern, ":"+rt.ARNPattern) {
					r.Encryption, r.Sources = "", nil
					cells = append(cells, r)
				}
			}
			require.Len(t, cells, len(Encryptions), "%s %s", name, rt.Name)
			for _, c := range cells[1:] {
				assert.Equal(t, cells[0], c, "%s %s", name, rt.Name)
			}
		}
	}
}

// No cell without a source, every source listed with its date, and a
// reason wherever nothing is immutable.
func TestEveryCellHasItsSources(t *testing.T) {
	for name := range configs {
		m := build(t, name)
		listed := map[string]bool{}
		for _, s := range m.Sources {
			listed[s.URL] = true
			assert.Regexp(t, `^\d{4}-\d{2}-\d{2}(, \d{4}-\d{2}-\d{2})*$`, s.Read, s.URL)
			assert.NotEmpty(t, append(s.ResourceTypes, s.Quotes...), s.URL)
		}
		require.NotEmpty(t, m.Rows, name)
		for _, r := range m.Rows {
			require.NotEmpty(t, r.Sources, "%s %+v", name, r)
			for _, url := range r.Sources {
				assert.True(t, strings.HasPrefix(url, "https://"), url)
				assert.True(t, listed[url], "%s: %s is in the sources list", name, url)
			}
			assert.Equal(t, r.FirstImmutableCopy == NoVault, r.TimeToImmutability == Never, "%s %+v", name, r)
			if r.FirstImmutableCopy == NoVault {
				assert.NotEmpty(t, r.Note, "%s %+v", name, r)
			}
			if r.FirstImmutableCopy != NoVault {
				assert.Contains(t, r.Path, r.FirstImmutableCopy, "%s %+v", name, r)
			}
		}
	}
}

func TestTwoBuildsAreByteIdentical(t *testing.T) {
	for name := range configs {
		cfg, ctx := resolve(t, name)
		key := cfg.DeploymentKeys()[0]
		first, second := Build(cfg, ctx, key), Build(cfg, ctx, key)
		assert.Equal(t, first.JSON(), second.JSON(), name)
		assert.Equal(t, first.Markdown(), second.Markdown(), name)
	}
}

// The rows are the types the backup policy's std and lag plans select:
// the matrix reads policy.Selects, and the documents agree.
func TestRowsAreThePolicySelections(t *testing.T) {
	for name := range configs {
		cfg, ctx := resolve(t, name)
		docs, err := policy.Documents(cfg, ctx)
		require.NoError(t, err)
		key := cfg.DeploymentKeys()[0]
		m := Build(cfg, ctx, key)
		d, names, region := cfg.Deployments[key], cfg.Names(key), cfg.Regions[0]
		for _, planName := range d.PlanNames() {
			for _, k := range d.Plans[planName].Kinds() {
				want := selected(t, docs, names.PlanKey(planName, string(k), region), ctx.Partition)
				var got []string
				for _, r := range m.Rows {
					if r.Plan == planName && r.BackupPlan == k && r.Encryption == Unencrypted {
						got = append(got, r.ARNPattern)
					}
				}
				slices.Sort(got)
				if k == config.ContinuousPlan {
					assert.Empty(t, got, "%s: no rows for continuous plans", name)
					continue
				}
				assert.Equal(t, want, got, "%s %s %s", name, planName, k)
			}
		}
	}
}

// selected lists the ARN patterns backup plan key of docs selects, "*"
// spelled out as every type of the table.
func selected(t *testing.T, docs []policy.Document, key, partition string) []string {
	t.Helper()
	for _, doc := range docs {
		var content struct {
			Plans map[string]struct {
				Selections struct {
					Resources map[string]struct {
						ResourceTypes struct {
							Assign []string `json:"@@assign"`
						} `json:"resource_types"`
					} `json:"resources"`
				} `json:"selections"`
			} `json:"plans"`
		}
		require.NoError(t, json.Unmarshal([]byte(doc.Content), &content))
		p, ok := content.Plans[key]
		if !ok {
			continue
		}
		var out []string
		for _, sel := range p.Selections.Resources {
			for _, arn := range sel.ResourceTypes.Assign {
				if arn != "*" {
					out = append(out, arn)
					continue
				}
				for _, rt := range policy.ResourceTypes {
					out = append(out, naming.ARNInPartition(partition, rt.ARNPattern))
				}
			}
		}
		slices.Sort(out)
		return out
	}
	t.Fatalf("no policy holds %s", key)
	return nil
}

// The Aurora, DocumentDB and Neptune clusters' row of the table is the one
// the unencrypted-cluster rule names.
func TestUnencryptedClusterRuleNamesATableRow(t *testing.T) {
	for arn := range unencryptedNotInLAG {
		assert.True(t, slices.ContainsFunc(policy.ResourceTypes, func(rt policy.ResourceType) bool {
			return rt.ARNPattern == arn && !rt.FullyManaged && rt.LogicallyAirGapped
		}), arn)
	}
}

// examples/config/lag-pitr.yaml as it is: a plan copying to the central
// logically air-gapped vault, with continuous backups.
func TestLagPitrExample(t *testing.T) {
	m := build(t, "lag-pitr")
	assert.Equal(t, "ca-prod", m.Deployment)
	var lag, std int
	for _, r := range m.Rows {
		assert.Equal(t, "ca-prod-important", r.Plan)
		assert.NotEqual(t, config.ContinuousPlan, r.BackupPlan, "continuous backups stay in the member account")
		assert.NotContains(t, r.Path, MemberLAGVault, "no primary target in the member account")
		switch r.BackupPlan {
		case config.LAGPlan:
			lag++
		case config.StandardPlan:
			std++
		}
	}
	// Table types AWS takes into logically air-gapped vaults go to the
	// central one; the others to the standard vault.
	var lagTypes int
	for _, rt := range policy.ResourceTypes {
		if rt.LogicallyAirGapped {
			lagTypes++
		}
	}
	assert.Equal(t, lagTypes*len(Encryptions), lag)
	assert.Equal(t, (len(policy.ResourceTypes)-lagTypes)*len(Encryptions), std)

	s3Row := find(t, m, s3, Unencrypted)
	assert.Equal(t, "arn:aws:s3:::*", s3Row.ARNPattern)
	assert.Equal(t, config.LAGPlan, s3Row.BackupPlan)
	assert.Equal(t, CentralLAGVault, s3Row.FirstImmutableCopy)
	assert.Equal(t, AfterCentralCopy, s3Row.TimeToImmutability)
	ebsRow := find(t, m, ebs, AWSManagedKey)
	assert.Equal(t, MemberLockedVault, ebsRow.FirstImmutableCopy)
	assert.Equal(t, AfterRefusedCopy, ebsRow.TimeToImmutability)
	assert.Contains(t, ebsRow.Sources, policy.LAGVaultPage)
	assert.Contains(t, ebsRow.Sources, policy.EncryptionPage)
	assert.Contains(t, ebsRow.Sources, StartCopyJobPage)
	assert.Contains(t, ebsRow.Sources, VaultLockPage)
	rdsRow := find(t, m, rds, CustomerKeyShared)
	assert.Equal(t, config.StandardPlan, rdsRow.BackupPlan)
	assert.Equal(t, CentralStandardVault, rdsRow.FirstImmutableCopy)
	assert.Contains(t, rdsRow.Sources, CrossAccountPage)
	assert.Contains(t, rdsRow.Sources, VaultLockPage)

	md := m.Markdown()
	assert.Contains(t, md, "## Plan ca-prod-important\n")
	assert.Contains(t, md, "| lag | EBS | `arn:aws:ec2:*:*:volume/*` | customer-key-shared | central-lag-vault | "+
		"after-central-copy | member-backup-vault → central-lag-vault |")
	assert.Contains(t, md, "- `after-ingest-copy`: ")
	assert.Contains(t, md, "| lag | EBS | `arn:aws:ec2:*:*:volume/*` | aws-managed-key | member-locked-vault | "+
		"after-refused-copy | member-backup-vault → member-locked-vault |")
	assert.Contains(t, md, "In-account locked copies are on")
	assert.Contains(t, md, "| "+CrossAccountPage+" | 2026-12-07 | ")
}

// With inAccountLockedCopies on (the default), every selected type gets
// an immutable copy on every kind of key; off, exactly the cells whose
// copy AWS refuses have none.
func TestNoNeverWithLockedCopies(t *testing.T) {
	for name := range configs {
		m := build(t, name)
		on := name != "without-locked-copies"
		assert.Equal(t, on, m.InAccountLockedCopies, name)
		for _, r := range m.Rows {
			// The notes name the central vault AWS refuses.
			refused := strings.Contains(r.Note, "central copy: ") || strings.Contains(r.Note, "central LAG vault: ")
			if on {
				assert.NotEqual(t, Never, r.TimeToImmutability, "%s %+v", name, r)
				assert.Equal(t, refused, slices.Contains(r.Path, MemberLockedVault), "%s %+v", name, r)
			} else {
				assert.NotContains(t, r.Path, MemberLockedVault, "%s %+v", name, r)
			}
			if !refused {
				assert.NotContains(t, r.Note, "fix to reach the backup account", "%s %+v", name, r)
				continue
			}
			// A refused copy is always of a type AWS Backup does not fully manage, on a key the backup
			// account may not use or of DynamoDB without advanced backup, and says what the backup
			// gets and how it reaches the backup account.
			i := slices.IndexFunc(policy.ResourceTypes, func(rt policy.ResourceType) bool {
				return r.ARNPattern == naming.ARNInPartition("aws", rt.ARNPattern)
			})
			require.GreaterOrEqual(t, i, 0, "%s %+v", name, r)
			typ := policy.ResourceTypes[i]
			if !typ.AdvancedBackup {
				assert.NotEqual(t, CustomerKeyShared, r.Encryption, "%s %+v", name, r)
			}
			assert.Contains(t, r.Note, "fix to reach the backup account: "+fix(typ, r.Encryption), "%s %+v", name, r)
			if on {
				assert.Contains(t, r.Note, "member account's compliance-locked vault", "%s %+v", name, r)
				assert.Contains(t, r.Sources, StartCopyJobPage, "%s %+v", name, r)
				assert.Contains(t, r.Sources, VaultLockPage, "%s %+v", name, r)
			} else {
				assert.Contains(t, r.Note, "turn inAccountLockedCopies on", "%s %+v", name, r)
				assert.NotContains(t, r.Sources, StartCopyJobPage, "%s %+v", name, r)
			}
		}
	}
}

// The same configuration with and without inAccountLockedCopies differs
// only in the cells whose copy AWS refuses.
func TestLockedCopiesChangeOnlyRefusedCells(t *testing.T) {
	on, off := build(t, "primary-with-central-lag"), build(t, "without-locked-copies")
	require.Len(t, off.Rows, len(on.Rows))
	changed := 0
	for i, r := range on.Rows {
		if !slices.Contains(r.Path, MemberLockedVault) {
			assert.Equal(t, r, off.Rows[i])
			continue
		}
		changed++
		assert.Equal(t, slices.DeleteFunc(slices.Clone(r.Path), func(v Vault) bool { return v == MemberLockedVault }),
			off.Rows[i].Path)
	}
	assert.Positive(t, changed)
}

// A refused copy's locked copy comes after every copy AWS accepts: it
// waits for the refusal.
func TestTimingsOrder(t *testing.T) {
	assert.Equal(t, []Timing{AtBackup, AfterInAccountCopy, AfterCentralCopy, AfterIngestCopy, AfterRefusedCopy, Never},
		Timings)
	for _, v := range vaults {
		assert.NotEmpty(t, vaultMeaning[v], v)
	}
	for _, tm := range Timings {
		assert.NotEmpty(t, timingMeaning[tm], tm)
	}
}

// An AWS managed key's fix is the service's: the EBS default key for EBS
// and EC2, a snapshot copy and restore for RDS and Aurora, and for the
// other types their own service's encryption, never another's.
func TestAWSManagedKeyFixIsTheService(t *testing.T) {
	for name, want := range map[string]string{
		"EBS": "default EBS encryption key", "EC2": "default EBS encryption key",
		"RDS": "copy a snapshot with that key", "Aurora": "copy a snapshot with that key",
		"FSx": "as its service documents", "Storage Gateway": "as its service documents",
	} {
		got := fix(policy.ResourceType{Name: name}, AWSManagedKey)
		assert.Contains(t, got, want, name)
		if want == "as its service documents" {
			assert.NotContains(t, got, "EBS", name)
		}
	}
}
