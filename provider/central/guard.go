package central

import (
	"fmt"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// MaxServiceControlPolicyCharacters is the most characters an SCP document
// may hold (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
const MaxServiceControlPolicyCharacters = 5120

// guardDocument is the guard service control policy of deployment key, and
// whether it has one: always with a StackSet (the vault manager guard, and
// the member resources guard with protectMemberResources), with member
// stacks only with protectMemberResources. One SCP per deployment, because
// a target holds at most five
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
func guardDocument(cfg config.Config, ctx config.Context, key string) (iam.Document, bool) {
	stackSet := cfg.MemberAccountResources == config.StackSet
	protect := cfg.Deployments[key].ProtectMemberResources
	if !stackSet && !protect {
		return iam.Document{}, false
	}
	return scope(cfg, ctx, key).Guard(stackSet, protect), true
}

// ValidateServiceControlPolicies checks, at preview, that the guard SCP of
// each deployment fits the SCP size limit, naming the inputs that grow it.
func ValidateServiceControlPolicies(ps *config.Problems, cfg config.Config, ctx config.Context) {
	for _, key := range cfg.DeploymentKeys() {
		doc, ok := guardDocument(cfg, ctx, key)
		if n := len(doc.JSON()); ok && n > MaxServiceControlPolicyCharacters {
			ps.Add(fmt.Sprintf("deployments[%q].adminRoleNames", key),
				"would make the guard SCP %q %d characters long; an SCP holds at most %d (cut %d characters: the SCP names "+
					"each admin role in each of its %d statements and once more as a protected role, an IAM Identity "+
					"Center permission set as two roles; use fewer or shorter adminRoleNames, set "+
					"protectMemberResources to false, which drops all but %d statements, or shorten "+
					"memberAccountResourceNamePrefix)", cfg.Names(key).VaultManagerGuard(), n,
				MaxServiceControlPolicyCharacters, n-MaxServiceControlPolicyCharacters, len(doc.Statement),
				alwaysOnStatements(cfg))
		}
	}
}

// alwaysOnStatements is the number of guard statements a deployment has
// without protectMemberResources.
func alwaysOnStatements(cfg config.Config) int {
	if cfg.MemberAccountResources != config.StackSet {
		return 0
	}
	return len(iam.Scope{AdminRoleNames: []string{"x"}}.Guard(true, false).Statement)
}

// guard plans the deployment's guard service control policy, attached to
// every target, and returns the logical names of its attachments; none
// when the deployment has no guard. The policy keeps the logical and
// physical names of the vault manager guard it grew from.
func (db *deploymentBuilder) guard() []string {
	doc, ok := guardDocument(db.cfg, db.ctx, db.key)
	if !ok {
		return nil
	}
	name := vaultManagerGuardName(db.key)
	physical := db.names.VaultManagerGuard()
	exempt := "admin roles and StackSets"
	if db.cfg.MemberAccountResources != config.StackSet {
		exempt = "admin roles"
	}
	what := "member vault manager"
	if db.d.ProtectMemberResources {
		what = "member vaults, roles, event forwarder, AWS Backup settings, StackSet stack and vault manager"
		if db.cfg.MemberAccountResources != config.StackSet {
			what = "member vaults, roles, event forwarder and AWS Backup settings"
		}
	}
	what += ", and the roles it exempts"
	db.add(desired.New(desired.Resource{Name: name, PhysicalName: physical, Deployment: db.key},
		desired.OrganizationPolicyArgs{
			Name:        physical,
			Type:        desired.ServiceControlPolicy,
			Description: "Only " + exempt + " may change the " + db.key + " deployment's " + what + ".",
			Content:     doc.JSON(),
			// The deployer policy acts only on SCPs with this tag.
			Tags: desired.ComponentTags{Fixed: map[string]string{naming.GuardTagKey: db.key}},
		}))
	return db.attach(name, len(db.d.BackupTargets))
}

// guardResource is the logical name of the deployment's guard service
// control policy, "" when it has none.
func (db *deploymentBuilder) guardResource() string {
	if _, ok := guardDocument(db.cfg, db.ctx, db.key); !ok {
		return ""
	}
	return vaultManagerGuardName(db.key)
}
