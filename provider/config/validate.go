package config

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// AWS limits the validation enforces.
const (
	MaxRulesPerPlan     = 10
	MinWindowMinutes    = 60
	MaxRetentionDays    = 36500
	MinLAGRetentionDays = 7
	maxTagKeyLength     = 128
	maxTagValueLength   = 256
	maxTagsPerResource  = 50
	// maxParameterLength is CloudFormation's limit on a parameter value.
	maxParameterLength = 4096
)

var (
	ouPattern           = regexp.MustCompile(`^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$`)
	accountPattern      = regexp.MustCompile(`^\d{12}$`)
	organizationPattern = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	planPattern         = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
)

// Problem is one broken rule: the path of the input and what is wrong with it.
type Problem struct {
	Path    string
	Message string
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// Problems is every broken rule of an input, in a stable order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = "  " + p.String()
	}
	return fmt.Sprintf("invalid inputs (%d problems):\n%s", len(ps), strings.Join(lines, "\n"))
}

// Err returns ps as an error, or nil when there is no problem.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// Add records a problem at path.
func (ps *Problems) Add(path, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// Validate checks c (with defaults applied) and ctx against every rule and
// returns all problems at once.
func (c Config) Validate(ctx Context) Problems {
	var ps Problems
	ctx.validate(&ps)
	if c.CentralAccountResourceNamePrefix == "" {
		ps.Add("centralAccountResourceNamePrefix", "is required")
	}
	if c.MemberAccountResourceNamePrefix == "" {
		ps.Add("memberAccountResourceNamePrefix", "is required")
	}
	if c.MemberAccountResources != StackSet && c.MemberAccountResources != MemberAccountStacks {
		ps.Add("memberAccountResources", "%q is not one of %q, %q", c.MemberAccountResources, StackSet, MemberAccountStacks)
	}
	if len(c.Regions) == 0 {
		ps.Add("regions", "is required when the provider has no region")
	}
	seenRegions := map[string]int{}
	for i, r := range c.Regions {
		path := fmt.Sprintf("regions[%d]", i)
		if first, dup := seenRegions[r]; dup {
			ps.Add(path, "%q is already listed at regions[%d]", r, first)
			continue
		}
		seenRegions[r] = i
		CheckRegion(&ps, path, ctx.Partition, r)
	}
	c.ValidateTags(&ps, c.Tags)
	if len(c.Deployments) == 0 {
		ps.Add("deployments", "at least one deployment is required")
	}
	for _, key := range c.DeploymentKeys() {
		c.validateDeployment(&ps, key)
	}
	return ps
}

func (ctx Context) validate(ps *Problems) {
	CheckPartition(ps, "context.partition", ctx.Partition)
	CheckAccountID(ps, "context.accountId", ctx.AccountID)
	CheckAccountID(ps, "context.managementAccountId", ctx.ManagementAccountID)
	CheckOrganizationID(ps, "context.organizationId", ctx.OrganizationID)
}

// CheckPartition, CheckAccountID, CheckOrganizationID, CheckRegion and
// CheckRoleName add a problem at path when the value breaks their rule; the
// member account input shares them.
func CheckPartition(ps *Problems, path, partition string) {
	if !naming.KnownPartition(partition) {
		ps.Add(path, "%q is not one of aws, aws-cn, aws-us-gov", partition)
	}
}

func CheckAccountID(ps *Problems, path, id string) {
	if !accountPattern.MatchString(id) {
		ps.Add(path, "%q is not a 12-digit account id", id)
	}
}

func CheckOrganizationID(ps *Problems, path, id string) {
	if !organizationPattern.MatchString(id) {
		ps.Add(path, "%q is not an organization id (o-...)", id)
	}
}

// CheckRegion leaves an unknown partition to CheckPartition.
func CheckRegion(ps *Problems, path, partition, region string) {
	if naming.KnownPartition(partition) && !naming.KnownRegion(partition, region) {
		ps.Add(path, "%q is not a region of partition %s", region, partition)
	}
}

func CheckRoleName(ps *Problems, path, role string) {
	if msg := naming.IAMRoleName.Check(role); msg != "" {
		ps.Add(path, "%s", msg)
	}
}

// ValidateTags checks the component tags against AWS's tag rules.
func ValidateTags(ps *Problems, tags map[string]string) {
	if len(tags) > maxTagsPerResource {
		ps.Add("tags", "has %d tags, AWS allows %d per resource", len(tags), maxTagsPerResource)
	}
	for _, k := range sortedKeys(tags) {
		path := fmt.Sprintf("tags[%q]", k)
		if msg := checkTagKey(k); msg != "" {
			ps.Add(path, "%s", msg)
		}
		if len(tags[k]) > maxTagValueLength {
			ps.Add(path, "value is %d characters, exceeds %d", len(tags[k]), maxTagValueLength)
		}
	}
}

// VaultTagsJSON is tags as the StackSet's VaultTags parameter takes them:
// a JSON object, keys sorted.
func VaultTagsJSON(tags map[string]string) string {
	if tags == nil {
		tags = map[string]string{} // "{}", never "null"
	}
	data, err := json.Marshal(tags)
	if err != nil {
		panic(err) // a map of strings always marshals
	}
	return string(data)
}

// ValidateTags checks tags as c's components take them: AWS's tag rules,
// and with a StackSet, the size of its VaultTags parameter.
func (c Config) ValidateTags(ps *Problems, tags map[string]string) {
	ValidateTags(ps, tags)
	if c.MemberAccountResources == StackSet {
		validateStackSetTags(ps, tags)
	}
}

// validateStackSetTags checks that tags fit the StackSet's VaultTags
// parameter.
func validateStackSetTags(ps *Problems, tags map[string]string) {
	if n := len(VaultTagsJSON(tags)); n > maxParameterLength {
		ps.Add("tags", "make a %d-character VaultTags parameter for the member StackSet; CloudFormation "+
			"allows %d (use fewer or shorter tags, or memberAccountResources %s)", n, maxParameterLength,
			MemberAccountStacks)
	}
}

func checkTagKey(k string) string {
	switch {
	case k == "":
		return "tag key is empty"
	case len(k) > maxTagKeyLength:
		return fmt.Sprintf("tag key %q is %d characters, exceeds %d", k, len(k), maxTagKeyLength)
	case strings.HasPrefix(strings.ToLower(k), "aws:"):
		return fmt.Sprintf("tag key %q uses the reserved prefix aws:", k)
	}
	return ""
}

func (c Config) validateDeployment(ps *Problems, key string) {
	d := c.Deployments[key]
	path := fmt.Sprintf("deployments[%q]", key)
	if key == "" {
		ps.Add(path, "deployment name is empty")
		return
	}
	for _, n := range c.Names(key).All(d.StandardVaultConfigs(), d.LAGVaultConfigs()) {
		if msg := n.Kind.Check(n.Name); msg != "" {
			ps.Add(path, "%s (built from the resource name prefixes and the deployment name)", msg)
		}
	}
	if len(d.BackupTargets) == 0 {
		ps.Add(path+".backupTargets", "at least one OU or root id is required")
	}
	seenTargets := map[string]int{}
	for i, id := range d.BackupTargets {
		p := fmt.Sprintf("%s.backupTargets[%d]", path, i)
		first, dup := seenTargets[id]
		switch {
		case naming.IsPendingTarget(id):
		case dup:
			ps.Add(p, "%q is already listed at %s.backupTargets[%d]", id, path, first)
		case !ouPattern.MatchString(id):
			ps.Add(p, "%q is not an OU id (ou-...) or root id (r-...)", id)
		}
		if !dup {
			seenTargets[id] = i
		}
	}
	checkUnique(ps, path+".adminRoleNames", d.AdminRoleNames, func(p, role string) {
		CheckRoleName(ps, p, role)
	})
	d.validateRetention(ps, path)
	d.validateTagKey(ps, path)
	if len(d.Plans) == 0 {
		ps.Add(path+".plans", "at least one plan is required")
	}
	for _, name := range d.PlanNames() {
		d.validatePlan(ps, path, name)
		c.validatePlanKeys(ps, path, key, name)
	}
}

func (d Deployment) validateTagKey(ps *Problems, path string) {
	if d.BackupTagKey != "" {
		if msg := checkTagKey(d.BackupTagKey); msg != "" {
			ps.Add(path+".backupTagKey", "%s", msg)
		}
		return
	}
	var tagged []string
	for _, name := range d.PlanNames() {
		if d.Plans[name].TagRequired() {
			tagged = append(tagged, fmt.Sprintf("%q", name))
		}
	}
	if len(tagged) > 0 {
		ps.Add(path+".backupTagKey", "is required because plan %s selects resources by tag "+
			"(requirePlanNameResourceTag defaults to true)", strings.Join(tagged, ", "))
	}
}

// checkUnique reports repeated entries of list and calls each for the first
// occurrence of every other entry.
func checkUnique(ps *Problems, path string, list []string, each func(path, v string)) {
	seen := map[string]int{}
	for i, v := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		if first, dup := seen[v]; dup {
			ps.Add(p, "%q is already listed at %s[%d]", v, path, first)
			continue
		}
		seen[v] = i
		each(p, v)
	}
}

func checkDays(ps *Problems, path string, days *int) {
	if days != nil && (*days < 1 || *days > MaxRetentionDays) {
		ps.Add(path, "%d is outside 1-%d days", *days, MaxRetentionDays)
	}
}

func orNil(days int) *int {
	if days == 0 {
		return nil
	}
	return &days
}

func (d Deployment) validateRetention(ps *Problems, path string) {
	checkDays(ps, path+".minRetentionDays", d.MinRetentionDays)
	checkDays(ps, path+".maxRetentionDays", d.MaxRetentionDays)
	if d.MinRetentionDays != nil && d.MaxRetentionDays != nil && *d.MinRetentionDays > *d.MaxRetentionDays {
		ps.Add(path+".minRetentionDays", "%d exceeds maxRetentionDays %d", *d.MinRetentionDays, *d.MaxRetentionDays)
	}
	if d.UsesLAG() {
		switch {
		case d.MinRetentionDays == nil:
			ps.Add(path+".minRetentionDays", "is required when a plan uses a logically air-gapped vault")
		case *d.MinRetentionDays < MinLAGRetentionDays:
			ps.Add(path+".minRetentionDays", "%d is below %d, the least a logically air-gapped vault allows",
				*d.MinRetentionDays, MinLAGRetentionDays)
		}
		if d.MaxRetentionDays == nil {
			ps.Add(path+".maxRetentionDays", "is required when a plan uses a logically air-gapped vault")
		}
	}
	seen := map[naming.VaultConfig]int{}
	current := d.CurrentVault()
	for i, v := range d.RetainedVaults {
		p := fmt.Sprintf("%s.retainedVaults[%d]", path, i)
		// 0 is a bound the earlier configuration left unset.
		checkDays(ps, p+".minRetentionDays", orNil(v.MinRetentionDays))
		checkDays(ps, p+".maxRetentionDays", orNil(v.MaxRetentionDays))
		if v.MaxRetentionDays != 0 && v.MinRetentionDays > v.MaxRetentionDays {
			ps.Add(p+".minRetentionDays", "%d exceeds maxRetentionDays %d", v.MinRetentionDays, v.MaxRetentionDays)
		}
		if v.UseLogicallyAirGappedVault {
			if v.MinRetentionDays < MinLAGRetentionDays {
				ps.Add(p+".minRetentionDays", "%d is below %d, the least a logically air-gapped vault allows",
					v.MinRetentionDays, MinLAGRetentionDays)
			}
			if v.MaxRetentionDays == 0 {
				ps.Add(p+".maxRetentionDays", "is required for a logically air-gapped vault")
			}
		}
		cfg := v.config()
		if first, dup := seen[cfg]; dup {
			ps.Add(p, "vault configuration %s is already retained at retainedVaults[%d]", cfg, first)
			continue
		}
		seen[cfg] = i
		if cfg == current && (!v.UseLogicallyAirGappedVault || d.UsesLAG()) {
			ps.Add(p, "vault configuration %s is the current one (minRetentionDays-maxRetentionDays); "+
				"retain only earlier configurations", cfg)
		}
	}
}

// validatePlanKeys checks the names a plan's backup plans get in member
// accounts (their keys in the backup policy), reporting the first too long.
// Their characters are those of the plan name and the prefix, checked
// already.
func (c Config) validatePlanKeys(ps *Problems, deploymentPath, key, plan string) {
	if !planPattern.MatchString(plan) {
		return
	}
	names, kinds := c.Names(key), c.Deployments[key].Plans[plan].Kinds()
	for _, region := range c.Regions {
		for _, kind := range kinds {
			if msg := naming.BackupPlanName.Check(names.PlanKey(plan, string(kind), region)); msg != "" {
				ps.Add(fmt.Sprintf("%s.plans[%q]", deploymentPath, plan), "%s (its key in the backup policy)", msg)
				return
			}
		}
	}
}

func (d Deployment) validatePlan(ps *Problems, deploymentPath, name string) {
	p := d.Plans[name]
	path := fmt.Sprintf("%s.plans[%q]", deploymentPath, name)
	if !planPattern.MatchString(name) {
		ps.Add(path, "plan name %q may only contain letters, digits and '-_.'", name)
	}
	if p.HasContinuousPlan() {
		if msg := naming.BackupRuleName.Check(naming.ContinuousRuleName(name)); msg != "" {
			ps.Add(path, "%s (the rule of its continuous-backup plan)", msg)
		}
		if msg := checkCron(p.ContinuousBackupScheduleExpression); msg != "" {
			ps.Add(path+".continuousBackupScheduleExpression", "%s", msg)
		}
	}
	checkDays(ps, path+".localRetentionDays", p.LocalRetentionDays)
	checkDays(ps, path+".intermediateRetentionDays", p.IntermediateRetentionDays)
	checkWindows(ps, path, p.StartBackupWindowMinutes, p.CompleteBackupWindowMinutes)
	switch {
	case len(p.Rules) == 0:
		ps.Add(path+".rules", "at least one rule is required")
	case len(p.Rules) > MaxRulesPerPlan:
		ps.Add(path+".rules", "has %d rules, AWS allows %d per plan", len(p.Rules), MaxRulesPerPlan)
	}
	seen := map[string]int{}
	for i, r := range p.Rules {
		rulePath := fmt.Sprintf("%s.rules[%d]", path, i)
		if first, dup := seen[r.Name]; dup {
			ps.Add(rulePath+".name", "%q is already the name of rules[%d]", r.Name, first)
		}
		seen[r.Name] = i
		d.validateRule(ps, path, rulePath, p, r)
	}
}

func (d Deployment) validateRule(ps *Problems, planPath, path string, p Plan, r Rule) {
	if msg := naming.BackupRuleName.Check(r.Name); msg != "" {
		ps.Add(path+".name", "%s", msg)
	}
	if msg := checkCron(r.ScheduleExpression); msg != "" {
		ps.Add(path+".scheduleExpression", "%s", msg)
	}
	checkDays(ps, path+".deleteAfterDays", r.DeleteAfterDays)
	checkDays(ps, path+".localRetentionDays", r.LocalRetentionDays)
	checkDays(ps, path+".intermediateRetentionDays", r.IntermediateRetentionDays)
	checkWindows(ps, path, r.StartBackupWindowMinutes, r.CompleteBackupWindowMinutes)
	if r.StartBackupWindowMinutes == nil && r.CompleteBackupWindowMinutes != nil && p.StartBackupWindowMinutes != nil {
		checkCompletion(ps, path+".completeBackupWindowMinutes", *p.StartBackupWindowMinutes, *r.CompleteBackupWindowMinutes)
	}
	if r.StartBackupWindowMinutes != nil && r.CompleteBackupWindowMinutes == nil && p.CompleteBackupWindowMinutes != nil {
		checkCompletion(ps, path+".startBackupWindowMinutes", *r.StartBackupWindowMinutes, *p.CompleteBackupWindowMinutes)
	}
	if r.DeleteAfterDays == nil {
		switch {
		case p.UseLogicallyAirGappedVault:
			ps.Add(path+".deleteAfterDays", "is required when the plan uses a logically air-gapped vault")
		case d.MaxRetentionDays != nil:
			ps.Add(path+".deleteAfterDays", "is required when maxRetentionDays is set: "+
				"the locked vault does not accept backups kept forever")
		}
		return
	}
	del := *r.DeleteAfterDays
	if d.MinRetentionDays != nil && del < *d.MinRetentionDays {
		ps.Add(path+".deleteAfterDays", "%d is below minRetentionDays %d", del, *d.MinRetentionDays)
	}
	if d.MaxRetentionDays != nil && del > *d.MaxRetentionDays {
		ps.Add(path+".deleteAfterDays", "%d exceeds maxRetentionDays %d", del, *d.MaxRetentionDays)
	}
	checkNotAfterDeletion(ps, path, planPath, "localRetentionDays", r.LocalRetentionDays, p.LocalRetentionDays, del)
	checkNotAfterDeletion(ps, path, planPath, "intermediateRetentionDays", r.IntermediateRetentionDays,
		p.IntermediateRetentionDays, del)
}

// checkNotAfterDeletion reports a local or intermediate retention (the rule's,
// else the plan's) longer than the rule keeps its backups.
func checkNotAfterDeletion(ps *Problems, rulePath, planPath, field string, ruleDays, planDays *int, del int) {
	switch {
	case ruleDays != nil && *ruleDays > del:
		ps.Add(rulePath+"."+field, "%d exceeds the rule's deleteAfterDays %d", *ruleDays, del)
	case ruleDays == nil && planDays != nil && *planDays > del:
		ps.Add(planPath+"."+field, "%d exceeds deleteAfterDays %d of %s", *planDays, del,
			rulePath[strings.LastIndex(rulePath, ".")+1:])
	}
}

func checkWindows(ps *Problems, path string, start, complete *int) {
	if start != nil && *start < MinWindowMinutes {
		ps.Add(path+".startBackupWindowMinutes", "%d is below %d minutes", *start, MinWindowMinutes)
	}
	if start != nil && complete != nil {
		checkCompletion(ps, path+".completeBackupWindowMinutes", *start, *complete)
	}
}

func checkCompletion(ps *Problems, path string, start, complete int) {
	if complete < start+MinWindowMinutes {
		ps.Add(path, "completion window %d must be at least %d minutes longer than the start window %d",
			complete, MinWindowMinutes, start)
	}
}
