package deployer

import (
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	goStrings "strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

type plannedOrg struct {
	name string
	cfg  config.Config
	ctx  config.Context
	plan central.Result
}

// plans are the central plans of every example organization and policy test
// configuration.
func plans(t *testing.T) []plannedOrg {
	files, err := filepath.Glob("../../examples/config/*.yaml")
	require.NoError(t, err)
	more, err := filepath.Glob("../policy/testdata/*.yaml")
	require.NoError(t, err)
	var out []plannedOrg
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		file, err := config.Load(data)
		require.NoError(t, err, f)
		built, err := central.Build(file.Config, file.Context)
		if filepath.Base(f) == "reference-readme.yaml" {
			require.Error(t, err, "the reference module's README example is invalid on purpose")
			continue
		}
		require.NoError(t, err, f)
		out = append(out, plannedOrg{f, built.Config, file.Context, built})
		// The same organization with the guard SCPs managed from the
		// backup account, when a deployment has one.
		if built.Config.GuardPoliciesInBackupAccount() || len(built.Config.GuardedDeployments()) == 0 {
			continue
		}
		variant := file.Config
		variant.GuardPolicyManagedBy = config.GuardManagedByBackupAccount
		built, err = central.Build(variant, file.Context)
		require.NoError(t, err, f)
		out = append(out, plannedOrg{f + "+BackupAccount", built.Config, file.Context, built})
	}
	require.NotEmpty(t, out)
	return out
}

func statements(t *testing.T, doc iam.Document) []map[string]any {
	var parsed struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(doc.JSON()), &parsed))
	return parsed.Statement
}

// allowed lists the resources each action is allowed on, whatever the condition.
func allowed(t *testing.T, doc iam.Document) map[string][]string {
	out := map[string][]string{}
	for _, s := range statements(t, doc) {
		for _, a := range stringList(s["Action"]) {
			out[a] = append(out[a], stringList(s["Resource"])...)
		}
	}
	return out
}

func stringList(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	var out []string
	for _, e := range v.([]any) {
		out = append(out, e.(string))
	}
	return out
}

func TestEveryPlannedResourceTypeHasPermissionsAndEveryEntryIsUsed(t *testing.T) {
	used := map[string]bool{}
	for _, p := range plans(t) {
		for _, r := range p.plan.Resources {
			_, ok := types[r.Type]
			assert.True(t, ok, "%s: %s plans %s, which has no entry in types", p.name, r.Name, r.Type)
			used[r.Type] = true
		}
		// MemberAccount's plan: the same types, in a member account.
		for _, key := range p.cfg.DeploymentKeys() {
			for _, r := range member.Resources(p.plan.Deployments[key].Member, member.Account{ID: "222222222222", Region: p.ctx.Region}) {
				_, ok := types[r.Type]
				assert.True(t, ok, "%s: MemberAccount plans %s, which has no entry in types", p.name, r.Type)
			}
		}
		assert.NotPanics(t, func() { Central(p.cfg, p.ctx, p.plan.Resources) }, p.name)
	}
	for typ := range types {
		assert.True(t, used[typ], "types has an entry for %s, which no example plans", typ)
	}
}

// Every pulumi-aws function the provider package invokes (Get…, Lookup…)
// is in Lookups, and Lookups holds no other.
func TestLookupsAreTheInvokesOfTheProviderPackage(t *testing.T) {
	files, err := filepath.Glob("../*.go")
	require.NoError(t, err)
	called := map[string]bool{}
	for _, path := range files {
		if goStrings.HasSuffix(path, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		require.NoError(t, err)
		awsPackages := map[string]bool{} // local names of pulumi-aws packages
		for _, imp := range file.Imports {
			importPath := goStrings.Trim(imp.Path.Value, `"`)
			if !goStrings.HasPrefix(importPath, "github.com/pulumi/pulumi-aws/sdk/v6/go/aws") {
				continue
			}
			name := importPath[goStrings.LastIndex(importPath, "/")+1:]
			if imp.Name != nil {
				name = imp.Name.Name
			}
			awsPackages[name] = true
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok && awsPackages[pkg.Name] &&
					(goStrings.HasPrefix(sel.Sel.Name, "Get") || goStrings.HasPrefix(sel.Sel.Name, "Lookup")) {
					called[pkg.Name+"."+sel.Sel.Name] = true
				}
			}
			return true
		})
	}
	var want, got []string
	for name := range called {
		want = append(want, name)
	}
	for name := range Lookups {
		got = append(got, name)
	}
	sort.Strings(want)
	sort.Strings(got)
	assert.Equal(t, want, got, "every pulumi-aws look-up of the provider package has an entry in Lookups, and no other")
}

// memberPlans are the MemberAccount plans of every deployment of p.
func memberPlans(p plannedOrg) map[string][]desired.Resource {
	out := map[string][]desired.Resource{}
	for _, key := range p.cfg.DeploymentKeys() {
		in := p.plan.Deployments[key].Member
		in.KMSKeyID = "1234abcd-12ab-34cd-56ef-1234567890ab"
		out[key] = member.Resources(in, member.Account{ID: MemberAccountID, Region: p.ctx.Region})
	}
	return out
}

func TestMemberAccountPermissions(t *testing.T) {
	for _, p := range plans(t) {
		for key, resources := range memberPlans(p) {
			on := allowed(t, Member(p.ctx.Partition, resources))
			// The vaults are retained and adopted: read, never deleted.
			assert.NotContains(t, on, "backup:DeleteBackupVault", "%s %s", p.name, key)
			assert.Contains(t, on, "backup:DescribeBackupVault", "%s %s", p.name, key)
			// The backup vault is created on the central key, nothing else.
			for _, region := range p.cfg.Regions {
				assert.Contains(t, on["kms:CreateGrant"], "arn:"+p.ctx.Partition+":kms:"+region+":"+p.ctx.AccountID+
					":key/1234abcd-12ab-34cd-56ef-1234567890ab", "%s %s", p.name, key)
			}
			assert.Len(t, on["kms:CreateGrant"], len(p.cfg.Regions), "%s %s", p.name, key)
			// Nothing of the organization, and every ARN in the principal's own account.
			for action, resources := range on {
				assert.False(t, goStrings.HasPrefix(action, "organizations:"), "%s %s: %s", p.name, key, action)
				for _, arn := range resources {
					if goStrings.HasPrefix(action, "kms:") || arn == "*" {
						continue
					}
					assert.Contains(t, arn, ":"+MemberAccountID+":", "%s %s: %s on %s", p.name, key, action, arn)
				}
			}
		}
	}
}

func TestEveryNamedResourceIsCreatedOnItsOwnARN(t *testing.T) {
	for _, p := range plans(t) {
		doc := Central(p.cfg, p.ctx, p.plan.Resources)
		on := allowed(t, doc)
		s := scope{Context: p.ctx, cfg: p.cfg, byName: map[string]desired.Resource{}}
		create := map[string]string{
			desired.IAMRole:                "iam:CreateRole",
			desired.BackupVault:            "backup:CreateBackupVault",
			desired.EventBus:               "events:CreateEventBus",
			desired.LogGroup:               "logs:CreateLogGroup",
			desired.StateMachine:           "states:CreateStateMachine",
			desired.EventRule:              "events:PutRule",
			desired.CloudFormationStackSet: "cloudformation:TagResource",
			desired.KMSAlias:               "kms:CreateAlias",
			desired.IAMServiceLinkedRole:   "iam:CreateServiceLinkedRole",
		}
		for _, r := range p.plan.Resources {
			s.byName[r.Name] = r
		}
		for _, r := range p.plan.Resources {
			if action, ok := create[r.Type]; ok {
				assert.Contains(t, on[action], s.arn(r), "%s: %s", p.name, r.Name)
			}
		}
	}
}

func TestWhatPulumiRetainsCannotBeDeleted(t *testing.T) {
	for _, p := range plans(t) {
		on := allowed(t, Central(p.cfg, p.ctx, p.plan.Resources))
		// Locked and air-gapped vaults, their locks and the deployment keys are
		// retained on delete; only the alert topics' keys, by their tag, are deleted.
		for _, st := range statements(t, Central(p.cfg, p.ctx, p.plan.Resources)) {
			if slices.Contains(stringList(st["Action"]), "kms:ScheduleKeyDeletion") {
				assert.Equal(t, []string{"kms:ScheduleKeyDeletion"}, stringList(st["Action"]), p.name)
				tag := st["Condition"].(map[string]any)["StringEquals"].(map[string]any)["aws:ResourceTag/"+naming.AlertKeyTagKey]
				assert.NotEmpty(t, tag, "%s: only keys tagged %s", p.name, naming.AlertKeyTagKey)
			}
		}
		assert.NotContains(t, on, "backup:DeleteBackupVaultLockConfiguration", p.name)
		assert.NotContains(t, on, "iam:DeleteServiceLinkedRole", p.name)
		for key, d := range p.plan.Deployments {
			for region, summary := range d.Regions {
				assert.Contains(t, on["backup:DeleteBackupVault"], summary.IntermediateVaultARN, "%s %s %s", p.name, key, region)
				for _, arn := range append(summary.StandardVaultARNs, summary.LAGVaultARNs...) {
					assert.NotContains(t, on["backup:DeleteBackupVault"], arn, "%s %s %s", p.name, key, region)
				}
			}
		}
	}
}

// CreatePolicy is granted for the policy types the plan creates only, an
// SCP only with its deployment's guard tag; every other grant on SCPs is
// conditioned on that tag, on the resource or in the request.
func TestCreatePolicyOnlyForThePlannedPolicyTypes(t *testing.T) {
	withSCP := 0
	for _, p := range plans(t) {
		want := map[string]bool{}
		for _, r := range p.plan.Resources {
			if r.Type != desired.OrganizationsPolicy {
				continue
			}
			condition := map[string]any{"organizations:PolicyType": r.Inputs["type"]}
			if r.Inputs["type"] == "SERVICE_CONTROL_POLICY" {
				assert.Equal(t, desired.ComponentTags{Fixed: map[string]string{GuardTagKey: r.Deployment}}, r.Inputs["tags"],
					"%s: %s", p.name, r.Name)
				condition["aws:RequestTag/"+GuardTagKey] = r.Deployment
				withSCP++
			}
			data, err := json.Marshal(map[string]any{"StringEquals": condition})
			require.NoError(t, err)
			want[string(data)] = true
		}
		got := map[string]bool{}
		for _, s := range statements(t, Central(p.cfg, p.ctx, p.plan.Resources)) {
			for _, a := range stringList(s["Action"]) {
				switch {
				case a == "organizations:CreatePolicy":
					assert.Equal(t, []string{"*"}, stringList(s["Resource"]), p.name)
					data, err := json.Marshal(s["Condition"])
					require.NoError(t, err)
					got[string(data)] = true
				case a == "iam:PassRole":
					assert.Contains(t, s["Condition"], "StringEquals", p.name)
				case goStrings.HasPrefix(a, "organizations:"):
					for _, arn := range stringList(s["Resource"]) {
						if goStrings.Contains(arn, "/service_control_policy/") {
							condition, _ := s["Condition"].(map[string]any)
							equals, _ := condition["StringEquals"].(map[string]any)
							_, onResource := equals["aws:ResourceTag/"+GuardTagKey]
							_, inRequest := equals["aws:RequestTag/"+GuardTagKey]
							// DescribePolicy reads the names of a target's SCPs
							// for the guard look-up.
							assert.True(t, onResource || (inRequest && a == "organizations:TagResource") ||
								(a == "organizations:DescribePolicy" && !p.cfg.GuardPoliciesInBackupAccount()),
								"%s: %s on %s without the guard tag condition", p.name, a, arn)
						}
					}
				}
			}
		}
		assert.Equal(t, want, got, p.name)
		if p.cfg.MemberAccountResources == config.MemberAccountStacks {
			// Member stacks have a guard SCP only with protectMemberResources.
			for _, key := range p.cfg.DeploymentKeys() {
				if p.cfg.Deployments[key].ProtectMemberResources {
					continue
				}
				for condition := range got {
					assert.NotContains(t, condition, `"aws:RequestTag/`+GuardTagKey+`":"`+key+`"`, p.name)
				}
			}
		}
	}
	assert.NotZero(t, withSCP, "some plan creates a service control policy")
}

func TestPolicyIsDeterministic(t *testing.T) {
	for _, p := range plans(t) {
		first := Central(p.cfg, p.ctx, p.plan.Resources).JSON()
		for range 20 {
			require.Equal(t, first, Central(p.cfg, p.ctx, p.plan.Resources).JSON(), p.name)
		}
	}
}

var update = flag.Bool("update", false, "rewrite the table of docs/permissions.md")

// The table of docs/permissions.md is the table of types, between its markers.
func TestDocumentedTableIsTheTable(t *testing.T) {
	const path = "../../docs/permissions.md"
	const begin, end = "<!-- table: make by go test ./provider/deployer -update -->\n", "<!-- end of table -->\n"
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	doc := string(data)
	i, j := goStrings.Index(doc, begin), goStrings.Index(doc, end)
	require.True(t, i >= 0 && j > i, "docs/permissions.md has the table markers")
	if *update {
		doc = doc[:i+len(begin)] + Table() + doc[j:]
		require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
	}
	assert.Equal(t, Table(), doc[i+len(begin):j], "run go test ./provider/deployer -update")
}
