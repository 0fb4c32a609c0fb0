package central

import (
	"cmp"
	"errors"
	"slices"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
	"github.com/orgbackup/pulumi-orgbackup/provider/policy"
)

// Result is what one OrgBackup configuration builds: the resolved
// configuration, its organization backup policies, every central
// resource in registration order with what each deployment reports, and
// the warnings to show.
type Result struct {
	Config      config.Config
	Documents   []policy.Document
	Resources   []desired.Resource
	Deployments map[string]Summary
	Warnings    config.Problems
}

// Build is the one pipeline from inputs to resources, shared by the
// component, its check of backup targets known late, and render: it
// applies the defaults to cfg, runs every validator (the configuration's
// rules, the organization policies' limits, the guard SCP's size and the
// member vault manager's environment with cfg.Tags) and plans the
// resources. It returns every problem of every validator at once, sorted
// by input path, as config.Problems.
func Build(cfg config.Config, ctx config.Context) (Result, error) {
	resolved := cfg.WithDefaults(ctx)
	ps := resolved.Validate(ctx)
	member.ValidateStackSet(&ps, resolved, ctx, resolved.Tags)
	ValidateServiceControlPolicies(&ps, resolved, ctx)
	ValidateKeyPolicies(&ps, resolved, ctx)
	docs, err := policy.Documents(resolved, ctx)
	var docProblems config.Problems
	if errors.As(err, &docProblems) {
		ps = append(ps, docProblems...)
	} else if err != nil {
		return Result{}, err
	}
	if len(ps) > 0 {
		slices.SortStableFunc(ps, func(a, b config.Problem) int { return cmp.Compare(a.Path, b.Path) })
		return Result{}, ps
	}
	resources, deployments := plan(resolved, ctx, docs)
	return Result{Config: resolved, Documents: docs, Resources: resources, Deployments: deployments,
		Warnings: resolved.Warnings(ctx)}, nil
}

// TagProblems are the problems of tags known only after Build: AWS's tag
// rules and, with a StackSet, the size they give the member vault
// manager's environment and the StackSet's VaultTags parameter.
func TagProblems(cfg config.Config, ctx config.Context, tags map[string]string) config.Problems {
	var ps config.Problems
	cfg.ValidateTags(&ps, tags)
	member.ValidateStackSet(&ps, cfg, ctx, tags)
	return ps
}
