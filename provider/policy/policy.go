// Package policy builds the AWS Organizations backup policies of every
// deployment: the plans of the reference module, one per plan, kind and
// region, split over as many policies as the 10,000-character limit needs.
package policy

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// AWS Organizations limits on backup policies.
const (
	MaxPolicyCharacters = 10000
	MaxPoliciesPerOU    = 10
)

// ContinuousRetentionDays is how long continuous backups are kept.
const ContinuousRetentionDays = 35

// Document is one organization backup policy.
type Document struct {
	Deployment string   // deployment key
	Name       string   // policy name
	Content    string   // minified JSON, exactly as sent to AWS
	PlanKeys   []string // plans it holds, sorted
	Targets    []string // OU or root ids it is attached to
}

// entry is one plan of a policy, marshalled once.
type entry struct {
	key  string
	json []byte
	path string // input path of the configured plan, for messages
}

// Documents returns the backup policies of every deployment of cfg, which
// must be resolved (config.Resolve). It fails with every limit the
// policies would break: a single plan over the size limit, or more than
// MaxPoliciesPerOU policies on one target.
func Documents(cfg config.Config, ctx config.Context) ([]Document, error) {
	var docs []Document
	var ps config.Problems
	for _, key := range cfg.DeploymentKeys() {
		d, problems := deploymentDocuments(cfg, ctx, key)
		docs = append(docs, d...)
		ps = append(ps, problems...)
	}
	checkPoliciesPerTarget(&ps, cfg, docs)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return docs, nil
}

func deploymentDocuments(cfg config.Config, ctx config.Context, key string) ([]Document, config.Problems) {
	d := cfg.Deployments[key]
	names := cfg.Names(key)
	var ps config.Problems
	var entries []entry
	for _, region := range cfg.Regions {
		for _, planName := range d.PlanNames() {
			p := d.Plans[planName]
			path := fmt.Sprintf("deployments[%q].plans[%q]", key, planName)
			for _, k := range p.Kinds() {
				planKey := names.PlanKey(planName, string(k), region)
				content, err := json.Marshal(buildPlan(ctx, names, d, planName, p, k, region))
				if err != nil {
					panic(err) // the plan is built from plain strings, numbers and maps
				}
				entries = append(entries, entry{key: planKey, json: content, path: path})
			}
		}
	}
	groups := pack(entries)
	docs := make([]Document, 0, len(groups))
	for i, g := range groups {
		content := render(g)
		if len(content) > MaxPolicyCharacters {
			ps.Add(g[0].path, "plan %q alone makes a %d-character policy; a backup policy holds at most %d",
				g[0].key, len(content), MaxPolicyCharacters)
			continue
		}
		docs = append(docs, Document{
			Deployment: key,
			Name:       names.PolicyName(i),
			Content:    content,
			PlanKeys:   planKeys(g),
			Targets:    append([]string(nil), d.BackupTargets...),
		})
	}
	return docs, ps
}

// pack fills policies in order, starting a new one when the next plan
// would push the current one over MaxPolicyCharacters. Entries come
// region by region, so adding a region leaves earlier policies unchanged.
func pack(entries []entry) [][]entry {
	var groups [][]entry
	var current []entry
	currentSize := 0
	for _, e := range entries {
		if len(current) > 0 && currentSize+1+e.size() > MaxPolicyCharacters {
			groups = append(groups, current)
			current = nil
		}
		if len(current) == 0 {
			currentSize = len(`{"plans":{}}`) + e.size()
		} else {
			currentSize += 1 + e.size()
		}
		current = append(current, e)
	}
	if len(current) > 0 {
		groups = append(groups, current)
	}
	return groups
}

// size is what the entry adds to a policy: "key":value.
func (e entry) size() int {
	key, _ := json.Marshal(e.key)
	return len(key) + 1 + len(e.json)
}

// render writes the policy with its plans in key order, as json.Marshal of
// a map would.
func render(entries []entry) string {
	sorted := append([]entry(nil), entries...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].key < sorted[j].key })
	var b strings.Builder
	b.WriteString(`{"plans":{`)
	for i, e := range sorted {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(e.key)
		b.Write(key)
		b.WriteByte(':')
		b.Write(e.json)
	}
	b.WriteString(`}}`)
	return b.String()
}

func planKeys(entries []entry) []string {
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = e.key
	}
	sort.Strings(keys)
	return keys
}

// checkPoliciesPerTarget reports every target that would carry more than
// MaxPoliciesPerOU of these policies.
func checkPoliciesPerTarget(ps *config.Problems, cfg config.Config, docs []Document) {
	type usage struct {
		count       int
		firstPath   string
		deployments map[string]int
	}
	byTarget := map[string]*usage{}
	var order []string
	perDeployment := map[string]int{}
	for _, doc := range docs {
		perDeployment[doc.Deployment]++
		for i, t := range doc.Targets {
			if naming.IsPendingTarget(t) {
				continue
			}
			u := byTarget[t]
			if u == nil {
				u = &usage{
					firstPath:   fmt.Sprintf("deployments[%q].backupTargets[%d]", doc.Deployment, i),
					deployments: map[string]int{},
				}
				byTarget[t] = u
				order = append(order, t)
			}
			u.count++
			u.deployments[doc.Deployment]++
		}
	}
	// A target not known yet gets at least its deployment's own policies.
	for _, key := range cfg.DeploymentKeys() {
		n := perDeployment[key]
		if n > MaxPoliciesPerOU && slices.ContainsFunc(cfg.Deployments[key].BackupTargets, naming.IsPendingTarget) {
			ps.Add(fmt.Sprintf("deployments[%q]", key), "needs %d backup policies, and AWS attaches at most %d "+
				"to one OU, root or account", n, MaxPoliciesPerOU)
		}
	}
	for _, t := range order {
		u := byTarget[t]
		if u.count <= MaxPoliciesPerOU {
			continue
		}
		var parts []string
		for _, key := range cfg.DeploymentKeys() {
			if n := u.deployments[key]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s: %d", key, n))
			}
		}
		ps.Add(u.firstPath, "%q would have %d backup policies attached (%s); AWS allows %d per OU, root or account",
			t, u.count, strings.Join(parts, ", "), MaxPoliciesPerOU)
	}
}

// buildPlan is plan p of the given kind in region, as the policy holds it.
func buildPlan(ctx config.Context, names naming.Deployment, d config.Deployment, planName string,
	p config.Plan, k config.PlanKind, region string,
) plan {
	rules := p.Rules
	if k == config.ContinuousPlan {
		p.StartBackupWindowMinutes, p.CompleteBackupWindowMinutes = nil, nil
		retention := ContinuousRetentionDays
		rules = []config.Rule{{
			Name:               naming.ContinuousRuleName(planName),
			ScheduleExpression: p.ContinuousBackupScheduleExpression,
			DeleteAfterDays:    &retention,
		}}
	}
	out := plan{
		Regions:    assign[[]string]{[]string{region}},
		Rules:      make(map[string]rule, len(rules)),
		Selections: buildSelections(ctx, names, d, planName, p, k),
	}
	copyTarget := naming.VaultARN(ctx.Partition, region, ctx.AccountID, names.IntermediateVault())
	if k == config.LAGPlan {
		copyTarget = naming.VaultARN(ctx.Partition, region, ctx.AccountID, names.LAGVault(d.CurrentVaultConfig()))
	}
	for _, r := range rules {
		out.Rules[r.Name] = buildRule(ctx, names, d, p, r, k, copyTarget)
	}
	return out
}

// memberLAGVaultARN is the member accounts' logically air-gapped vault in
// the placeholder form a backup policy requires: "The ARN must use the
// special placeholders $region and $account" (BackupPolicySyntaxPage).
func memberLAGVaultARN(partition string, names naming.Deployment, d config.Deployment) string {
	return naming.VaultARN(partition, "$region", "$account", names.MemberLAGVault(d.MemberLAGVaultConfig()))
}

func buildRule(ctx config.Context, names naming.Deployment, d config.Deployment, p config.Plan, r config.Rule,
	k config.PlanKind, copyTarget string,
) rule {
	out := rule{
		CompleteBackupWindowMinutes: assignFirst(r.CompleteBackupWindowMinutes, p.CompleteBackupWindowMinutes),
		EnableContinuousBackup:      assign[bool]{k == config.ContinuousPlan},
		ScheduleExpression:          assign[string]{r.ScheduleExpression},
		StartBackupWindowMinutes:    assignFirst(r.StartBackupWindowMinutes, p.StartBackupWindowMinutes),
		TargetBackupVaultName:       assign[string]{names.MemberBackupVault()},
	}
	if r.DeleteAfterDays != nil {
		out.Lifecycle = &lifecycle{DeleteAfterDays: assign[int]{*r.DeleteAfterDays}}
	}
	if k == config.ContinuousPlan {
		return out
	}
	if p.PrimaryBackupToLogicallyAirGappedVault {
		out.TargetLogicallyAirGapped = &assign[string]{memberLAGVaultARN(ctx.Partition, names, d)}
	}
	out.CopyActions = map[string]copyAction{copyTarget: {TargetBackupVaultARN: assign[string]{copyTarget}}}
	out.RecoveryPointTags = map[string]tag{}
	for key, days := range retentionTags(p, r, k) {
		out.RecoveryPointTags[key] = newTag(key, &days)
	}
	return out
}

// retentionTags are the retention tags rule r of plan p writes on the
// recovery points of a plan of kind k (not continuous): days, -1 to keep.
func retentionTags(p config.Plan, r config.Rule, k config.PlanKind) map[string]int {
	tags := map[string]int{
		naming.LocalRetentionDaysTag: *first(r.LocalRetentionDays, p.LocalRetentionDays, r.DeleteAfterDays, intPtr(-1)),
	}
	if k != config.LAGPlan {
		tags[naming.IntermediateRetentionDaysTag] = *first(r.IntermediateRetentionDays, p.IntermediateRetentionDays, intPtr(7))
	}
	return tags
}

// RetentionTagValues lists, by retention tag key, the positive values
// (sorted, without repeats) the backup plans of deployment d write on
// recovery points: the only lifecycles the ingest may apply. A tag value
// anyone else wrote is not among them unless it equals one.
func RetentionTagValues(d config.Deployment) map[string][]int {
	seen := map[string]map[int]bool{naming.LocalRetentionDaysTag: {}, naming.IntermediateRetentionDaysTag: {}}
	for _, planName := range d.PlanNames() {
		p := d.Plans[planName]
		for _, k := range p.Kinds() {
			if k == config.ContinuousPlan {
				continue
			}
			for _, r := range p.Rules {
				for key, days := range retentionTags(p, r, k) {
					if days > 0 {
						seen[key][days] = true
					}
				}
			}
		}
	}
	out := map[string][]int{}
	for key, values := range seen {
		out[key] = []int{}
		for v := range values {
			out[key] = append(out[key], v)
		}
		sort.Ints(out[key])
	}
	return out
}

// The names of a plan's one selection, with and without the tag condition.
const (
	selectionAllResources = "all-supported-resources"
	selectionWithTag      = "supported-resources-with-tag"
)

func buildSelections(ctx config.Context, names naming.Deployment, d config.Deployment, planName string,
	p config.Plan, k config.PlanKind,
) selections {
	var types []string
	switch {
	case k == config.ContinuousPlan:
		var groups [][]string
		if p.CreateContinuousBackups {
			groups = append(groups, continuousCapable)
		}
		if p.SnapshotsFromContinuous() {
			groups = append(groups, snapshotFromContinuous)
		}
		types = resourceTypes(ctx.Partition, groups...)
	case p.UseLogicallyAirGappedVault:
		types = resourceTypes(ctx.Partition, typesWhere(func(t ResourceType) bool { return Selects(p, k, t) }))
	default:
		types = []string{allResources}
	}
	sel := selection{
		Conditions:    map[string]map[string]condition{},
		IAMRoleARN:    assign[string]{naming.RoleARN(ctx.Partition, "$account", names.MemberBackupServiceRole())},
		ResourceTypes: assign[[]string]{types},
	}
	selectionName := selectionAllResources
	if p.TagRequired() {
		selectionName = selectionWithTag
		sel.Conditions["string_equals"] = map[string]condition{
			"require_resource_tag": {
				ConditionKey:   assign[string]{"aws:ResourceTag/" + d.BackupTagKey},
				ConditionValue: assign[string]{planName},
			},
		}
	}
	return selections{Resources: map[string]selection{selectionName: sel}}
}

// Selects reports whether backup plan k (std or lag) of plan p selects
// resource type t. With a central logically air-gapped vault, the lag plan
// takes the types it holds and the std plan the others; with the member
// accounts' one as primary target too, the types AWS Backup fully manages
// go the std way, since their copies start in that vault and AWS schedules
// no copy from one logically air-gapped vault to another (LAGVaultPage).
func Selects(p config.Plan, k config.PlanKind, t ResourceType) bool {
	primary := p.PrimaryBackupToLogicallyAirGappedVault
	switch {
	case k == config.ContinuousPlan:
		return false
	case k == config.LAGPlan && primary:
		return t.LogicallyAirGapped && !t.FullyManaged
	case k == config.LAGPlan:
		return t.LogicallyAirGapped
	case p.UseLogicallyAirGappedVault && primary:
		return !t.LogicallyAirGapped || t.FullyManaged
	case p.UseLogicallyAirGappedVault:
		return !t.LogicallyAirGapped
	default:
		return true
	}
}

func assignFirst(values ...*int) *assign[int] {
	if v := first(values...); v != nil {
		return &assign[int]{*v}
	}
	return nil
}

func first(values ...*int) *int {
	for _, v := range values {
		if v != nil {
			return v
		}
	}
	return nil
}

func intPtr(v int) *int { return &v }

func newTag(key string, value *int) tag {
	return tag{TagKey: assign[string]{key}, TagValue: assign[int]{*value}}
}
