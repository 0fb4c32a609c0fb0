package provider

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
	"github.com/orgbackup/pulumi-orgbackup/provider/policy"
)

// OrgBackupToken is the type token of the OrgBackup component.
const OrgBackupToken = Name + ":index:OrgBackup"

// OrgBackup protects the accounts of an AWS Organization with AWS Backup,
// from the dedicated central backup account.
type OrgBackup struct {
	pulumi.ResourceState

	AccountID      pulumi.StringOutput        `pulumi:"accountId"`
	OrganizationID pulumi.StringOutput        `pulumi:"organizationId"`
	Regions        pulumi.StringArrayOutput   `pulumi:"regions"`
	Deployments    DeploymentOutputsMapOutput `pulumi:"deployments"`
}

func (c *OrgBackup) Annotate(an infer.Annotator) {
	an.Describe(c, "Immutable, organization-wide AWS Backup, run in the central (delegated administrator) "+
		"backup account: organization backup policies and, per deployment and region, the vaults, keys, event "+
		"bus and workflows that copy every backup into compliance-locked vaults on the AWS-managed key.")
	an.Describe(&c.AccountID, "The central backup account.")
	an.Describe(&c.OrganizationID, "The organization the deployments protect.")
	an.Describe(&c.Regions, "The regions protected, the provider's region when none were given.")
	an.Describe(&c.Deployments, "What each deployment created, keyed by deployment name.")
}

// NewOrgBackup validates args, looks up the account it runs in and
// registers the component with its children. Invalid inputs fail before
// anything is registered, with every problem at once.
func NewOrgBackup(ctx *pulumi.Context, name string, args OrgBackupArgs, opts ...pulumi.ResourceOption,
) (*OrgBackup, error) {
	invokeOpts, err := invokeOptions(opts)
	if err != nil {
		return nil, err
	}
	awsContext, err := lookupContext(ctx, invokeOpts)
	if err != nil {
		return nil, err
	}
	cfg, err := config.Resolve(args.toConfig(), awsContext)
	if err != nil {
		return nil, err
	}
	docs, err := policy.Documents(cfg, awsContext)
	if err != nil {
		return nil, err
	}
	var scpProblems config.Problems
	central.ValidateServiceControlPolicies(&scpProblems, cfg, awsContext)
	if err := scpProblems.Err(); err != nil {
		return nil, err
	}

	plan := central.New(cfg, awsContext, docs)
	if err := checkRegionalProviders(ctx, plan.Resources, awsContext.AccountID); err != nil {
		return nil, err
	}

	comp := &OrgBackup{}
	if err := ctx.RegisterComponentResource(OrgBackupToken, name, comp, opts...); err != nil {
		return nil, err
	}
	warn := func(w config.Problem) {
		// A warning the engine cannot take changes nothing that is created.
		_ = ctx.Log.Warn(w.String(), &pulumi.LogArgs{Resource: comp})
	}
	for _, w := range cfg.Warnings(awsContext) {
		warn(w)
	}
	ouWarnings := func(resolved config.Config) config.Problems {
		return resolved.OUTargetWarnings(awsContext, func(ou string) ([]string, error) {
			return accountsUnder(ctx, ou, invokeOpts)
		})
	}
	targets := validatedTargets(args, cfg, awsContext, warn, ouWarnings)
	tags, err := checkedTags(args.Tags, func(ps *config.Problems, t map[string]string) {
		cfg.ValidateTags(ps, t)
		member.ValidateEnvironment(ps, cfg, awsContext, t)
	})
	if err != nil {
		return nil, err
	}
	reg := &registrar{
		ctx:     ctx,
		prefix:  name,
		account: awsContext.AccountID,
		parent:  comp,
		tags:    tags,
		targets: targets,
		orgID:   awsContext.OrganizationID,

		partition:           awsContext.Partition,
		managementAccountID: awsContext.ManagementAccountID,
	}
	if err := reg.register(plan.Resources); err != nil {
		return nil, err
	}
	outputs := map[string]pulumi.Output{}
	for _, key := range cfg.DeploymentKeys() {
		outputs[key] = reg.deploymentOutputs(plan.Deployments[key], cfg.Names(key).KMSAlias())
	}

	comp.AccountID = pulumi.String(awsContext.AccountID).ToStringOutput()
	comp.OrganizationID = pulumi.String(awsContext.OrganizationID).ToStringOutput()
	comp.Regions = pulumi.ToStringArray(cfg.Regions).ToStringArrayOutput()
	comp.Deployments = collect(cfg.DeploymentKeys(), outputs)
	return comp, nil
}

// collect turns one output per deployment into the typed map output.
func collect(keys []string, outputs map[string]pulumi.Output) DeploymentOutputsMapOutput {
	all := make([]any, len(keys))
	for i, k := range keys {
		all[i] = outputs[k]
	}
	return pulumi.All(all...).ApplyT(func(v []any) map[string]DeploymentOutputs {
		m := make(map[string]DeploymentOutputs, len(v))
		for i, k := range keys {
			m[k] = v[i].(DeploymentOutputs)
		}
		return m
	}).(DeploymentOutputsMapOutput)
}

// validatedTargets returns the backup targets of every deployment. When some
// were not known at construction, each becomes an output that fails with the
// validation problems once all of them are known, and warn gets the
// warnings the known ids bring. warn gets the warnings of lookupWarnings
// for the resolved config once every target is known (constructed, when
// they all were at construction).
func validatedTargets(args OrgBackupArgs, constructed config.Config, awsContext config.Context, warn func(config.Problem),
	lookupWarnings func(config.Config) config.Problems,
) map[string][]pulumi.StringInput {
	keys := slices.Sorted(maps.Keys(args.Deployments))
	out := make(map[string][]pulumi.StringInput, len(keys))
	var all []any
	var known []string // paths of the targets known now, warned of already
	complete := true
	for _, key := range keys {
		for i, t := range args.Deployments[key].BackupTargets {
			_, isKnown := knownString(t)
			complete = complete && isKnown
			if isKnown {
				known = append(known, fmt.Sprintf("deployments[%q].backupTargets[%d]", key, i))
			}
			all = append(all, t)
		}
		out[key] = args.Deployments[key].BackupTargets
	}
	if complete {
		for _, w := range lookupWarnings(constructed) {
			warn(w)
		}
		return out
	}
	check := pulumi.All(all...).ApplyT(func(ids []any) (bool, error) {
		cfg := args.toConfig()
		next := 0
		for _, key := range keys {
			for i := range cfg.Deployments[key].BackupTargets {
				cfg.Deployments[key].BackupTargets[i] = ids[next].(string)
				next++
			}
		}
		resolved, err := config.Resolve(cfg, awsContext)
		if err != nil {
			return false, err
		}
		if _, err := policy.Documents(resolved, awsContext); err != nil {
			return false, err
		}
		// Only the targets' warnings can be new: the others (alerts) were
		// given at construction.
		for _, w := range resolved.Warnings(awsContext) {
			if strings.Contains(w.Path, ".backupTargets[") && !slices.Contains(known, w.Path) {
				warn(w)
			}
		}
		for _, w := range lookupWarnings(resolved) {
			warn(w)
		}
		return true, nil
	})
	for key, targets := range out {
		checked := make([]pulumi.StringInput, len(targets))
		for i, t := range targets {
			checked[i] = pulumi.All(check, t).ApplyT(func(v []any) string { return v[1].(string) }).(pulumi.StringOutput)
		}
		out[key] = checked
	}
	return out
}
