package protection

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/policy"
)

// sources lists the pages of the table rows and rules the matrix cites,
// by URL, each with when it was read and what the matrix takes from it.
func sources(types []policy.ResourceType, rules []rule) []Source {
	byURL := map[string]*Source{}
	dates := map[string][]string{}
	source := func(url, read string) *Source {
		if byURL[url] == nil {
			byURL[url] = &Source{URL: url}
		}
		if !slices.Contains(dates[url], read) {
			dates[url] = append(dates[url], read)
		}
		return byURL[url]
	}
	for _, t := range types {
		for _, url := range t.Pages() {
			if s := source(url, t.Read); !slices.Contains(s.ResourceTypes, t.Name) {
				s.ResourceTypes = append(s.ResourceTypes, t.Name)
			}
		}
	}
	for _, r := range rules {
		if s := source(r.page, rulesRead); !slices.Contains(s.Quotes, r.says) {
			s.Quotes = append(s.Quotes, r.says)
		}
	}
	out := make([]Source, 0, len(byURL))
	for _, url := range slices.Sorted(maps.Keys(byURL)) {
		s := *byURL[url]
		s.Read = strings.Join(slices.Sorted(slices.Values(dates[url])), ", ")
		out = append(out, s)
	}
	return out
}

// JSON is protection/<deployment>.json.
func (m Matrix) JSON() string {
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(err) // the matrix holds strings and slices
	}
	return string(out) + "\n"
}

// The meaning of each value, for the legend.
var (
	encryptionMeaning = map[Encryption]string{
		Unencrypted:         "the source is not encrypted, or is on an AWS owned key",
		AWSManagedKey:       "the source is on an AWS managed key, such as aws/ebs or aws/rds",
		CustomerKeyShared:   "the source is on a customer managed key the central backup account may use",
		CustomerKeyUnshared: "the source is on a customer managed key the central backup account may not use",
	}
	vaultMeaning = map[Vault]string{
		MemberBackupVault:        "the member account's backup vault, on the deployment key; its administrators can empty it",
		MemberLAGVault:           "the member account's logically air-gapped vault, locked by AWS",
		CentralIntermediateVault: "the central account's vault on the deployment key, not locked",
		CentralStandardVault:     "the central account's compliance-locked vault on the AWS managed key",
		CentralLAGVault:          "the central account's logically air-gapped vault, locked by AWS",
		MemberLockedVault: "the member account's compliance-locked vault (inAccountLockedCopies), which receives the " +
			"ingest's in-account copy of each backup whose copy to the backup account AWS refuses; nobody can delete " +
			"or shorten its copies, but they stay in the member account",
		NoVault: "no copy is immutable",
	}
	vaults = []Vault{MemberBackupVault, MemberLAGVault, CentralIntermediateVault, CentralStandardVault, CentralLAGVault,
		MemberLockedVault, NoVault}
	timingMeaning = map[Timing]string{
		AtBackup:           "the backup itself lands in a locked vault",
		AfterInAccountCopy: "once AWS copies the temporary backup into the member's logically air-gapped vault",
		AfterCentralCopy:   "once the copy from the member account into the central logically air-gapped vault completes",
		AfterIngestCopy: "once the copy from the member account into the intermediate vault, then the ingest's copy on " +
			"to the standard vault, complete",
		AfterRefusedCopy: "once AWS has refused the copy to the backup account and the ingest has copied the backup " +
			"into the member account's locked vault",
		Never: "no copy is immutable",
	}
)

// Markdown is protection/<deployment>.md: a table per plan, the legend
// and the sources.
func (m Matrix) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Protection matrix: %s\n\n", m.Deployment)
	b.WriteString("Where a backup first becomes immutable (a copy nobody, the member account's administrators " +
		"included, can delete) and when, for each plan, resource type its backup plans select and encryption of " +
		"the source. Continuous (pitr) backup plans are left out: their continuous backups stay in the member " +
		"account. How to read it: docs/protection.md.\n\n")
	fmt.Fprintf(&b, "Generated from %s.\n", m.GeneratedFrom)
	if m.InAccountLockedCopies {
		b.WriteString("\nIn-account locked copies are on (inAccountLockedCopies): a backup whose copy to the backup " +
			"account AWS refuses is copied into the member account's compliance-locked vault.\n")
	} else {
		b.WriteString("\nIn-account locked copies are off (inAccountLockedCopies: false): a backup whose copy to the " +
			"backup account AWS refuses stays in the member backup vault only.\n")
	}
	number := map[string]int{}
	for i, s := range m.Sources {
		number[s.URL] = i + 1
	}
	plan := ""
	for _, r := range m.Rows {
		if r.Plan != plan {
			plan = r.Plan
			fmt.Fprintf(&b, "\n## Plan %s\n\n", plan)
			b.WriteString("| backup plan | resource type | ARN pattern | encryption | first immutable copy | " +
				"time to immutability | path | sources | note |\n|---|---|---|---|---|---|---|---|---|\n")
		}
		path := make([]string, len(r.Path))
		for i, v := range r.Path {
			path[i] = string(v)
		}
		cited := make([]int, len(r.Sources))
		for i, url := range r.Sources {
			cited[i] = number[url]
		}
		slices.Sort(cited)
		numbers := make([]string, len(cited))
		for i, n := range cited {
			numbers[i] = strconv.Itoa(n)
		}
		fmt.Fprintf(&b, "| %s | %s | `%s` | %s | %s | %s | %s | %s | %s |\n", r.BackupPlan, r.ResourceType,
			r.ARNPattern, r.Encryption, r.FirstImmutableCopy, r.TimeToImmutability, strings.Join(path, " → "),
			strings.Join(numbers, ", "), r.Note)
	}
	b.WriteString("\n## Legend\n\nencryption, of the source resource:\n\n")
	for _, e := range Encryptions {
		fmt.Fprintf(&b, "- `%s`: %s\n", e, encryptionMeaning[e])
	}
	b.WriteString("\nfirst immutable copy, and the vaults of a path:\n\n")
	for _, v := range vaults {
		fmt.Fprintf(&b, "- `%s`: %s\n", v, vaultMeaning[v])
	}
	b.WriteString("\ntime to immutability, earliest first:\n\n")
	for _, t := range Timings {
		fmt.Fprintf(&b, "- `%s`: %s\n", t, timingMeaning[t])
	}
	b.WriteString("\n## Sources\n\n| # | page | read | what the matrix takes from it |\n|---|---|---|---|\n")
	for i, s := range m.Sources {
		var takes []string
		if len(s.ResourceTypes) > 0 {
			takes = append(takes, "the resource type table's rows "+strings.Join(s.ResourceTypes, ", "))
		}
		for _, q := range s.Quotes {
			takes = append(takes, "“"+q+"”")
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s |\n", i+1, s.URL, s.Read, strings.Join(takes, "; "))
	}
	return b.String()
}
