//go:build simulator

package deployer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	goStrings "strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
)

// The deployer policies under an offline IAM simulator
// (@cloud-copilot/iam-simulate, tests/deployer): every request the planned
// resources need is allowed, and every attack is denied: deleting what
// Pulumi retains, passing a role to another service or an unplanned role,
// creating or changing roles, policies and vaults outside the plan,
// attaching AdministratorAccess, touching other policy types.

type request struct {
	Action         string          `json:"action"`
	Resource       string          `json:"resource"`
	Account        string          `json:"account"`
	Context        map[string]any  `json:"context,omitempty"`
	ResourcePolicy json.RawMessage `json:"resourcePolicy,omitempty"`
	Why            string          `json:"why"`
	Expect         string          `json:"expect"`
}

// resourceSide completes a request to a resource that has a policy of its
// own (a KMS key, the organization) with that policy and the context keys
// AWS sets; it reports false when the request cannot be made by the
// principal at all.
type resourceSide func(req *request) bool

const (
	memberAccount = "222222222222"
	keyID         = "1234abcd-12ab-34cd-56ef-1234567890ab"
)

// samples replace the wildcards of the policy's ARN patterns by ids of the
// documented formats, in order.
var samples = []struct {
	pattern *regexp.Regexp
	sample  string
}{
	{regexp.MustCompile(`:key/\*$`), ":key/" + keyID},
	{regexp.MustCompile(`/backup_policy/\*$`), "/backup_policy/p-abcd1234"},
	{regexp.MustCompile(`/service_control_policy/\*$`), "/service_control_policy/p-efgh5678"},
	{regexp.MustCompile(`:ou/(o-[a-z0-9]+)/\*$`), ":ou/$1/ou-abcd-efgh1234"},
	{regexp.MustCompile(`:root/(o-[a-z0-9]+)/\*$`), ":root/$1/r-abcd"},
	{regexp.MustCompile(`:recovery-point:\*$`), ":recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45"},
	{regexp.MustCompile(`:resource-share/\*$`), ":resource-share/9ab12345-1234-1234-1234-123456789012"},
	{regexp.MustCompile(`:stackset/([^:]+):\*$`), ":stackset/$1:11111111-2222-3333-4444-555555555555"},
	{regexp.MustCompile(`:stackset-target/([^:]+):\*$`), ":stackset-target/$1:11111111-2222-3333-4444-555555555555/ou-abcd-efgh1234"},
	{regexp.MustCompile(`::type/resource/\*$`), "::type/resource/AWS-Backup-BackupVault"},
}

func concrete(arn, account string) string {
	for _, s := range samples {
		arn = s.pattern.ReplaceAllString(arn, s.sample)
	}
	// Any account (service-managed StackSets, member policies).
	return regexp.MustCompile(`^(arn:[^:]+:[^:]+:[^:]*:)\*:`).ReplaceAllString(arn, "${1}"+account+":")
}

func accountOf(arn, fallback string) string {
	parts := goStrings.SplitN(arn, ":", 6)
	if len(parts) == 6 && parts[4] != "" && parts[4] != "aws" {
		return parts[4]
	}
	return fallback
}

// contextOf turns a grant's condition into the request's context keys,
// but for the policy type and tags, which come from the plan (planContext).
func contextOf(c iam.Conditions) map[string]any {
	out := map[string]any{}
	for _, keys := range c {
		for k, v := range keys {
			if k == "organizations:PolicyType" || goStrings.HasPrefix(k, "aws:RequestTag/") ||
				goStrings.HasPrefix(k, "aws:ResourceTag/") {
				continue
			}
			out[k] = v[0]
		}
	}
	return out
}

// planContext adds what AWS sets for a request about a planned Organizations
// policy or attachment: the planned policy's type, its planned tags in a
// request that creates it (aws:RequestTag) and the tags it carries in one
// on an existing policy (aws:ResourceTag)
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html#awsorganizations-policy-keys).
func planContext(s scope, r desired.Resource, phase Phase, req *request) {
	var policy desired.Resource
	switch r.Type {
	case desired.KMSKey:
		// A key's fixed tags, as aws:ResourceTag on requests about it
		// (https://docs.aws.amazon.com/kms/latest/developerguide/tag-authorization.html).
		if phase != Create {
			tags, _ := r.Inputs["tags"].(desired.ComponentTags)
			for k, v := range tags.Fixed {
				req.Context["aws:ResourceTag/"+k] = v
			}
		}
		return
	case desired.OrganizationsPolicy:
		policy = r
	case desired.OrganizationsAttachment:
		policy = attached(s, r)
	default:
		return
	}
	req.Context["organizations:PolicyType"] = policy.Inputs["type"]
	// The component's own tags vary; the fixed ones are what grants check.
	tags, _ := policy.Inputs["tags"].(desired.ComponentTags)
	creates := req.Action == "organizations:CreatePolicy" || (phase == Create && req.Action == "organizations:TagResource")
	for k, v := range tags.Fixed {
		switch {
		case creates:
			req.Context["aws:RequestTag/"+k] = v
		case goStrings.Contains(req.Resource, ":policy/"):
			req.Context["aws:ResourceTag/"+k] = v
		}
	}
}

// needed are the requests the planned resources make: every grant of every
// resource on each of its ARNs, as policies grant them; and the attacks.
func needed(s scope, resources []desired.Resource, account string, side resourceSide) (allowed, denied []request) {
	s.byName = map[string]desired.Resource{}
	for _, r := range resources {
		s.byName[r.Name] = r
	}
	for _, r := range resources {
		for _, g := range types[r.Type] {
			if g.only != nil && !g.only(s, r) {
				continue
			}
			on := []string{"*"}
			if g.on != nil {
				on = g.on(s, r)
			}
			var when iam.Conditions
			if g.when != nil {
				when = g.when(s, r)
			}
			retained := g.phase == Delete && r.RetainOnDelete
			for _, arn := range on {
				resource := concrete(arn, account)
				for _, action := range g.actions {
					req := request{Action: action, Resource: resource, Account: accountOf(resource, account),
						Context: contextOf(when), Why: r.Name, Expect: "Allowed"}
					if retained {
						// What the resource itself carries decides, not the grant's condition.
						req.Context = map[string]any{}
					}
					planContext(s, r, g.phase, &req)
					if !side(&req) {
						continue
					}
					if retained {
						req.Why, req.Expect = r.Name+" is retained on delete", "Denied"
						denied = append(denied, req)
					} else {
						allowed = append(allowed, req)
					}
				}
			}
			if action := "iam:PassRole"; contains(g.actions, action) {
				for _, arn := range on {
					arn = concrete(arn, account)
					req := request{Action: action, Resource: arn, Account: accountOf(arn, account),
						Context: map[string]any{"iam:PassedToService": "ec2.amazonaws.com"},
						Why:     r.Name + "'s role passed to another service", Expect: "Denied"}
					side(&req)
					denied = append(denied, req)
				}
			}
		}
	}
	return allowed, denied
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// attacks are requests outside every plan.
func attacks(ctx config.Context, account string, side resourceSide) []request {
	p, region := ctx.Partition, ctx.Region
	role := func(name string) string { return "arn:" + p + ":iam::" + account + ":role/" + name }
	org := "arn:" + p + ":organizations::" + ctx.ManagementAccountID + ":"
	scp := org + "policy/" + ctx.OrganizationID + "/service_control_policy/p-abcd1234"
	deny := func(why, action, resource string, context map[string]any) request {
		req := request{Action: action, Resource: resource, Account: accountOf(resource, account), Context: context,
			Why: why, Expect: "Denied"}
		side(&req)
		return req
	}
	return []request{
		deny("an unplanned role", "iam:CreateRole", role("Administrator"), nil),
		deny("an unplanned role's inline policy", "iam:PutRolePolicy", role("Administrator"), nil),
		deny("an unplanned role passed", "iam:PassRole", role("Administrator"),
			map[string]any{"iam:PassedToService": "states.amazonaws.com"}),
		deny("another service's service-linked role", "iam:CreateServiceLinkedRole",
			role("aws-service-role/ec2.amazonaws.com/AWSServiceRoleForEC2"), map[string]any{"iam:AWSServiceName": "ec2.amazonaws.com"}),
		deny("an unplanned vault", "backup:CreateBackupVault", "arn:"+p+":backup:"+region+":"+account+":backup-vault:unplanned", nil),
		deny("an unplanned vault deleted", "backup:DeleteBackupVault", "arn:"+p+":backup:"+region+":"+account+":backup-vault:unplanned", nil),
		deny("an unplanned vault's access policy", "backup:PutBackupVaultAccessPolicy",
			"arn:"+p+":backup:"+region+":"+account+":backup-vault:unplanned", nil),
		// The guard SCP must carry its guard tag, and no other SCP is ours.
		deny("a service control policy created without the guard tag", "organizations:CreatePolicy", "*",
			map[string]any{"organizations:PolicyType": "SERVICE_CONTROL_POLICY"}),
		deny("a service control policy not ours tagged", "organizations:TagResource", scp,
			map[string]any{"organizations:PolicyType": "SERVICE_CONTROL_POLICY", "aws:RequestTag/team": "platform"}),
		deny("a service control policy with the guard tag of no planned deployment", "organizations:CreatePolicy", "*",
			map[string]any{"organizations:PolicyType": "SERVICE_CONTROL_POLICY", "aws:RequestTag/" + GuardTagKey: "unplanned"}),
		deny("a service control policy not ours changed", "organizations:UpdatePolicy", scp,
			map[string]any{"organizations:PolicyType": "SERVICE_CONTROL_POLICY"}),
		deny("a service control policy not ours detached", "organizations:DetachPolicy", scp,
			map[string]any{"organizations:PolicyType": "SERVICE_CONTROL_POLICY"}),
		deny("a service control policy not ours deleted", "organizations:DeletePolicy", scp,
			map[string]any{"organizations:PolicyType": "SERVICE_CONTROL_POLICY"}),
		deny("another policy type created", "organizations:CreatePolicy", "*",
			map[string]any{"organizations:PolicyType": "TAG_POLICY"}),
		deny("an unplanned event bus", "events:CreateEventBus", "arn:"+p+":events:"+region+":"+account+":event-bus/unplanned", nil),
		deny("an unplanned state machine", "states:CreateStateMachine",
			"arn:"+p+":states:"+region+":"+account+":stateMachine:unplanned", nil),
	}
}

// simulate runs requests for principal, which has every managed policy of
// doc attached (ManagedPolicies, as render writes them).
// managementAccountGuards are the attacks of a backup account principal
// holding the deployer policies and the delegation when the management
// account manages the guard SCPs (guardPolicyManagedBy ManagementAccount):
// no SCP can be created, attached, changed or tagged, even one that carries
// a planned deployment's guard tag.
func managementAccountGuards(cfg config.Config, ctx config.Context, side resourceSide) []request {
	org := "arn:" + ctx.Partition + ":organizations::" + ctx.ManagementAccountID + ":"
	scp := org + "policy/" + ctx.OrganizationID + "/service_control_policy/p-efgh5678"
	key := cfg.DeploymentKeys()[0]
	deny := func(why, action, resource string, context map[string]any) request {
		context["organizations:PolicyType"] = "SERVICE_CONTROL_POLICY"
		req := request{Action: action, Resource: resource, Account: accountOf(resource, ctx.AccountID), Context: context,
			Why: "ManagementAccount manages the guard SCPs: " + why, Expect: "Denied"}
		side(&req)
		return req
	}
	guard := "aws:ResourceTag/" + GuardTagKey
	return []request{
		deny("an SCP created with a deployment's guard tag", "organizations:CreatePolicy", "*",
			map[string]any{"aws:RequestTag/" + GuardTagKey: key}),
		deny("an SCP attached to the root", "organizations:AttachPolicy", org+"root/"+ctx.OrganizationID+"/r-abcd",
			map[string]any{}),
		deny("an SCP attached to an OU", "organizations:AttachPolicy", org+"ou/"+ctx.OrganizationID+"/ou-abcd-efgh1234",
			map[string]any{}),
		deny("a guard SCP attached", "organizations:AttachPolicy", scp, map[string]any{guard: key}),
		deny("a guard SCP changed", "organizations:UpdatePolicy", scp, map[string]any{guard: key}),
		deny("a guard SCP tagged", "organizations:TagResource", scp,
			map[string]any{guard: key, "aws:RequestTag/" + GuardTagKey: key}),
	}
}

func simulate(t *testing.T, principal string, doc iam.Document, requests []request) {
	policies, err := ManagedPolicies(doc)
	require.NoError(t, err)
	var attached []json.RawMessage
	for _, p := range policies {
		attached = append(attached, json.RawMessage(p.JSON()))
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "scenarios.json")
	data, err := json.Marshal(map[string]any{"principal": principal, "policies": attached, "requests": requests})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(file, data, 0o644))
	cmd := exec.Command("node", "../../tests/deployer/simulate.mjs", file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	scanner := bufio.NewScanner(bytes.NewReader(out))
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	n, unvalidated := 0, 0
	for scanner.Scan() {
		var got struct {
			request
			Decision  string
			Result    any
			Validated bool
		}
		require.NoError(t, json.Unmarshal(scanner.Bytes(), &got))
		assert.Equal(t, got.Expect, got.Decision, "%s on %s %v (%s): %s", got.Action, got.Resource, got.Context, got.Why, got.Result)
		if !got.Validated {
			unvalidated++
		}
		n++
	}
	require.Equal(t, len(requests), n)
	t.Logf("%d requests (%d without the simulator's ARN validation) against %d managed policies", n, unvalidated, len(policies))
}

// keyPolicies are the planned deployment key policies by region (the
// retained keys, not the alert topics'), for one deployment.
func keyPolicies(resources []desired.Resource, deployment string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for _, r := range resources {
		if (r.Type == desired.KMSKey || r.Type == desired.KMSReplicaKey) && r.Deployment == deployment &&
			r.RetainOnDelete {
			out[r.Region] = json.RawMessage(r.Inputs["policy"].(string))
		}
	}
	return out
}

func regionOf(arn string) string { return goStrings.SplitN(arn, ":", 6)[3] }

func TestCentralPermissionsUnderTheSimulator(t *testing.T) {
	for _, p := range plans(t) {
		t.Run(filepath.Base(p.name), func(t *testing.T) {
			byName := map[string]desired.Resource{}
			for _, r := range p.plan.Resources {
				byName[r.Name] = r
			}
			org := json.RawMessage(Delegation(p.cfg, p.ctx).JSON())
			keys := map[string]map[string]json.RawMessage{}
			for _, key := range p.cfg.DeploymentKeys() {
				keys[key] = keyPolicies(p.plan.Resources, key)
			}
			deploymentOf := map[string]string{} // key ARN region -> a deployment; every key policy delegates to IAM alike
			for key, byRegion := range keys {
				for region := range byRegion {
					deploymentOf[region] = key
				}
			}
			side := func(req *request) bool {
				switch {
				case goStrings.HasPrefix(req.Action, "organizations:"):
					req.ResourcePolicy = org
					// Organizations sets the type of the policy a request acts on
					// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html#awsorganizations-policy-keys).
					if _, set := req.Context["organizations:PolicyType"]; !set && req.Resource != "*" {
						if req.Context == nil {
							req.Context = map[string]any{}
						}
						req.Context["organizations:PolicyType"] = "BACKUP_POLICY"
						if goStrings.Contains(req.Resource, "/service_control_policy/") {
							req.Context["organizations:PolicyType"] = "SERVICE_CONTROL_POLICY"
						}
					}
				case goStrings.HasPrefix(req.Action, "kms:") && goStrings.Contains(req.Resource, ":key/"):
					// The key policy delegates to IAM in the owner account; the
					// policy of a key of the request's region.
					req.ResourcePolicy = keys[deploymentOf[regionOf(req.Resource)]][regionOf(req.Resource)]
				}
				return true
			}
			allowed, denied := needed(scope{Context: p.ctx, cfg: p.cfg}, p.plan.Resources, p.ctx.AccountID, side)
			requests := append(append(allowed, denied...), attacks(p.ctx, p.ctx.AccountID, side)...)
			if p.cfg.MemberAccountResources == config.MemberAccountStacks {
				// No SCP is planned but for the deployments that protect their
				// member resources: none other may be created, whatever its tag.
				for _, key := range p.cfg.DeploymentKeys() {
					if p.cfg.Deployments[key].ProtectMemberResources {
						continue
					}
					req := request{Action: "organizations:CreatePolicy", Resource: "*", Account: p.ctx.AccountID,
						Context: map[string]any{"organizations:PolicyType": "SERVICE_CONTROL_POLICY",
							"aws:RequestTag/" + GuardTagKey: key},
						Why: "a service control policy, which MemberAccountStacks plans only with protectMemberResources", Expect: "Denied"}
					side(&req)
					requests = append(requests, req)
				}
			}
			if !p.cfg.GuardPoliciesInBackupAccount() {
				requests = append(requests, managementAccountGuards(p.cfg, p.ctx, side)...)
			}
			simulate(t, "arn:"+p.ctx.Partition+":iam::"+p.ctx.AccountID+":role/deployer",
				Central(p.cfg, p.ctx, p.plan.Resources), requests)
		})
	}
}

func TestMemberPermissionsUnderTheSimulator(t *testing.T) {
	for _, p := range plans(t) {
		for key, resources := range memberPlans(p) {
			t.Run(filepath.Base(p.name)+"/"+key, func(t *testing.T) {
				d := p.cfg.Deployments[key]
				if len(d.AdminRoleNames) == 0 {
					t.Skip("no adminRoleNames: a MemberAccount of this deployment cannot be run")
				}
				principal := "arn:" + p.ctx.Partition + ":iam::" + memberAccount + ":role/" + d.AdminRoleNames[0]
				keys := keyPolicies(p.plan.Resources, key)
				target := d.BackupTargets[0]
				side := func(req *request) bool {
					if req.Context == nil {
						req.Context = map[string]any{}
					}
					req.Context["aws:PrincipalArn"] = principal
					req.Context["aws:PrincipalAccount"] = memberAccount
					req.Context["aws:PrincipalOrgID"] = p.ctx.OrganizationID
					// An account directly under the deployment's first target.
					req.Context["aws:PrincipalOrgPaths"] = []string{p.ctx.OrganizationID + "/r-abcd/" + target + "/"}
					if goStrings.HasPrefix(req.Action, "kms:") && goStrings.Contains(req.Resource, ":key/") {
						// The deployment's key, in the backup account.
						req.ResourcePolicy = keys[regionOf(req.Resource)]
						if req.Action == "kms:CreateGrant" {
							req.Context["kms:GrantIsForAWSResource"] = "true"
						}
					}
					return true
				}
				ctx := config.Context{Partition: p.ctx.Partition, AccountID: MemberAccountID, Region: p.ctx.Region,
					OrganizationID: p.ctx.OrganizationID, ManagementAccountID: p.ctx.ManagementAccountID}
				allowed, denied := needed(scope{Context: ctx}, resources, memberAccount, side)
				attackCtx := ctx
				attackCtx.AccountID = memberAccount
				requests := append(append(allowed, denied...), attacks(attackCtx, memberAccount, side)...)
				simulate(t, principal, Member(p.ctx.Partition, resources), requests)
			})
		}
	}
}
