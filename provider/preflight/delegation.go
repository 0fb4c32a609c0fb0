package preflight

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/deployer"
)

// The organization's resource-based delegation policy, as
// DescribeResourcePolicy returns it: ResourcePolicy.Content, "the policy
// text of the resource policy", a string of at least one character
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeResourcePolicy.html,
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ResourcePolicy.html).
// Three checks read it:
//
//   - OrgBackup's statements, deployer.Delegation(cfg, ctx) (what
//     OrgPrerequisites puts and render writes to
//     policies-organizations/delegation.json), each present with its Sid
//     and the same meaning;
//   - with guardPolicyManagedBy ManagementAccount, no statement letting the
//     backup account write service control policies (a delegation from
//     before that setting, or added by hand);
//   - for information, the statements that are not OrgBackup's:
//     OrgPrerequisites with manageDelegationPolicy true puts the whole
//     policy, and PutResourcePolicy "Creates or updates" the organization's
//     one resource policy
//     (https://docs.aws.amazon.com/organizations/latest/APIReference/API_PutResourcePolicy.html),
//     so it would drop them.

// DelegationFix is the fix of a delegation policy without OrgBackup's
// statements.
const DelegationFix = "apply policies-organizations/delegation.json (written by orgbackup render) in the management account: " +
	"aws organizations put-resource-policy --content file://policies-organizations/delegation.json (it replaces the whole " +
	"policy: merge in the statements that are not OrgBackup's first; docs/prerequisites.md, step 10)" + orgPrerequisites

// ForeignStatementsNote is what the informational check says of the
// statements that are not OrgBackup's.
const ForeignStatementsNote = "OrgPrerequisites would replace these statements: set manageDelegationPolicy false and merge " +
	"delegationPolicy into the policy yourself, or keep them out"

// The check names of the delegation policy.
const (
	DelegationPolicyCheck  = "resource-based delegation policy"
	ForeignStatementsCheck = "statements of the delegation policy that are not OrgBackup's"
)

// NoSCPWriteCheck is the name of the check that the delegation policy
// lets backup write no service control policy.
func NoSCPWriteCheck(backup string) string {
	return fmt.Sprintf("no SCP write rights for account %s in the delegation policy (guardPolicyManagedBy ManagementAccount)", backup)
}

// statement is one statement of a policy, normalized for comparison: the
// action names lower-cased (IAM compares them case-insensitively,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html),
// condition keys lower-cased (their names are case-insensitive,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
// every list a sorted set, a principal "*" written {"AWS": ["*"]} and an
// account's root ARN written as its id, which the Principal element
// documents as the same
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
type statement struct {
	// Label names it in the output: its Sid, or "statement #N" (from 1)
	// without one, both for a Sid that several statements share.
	Label        string
	Sid          string
	Effect       string
	Principal    map[string][]string
	NotPrincipal map[string][]string
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	// Condition maps an operator to its keys and their values; a value
	// that is not a string (Bool, Numeric) is written as JSON.
	Condition map[string]map[string][]string
}

// rawStatement is a statement as the policy grammar allows it: most
// elements a string or a list
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
type rawStatement struct {
	Sid          string                                `json:"Sid"`
	Effect       string                                `json:"Effect"`
	Principal    json.RawMessage                       `json:"Principal"`
	NotPrincipal json.RawMessage                       `json:"NotPrincipal"`
	Action       json.RawMessage                       `json:"Action"`
	NotAction    json.RawMessage                       `json:"NotAction"`
	Resource     json.RawMessage                       `json:"Resource"`
	NotResource  json.RawMessage                       `json:"NotResource"`
	Condition    map[string]map[string]json.RawMessage `json:"Condition"`
}

// parsePolicy reads a policy document's statements; the Statement element
// may be one statement or a list.
func parsePolicy(content string) ([]statement, error) {
	var doc struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(content), &doc); err != nil {
		return nil, fmt.Errorf("not a JSON policy document: %w", err)
	}
	var raws []rawStatement
	if err := json.Unmarshal(doc.Statement, &raws); err != nil {
		var one rawStatement
		if err1 := json.Unmarshal(doc.Statement, &one); err1 != nil {
			return nil, fmt.Errorf("its Statement is neither a statement nor a list of them: %w", err)
		}
		raws = []rawStatement{one}
	}
	sids := map[string]int{}
	for _, r := range raws {
		sids[r.Sid]++
	}
	out := make([]statement, 0, len(raws))
	for i, r := range raws {
		s, err := normalize(r)
		if err != nil {
			return nil, fmt.Errorf("statement #%d: %w", i+1, err)
		}
		switch {
		case r.Sid == "":
			s.Label = fmt.Sprintf("statement #%d", i+1)
		case sids[r.Sid] > 1:
			s.Label = fmt.Sprintf("%s (statement #%d)", r.Sid, i+1)
		default:
			s.Label = r.Sid
		}
		out = append(out, s)
	}
	return out, nil
}

func normalize(r rawStatement) (statement, error) {
	s := statement{Sid: r.Sid, Effect: r.Effect}
	var err error
	if s.Principal, err = principals(r.Principal); err != nil {
		return s, fmt.Errorf("element Principal: %w", err)
	}
	if s.NotPrincipal, err = principals(r.NotPrincipal); err != nil {
		return s, fmt.Errorf("element NotPrincipal: %w", err)
	}
	for _, e := range []struct {
		name  string
		raw   json.RawMessage
		into  *[]string
		lower bool
	}{
		{"Action", r.Action, &s.Action, true}, {"NotAction", r.NotAction, &s.NotAction, true},
		{"Resource", r.Resource, &s.Resource, false}, {"NotResource", r.NotResource, &s.NotResource, false},
	} {
		values, err := stringOrList(e.raw)
		if err != nil {
			return s, fmt.Errorf("element %s: %w", e.name, err)
		}
		if e.lower {
			for i := range values {
				values[i] = strings.ToLower(values[i])
			}
		}
		*e.into = set(values)
	}
	if len(r.Condition) > 0 {
		s.Condition = map[string]map[string][]string{}
		for op, keys := range r.Condition {
			if s.Condition[op] == nil {
				s.Condition[op] = map[string][]string{}
			}
			for key, raw := range keys {
				values, err := conditionValues(raw)
				if err != nil {
					return s, fmt.Errorf("element Condition, %s %s: %w", op, key, err)
				}
				k := strings.ToLower(key)
				s.Condition[op][k] = set(append(s.Condition[op][k], values...))
			}
		}
	}
	return s, nil
}

// principals reads a Principal element: "*", or a map of principal type to
// a string or a list.
func principals(raw json.RawMessage) (map[string][]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var star string
	if err := json.Unmarshal(raw, &star); err == nil {
		if star != "*" {
			return nil, fmt.Errorf("%q is neither \"*\" nor a map", star)
		}
		return map[string][]string{"AWS": {"*"}}, nil
	}
	var byType map[string]json.RawMessage
	if err := json.Unmarshal(raw, &byType); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for typ, v := range byType {
		values, err := stringOrList(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", typ, err)
		}
		if typ == "AWS" {
			for i, p := range values {
				values[i] = accountPrincipal(p)
			}
		}
		out[typ] = set(values)
	}
	return out, nil
}

// accountPrincipal writes an account's root ARN as the account id: "The
// account ARN and the shortened account ID behave the same way"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
func accountPrincipal(p string) string {
	parts := strings.Split(p, ":")
	if len(parts) == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[5] == "root" && accountID.MatchString(parts[4]) {
		return parts[4]
	}
	return p
}

func stringOrList(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("neither a string nor a list of strings")
	}
	return list, nil
}

// conditionValues reads a condition's value or values: strings, or
// booleans and numbers, written as JSON.
func conditionValues(raw json.RawMessage) ([]string, error) {
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		list = []json.RawMessage{raw}
	}
	out := make([]string, 0, len(list))
	for _, v := range list {
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			out = append(out, s)
			continue
		}
		var scalar any
		if err := json.Unmarshal(v, &scalar); err != nil {
			return nil, err
		}
		switch scalar.(type) {
		case bool, float64:
			out = append(out, strings.TrimSpace(string(v)))
		default:
			return nil, fmt.Errorf("%s is not a string, boolean or number", v)
		}
	}
	return out, nil
}

func set(values []string) []string {
	if len(values) == 0 {
		return nil
	}
	out := slices.Clone(values)
	slices.Sort(out)
	return slices.Compact(out)
}

// differences names the elements in which live differs from want.
func differences(want, live statement) []string {
	var out []string
	add := func(name string, equal bool) {
		if !equal {
			out = append(out, name)
		}
	}
	add("Effect", want.Effect == live.Effect)
	add("Principal", maps.EqualFunc(want.Principal, live.Principal, slices.Equal))
	add("NotPrincipal", maps.EqualFunc(want.NotPrincipal, live.NotPrincipal, slices.Equal))
	add("Action", slices.Equal(want.Action, live.Action))
	add("NotAction", slices.Equal(want.NotAction, live.NotAction))
	add("Resource", slices.Equal(want.Resource, live.Resource))
	add("NotResource", slices.Equal(want.NotResource, live.NotResource))
	add("Condition", maps.EqualFunc(want.Condition, live.Condition, func(a, b map[string][]string) bool {
		return maps.EqualFunc(a, b, slices.Equal)
	}))
	return out
}

// DelegationComparison is what the live delegation policy holds against
// OrgBackup's.
type DelegationComparison struct {
	// Absent are OrgBackup's Sids the policy lacks.
	Absent []string
	// Different are OrgBackup's Sids whose statement differs, each with
	// the elements that do: "Sid (Action, Condition)".
	Different []string
	// SCPWrite are the statements (their labels) that let the backup
	// account write service control policies.
	SCPWrite []string
	// Foreign are the statements (their labels) whose Sid is not one of
	// OrgBackup's.
	Foreign []string
}

// CompareDelegation compares the live policy content with want,
// OrgBackup's delegation, for the backup account backup. A statement
// without a Sid, or with one OrgBackup does not use, is foreign; several
// statements with one of OrgBackup's Sids must each equal OrgBackup's.
func CompareDelegation(want, live, backup string) (DelegationComparison, error) {
	var out DelegationComparison
	wanted, err := parsePolicy(want)
	if err != nil {
		return out, fmt.Errorf("OrgBackup's delegation: %w", err)
	}
	got, err := parsePolicy(live)
	if err != nil {
		return out, err
	}
	ours := map[string]bool{}
	for _, w := range wanted {
		ours[w.Sid] = true
		var diffs []string
		found := false
		for _, g := range got {
			if g.Sid == w.Sid {
				found = true
				diffs = append(diffs, differences(w, g)...)
			}
		}
		switch {
		case !found:
			out.Absent = append(out.Absent, w.Sid)
		case len(diffs) > 0:
			out.Different = append(out.Different, fmt.Sprintf("%s (%s)", w.Sid, strings.Join(set(diffs), ", ")))
		}
	}
	for _, g := range got {
		if grantsSCPWrite(g, backup) {
			out.SCPWrite = append(out.SCPWrite, g.Label)
		}
		if g.Sid == "" || !ours[g.Sid] {
			out.Foreign = append(out.Foreign, g.Label)
		}
	}
	return out, nil
}

// grantsSCPWrite reports whether s allows the backup account an
// Organizations action that is neither a Describe nor a List on service
// control policies: its Resource can name an SCP (and no
// organizations:PolicyType condition rules SERVICE_CONTROL_POLICY out), or
// its condition names SERVICE_CONTROL_POLICY. Deny statements grant
// nothing; NotAction, NotResource and NotPrincipal count as granting unless
// they leave out all of Organizations, every resource, or the backup
// account.
func grantsSCPWrite(s statement, backup string) bool {
	if s.Effect != "Allow" || !principalIsBackup(s, backup) || !writesOrganizations(s) || !policyTypeAllowsSCP(s.Condition) {
		return false
	}
	return resourceCanBeSCP(s) || conditionNamesSCP(s.Condition)
}

// principalIsBackup: the statement's principal is "*", the backup
// account (its root ARN or its id) or an ARN in it.
func principalIsBackup(s statement, backup string) bool {
	inBackup := func(p string) bool {
		if p == "*" || p == backup {
			return true
		}
		parts := strings.SplitN(p, ":", 6)
		return len(parts) == 6 && parts[0] == "arn" && parts[4] == backup
	}
	if s.Principal != nil {
		return slices.ContainsFunc(s.Principal["AWS"], inBackup)
	}
	if s.NotPrincipal != nil {
		return !slices.ContainsFunc(s.NotPrincipal["AWS"], inBackup)
	}
	return false
}

// writesOrganizations: an action (lower-cased) that can match an
// Organizations action other than Describe* and List*. A pattern is
// read-only only when its name starts with "describe" or "list" before any
// wildcard.
func writesOrganizations(s statement) bool {
	if s.NotAction != nil {
		return !slices.ContainsFunc(s.NotAction, func(a string) bool {
			service, name, _ := strings.Cut(a, ":")
			return globMatch(service, "organizations") && (name == "*" || a == "*")
		})
	}
	return slices.ContainsFunc(s.Action, func(a string) bool {
		if a == "*" {
			return true
		}
		service, name, ok := strings.Cut(a, ":")
		if !ok || !globMatch(service, "organizations") {
			return false
		}
		return !strings.HasPrefix(name, "describe") && !strings.HasPrefix(name, "list")
	})
}

// The ARNs of service control policies, a customer's and AWS's
// (PolicySummary's Arn pattern,
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicySummary.html):
// segment stands for one ARN field or path segment, characters but ':'
// and '/'.
const segment = '\x00'

var scpARNs = []string{
	"arn:" + string(segment) + ":organizations::" + string(segment) + ":policy/o-" + string(segment) +
		"/service_control_policy/p-" + string(segment),
	"arn:" + string(segment) + ":organizations::aws:policy/service_control_policy/p-" + string(segment),
}

func resourceCanBeSCP(s statement) bool {
	if s.NotResource != nil {
		return !slices.Contains(s.NotResource, "*")
	}
	return slices.ContainsFunc(s.Resource, func(r string) bool {
		return slices.ContainsFunc(scpARNs, func(arn string) bool { return intersects(r, arn) })
	})
}

// The condition operators on organizations:PolicyType that allow the
// values listed, and those that allow all others
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
func policyTypeOperator(op string) (positive, negative bool) {
	base := op
	if _, after, ok := strings.Cut(base, ":"); ok { // ForAnyValue:, ForAllValues:
		base = after
	}
	base = strings.TrimSuffix(base, "IfExists")
	switch base {
	case "StringEquals", "StringEqualsIgnoreCase", "StringLike":
		return true, false
	case "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike":
		return false, true
	}
	return false, false
}

const policyTypeKey = "organizations:policytype"

func valueIsSCP(op, v string) bool {
	switch {
	case strings.Contains(op, "Like"):
		return globMatch(v, ServiceControlPolicyType)
	case strings.Contains(op, "IgnoreCase"):
		return strings.EqualFold(v, ServiceControlPolicyType)
	}
	return v == ServiceControlPolicyType
}

// policyTypeAllowsSCP: no organizations:PolicyType condition rules
// SERVICE_CONTROL_POLICY out.
func policyTypeAllowsSCP(cond map[string]map[string][]string) bool {
	for op, keys := range cond {
		values, ok := keys[policyTypeKey]
		if !ok {
			continue
		}
		positive, negative := policyTypeOperator(op)
		hasSCP := slices.ContainsFunc(values, func(v string) bool { return valueIsSCP(op, v) })
		if (positive && !hasSCP) || (negative && hasSCP) {
			return false
		}
	}
	return true
}

// conditionNamesSCP: an organizations:PolicyType condition allows
// SERVICE_CONTROL_POLICY by name.
func conditionNamesSCP(cond map[string]map[string][]string) bool {
	for op, keys := range cond {
		if positive, _ := policyTypeOperator(op); positive &&
			slices.ContainsFunc(keys[policyTypeKey], func(v string) bool { return valueIsSCP(op, v) }) {
			return true
		}
	}
	return false
}

// globMatch matches s against pattern, where '*' matches any characters
// and '?' one, as IAM's Action and Resource elements do.
func globMatch(pattern, s string) bool {
	return intersects(pattern, s)
}

// intersects reports whether some string matches both pattern (IAM's '*'
// and '?') and template (literal characters and segment, any run of
// characters but ':' and '/').
func intersects(pattern, template string) bool {
	type state struct{ i, j int }
	seen := map[state]bool{}
	var walk func(i, j int) bool
	walk = func(i, j int) bool {
		st := state{i, j}
		if seen[st] {
			return false
		}
		seen[st] = true
		if i == len(pattern) && j == len(template) {
			return true
		}
		if i < len(pattern) && pattern[i] == '*' {
			// '*' matches nothing more, or takes the template's next
			// character (or ends the template's segment: what both would
			// take can be left out of the common string).
			return walk(i+1, j) || (j < len(template) && walk(i, j+1))
		}
		if j < len(template) && template[j] == segment {
			if walk(i, j+1) { // the segment ends
				return true
			}
			// the segment takes the pattern's next character
			return i < len(pattern) && pattern[i] != ':' && pattern[i] != '/' && walk(i+1, j)
		}
		if i == len(pattern) || j == len(template) {
			return false
		}
		return (pattern[i] == '?' || pattern[i] == template[j]) && walk(i+1, j+1)
	}
	return walk(0, 0)
}

// delegationContext is ctx with the organization's id and management
// account as observed (they name OrgBackup's delegation's resources), or
// why they are unknown.
func delegationContext(ctx config.Context, facts Facts) (config.Context, string) {
	if facts.Organization.Known {
		if id := facts.Organization.Value.ID; id != "" {
			ctx.OrganizationID = id
		}
		if m := facts.Organization.Value.ManagementAccountID; m != "" {
			ctx.ManagementAccountID = m
		}
	}
	if ctx.Partition == "" || ctx.OrganizationID == "" || ctx.ManagementAccountID == "" {
		why := "the partition, the organization id and the management account name OrgBackup's statements' resources, and one is unknown"
		if !facts.Organization.Known && facts.Organization.Reason != "" {
			why += " (" + facts.Organization.Reason + ")"
		}
		return ctx, why
	}
	return ctx, ""
}

// delegationChecks are the checks of the live delegation policy: OrgBackup's
// statements, no SCP write rights with guards from the management account,
// and the statements that are not OrgBackup's.
func delegationChecks(cfg config.Config, ctx config.Context, needs Needs, facts Facts) []Check {
	backup := ctx.AccountID
	live := facts.DelegationPolicy
	ours := Check{Name: DelegationPolicyCheck, API: APIDescribeResourcePolicy, Fix: DelegationFix}
	noSCP := Check{Name: NoSCPWriteCheck(backup), API: APIDescribeResourcePolicy}
	foreign := Check{Name: ForeignStatementsCheck, API: APIDescribeResourcePolicy, Fix: ForeignStatementsNote}

	dctx, unknownContext := delegationContext(ctx, facts)
	var cmp DelegationComparison
	var err error
	if live.Known && live.Value != "" {
		// The Sids, and whether a statement writes SCPs, do not depend on
		// the organization's ids: compare even when they are unknown.
		cmp, err = CompareDelegation(deployer.Delegation(cfg, dctx).JSON(), live.Value, backup)
	}
	switch {
	case !live.Known:
		for _, c := range []*Check{&ours, &noSCP, &foreign} {
			c.Status, c.Detail = Unknown, live.reason()
		}
	case live.Value == "":
		ours.Status, ours.Detail = Missing, "the organization has no resource policy"
		noSCP.Status, noSCP.Detail = OK, "the organization has no resource policy"
		foreign.Status, foreign.Detail = OK, "the organization has no resource policy"
	case err != nil:
		ours.Status, ours.Detail = Missing, "the policy cannot be read: "+err.Error()
		for _, c := range []*Check{&noSCP, &foreign} {
			c.Status, c.Detail = Unknown, "the policy cannot be read: "+err.Error()
		}
	default:
		var problems []string
		if len(cmp.Absent) > 0 {
			problems = append(problems, "absent: "+strings.Join(cmp.Absent, ", "))
		}
		if len(cmp.Different) > 0 && unknownContext == "" {
			problems = append(problems, "different: "+strings.Join(cmp.Different, ", "))
		}
		switch {
		case len(problems) > 0:
			ours.Status, ours.Detail = Missing, "OrgBackup's statements "+strings.Join(problems, "; ")
		case unknownContext != "":
			// Every Sid is there, but the resources cannot be compared.
			ours.Status, ours.Detail = Unknown, "every Sid of OrgBackup's is there, but "+unknownContext
		default:
			ours.Status, ours.Detail = OK, "OrgBackup's statements are present as rendered"
		}
		if needs.GuardsFromManagementAccount {
			// Reported, with their fix, by the check of SCP rights.
			cmp.Foreign = slices.DeleteFunc(cmp.Foreign, func(l string) bool { return slices.Contains(cmp.SCPWrite, l) })
		}
		noSCP.Status, noSCP.Detail = OK, "no statement lets it write service control policies"
		if len(cmp.SCPWrite) > 0 {
			noSCP.Status = Missing
			noSCP.Detail = fmt.Sprintf("%s let account %s write service control policies", strings.Join(cmp.SCPWrite, ", "), backup)
			noSCP.Fix = fmt.Sprintf("remove %s from the organization's resource policy in the management account: with "+
				"guardPolicyManagedBy ManagementAccount the backup account needs no right on service control policies (%s)",
				strings.Join(cmp.SCPWrite, ", "), DelegationFix)
		}
		foreign.Status, foreign.Detail = OK, "none"
		if len(cmp.Foreign) > 0 {
			foreign.Detail = strings.Join(cmp.Foreign, ", ") + ": " + ForeignStatementsNote
		}
	}
	if noSCP.Fix == "" {
		noSCP.Fix = "remove the statements that let the backup account write service control policies from the " +
			"organization's resource policy (" + DelegationFix + ")"
	}
	out := []Check{ours}
	if needs.GuardsFromManagementAccount {
		out = append(out, noSCP)
	}
	return append(out, foreign)
}
