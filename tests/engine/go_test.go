//go:build engine

package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/sdk/go/orgbackup"
	"github.com/orgbackup/pulumi-orgbackup/tests/engine/calls"
)

// organization is what a Go program deploys: the reference example's
// deployment under each name, in regions, with tags.
type organization struct {
	regions     []string
	deployments []string
	tags        map[string]string
	members     orgbackup.MemberAccountResources
	plans       map[string]orgbackup.PlanArgs // default: a plan of two rules and an air-gapped plan
}

func (o *organization) args() *orgbackup.OrgBackupArgs {
	deployments := map[string]orgbackup.DeploymentArgs{}
	for i, name := range o.deployments {
		plans := o.plans
		if plans == nil {
			plans = map[string]orgbackup.PlanArgs{
				"GFS-7-28-90": {Rules: []orgbackup.RuleArgs{
					{Name: pulumi.StringRef("daily"), ScheduleExpression: "cron(0 3 ? * * *)", DeleteAfterDays: pulumi.IntRef(7)},
					{Name: pulumi.StringRef("monthly"), ScheduleExpression: "cron(0 3 1 * ? *)", DeleteAfterDays: pulumi.IntRef(90)},
				}},
				"air-gapped": {UseLogicallyAirGappedVault: pulumi.BoolRef(true), Rules: []orgbackup.RuleArgs{
					{ScheduleExpression: "cron(0 2 ? * * *)", DeleteAfterDays: pulumi.IntRef(14)},
				}},
			}
		}
		deployments[name] = orgbackup.DeploymentArgs{
			BackupTargets:    []pulumi.StringInput{pulumi.Sprintf("ou-abcd-%08d", i)},
			MinRetentionDays: pulumi.IntRef(7),
			MaxRetentionDays: pulumi.IntRef(90),
			BackupTagKey:     pulumi.StringRef("BackupPlan"),
			AdminRoleNames:   []string{"BackupAdmin"},
			Plans:            plans,
		}
	}
	members := o.members
	if members == "" {
		members = orgbackup.MemberAccountResourcesStackSet
	}
	return &orgbackup.OrgBackupArgs{
		CentralAccountResourceNamePrefix: "immutable-aws-backup-",
		MemberAccountResourceNamePrefix:  "orgdeploy-aws-backup-",
		Regions:                          o.regions,
		MemberAccountResources:           &members,
		Tags:                             pulumi.ToStringMap(o.tags),
		Deployments:                      deployments,
	}
}

// program deploys o as it is when the engine runs it, and exports the
// deployments and, read through the SDK's typed outputs, each deployment's
// locked vault ARN in the first region.
func (o *organization) program() pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		backup, err := orgbackup.NewOrgBackup(ctx, "backup", o.args())
		if err != nil {
			return err
		}
		ctx.Export("deployments", backup.Deployments)
		ctx.Export("standardVaultArns", backup.Deployments.ApplyT(func(d map[string]orgbackup.DeploymentOutputs) map[string]string {
			out := map[string]string{}
			for name, deployment := range d {
				out[name] = deployment.Regions[o.regions[0]].StandardVaultArn
			}
			return out
		}))
		return nil
	}
}

// deploymentsOutput decodes the stack's deployments output into the SDK's type.
func deploymentsOutput(t *testing.T, outputs auto.OutputMap) map[string]orgbackup.DeploymentOutputs {
	data, err := json.Marshal(outputs["deployments"].Value)
	require.NoError(t, err)
	var out map[string]orgbackup.DeploymentOutputs
	require.NoError(t, json.Unmarshal(data, &out))
	return out
}

// TestGoProgramChanges runs a Go program through the Automation API: up and
// a no-op up; a tag change updates in place; a new region and a new
// deployment only create (and update what lists them); removing a
// deployment deletes only what is not retained; destroy keeps the retained.
func TestGoProgramChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	org := &organization{regions: []string{region}, deployments: []string{"web"}, tags: map[string]string{"CostCentre": "platform"}}
	stack := h.goStack("central", org.program(), World{})

	up, err := stack.Up(ctx)
	require.NoError(t, err)
	deployments := deploymentsOutput(t, up.Outputs)
	require.Contains(t, deployments, "web")
	assert.True(t, strings.HasPrefix(deployments["web"].MemberAccountConfig.KmsKeyId, "mrk-"),
		"the deployment key is a multi-region key: %s", deployments["web"].MemberAccountConfig.KmsKeyId)
	assert.Equal(t, deployments["web"].Regions[region].StandardVaultArn,
		up.Outputs["standardVaultArns"].Value.(map[string]any)["web"])
	resources := h.resources(stack)
	assert.Contains(t, outputsOf(resources, "arn"), deployments["web"].Regions[region].StandardVaultArn)
	assertRetention(t, resources)

	h.assertNoOp(ctx, stack)

	t.Run("tag change updates in place", func(t *testing.T) {
		org.tags = map[string]string{"CostCentre": "finance"}
		mark := h.mark()
		_, err := stack.Up(ctx)
		require.NoError(t, err)
		changed := changing(h.calls(mark))
		assert.NotEmpty(t, changed)
		for _, c := range changed {
			assert.Equal(t, "Update", c.Method, c.URN)
			assert.Subset(t, []string{"tags", "parameters"}, c.Diffs, c.URN)
		}
		assert.Empty(t, replaced(h.calls(mark)))
		assert.Equal(t, taggable(h.resources(stack)), urns(changed), "every tagged resource and no other is updated")
	})

	t.Run("new region only creates", func(t *testing.T) {
		org.regions = []string{region, "eu-west-1"}
		before := h.resources(stack)
		mark := h.mark()
		_, err := stack.Up(ctx)
		require.NoError(t, err)
		after := h.resources(stack)
		// What lists the regions changes with them: the backup policy's
		// plans, the role policies naming regional resources, the trusts
		// whose aws:SourceArn names each region's state machine or rule, the
		// deployment key's policy naming each region's vault manager role
		// (<member prefix><deployment>-vault-manager-<region>), the member
		// template and the stack instances.
		assertOnlyAdds(t, h.calls(mark), before, after, map[string][]string{
			desired.OrganizationsPolicy:          {"content"},
			desired.KMSKey:                       {"policy"},
			desired.IAMRole:                      {"assumeRolePolicy"},
			desired.IAMRolePolicy:                {"policy"},
			desired.CloudFormationStackSet:       {"templateBody"},
			desired.CloudFormationStackInstances: {"regions"},
		})
	})

	t.Run("new deployment only creates", func(t *testing.T) {
		org.deployments = []string{"web", "data"}
		before := h.resources(stack)
		mark := h.mark()
		_, err := stack.Up(ctx)
		require.NoError(t, err)
		after := h.resources(stack)
		assertOnlyAdds(t, h.calls(mark), before, after, nil)
	})

	t.Run("removed deployment deletes only what is not retained", func(t *testing.T) {
		org.deployments = []string{"web"}
		before := h.resources(stack)
		mark := h.mark()
		_, err := stack.Up(ctx)
		require.NoError(t, err)
		after := h.resources(stack)
		removed := difference(before, after)
		require.NotEmpty(t, removed)
		for _, r := range removed {
			assert.Contains(t, r.URN, "-data-", "only the removed deployment's resources leave the state")
		}
		assert.Equal(t, resourceURNs(removed, func(r stateResource) bool { return !r.RetainOnDelete }),
			urns(byMethod(h.calls(mark), "Delete")))
		assert.NotEmpty(t, resourceURNs(removed, func(r stateResource) bool { return r.RetainOnDelete }))
		assert.Empty(t, byMethod(h.calls(mark), "Create"))
		assert.Empty(t, replaced(h.calls(mark)))
	})

	assertDestroyKeepsRetained(t, h, stack, h.resources(stack))
}

// assertOnlyAdds checks a change created the added resources and deleted
// or replaced none; it updated only resources of the types in updates,
// only in the inputs listed for the type.
func assertOnlyAdds(t *testing.T, cs []calls.Call, before, after []stateResource, updates map[string][]string) {
	t.Helper()
	added := difference(after, before)
	require.NotEmpty(t, added)
	assert.Equal(t, resourceURNs(added, func(stateResource) bool { return true }), urns(byMethod(cs, "Create")))
	assert.Empty(t, byMethod(cs, "Delete"))
	assert.Empty(t, replaced(cs))
	for _, c := range byMethod(cs, "Update") {
		assert.Contains(t, updates, c.Type, "%s is updated", c.URN)
		assert.Subset(t, updates[c.Type], c.Diffs, c.URN)
	}
}

// difference are the resources of a whose URN b does not have.
func difference(a, b []stateResource) []stateResource {
	in := map[string]bool{}
	for _, r := range b {
		in[r.URN] = true
	}
	var out []stateResource
	for _, r := range a {
		if !in[r.URN] {
			out = append(out, r)
		}
	}
	return out
}

func replaced(cs []calls.Call) []calls.Call {
	var out []calls.Call
	for _, c := range cs {
		if c.Method == "Diff" && len(c.Replaces) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// taggable are the resources with tags (or the StackSet's VaultTags parameter).
func taggable(resources []stateResource) []string {
	return resourceURNs(resources, func(r stateResource) bool {
		_, tagged := r.Inputs["tags"]
		params, _ := r.Inputs["parameters"].(map[string]any)
		_, vaultTags := params["VaultTags"]
		return tagged || vaultTags
	})
}
