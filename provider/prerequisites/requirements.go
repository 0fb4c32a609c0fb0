package prerequisites

import (
	"slices"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/preflight"
)

// Organization settings no pulumi-aws v6 resource manages but
// aws.organizations.Organization, which owns the whole organization: its
// lists of trusted services and policy types replace what other tools
// enabled, and deleting it closes the organization
// (https://www.pulumi.com/registry/packages/aws/api-docs/organizations/organization/).
// OrgPrerequisites checks them at preview with the checks of `orgbackup
// doctor` (preflight.Checks), so both say the same, and never changes them.

// Organization is what describe-organization and list-roots tell about
// the organization, as pulumi-aws's getOrganization answers. A nil list is
// not known: pulumi-aws reads the trusted services and policy types only
// of an organization with all features.
type Organization struct {
	FeatureSet         string   // "" when not known
	ServicePrincipals  []string // with trusted access
	EnabledPolicyTypes []string // enabled on the root
	RootID             string   // "" when not known
}

// facts are o as the doctor's facts; what o does not tell stays unknown.
func (o *Organization) facts() preflight.Facts {
	const why = "not looked up"
	f := preflight.Facts{
		FeatureSet:      preflight.NotObserved[string](why),
		ServiceAccess:   preflight.NotObserved[[]string](why),
		RootID:          preflight.NotObserved[string](why),
		RootPolicyTypes: preflight.NotObserved[[]string](why),
	}
	if o == nil {
		return f
	}
	if o.FeatureSet != "" {
		f.FeatureSet = preflight.Observed(o.FeatureSet)
	}
	if o.ServicePrincipals != nil {
		f.ServiceAccess = preflight.Observed(o.ServicePrincipals)
	}
	if o.RootID != "" {
		f.RootID = preflight.Observed(o.RootID)
	}
	if o.EnabledPolicyTypes != nil {
		f.RootPolicyTypes = preflight.Observed(o.EnabledPolicyTypes)
	}
	return f
}

// manualChecks are the doctor's checks of the organization settings no
// resource of the plan sets: all features, trusted access (but RAM's, which
// the plan's SharingWithOrganization enables) and the root's policy types.
// ctx is the backup account's.
func manualChecks(cfg config.Config, ctx config.Context, o *Organization) []preflight.Check {
	var out []preflight.Check
	for _, c := range preflight.Checks(cfg, ctx, o.facts()) {
		switch {
		case c.API == preflight.APIListServiceAccess && strings.Contains(c.Name, preflight.RAMPrincipal):
		case slices.Contains([]string{preflight.APIDescribeOrganization, preflight.APIListServiceAccess,
			preflight.APIListRoots}, c.API):
			out = append(out, c)
		}
	}
	return out
}

// fix is the command of a check's Fix, without who runs it (the
// management account runs every one).
func fix(c preflight.Check) string {
	return strings.TrimPrefix(c.Fix, "run in the management account: ")
}
