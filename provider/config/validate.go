package config

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// AWS limits the validation enforces.
const (
	MaxRulesPerPlan  = 10
	MinWindowMinutes = 60
	// MaxWindowMinutes is the longest start or completion window, 100 years
	// (StartWindowMinutes in https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html;
	// CompleteWindowMinutes in https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html).
	MaxWindowMinutes    = 52_560_000
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
	planPattern         = naming.BackupPlanName.Pattern
)

// The characters of the inputs physical names are built from: those every
// name built from them allows, so that valid inputs never make an invalid
// name. The central prefix starts backup vault, state machine and KMS alias
// names; the member prefix starts the StackSet name, which must start with
// a letter and has no '_'; the deployment key follows both.
var (
	centralPrefixPattern  = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)
	memberPrefixPattern   = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)
	stackSetPrefixPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`)
	deploymentKeyPattern  = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	stackSetKeyPattern    = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
)

// Input paths of the name prefixes.
const (
	centralPrefixInput = "centralAccountResourceNamePrefix"
	memberPrefixInput  = "memberAccountResourceNamePrefix"
)

// Problem is one broken rule: the path of the input and what is wrong with
// it, and where Load found it in the file (Line 0 when not from a file).
type Problem struct {
	Path    string
	Message string
	Line    int
	Column  int
}

// String is "path (line L, column C): message"; a problem of the whole
// file has no path.
func (p Problem) String() string {
	where := p.Path
	if p.Line > 0 {
		where = strings.TrimSpace(fmt.Sprintf("%s (line %d, column %d)", p.Path, p.Line, p.Column))
	}
	if where == "" {
		return p.Message
	}
	return where + ": " + p.Message
}

// Problems is every broken rule of an input, in a stable order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = "  " + p.String()
	}
	noun := "problems"
	if len(ps) == 1 {
		noun = "problem"
	}
	return fmt.Sprintf("invalid inputs (%d %s):\n%s", len(ps), noun, strings.Join(lines, "\n"))
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
	ctx.Validate(&ps)
	if c.MemberAccountResources != StackSet && c.MemberAccountResources != MemberAccountStacks {
		ps.Add("memberAccountResources", "%q is not one of %q, %q", c.MemberAccountResources, StackSet, MemberAccountStacks)
	}
	if c.GuardPolicyManagedBy != GuardManagedByManagementAccount && c.GuardPolicyManagedBy != GuardManagedByBackupAccount {
		ps.Add("guardPolicyManagedBy", "%q is not one of %q, %q", c.GuardPolicyManagedBy,
			GuardManagedByManagementAccount, GuardManagedByBackupAccount)
	}
	var prefixProblems Problems
	c.validatePrefixes(&prefixProblems)
	ps = append(ps, prefixProblems...)
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
	if c.MpaApprovalTeamArn != "" {
		CheckMpaApprovalTeamARN(&ps, "mpaApprovalTeamArn", ctx.Partition, c.MpaApprovalTeamArn)
	}
	for _, key := range c.DeploymentKeys() {
		c.validateDeployment(&ps, key, len(prefixProblems) == 0)
		c.validateAuditReports(&ps, ctx, key)
		if team := c.Deployments[key].MpaApprovalTeamArn; team != "" {
			CheckMpaApprovalTeamARN(&ps, fmt.Sprintf("deployments[%q].mpaApprovalTeamArn", key), ctx.Partition, team)
		}
		d := c.Deployments[key]
		if c.MemberAccountResources == MemberAccountStacks && d.UsesMemberLAG() && c.DeploymentMpaApprovalTeam(key) != "" &&
			len(d.AdminRoleNames) == 0 {
			ps.Add(fmt.Sprintf("deployments[%q].adminRoleNames", key), "is required: with memberAccountResources %s, "+
				"only these roles may associate the approval team with the member accounts' air-gapped vaults, so "+
				"name the roles that run the MemberAccount stacks", MemberAccountStacks)
		}
	}
	c.validateUniqueNames(&ps)
	c.validateAuditReportsTogether(&ps, ctx)
	c.validateAlerts(&ps, ctx)
	c.validateGuardrails(&ps)
	return ps
}

// validatePrefixes checks the name prefixes against the characters every
// name built from them allows.
func (c Config) validatePrefixes(ps *Problems) {
	switch p := c.CentralAccountResourceNamePrefix; {
	case p == "":
		ps.Add(centralPrefixInput, "is required")
	case !centralPrefixPattern.MatchString(p):
		ps.Add(centralPrefixInput, "%q may only contain letters, digits, '-' and '_' "+
			"(it starts backup vault, state machine and KMS alias names)", p)
	}
	switch p := c.MemberAccountResourceNamePrefix; {
	case p == "":
		ps.Add(memberPrefixInput, "is required")
	case c.MemberAccountResources == StackSet && !stackSetPrefixPattern.MatchString(p):
		ps.Add(memberPrefixInput, "%q must start with a letter and may only contain letters, digits and '-' "+
			"(it starts the member StackSet's name)", p)
	case !memberPrefixPattern.MatchString(p):
		ps.Add(memberPrefixInput, "%q may only contain letters, digits, '-' and '_' "+
			"(it starts backup vault names)", p)
	}
}

// physicalNames lists the physical names of deployment key the component
// creates: the StackSet and its vault manager roles, one per region, only
// with memberAccountResources StackSet. Regions that are not region names
// are left to the regions check.
func (c Config) physicalNames(key string) []naming.Named {
	d := c.Deployments[key]
	var regions []string
	for _, r := range c.Regions {
		if regionNamePattern.MatchString(r) {
			regions = append(regions, r)
		}
	}
	var out []naming.Named
	for _, n := range c.Names(key).All(regions, d.StandardVaultConfigs(), d.LAGVaultConfigs(), d.MemberLAGVaultConfig(),
		d.MemberLockedVaultConfig()) {
		if n.StackSetOnly && c.MemberAccountResources != StackSet {
			continue
		}
		out = append(out, n)
	}
	return out
}

// regionNamePattern is the form of every AWS region name (us-east-1,
// us-gov-west-1, cn-northwest-1).
var regionNamePattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// lengthChecked are the names of physicalNames whose rules validation
// checks: of the names built for each region, only the longest region's,
// which the others cannot exceed, so a long prefix is one problem.
func lengthChecked(names []naming.Named) []naming.Named {
	longest := map[string]naming.Named{} // by kind, the regional name of the longest region
	for _, n := range names {
		if l, ok := longest[n.Kind.Label]; n.Region != "" && (!ok || len(n.Name) > len(l.Name)) {
			longest[n.Kind.Label] = n
		}
	}
	var out []naming.Named
	for _, n := range names {
		if n.Region == "" || longest[n.Kind.Label] == n {
			out = append(out, n)
		}
	}
	return out
}

// NameInputs are the inputs a deployment's physical names are built from,
// each with the input path problems name it by.
type NameInputs struct {
	CentralPrefixInput, CentralPrefix string
	MemberPrefixInput, MemberPrefix   string
	DeploymentInput, Deployment       string
}

// nameInputs are c's inputs to the names of deployment key.
func (c Config) nameInputs(key string) NameInputs {
	return NameInputs{
		CentralPrefixInput: centralPrefixInput, CentralPrefix: c.CentralAccountResourceNamePrefix,
		MemberPrefixInput: memberPrefixInput, MemberPrefix: c.MemberAccountResourceNamePrefix,
		DeploymentInput: "the deployment name", Deployment: key,
	}
}

// CheckDerivedName adds a problem at path when n, a physical name built
// from in, breaks its kind's rules, naming the inputs it is built from and,
// when too long, how many characters to cut.
func CheckDerivedName(ps *Problems, path string, in NameInputs, n naming.Named) {
	msg := n.Kind.Check(n.Name)
	if msg == "" {
		return
	}
	input, prefix := in.CentralPrefixInput, in.CentralPrefix
	if n.FromMember {
		input, prefix = in.MemberPrefixInput, in.MemberPrefix
	}
	if over := len(n.Name) - n.Kind.Max; over > 0 {
		region := ""
		if n.Region != "" {
			region = fmt.Sprintf(" (built for region %s, the longest name in regions)", n.Region)
		}
		ps.Add(path, "%s%s: shorten %s %q or %s %q by %s", msg, region, input, prefix, in.DeploymentInput,
			in.Deployment, Count(over, "character"))
		return
	}
	ps.Add(path, "%s (built from %s %q and %s %q)", msg, input, prefix, in.DeploymentInput, in.Deployment)
}

// Count is n and noun, plural unless n is 1: "1 character", "3 characters".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// validateUniqueNames refuses two plans with the same key in the backup
// policies, and two deployments with the same physical name of a kind.
// Policies that reach the same account merge plans of the same key, so one
// deployment's plan would silently replace another's; OU nesting is not
// known at preview, so keys must be unique whatever the targets.
func (c Config) validateUniqueNames(ps *Problems) {
	type owner struct{ deployment, path string }
	names := map[[2]string]owner{}
	keys := map[string]owner{}
	reported := map[[2]string]bool{}
	for _, key := range c.DeploymentKeys() {
		path := fmt.Sprintf("deployments[%q]", key)
		if key == "" {
			continue
		}
		for _, n := range c.physicalNames(key) {
			id := [2]string{n.Kind.Label, n.Name}
			first, taken := names[id]
			switch {
			case !taken:
				names[id] = owner{key, path}
			case first.deployment != key:
				ps.Add(path, "%s %q is also a name of %s; rename one of the deployments or change a prefix",
					n.Kind.Label, n.Name, first.path)
			}
		}
		d := c.Deployments[key]
		for _, plan := range d.PlanNames() {
			planPath := fmt.Sprintf("%s.plans[%q]", path, plan)
			for _, region := range c.Regions {
				for _, kind := range d.Plans[plan].Kinds() {
					planKey := c.Names(key).PlanKey(plan, string(kind), region)
					first, taken := keys[planKey]
					if !taken {
						keys[planKey] = owner{key, planPath}
						continue
					}
					if pair := [2]string{first.path, planPath}; first.path != planPath && !reported[pair] {
						reported[pair] = true
						ps.Add(planPath, "plan key %q is also the key of %s in the backup policies; policies that "+
							"reach the same account would merge the two plans: rename one of the plans or deployments",
							planKey, first.path)
					}
				}
			}
		}
	}
}

// Validate adds the problems of the context block, each at its path
// (context.partition, …); Config.Validate makes these checks too.
func (ctx Context) Validate(ps *Problems) {
	CheckPartition(ps, "context.partition", ctx.Partition)
	CheckAccountID(ps, "context.accountId", ctx.AccountID)
	CheckAccountID(ps, "context.managementAccountId", ctx.ManagementAccountID)
	CheckOrganizationID(ps, "context.organizationId", ctx.OrganizationID)
}

// CheckPartition, CheckAccountID, CheckOrganizationID, CheckRegion and
// CheckAdminRoleName add a problem at path when the value breaks their rule; the
// member account input shares them.
func CheckPartition(ps *Problems, path, partition string) {
	if !naming.KnownPartition(partition) {
		ps.Add(path, "%q is not one of aws, aws-cn, aws-us-gov", partition)
	}
}

// CheckLAGRetention reports a logically air-gapped vault configuration
// AWS refuses: "The minimum value accepted is 7 days", and both bounds are
// required
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateLogicallyAirGappedBackupVault.html).
func CheckLAGRetention(ps *Problems, path string, v naming.VaultConfig) {
	if v.MinDays < MinLAGRetentionDays {
		ps.Add(path, "minimum retention %d is below %d, the least a logically air-gapped vault allows",
			v.MinDays, MinLAGRetentionDays)
	}
	if v.MaxDays < v.MinDays {
		ps.Add(path, "maximum retention %d is below the minimum %d", v.MaxDays, v.MinDays)
	}
}

// mpaApprovalTeamPattern is an approval team's ARN,
// arn:<partition>:mpa:<region>:<account>:approval-team/<id>; AWS creates
// approval teams in us-east-1 only; the id pattern is UpdateApprovalTeam's
// (https://docs.aws.amazon.com/mpa/latest/APIReference/API_UpdateApprovalTeam.html)
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/multipartyapproval-tasks-administrator.html,
// https://docs.aws.amazon.com/mpa/latest/userguide/what-is.html).
var mpaApprovalTeamPattern = regexp.MustCompile(`^arn:([a-z-]+):mpa:([a-z0-9-]+):(\d{12}):approval-team/[A-Za-z0-9._-]+$`)

// CheckMpaApprovalTeamARN reports a value that is not the ARN of a
// multi-party approval team of the partition; in the aws partition, teams
// exist in us-east-1 only ("Multi-party approval Team resources can only
// be created and stored in AWS Region US East (N. Virginia)":
// https://docs.aws.amazon.com/mpa/latest/userguide/what-is.html).
func CheckMpaApprovalTeamARN(ps *Problems, path, partition, arn string) {
	m := mpaApprovalTeamPattern.FindStringSubmatch(arn)
	switch {
	case m == nil:
		ps.Add(path, "%q is not a multi-party approval team ARN (arn:%s:mpa:us-east-1:<account>:approval-team/<id>)",
			arn, partition)
	case m[1] != partition:
		ps.Add(path, "%q is in partition %s, not %s, the organization's: name a team of the %s partition",
			arn, m[1], partition, partition)
	case partition == "aws" && m[2] != "us-east-1":
		ps.Add(path, "%q is in %s: approval teams exist in us-east-1 only; name the team's us-east-1 ARN", arn, m[2])
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

// CheckAdminRoleName checks an admin role, which the member vaults' deny
// exempts and the deployment key lets use the key: its name (64 characters
// at most), optionally after its IAM path (512) without the leading '/'
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
// The policies match arn:<partition>:iam::<account>:role/<admin role>
// against aws:PrincipalArn, where '*' and '?' also match the '/' of a path
// the role's creator chooses
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN),
// so paths take role name characters only and wildcards are refused but in
// an IAM Identity Center permission set's roles (naming.AdminRolePatterns),
// whose '*' also matches sets named <set>_<more>
// (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_PermissionSet.html).
// Those are as safe as /aws-reserved/, which only Identity Center changes
// (https://docs.aws.amazon.com/singlesignon/latest/userguide/using-service-linked-roles.html,
// https://repost.aws/knowledge-center/identity-center-aws-reserved-sso); no AWS
// statement says iam:CreateRole refuses that path to others, so member
// accounts should deny it on role/aws-reserved/* to all but AWSServiceRoleForSSO.
func CheckAdminRoleName(ps *Problems, path, role string) {
	if strings.HasPrefix(role, "/") {
		ps.Add(path, "%q starts with '/': write the role's path without it (%s)", role, strings.TrimLeft(role, "/"))
		return
	}
	if set, ok := naming.IdentityCenterPermissionSet(role); ok {
		if !permissionSetPattern.MatchString(set) || len(set) > maxPermissionSetName {
			ps.Add(path, "permission set name %q may only contain letters, digits and '+=,.@_-', at most %d of them",
				set, maxPermissionSetName)
		}
		return
	}
	if strings.ContainsAny(role, "*?") {
		ps.Add(path, "%q has a wildcard: in a role ARN '*' and '?' also match the '/' of a path the role's creator "+
			"chooses, so give the role's exact path and name, or for an IAM Identity Center permission set %s",
			role, naming.IdentityCenterAdminRole("<permission set>"))
		return
	}
	segments := strings.Split(role, "/")
	name := segments[len(segments)-1]
	for _, segment := range segments {
		if !naming.IAMRoleName.Pattern.MatchString(segment) {
			ps.Add(path, "%q may only contain role name characters (letters, digits and '+=,.@_-') and '/' "+
				"between the segments of its path", role)
			return
		}
	}
	if n := len(name); n > naming.IAMRoleName.Max {
		ps.Add(path, "role name %q is %d characters, exceeds %d", name, n, naming.IAMRoleName.Max)
	}
	if n := len(role) - len(name) + 1; n > maxIAMPathLength {
		ps.Add(path, "IAM path /%s is %d characters, exceeds %d", strings.TrimSuffix(role, name), n, maxIAMPathLength)
	}
}

// permissionSetPattern and maxPermissionSetName are the rules of an IAM
// Identity Center permission set's name
// (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_PermissionSet.html).
var permissionSetPattern = regexp.MustCompile(`^[\w+=,.@-]+$`)

const maxPermissionSetName = 32

// maxIAMPathLength is the longest IAM path, its slashes included.
const maxIAMPathLength = 512

// ValidateTags checks the component tags against AWS's tag rules.
func ValidateTags(ps *Problems, tags map[string]string) {
	if len(tags) > maxTagsPerResource {
		ps.Add("tags", "has %d tags, AWS allows %d per resource", len(tags), maxTagsPerResource)
	}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
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

// validateDeployment checks deployment key; the names built from the
// prefixes only when validPrefixes.
func (c Config) validateDeployment(ps *Problems, key string, validPrefixes bool) {
	d := c.Deployments[key]
	path := fmt.Sprintf("deployments[%q]", key)
	keyPattern, keyChars := deploymentKeyPattern, "letters, digits, '-' and '_'"
	if c.MemberAccountResources == StackSet {
		keyPattern, keyChars = stackSetKeyPattern, "letters, digits and '-' (it is part of the member StackSet's name)"
	}
	switch {
	case key == "":
		ps.Add(path, "deployment name is empty")
		return
	case !keyPattern.MatchString(key):
		ps.Add(path, "deployment name %q may only contain %s", key, keyChars)
	case validPrefixes:
		for _, n := range lengthChecked(c.physicalNames(key)) {
			CheckDerivedName(ps, path, c.nameInputs(key), n)
		}
	}
	c.validateReconciliation(ps, key)
	c.validateRestoreTesting(ps, key)
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
		CheckAdminRoleName(ps, p, role)
	})
	d.validateRestoreDestinations(ps, path)
	d.validateRetention(ps, path)
	d.validateTagKey(ps, path)
	if len(d.Plans) == 0 {
		ps.Add(path+".plans", "at least one plan is required")
	}
	for _, name := range d.PlanNames() {
		d.validatePlan(ps, path, name)
		if keyPattern.MatchString(key) && validPrefixes {
			c.validatePlanKeys(ps, path, key, name)
		}
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
	if d.needsLAGRetention() {
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
// accounts (their keys in the backup policy), reporting the longest too
// long. Their characters are those of the plan name and the prefix, checked
// already.
func (c Config) validatePlanKeys(ps *Problems, deploymentPath, key, plan string) {
	if !planPattern.MatchString(plan) {
		return
	}
	names, kinds := c.Names(key), c.Deployments[key].Plans[plan].Kinds()
	longest := ""
	for _, region := range c.Regions {
		for _, kind := range kinds {
			if k := names.PlanKey(plan, string(kind), region); len(k) > len(longest) {
				longest = k
			}
		}
	}
	if over := len(longest) - naming.BackupPlanName.Max; over > 0 {
		ps.Add(fmt.Sprintf("%s.plans[%q]", deploymentPath, plan), "%s (its key in the backup policy): shorten the "+
			"plan name, %s %q or the deployment name %q by %s", naming.BackupPlanName.Check(longest),
			centralPrefixInput, c.CentralAccountResourceNamePrefix, key, Count(over, "character"))
	}
}

func (d Deployment) validatePlan(ps *Problems, deploymentPath, name string) {
	p := d.Plans[name]
	path := fmt.Sprintf("%s.plans[%q]", deploymentPath, name)
	validName := planPattern.MatchString(name)
	if !validName {
		ps.Add(path, "plan name %q may only contain %s", name, naming.BackupPlanName.Allowed)
	}
	if p.HasContinuousPlan() {
		// Its characters are the plan name's, which rule names allow too.
		rule := naming.ContinuousRuleName(name)
		if over := len(rule) - naming.BackupRuleName.Max; validName && over > 0 {
			ps.Add(path, "%s (the rule of its continuous-backup plan): shorten the plan name by %s",
				naming.BackupRuleName.Check(rule), Count(over, "character"))
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
		case p.UseLogicallyAirGappedVault || p.PrimaryBackupToLogicallyAirGappedVault:
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
	switch {
	case start == nil:
	case *start < MinWindowMinutes:
		ps.Add(path+".startBackupWindowMinutes", "%d is below %d minutes", *start, MinWindowMinutes)
	case *start > MaxWindowMinutes:
		ps.Add(path+".startBackupWindowMinutes", "%d exceeds %d minutes (100 years), the most AWS Backup allows",
			*start, MaxWindowMinutes)
	}
	if complete != nil && *complete > MaxWindowMinutes {
		ps.Add(path+".completeBackupWindowMinutes", "%d exceeds %d minutes (100 years), the most AWS Backup allows",
			*complete, MaxWindowMinutes)
		return
	}
	if start != nil && complete != nil {
		checkCompletion(ps, path+".completeBackupWindowMinutes", *start, *complete)
	}
}

// checkCompletion reports a completion window too close to the start
// window; a window over the maximum is reported on its own.
func checkCompletion(ps *Problems, path string, start, complete int) {
	if start > MaxWindowMinutes || complete > MaxWindowMinutes {
		return
	}
	if complete < start+MinWindowMinutes {
		ps.Add(path, "completion window %d must be at least %d minutes longer than the start window %d",
			complete, MinWindowMinutes, start)
	}
}
