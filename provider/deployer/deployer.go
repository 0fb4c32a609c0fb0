// Package deployer derives the IAM permissions the principals running
// OrgBackup and MemberAccount need from what the components plan: for every
// planned resource, the actions its provider calls to create, read, update
// and delete it (none to delete what Pulumi retains), on that resource's
// ARN; plus the components' look-ups. render writes the results to
// DIR/policies-iam/deployer.json and deployer-member/<deployment>.json.
package deployer

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// Central is the identity policy of the principal that runs OrgBackup
// with cfg (resolved) in the account ctx describes, for its planned
// resources. It panics on a resource type it has no entry for: a test
// checks every type a plan can hold has one.
func Central(cfg config.Config, ctx config.Context, resources []desired.Resource) iam.Document {
	lookups := []string{"aws.GetCallerIdentity", "aws.GetRegion", "aws.GetPartition",
		"organizations.LookupOrganization", "iam.GetRoles"}
	ouTargets := false
	for _, key := range cfg.DeploymentKeys() {
		for _, t := range cfg.Deployments[key].BackupTargets {
			ouTargets = ouTargets || strings.HasPrefix(t, "ou-")
		}
	}
	if ouTargets {
		// The accounts under each OU target (OUTargetWarnings).
		lookups = append(lookups, "organizations.GetOrganizationalUnitDescendantAccounts")
	}
	if len(cfg.AuditedDeployments()) > 0 {
		// Whether a report bucket a destroyed stack kept exists (the registrar's adoption).
		lookups = append(lookups, "s3.LookupBucket")
	}
	if len(cfg.GuardedDeployments()) > 0 && !cfg.GuardPoliciesInBackupAccount() {
		// Whether the management account attached the guards (GuardAttachmentWarnings).
		lookups = append(lookups, "organizations.GetPoliciesForTarget", "organizations.LookupPolicy")
	}
	return permissionsFor(scope{Context: ctx, cfg: cfg}, resources, lookups)
}

// MemberAccountID stands for the member account in Member's ARNs: any. The
// APIs these actions authorize act in the caller's own account, so one
// policy serves every member account.
const MemberAccountID = "*"

// Member is the identity policy of the principal that runs a
// MemberAccount in a member account, for the resources it plans there
// (member.Resources), in the organization's partition.
func Member(partition string, resources []desired.Resource) iam.Document {
	lookups := []string{"aws.GetCallerIdentity", "aws.GetRegion", "iam.GetRoles"}
	for _, r := range resources {
		if r.Adopt {
			lookups = append(lookups, "backup.LookupVault")
			break
		}
	}
	return permissionsFor(scope{Context: config.Context{Partition: partition, AccountID: MemberAccountID}}, resources, lookups)
}

func permissionsFor(s scope, resources []desired.Resource, lookups []string) iam.Document {
	s.byName = map[string]desired.Resource{}
	for _, r := range resources {
		s.byName[r.Name] = r
	}
	p := permissions{conditions: map[string]iam.Conditions{}, actions: map[string]map[string]map[string]bool{}}
	for _, r := range resources {
		grants, ok := types[r.Type]
		if !ok {
			panic(fmt.Sprintf("deployer: no permissions known for resource type %s (%s)", r.Type, r.Name))
		}
		for _, g := range grants {
			if (g.phase == Delete && r.RetainOnDelete) || (g.only != nil && !g.only(s, r)) {
				continue
			}
			var on []string
			if g.on != nil {
				on = g.on(s, r)
			}
			var when iam.Conditions
			if g.when != nil {
				when = g.when(s, r)
			}
			p.add(g.actions, on, when)
		}
	}
	for _, name := range lookups {
		var on []string
		if l := Lookups[name]; l.on != nil {
			on = l.on(s, resources)
		}
		p.add(Lookups[name].Actions, on, nil)
	}
	return p.document()
}

// scope is what ARNs are built from.
type scope struct {
	config.Context
	cfg    config.Config
	byName map[string]desired.Resource
}

func (s scope) resource(name string) desired.Resource {
	r, ok := s.byName[name]
	if !ok {
		panic("deployer: reference to a resource the plan does not hold: " + name)
	}
	return r
}

// region is r's region; account-wide resources and the StackSet are in the
// component's own.
func (s scope) region(r desired.Resource) string {
	if r.Region == "" {
		return s.Region
	}
	return r.Region
}

// target is the ARN of a deployment's backup target: an OU or the root; a
// target not known yet (an OU the program creates) keeps its placeholder,
// which the component completes once the id is known.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html#awsorganizations-resources-for-iam-policies
func (s scope) target(t desired.TargetID) string {
	return naming.TargetARN(s.Partition, s.ManagementAccountID, s.OrganizationID,
		s.cfg.Deployments[t.Deployment].BackupTargets[t.Index])
}

// arn is the ARN of a planned resource that has a name of its own.
func (s scope) arn(r desired.Resource) string {
	region, account := s.region(r), s.AccountID
	switch r.Type {
	case desired.IAMRole:
		return naming.RoleARN(s.Partition, account, r.PhysicalName)
	case desired.IAMServiceLinkedRole:
		return naming.ServiceLinkedRoleARN(s.Partition, account, iam.BackupService, r.PhysicalName)
	case desired.KMSAlias:
		return naming.KMSAliasARN(s.Partition, region, account, r.PhysicalName)
	case desired.BackupVault, desired.BackupLogicallyAirGapped, desired.BackupAirGappedVault:
		return naming.VaultARN(s.Partition, region, account, r.PhysicalName)
	case desired.BackupRestoreTestingPlan:
		return naming.RestoreTestingPlanARN(s.Partition, region, account, r.PhysicalName)
	case desired.LogGroup:
		return naming.LogGroupARN(s.Partition, region, account, r.PhysicalName)
	case desired.EventBus:
		return naming.EventBusARN(s.Partition, region, account, r.PhysicalName)
	case desired.EventRule:
		bus := ""
		if ref := args[desired.EventRuleArgs](r).EventBusName; ref != (desired.Ref{}) {
			bus = s.resource(ref.Resource).PhysicalName
		}
		return naming.EventRuleARN(s.Partition, region, account, bus, r.PhysicalName)
	case desired.StateMachine:
		return naming.StateMachineARN(s.Partition, region, account, r.PhysicalName)
	case desired.SNSTopic:
		return naming.TopicARN(s.Partition, region, account, r.PhysicalName)
	case desired.MetricAlarm:
		return naming.AlarmARN(s.Partition, region, account, r.PhysicalName)
	case desired.CloudFormationStackSet:
		return naming.StackSetARN(s.Partition, region, "*", r.PhysicalName, "*")
	case desired.BackupFramework:
		return naming.FrameworkARN(s.Partition, region, account, r.PhysicalName)
	case desired.BackupReportPlan:
		return naming.ReportPlanARN(s.Partition, region, account, r.PhysicalName)
	case desired.S3Bucket:
		return naming.BucketARN(s.Partition, r.PhysicalName)
	}
	panic("deployer: no ARN known for resource type " + r.Type + " (" + r.Name + ")")
}

// permissions collects, per condition (by its JSON), the resources of
// every action.
type permissions struct {
	conditions map[string]iam.Conditions
	actions    map[string]map[string]map[string]bool
}

func (p permissions) add(actions, on []string, when iam.Conditions) {
	key := ""
	if when != nil {
		data, _ := json.Marshal(when)
		key = string(data)
	}
	p.conditions[key] = when
	if p.actions[key] == nil {
		p.actions[key] = map[string]map[string]bool{}
	}
	if on == nil {
		on = []string{"*"}
	}
	for _, a := range actions {
		if p.actions[key][a] == nil {
			p.actions[key][a] = map[string]bool{}
		}
		for _, r := range on {
			p.actions[key][a][r] = true
		}
	}
}

// document groups actions that act on the same resources under the same
// condition into one statement, sorted.
func (p permissions) document() iam.Document {
	var statements []iam.Statement
	for _, key := range slices.Sorted(maps.Keys(p.actions)) {
		byResources := map[string][]string{}
		for action, on := range p.actions[key] {
			resources := slices.Sorted(maps.Keys(on))
			if on["*"] {
				resources = []string{"*"}
			}
			joined := strings.Join(resources, " ")
			byResources[joined] = append(byResources[joined], action)
		}
		for joined, actions := range byResources {
			statements = append(statements, iam.Statement{Effect: iam.Allow, Action: iam.Sorted(actions...),
				Resource: iam.Strings(strings.Split(joined, " ")), Condition: p.conditions[key]})
		}
	}
	sort.Slice(statements, func(i, j int) bool { return less(statements[i], statements[j]) })
	return iam.New(statements...)
}

// Table is the Markdown table of the actions each resource type needs,
// by phase, as docs/permissions.md shows it.
func Table() string {
	var b strings.Builder
	b.WriteString("| resource type | create | read | update | delete (unless retained) |\n|---|---|---|---|---|\n")
	for _, typ := range slices.Sorted(maps.Keys(types)) {
		byPhase := make([][]string, Delete+1)
		for _, g := range types[typ] {
			byPhase[g.phase] = append(byPhase[g.phase], g.actions...)
		}
		b.WriteString("| `" + typ + "` |")
		for _, actions := range byPhase {
			seen := map[string]bool{}
			var cell []string
			for _, a := range iam.Sorted(actions...) {
				if !seen[a] {
					seen[a] = true
					cell = append(cell, "`"+a+"`")
				}
			}
			b.WriteString(" " + strings.Join(cell, ", ") + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}
