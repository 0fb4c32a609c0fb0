package provider

import (
	"slices"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// OrgBackupToken is the type token of the OrgBackup component.
const OrgBackupToken = desired.OrgBackupComponent

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
	built, err := central.Build(args.toConfig(), awsContext)
	if err != nil {
		return nil, err
	}
	cfg := built.Config
	if err := checkRegionalProviders(ctx, built.Resources, awsContext.AccountID); err != nil {
		return nil, err
	}

	comp := &OrgBackup{}
	if err := ctx.RegisterComponentResource(OrgBackupToken, name, comp, opts...); err != nil {
		return nil, err
	}
	warn := logWarnings(ctx, comp, built.Warnings)
	ouWarnings := func(resolved config.Config) config.Problems {
		ws := resolved.OUTargetWarnings(awsContext, func(ou string) ([]string, error) {
			return accountsUnder(ctx, ou, invokeOpts)
		})
		return append(ws, resolved.GuardAttachmentWarnings(func(target string) ([]string, error) {
			return serviceControlPoliciesOn(ctx, target, invokeOpts)
		})...)
	}
	targets := validatedTargets(args, built, awsContext, warn, ouWarnings)
	tags, err := lateTags(args.Tags, cfg, awsContext)
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
	if err := reg.register(built.Resources); err != nil {
		return nil, err
	}
	outputs := map[string]pulumi.Output{}
	for _, key := range cfg.DeploymentKeys() {
		if outputs[key], err = reg.deploymentOutputs(built.Deployments[key], cfg.Names(key).KMSAlias()); err != nil {
			return nil, err
		}
	}

	comp.AccountID = pulumi.String(awsContext.AccountID).ToStringOutput()
	comp.OrganizationID = pulumi.String(awsContext.OrganizationID).ToStringOutput()
	comp.Regions = pulumi.ToStringArray(cfg.Regions).ToStringArrayOutput()
	comp.Deployments = collect(outputs)
	return comp, nil
}

// logWarnings logs ws on comp and returns what logs a warning found later.
func logWarnings(ctx *pulumi.Context, comp pulumi.Resource, ws config.Problems) func(config.Problem) {
	warn := func(w config.Problem) {
		// A warning the engine cannot take changes nothing that is created.
		_ = ctx.Log.Warn(w.String(), &pulumi.LogArgs{Resource: comp})
	}
	for _, w := range ws {
		warn(w)
	}
	return warn
}

// lateTags are tags, checked once known when they were not at
// construction (Build checked the tags known then) against AWS's tag rules
// and what they add to cfg's documents, for the backup account of ctx.
func lateTags(tags pulumi.StringMapInput, cfg config.Config, ctx config.Context) (pulumi.StringMapInput, error) {
	if _, known := knownTags(tags); known {
		return tags, nil
	}
	return checkedTags(tags, func(ps *config.Problems, t map[string]string) {
		*ps = append(*ps, central.TagProblems(cfg, ctx, t)...)
	})
}

// collect turns one output per deployment into the typed map output.
func collect(outputs map[string]pulumi.Output) DeploymentOutputsMapOutput {
	all := make(pulumi.Map, len(outputs))
	for key, o := range outputs {
		all[key] = o
	}
	return all.ToMapOutput().ApplyT(func(v map[string]any) map[string]DeploymentOutputs {
		m := make(map[string]DeploymentOutputs, len(v))
		for key, d := range v {
			m[key] = d.(DeploymentOutputs)
		}
		return m
	}).(DeploymentOutputsMapOutput)
}

// validatedTargets returns the backup targets of every deployment. When
// some were not known at construction, each becomes an output that fails
// with Build's problems once all of them are known, and warn gets the
// warnings the late ids bring. warn gets the warnings of lookupWarnings for
// the resolved config once every target is known (at construction, when
// they all were).
func validatedTargets(args OrgBackupArgs, constructed central.Result, awsContext config.Context,
	warn func(config.Problem), lookupWarnings func(config.Config) config.Problems,
) map[string][]pulumi.StringInput {
	out := make(map[string][]pulumi.StringInput, len(args.Deployments))
	all := pulumi.StringArrayMap{}
	complete := true
	for key, d := range args.Deployments {
		for _, t := range d.BackupTargets {
			_, isKnown := knownString(t)
			complete = complete && isKnown
		}
		out[key] = d.BackupTargets
		all[key] = pulumi.StringArray(d.BackupTargets)
	}
	if complete {
		for _, w := range lookupWarnings(constructed.Config) {
			warn(w)
		}
		return out
	}
	check := all.ToStringArrayMapOutput().ApplyT(func(ids map[string][]string) (bool, error) {
		cfg := args.toConfig()
		for key, d := range cfg.Deployments {
			d.BackupTargets = ids[key]
			cfg.Deployments[key] = d
		}
		built, err := central.Build(cfg, awsContext)
		if err != nil {
			return false, err
		}
		// Only the warnings of targets that were pending can be new.
		for _, w := range built.Warnings {
			if !slices.Contains(constructed.Warnings, w) {
				warn(w)
			}
		}
		for _, w := range lookupWarnings(built.Config) {
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
