// Package central plans every resource OrgBackup registers in the central
// account, as plain data: type, logical and physical name, region, inputs.
// The component registers exactly this list and render writes it out, so a
// reviewer sees offline what `pulumi up` creates.
package central

import (
	"sort"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/policy"
)

// plan returns every central resource of cfg (resolved) with its
// organization policies docs, in registration order (each resource after
// those it refers to), and what each deployment reports.
func plan(cfg config.Config, ctx config.Context, docs []policy.Document) ([]desired.Resource, map[string]Summary) {
	b := &builder{cfg: cfg, ctx: ctx}
	b.providers()
	if !ctx.BackupServiceLinkedRoleExists {
		b.add(desired.ServiceLinkedRole(serviceLinkedRoleName))
	}
	for _, region := range cfg.Regions {
		b.eventBusLogPolicy(region)
	}
	b.auditFrameworks = b.centralFrameworks()
	deployments := map[string]Summary{}
	for _, key := range cfg.DeploymentKeys() {
		deployments[key] = b.deployment(key, docs)
	}
	return b.resources, deployments
}

type builder struct {
	cfg       config.Config
	ctx       config.Context
	resources []desired.Resource
	// auditFrameworks are the backup account's frameworks (centralFrameworks).
	auditFrameworks []string
}

func (b *builder) add(r desired.Resource) {
	if r.Provider == "" && !strings.HasPrefix(r.Type, desired.ProviderPrefix) && r.Region != "" && r.Region != b.ctx.Region {
		r.Provider = desired.ProviderName(desired.AWS, r.Region)
	}
	sort.Strings(r.DependsOn)
	b.resources = append(b.resources, r)
}

// providers plans an aws provider for every region but the component's
// own, and an aws-native provider for every region when a deployment has
// a RAM share or aws-native vaults.
func (b *builder) providers() {
	for _, region := range b.cfg.Regions {
		if region != b.ctx.Region {
			b.add(desired.RegionalProvider(desired.AWS, region))
		}
	}
	if b.anyShares() || b.anyApprovalTeams() {
		for _, region := range b.cfg.Regions {
			b.add(desired.RegionalProvider(desired.AWSNative, region))
		}
	}
}

// anyApprovalTeams reports whether a deployment's logically air-gapped
// vaults are aws-native ones, with an approval team.
func (b *builder) anyApprovalTeams() bool {
	for _, key := range b.cfg.DeploymentKeys() {
		if len(b.cfg.Deployments[key].LAGVaultConfigs()) > 0 && b.cfg.DeploymentMpaApprovalTeam(key) != "" {
			return true
		}
	}
	return false
}

func (b *builder) anyShares() bool {
	for _, d := range b.cfg.Deployments {
		if d.SharesAirGappedVaults() {
			return true
		}
	}
	return false
}
