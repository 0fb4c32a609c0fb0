package deployer

import (
	"fmt"
	"sort"

	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
)

// IAM quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html):
// a managed policy holds at most 6,144 characters, white space not counted
// (the CreatePolicy reference points there for "the maximum character counts
// of a managed policy with no whitespaces",
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html);
// a role takes at most 10 managed policies unless the quota is raised.
// The minified JSON is measured: its only white space is inside strings, so
// it is never shorter than what IAM counts.
const (
	MaxManagedPolicyCharacters = 6144
	MaxManagedPoliciesPerRole  = 10
)

// ManagedPolicies splits doc into as few managed policies as it takes, each
// at most MaxManagedPolicyCharacters minified: between statements (first
// fit, largest statement first), and a statement too large on its own into
// statements of parts of its Resource list, or of its Action list when it
// has one resource. Together they allow what doc allows. It fails when the
// split needs more policies than a role takes.
func ManagedPolicies(doc iam.Document) ([]iam.Document, error) {
	var parts []iam.Statement
	for i, s := range doc.Statement {
		split, err := fitting(s)
		if err != nil {
			return nil, fmt.Errorf("statement %d (%s): %w", i, s.Action[0], err)
		}
		parts = append(parts, split...)
	}
	// Largest first, ties in the document's order: deterministic.
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	size := make([]int, len(parts))
	for i, p := range parts {
		size[i] = len(iam.New(p).JSON())
	}
	sort.SliceStable(order, func(a, b int) bool { return size[order[a]] > size[order[b]] })
	var bins [][]iam.Statement
	for _, i := range order {
		placed := false
		for b := range bins {
			if fits(append(append([]iam.Statement(nil), bins[b]...), parts[i])) {
				bins[b] = append(bins[b], parts[i])
				placed = true
				break
			}
		}
		if !placed {
			bins = append(bins, []iam.Statement{parts[i]})
		}
	}
	if len(bins) > MaxManagedPoliciesPerRole {
		return nil, fmt.Errorf("the permissions need %d managed policies of at most %d characters, and a role takes at most %d "+
			"by default (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html): ask AWS to raise the "+
			"backup account's quota of managed policies per role (up to 20), or spread the deployments over several "+
			"OrgBackup components", len(bins), MaxManagedPolicyCharacters, MaxManagedPoliciesPerRole)
	}
	out := make([]iam.Document, len(bins))
	for b, statements := range bins {
		// Each policy lists its statements in the document's order.
		sort.SliceStable(statements, func(i, j int) bool { return less(statements[i], statements[j]) })
		out[b] = iam.New(statements...)
	}
	return out, nil
}

func fits(statements []iam.Statement) bool {
	return len(iam.New(statements...).JSON()) <= MaxManagedPolicyCharacters
}

// less is the order of a document's statements: by first action, then
// JSON.
func less(a, b iam.Statement) bool {
	if a.Action[0] != b.Action[0] {
		return a.Action[0] < b.Action[0]
	}
	return iam.New(a).JSON() < iam.New(b).JSON()
}

// fitting is s, or s cut into statements that each fit a policy alone: its
// resources in consecutive runs, or, with one resource, its actions.
func fitting(s iam.Statement) ([]iam.Statement, error) {
	if fits([]iam.Statement{s}) {
		return []iam.Statement{s}, nil
	}
	field := func(st *iam.Statement) *iam.Strings { return &st.Resource }
	if len(s.Resource) <= 1 {
		field = func(st *iam.Statement) *iam.Strings { return &st.Action }
	}
	all := *field(&s)
	if len(all) <= 1 {
		return nil, fmt.Errorf("one action on one resource is over %d characters", MaxManagedPolicyCharacters)
	}
	var out []iam.Statement
	for len(all) > 0 {
		n := 1
		for n < len(all) {
			next := s
			*field(&next) = all[:n+1]
			if !fits([]iam.Statement{next}) {
				break
			}
			n++
		}
		part := s
		*field(&part) = append(iam.Strings(nil), all[:n]...)
		if !fits([]iam.Statement{part}) {
			return nil, fmt.Errorf("one action on one resource is over %d characters", MaxManagedPolicyCharacters)
		}
		out = append(out, part)
		all = all[n:]
	}
	return out, nil
}
